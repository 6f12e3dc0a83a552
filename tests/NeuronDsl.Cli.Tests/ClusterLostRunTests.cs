using System.Diagnostics;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using NeuronDsl.Orleans;
using Xunit.Abstractions;

namespace NeuronDsl.Cli.Tests;

/// <summary>
/// A run the cluster gives up, after the workers running it were lost three times, is a row of sweep.csv and
/// sweep.arrow like any other failed run (status Lost, a message saying how), and the sweep exits as a local sweep with
/// failed rows does (code 1), instead of failing as a cluster error.
/// </summary>
public class ClusterLostRunTests(ITestOutputHelper output)
{
    /// <summary>CPU seconds a worker gets in the test that kills them: a worker starts, joins and runs the short runs in
    /// about 3 (measured: 2.4 s to its first rows), the long run needs thousands.</summary>
    private const int WorkerCpuSeconds = 10;

    private const int ShortRuns = 20;

    private readonly Stopwatch clock = Stopwatch.StartNew();

    private void Log(string line) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.00} s  {line}");

    private static string Example(string name)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder!.FullName, "NeuronDsl.sln"))) folder = folder.Parent;
        return Path.Combine(folder.FullName, "examples", name);
    }

    /// <summary>
    /// A sweep over the duration of examples/brunel-small.toml scaled down to 100 neurons: 20 runs of 10 to 29 ms (a
    /// few milliseconds each, so that 20 × the median time per run stays below the 2-s lease deadline given), then,
    /// with <paramref name="longRun"/>, run 20 of 10⁷ ms, which would take about half an hour here: no worker finishes
    /// it within the CPU limit or the lease deadlines of these tests.
    /// </summary>
    private static string Write(CliRunner cli, bool longRun)
    {
        var network = File.ReadAllText(Example("brunel-small.toml"))
            .Replace("count = 800", "count = 80").Replace("count = 200", "count = 20").Replace("k = 80", "k = 8").Replace("k = 20", "k = 2");
        File.WriteAllText(cli.PathOf("net.toml"), network);
        var values = Enumerable.Range(10, ShortRuns).Select(ms => $"\"{ms} ms\"").Concat(longRun ? [$"\"{LongRunMs} ms\""] : []);
        var path = cli.PathOf(longRun ? "long.toml" : "short.toml");
        File.WriteAllText(path, $"[sweep]\nnetwork = \"net.toml\"\n\n[[axis]]\nvary = \"network.duration\"\nvalues = [{string.Join(", ", values)}]\n");
        return path;
    }

    private const int LongRunMs = 10_000_000;

    /// <summary>The local sweep of the short runs alone: rows 0 to 19 of the long sweep must equal its rows.</summary>
    private static string[] LocalShortRows(CliRunner cli)
    {
        var (code, _, error) = cli.Run("sweep", Write(cli, longRun: false), "--out", cli.PathOf("local"));
        Assert.True(code == 0, error);
        return File.ReadAllLines(cli.PathOf("local", "sweep.csv"));
    }

    /// <summary>Checks the long sweep's outputs: the short runs' rows equal the local ones, run 20 is a Lost row with
    /// <paramref name="message"/> in sweep.csv, sweep.arrow and summary.json; returns summary.json's cluster account.</summary>
    private static JsonElement AssertLostRow(CliRunner cli, string folder, string[] local, string message)
    {
        var rows = File.ReadAllLines(cli.PathOf(folder, "sweep.csv"));
        Assert.Equal(ShortRuns + 2, rows.Length);
        Assert.Equal(local, rows[..^1]);
        Assert.Equal($"20,{LongRunMs},,,,,,,,,,Lost,\"{message}\"", rows[^1]);
        using (var stream = File.OpenRead(cli.PathOf(folder, "sweep.arrow")))
        using (var reader = new ArrowFileReader(stream))
        {
            var batch = reader.ReadNextRecordBatch()!;
            var status = (StringArray)batch.Column(batch.Schema.GetFieldIndex("status"));
            var said = (StringArray)batch.Column(batch.Schema.GetFieldIndex("message"));
            Assert.Equal(ShortRuns + 1, batch.Length);
            Assert.Equal(("Lost", message), (status.GetString(ShortRuns), said.GetString(ShortRuns)));
            Assert.All(Enumerable.Range(0, ShortRuns), k => Assert.Equal("Completed", status.GetString(k)));
        }
        var summary = JsonDocument.Parse(File.ReadAllText(cli.PathOf(folder, "summary.json"))).RootElement;
        Assert.Equal("1 of 21 runs failed", summary.GetProperty("status").GetString());
        var failed = summary.GetProperty("failed_runs")[0];
        Assert.Equal((20, "Lost", message), (failed.GetProperty("run").GetInt32(), failed.GetProperty("status").GetString(), failed.GetProperty("message").GetString()));
        return summary.GetProperty("cluster").Clone();
    }

    [Fact]
    public async Task ARunThatTakesDownEveryWorkerItIsGivenToIsALostRowAndTheSweepExitsAsWithFailedRows()
    {
        using var cli = new CliRunner();
        var local = LocalShortRows(cli);
        var at = $"127.0.0.1:{CliRunner.FreePort()}";
        // No lease expires in this test: only the workers' deaths take the long run back.
        var coordinator = cli.StartBackground("sweep", Write(cli, longRun: true), "--out", cli.PathOf("cluster"), "--cluster", at, "--lease-deadline", "86400");
        // Each worker runs under a CPU-time limit, as under a batch system: the long run uses it up and the kernel
        // kills the worker in the middle of that run, a real process death the coordinator sees as a lost worker.
        var workers = Enumerable.Range(0, 3)
            .Select(_ => cli.StartBackgroundWithCpuLimit(WorkerCpuSeconds, "worker", "--join", at, "--slots", "1")).ToList();

        var code = await coordinator.Exited.WaitAsync(TimeSpan.FromMinutes(5));
        Log($"coordinator exited with {code}: {coordinator.Errors}");
        // Three losses are three deaths: each worker was killed while running the long run (by the kernel: the test
        // kills none), so every one has exited, with SIGKILL's 128 + 9.
        var exits = await Task.WhenAll(workers.Select(w => w.Exited.WaitAsync(TimeSpan.FromSeconds(1))));
        foreach (var worker in workers) Log($"worker {worker.Id} exited with {await worker.Exited}: {worker.Errors}");

        Assert.Equal(1, code); // as a local sweep with a Rejected or Diverged row
        const string message = "its worker was lost 3 times while running it (the last 2 times alone); not run again";
        Assert.Contains($"1 of 21 runs failed; run 20: Lost: {message}", coordinator.Errors);
        var cluster = AssertLostRow(cli, "cluster", local, message);
        Assert.True(cluster.GetProperty("requeued").GetInt64() >= 2, cluster.ToString());
        Assert.Equal(0, cluster.GetProperty("expired_leases").GetInt64());
        Assert.Equal([137, 137, 137], exits);
    }

    [Fact]
    public void ARunNeverReportedWithinTheLeaseDeadlineGivenIsALostRowAfterThreeDeadlines()
    {
        using var cli = new CliRunner();
        var local = LocalShortRows(cli);
        var started = Stopwatch.StartNew();

        var (code, _, error) = cli.RunProcess("sweep", Write(cli, longRun: true), "--out", cli.PathOf("cluster"), "--workers", "3", "--lease-deadline", "2");

        var elapsed = started.Elapsed;
        Log($"exit code {code} after {elapsed.TotalSeconds:0.0} s: {error}");
        Assert.Equal(1, code);
        const string message = "its worker did not report it within the lease deadline 3 times (the last 2 times alone); not run again";
        Assert.Contains($"run 20: Lost: {message}", error);
        var cluster = AssertLostRow(cli, "cluster", local, message);
        Assert.True(cluster.GetProperty("expired_leases").GetInt64() >= 3, cluster.ToString());
        // At the default deadline (60 s at least) three expiries take three minutes at least: --lease-deadline set it.
        Assert.True(elapsed < 3 * LeaseDeadline.Default.Minimum, $"took {elapsed}");
    }

    [Fact]
    public void ALostRunOfASingleNeuronSweepIsARowWithItsPointStatusLostAndTheReason()
    {
        var file = Example("lif-sweep.toml");
        var plan = SweepPlan.Parse(file, File.ReadAllText(file));
        var ran = SweepPlan.RunOne(plan, 11);

        var lost = SweepOnCluster.RowOf(plan, RunRow.Loss(11, "its worker was lost 3 times while running it"));
        var reported = SweepOnCluster.RowOf(plan, RunRow.Success(11, System.Text.Encoding.UTF8.GetBytes(ran.ToText())));

        Assert.Equal(ran, reported);
        Assert.Equal((11, CSharp.SweepRunStatus.Lost, "its worker was lost 3 times while running it"), (lost.Index, lost.Status, lost.Message));
        Assert.Equal(ran.Point, lost.Point);
        Assert.Equal((0, 0.0), (lost.SpikeCount, lost.EndTime));
    }
}
