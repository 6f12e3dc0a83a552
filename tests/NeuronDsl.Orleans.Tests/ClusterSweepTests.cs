using System.Diagnostics;
using NeuronDsl.Orleans.Coordinator;
using NeuronDsl.Orleans.TestWorker;
using Xunit.Abstractions;

namespace NeuronDsl.Orleans.Tests;

/// <summary>Sweeps over real worker processes on this machine, the coordinator in the test process.</summary>
public sealed class ClusterSweepTests(ITestOutputHelper output) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("neurondsl-cluster-").FullName;
    private readonly List<LocalWorkerProcess> workers = [];
    private readonly Stopwatch clock = Stopwatch.StartNew();

    private string Executions { get; } = Directory.CreateTempSubdirectory("neurondsl-executions-").FullName;

    private string JournalPath => Path.Combine(folder, "journal.txt");

    private void Log(string line) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.00} s  {line}");

    private CoordinatorOptions Coordinator(int expectedWorkers) =>
        new(Local.FreeEndpoint()) { ExpectedWorkers = expectedWorkers, WorkerWaitTimeout = TimeSpan.FromSeconds(60), Log = Log };

    private void StartWorkers(CoordinatorOptions options, int count)
    {
        for (var k = 0; k < count; k++) workers.Add(WorkerProcess.Start(options.Listen, Executions));
    }

    [Fact]
    public async Task Rows_from_two_workers_equal_the_local_runs_bit_for_bit()
    {
        var document = LifRuns.Document(current: 250, step: 0.75, duration: 100);
        var options = Coordinator(expectedWorkers: 2);
        StartWorkers(options, 2);

        var result = await ClusterSweep.RunAsync(new SweepJob(document, 300), options);
        Log($"done: {result.Executed} rows in {result.Elapsed.TotalSeconds:0.00} s");

        Local.AssertEqualsLocal(document, 300, result.Rows);
        // At least 2: on a loaded machine a worker may be declared dead by mistake and join again as a new silo.
        Assert.True(result.WorkersUsed >= 2, $"{result.WorkersUsed} workers used");
        Local.AssertEachRunOnceInFairShares(Executions, workers, 300);
    }

    [Fact]
    public async Task A_network_sweep_built_in_code_runs_on_the_workers_with_the_rows_of_the_local_sweep()
    {
        var sweep = NetworkRuns.Sweep();
        var options = Coordinator(expectedWorkers: 2);
        StartWorkers(options, 2);

        var result = await ClusterSweep.RunAsync(new SweepJob(NetworkRuns.Document, (long)sweep.RunCount), options);
        var local = CSharp.Simulator.RunNetworkSweep(sweep, runsAtOnce: 2).Rows;
        Log($"done: {result.Executed} rows in {result.Elapsed.TotalSeconds:0.00} s");

        Assert.Equal(60, local.Count);
        Assert.Equal(local.Count, result.Rows.Count);
        for (var k = 0; k < local.Count; k++)
        {
            Assert.True(result.Rows[k].Succeeded, result.Rows[k].Error);
            var row = CSharp.NetworkSweepRow.Parse(System.Text.Encoding.UTF8.GetString(result.Rows[k].Payload));
            Assert.Equal(local[k].ToText(), row.ToText()); // every number's bits
            Assert.True(row.Groups[0].Spikes > 0, $"run {k} fires");
        }
    }

    [Fact]
    public async Task A_worker_killed_mid_sweep_costs_only_its_runs_in_flight_which_run_elsewhere()
    {
        var document = LifRuns.Document(current: 250, step: 0.5, duration: 300);
        var options = Coordinator(expectedWorkers: 2) with { JournalPath = JournalPath };
        // The victim stops inside run 60 (or the first run after it that it is given), so it is killed holding a
        // lease; killing it at an arbitrary moment could land between two leases, when it holds nothing.
        var victim = WorkerProcess.StartHanging(options.Listen, Executions, hangFrom: 60);
        workers.Add(victim);
        StartWorkers(options, 1);
        var killer = Task.Run(async () =>
        {
            while (!Local.Hung(Executions, victim)) await Task.Delay(10);
            Log($"killing worker {victim.Id} (kill -9) inside a run");
            victim.Kill();
        });

        var result = await ClusterSweep.RunAsync(new SweepJob(document, 200), options);
        Log($"done: {result.Executed} rows, {result.Requeued} requeued, {result.Expired} expired, {result.Duplicates} duplicates, {result.Elapsed.TotalSeconds:0.00} s");

        Assert.True(killer.IsCompletedSuccessfully, "the victim was killed");
        Assert.Equal(0, result.Expired); // its runs came back because it died, not at a lease deadline
        Local.AssertEqualsLocal(document, 200, result.Rows);
        Assert.True(result.Requeued > 0, "the killed worker held a lease, whose runs should have been handed out again");
        var executions = Local.Executions(Executions);
        var twice = executions.GroupBy(e => e.Index).Count(g => g.Count() > 1);
        Assert.True(twice <= result.Requeued, $"{twice} runs executed twice, but only {result.Requeued} were handed out again");
        var journaled = File.ReadAllLines(JournalPath).Skip(1).Select(l => long.Parse(l.Split('\t')[0])).ToArray();
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (long)i), journaled.Order());
    }

    [Fact]
    public async Task A_worker_hung_in_a_run_loses_its_lease_at_the_deadline_and_its_runs_are_run_elsewhere()
    {
        var document = LifRuns.Document(current: 250, step: 0.75, duration: 100);
        var options = Coordinator(expectedWorkers: 2) with { LeaseDeadline = new LeaseDeadline(TimeSpan.FromSeconds(2), 20) };
        var hung = WorkerProcess.StartHanging(options.Listen, Executions, hangFrom: 100);
        workers.Add(hung);
        StartWorkers(options, 1);

        var result = await ClusterSweep.RunAsync(new SweepJob(document, 300), options);
        Log($"done: {result.Executed} rows, {result.Expired} lease(s) expired, {result.Requeued} requeued, {result.Duplicates} duplicates, {result.Elapsed.TotalSeconds:0.00} s");

        Local.AssertEqualsLocal(document, 300, result.Rows);
        Assert.True(result.Expired >= 1, "the hung worker's lease should have expired");
        Assert.True(result.Requeued >= 1);
        Assert.False(hung.Exited.IsCompleted, "the hung worker stays alive: only its lease is taken back");
    }

    [Fact]
    public async Task A_sweep_stopped_at_the_coordinator_resumes_from_its_journal_without_rerunning_finished_runs()
    {
        var document = LifRuns.Document(current: 260, step: 0.5, duration: 300);
        var job = new SweepJob(document, 200);
        var first = Coordinator(expectedWorkers: 2) with { JournalPath = JournalPath };
        StartWorkers(first, 2);
        using var stop = new CancellationTokenSource();
        var progress = new SyncProgress(p => { if (p.Done >= 50) stop.Cancel(); });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ClusterSweep.RunAsync(job, first, progress, stop.Token));
        var finished = JournalReader.Read(JournalPath, job).Rows.Select(r => r.Index).ToHashSet();
        Log($"stopped with {finished.Count} rows in the journal");
        Assert.InRange(finished.Count, 50, 199);
        File.AppendAllText(JournalPath, "199\tok\tAAAA"); // a line torn by the stop: ignored on resume
        foreach (var file in Directory.GetFiles(Executions)) File.Delete(file);

        // The same workers rejoin the restarted coordinator on the same address.
        var second = first with { Resume = true };
        var result = await ClusterSweep.RunAsync(job, second);
        Log($"resumed: {result.FromJournal} from the journal, {result.Executed} executed");

        Local.AssertEqualsLocal(document, 200, result.Rows);
        Assert.Equal(finished.Count, result.FromJournal);
        var rerun = Local.Executions(Executions).Select(e => e.Index).ToHashSet();
        Assert.Empty(rerun.Intersect(finished));
        Assert.Equal(200 - finished.Count, rerun.Count);
    }

    [Fact]
    public async Task A_run_that_throws_is_a_failed_row_with_its_message_and_is_not_retried()
    {
        var document = LifRuns.Document(current: 300, step: 1, duration: 50, badEvery: 7);
        var options = Coordinator(expectedWorkers: 1);
        StartWorkers(options, 1);

        var result = await ClusterSweep.RunAsync(new SweepJob(document, 70), options);

        Local.AssertEqualsLocal(document, 70, result.Rows);
        var failed = result.Rows.Where(r => !r.Succeeded).Select(r => r.Index).ToArray();
        Assert.Equal(Enumerable.Range(0, 10).Select(k => 7L * k + 6), failed);
        Assert.All(result.Rows.Where(r => !r.Succeeded), r => Assert.Contains("dt", r.Error));
        Assert.Equal(70, Local.Executions(Executions).Count);
    }

    [Fact]
    public async Task A_worker_of_another_version_is_refused_with_both_versions_named()
    {
        var options = Coordinator(expectedWorkers: 1) with { Version = "1.0.0+coordinator" };
        var worker = WorkerProcess.Start(options.Listen, Executions, "--version", "0.9.0+worker");
        workers.Add(worker);

        var error = await Assert.ThrowsAsync<ClusterException>(
            () => ClusterSweep.RunAsync(new SweepJob(LifRuns.Document(300, 1, 50), 10), options));
        Log(error.Message);

        Assert.Contains("0.9.0+worker", error.Message);
        Assert.Contains("1.0.0+coordinator", error.Message);
        Assert.Equal(3, await worker.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("0.9.0+worker", worker.Errors);
        Assert.Contains("1.0.0+coordinator", worker.Errors);
        Assert.Empty(Local.Executions(Executions)); // a refused worker runs nothing
    }

    [Fact]
    public async Task A_worker_whose_coordinator_does_not_answer_fails_quickly_naming_the_address()
    {
        var nobody = Local.FreeEndpoint();
        var worker = WorkerProcess.Start(nobody, null, "--join-timeout", "2");
        workers.Add(worker);

        var code = await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Log(worker.Errors);
        Assert.Equal(3, code);
        Assert.Contains($"cannot reach the coordinator at {nobody}", worker.Errors);
    }

    [Fact]
    public async Task A_coordinator_without_workers_fails_after_the_wait_naming_its_address()
    {
        var options = Coordinator(expectedWorkers: 1) with { WorkerWaitTimeout = TimeSpan.FromSeconds(1) };
        var started = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ClusterException>(
            () => ClusterSweep.RunAsync(new SweepJob(LifRuns.Document(300, 1, 50), 10), options));

        Log(error.Message);
        Assert.Contains($"no worker joined the coordinator at {options.Listen} within 1 s", error.Message);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), $"took {started.Elapsed}");
    }

    [Fact]
    public async Task A_coordinator_address_not_on_this_machine_is_refused_before_anything_runs()
    {
        var elsewhere = new System.Net.IPEndPoint(System.Net.IPAddress.Parse("192.0.2.10"), 11111); // TEST-NET-1
        var options = new CoordinatorOptions(elsewhere) { JournalPath = JournalPath };

        var error = await Assert.ThrowsAsync<ClusterException>(
            () => ClusterSweep.RunAsync(new SweepJob(LifRuns.Document(300, 1, 50), 10), options));

        Assert.Contains("192.0.2.10:11111", error.Message);
        Assert.Contains("cannot listen there", error.Message);
    }

    public void Dispose()
    {
        foreach (var worker in workers)
        {
            if (worker.Errors.Length > 0) output.WriteLine($"worker {worker.Id} said:\n{worker.Errors}");
            worker.Dispose();
        }
        Directory.Delete(folder, recursive: true);
        Directory.Delete(Executions, recursive: true);
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    private sealed class SyncProgress(Action<SweepProgress> report) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress value) => report(value);
    }
}
