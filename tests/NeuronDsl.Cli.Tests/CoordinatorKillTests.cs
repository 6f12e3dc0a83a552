using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Xunit.Abstractions;

namespace NeuronDsl.Cli.Tests;

/// <summary>
/// A coordinator keeping the cluster's membership in Redis, killed with SIGKILL in the middle of a sweep and started
/// again at another address with --resume: the workers, started once, stay in the cluster and rejoin it, only the runs
/// the journal lacks are run, and the files equal the local run's byte for byte.
/// </summary>
public sealed class CoordinatorKillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Runs = 200;

    private readonly Stopwatch clock = Stopwatch.StartNew();
    private RedisServer? redis;

    private void Log(string line) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.00} s  {line}");

    public async Task InitializeAsync() => redis = await RedisServer.StartAsync();

    public Task DisposeAsync()
    {
        redis?.Dispose();
        return Task.CompletedTask;
    }

    // Hodgkin-Huxley with RK4 over sodium conductance and current: 200 runs of about 30 ms each.
    private const string Sweep = """
        [sweep]
        model = "hh"
        duration = "1000 ms"
        solver = "rk4"
        dt = "0.01 ms"

        [input]
        amplitude = "0 uA/cm^2"

        [[axis]]
        vary = "g_Na"
        from = "100 mS/cm^2"
        to = "140 mS/cm^2"
        count = 10

        [[axis]]
        vary = "input"
        from = "2 uA/cm^2"
        to = "20 uA/cm^2"
        count = 20
        """;

    [Fact]
    public async Task ACoordinatorKilledMidSweepAndRestartedElsewhereFinishesWithTheSameWorkersAndTheLocalFiles()
    {
        using var cli = new CliRunner();
        var file = cli.PathOf("hh.toml");
        File.WriteAllText(file, Sweep);
        var local = cli.Run("sweep", file, "--out", cli.PathOf("local"));
        Assert.True(local.Code == 0, local.Error);
        var journal = cli.PathOf("hh.journal");
        var firstPort = CliRunner.FreePort();
        var secondPort = CliRunner.FreePort();
        while (secondPort == firstPort) secondPort = CliRunner.FreePort(); // restarted at another address
        string[] Coordinator(int port, params string[] more) =>
            ["sweep", file, "--out", cli.PathOf("cluster"), "--cluster", $"127.0.0.1:{port}", "--redis", redis!.Endpoint.ToString(), "--journal", journal, .. more];
        var workers = Enumerable.Range(0, 2)
            .Select(_ => cli.StartBackground("worker", "--redis", redis!.Endpoint.ToString(), "--slots", "1")).ToList();

        var first = cli.StartBackground(Coordinator(firstPort));
        await WaitUntil(() => JournalRows(journal) >= Runs / 10 || first.Exited.IsCompleted, TimeSpan.FromMinutes(2));
        Assert.False(first.Exited.IsCompleted, $"the first coordinator exited: {first.Errors}");
        // Frozen (SIGSTOP), the coordinator writes nothing more: the journal read now is the journal at the kill, known
        // to hold some rows and not all of them.
        await FreezeAsync(first.Id);
        var atKill = JournalRows(journal);
        Assert.InRange(atKill, Runs / 10, Runs - 1);
        first.Kill();
        var sinceKill = Stopwatch.StartNew();
        Assert.Equal(137, await first.Exited); // SIGKILL: 128 + 9
        Log($"coordinator at 127.0.0.1:{firstPort} killed with {atKill} of {Runs} rows in the journal");

        var second = cli.StartBackground(Coordinator(secondPort, "--resume"));
        await WaitUntil(() => JournalRows(journal) > atKill || second.Exited.IsCompleted, TimeSpan.FromMinutes(2));
        var toFirstRow = sinceKill.Elapsed;
        var code = await second.Exited.WaitAsync(TimeSpan.FromMinutes(5));
        Log($"coordinator at 127.0.0.1:{secondPort}: first new row {toFirstRow.TotalSeconds:0.00} s after the kill, done {sinceKill.Elapsed.TotalSeconds:0.00} s after it, exit code {code}");
        foreach (var worker in workers) Log($"worker {worker.Id} said:\n{worker.Errors}");

        Assert.True(code == 0, second.Errors);
        foreach (var name in new[] { "sweep.csv", "sweep.arrow" })
            Assert.Equal(File.ReadAllBytes(cli.PathOf("local", name)), File.ReadAllBytes(cli.PathOf("cluster", name)));
        var cluster = JsonDocument.Parse(File.ReadAllText(cli.PathOf("cluster", "summary.json"))).RootElement.GetProperty("cluster");
        Log($"the resumed coordinator's account: {cluster}");
        // Every row sent in the second sweep was the first for its run: no run the journal held was run again.
        Assert.Equal(atKill, cluster.GetProperty("from_journal").GetInt64());
        Assert.Equal(Runs - atKill, cluster.GetProperty("executed").GetInt64());
        Assert.Equal(0, cluster.GetProperty("duplicates").GetInt64());
        // The same two processes, never restarted, were started by the new coordinator (their sweep's key names it).
        Assert.All(workers, w => Assert.False(w.Exited.IsCompleted, $"worker {w.Id} exited: {w.Errors}"));
        Assert.All(workers, w => Assert.Contains($"running sweep 127.0.0.1:{secondPort}@", w.Errors));
    }

    /// <summary>Complete rows in the journal: lines after the header, a torn last line not counted.</summary>
    private static int JournalRows(string journal)
    {
        try
        {
            return Math.Max(0, File.ReadAllBytes(journal).Count(b => b == (byte)'\n') - 1);
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > timeout) throw new TimeoutException($"still waiting after {timeout.TotalSeconds} s");
            await Task.Delay(20);
        }
    }

    /// <summary>Stops a process (SIGSTOP) and returns once every one of its threads is stopped.</summary>
    private static async Task FreezeAsync(int pid)
    {
        Assert.Equal(0, kill(pid, SigStop));
        await WaitUntil(() => Directory.EnumerateDirectories($"/proc/{pid}/task").All(Stopped), TimeSpan.FromSeconds(30));

        static bool Stopped(string task)
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                return stat[stat.LastIndexOf(')') + 2] is 'T' or 't';
            }
            catch (IOException)
            {
                return true; // the thread ended
            }
        }
    }

    private const int SigStop = 19;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
