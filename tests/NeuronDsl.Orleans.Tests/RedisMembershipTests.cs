using System.Diagnostics;
using NeuronDsl.Orleans.Coordinator;
using NeuronDsl.Orleans.TestWorker;
using Xunit.Abstractions;

namespace NeuronDsl.Orleans.Tests;

/// <summary>Sweeps whose membership is kept in a real redis-server started for each test.</summary>
public sealed class RedisMembershipTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("neurondsl-redis-cluster-").FullName;
    private readonly string executions = Directory.CreateTempSubdirectory("neurondsl-executions-").FullName;
    private readonly List<LocalWorkerProcess> workers = [];
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private RedisServer? redis;

    private RedisServer Redis => redis!;

    private string JournalPath => Path.Combine(folder, "journal.txt");

    private void Log(string line) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.00} s  {line}");

    public async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
    }

    private CoordinatorOptions Coordinator(int expectedWorkers) =>
        new(Local.FreeEndpoint())
        {
            Membership = ClusterMembership.Redis(Redis.Endpoint),
            ExpectedWorkers = expectedWorkers,
            WorkerWaitTimeout = TimeSpan.FromSeconds(60),
            Log = Log,
        };

    private void StartWorkers(int count)
    {
        for (var k = 0; k < count; k++) workers.Add(WorkerProcess.StartWithRedis(Redis.Endpoint, executions));
    }

    [Fact]
    public async Task Rows_from_two_workers_joined_through_Redis_equal_the_local_runs_bit_for_bit()
    {
        var document = LifRuns.Document(current: 250, step: 0.75, duration: 100);
        StartWorkers(2); // before the coordinator: they wait in the cluster until it comes
        var options = Coordinator(expectedWorkers: 2);

        var result = await ClusterSweep.RunAsync(new SweepJob(document, 300), options);
        Log($"done: {result.Executed} rows in {result.Elapsed.TotalSeconds:0.00} s");

        Local.AssertEqualsLocal(document, 300, result.Rows);
        Assert.True(result.WorkersUsed >= 2, $"{result.WorkersUsed} workers used");
        Local.AssertEachRunOnceInFairShares(executions, workers, 300);
    }

    [Fact]
    public async Task A_coordinator_restarted_at_another_address_finds_the_same_workers_and_resumes_from_its_journal()
    {
        var document = LifRuns.Document(current: 260, step: 0.5, duration: 300);
        var job = new SweepJob(document, 200);
        var first = Coordinator(expectedWorkers: 2) with { JournalPath = JournalPath };
        StartWorkers(2);
        using var stop = new CancellationTokenSource();
        var progress = new SyncProgress(p => { if (p.Done >= 50) stop.Cancel(); });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ClusterSweep.RunAsync(job, first, progress, stop.Token));
        var finished = JournalReader.Read(JournalPath, job).Rows.Select(r => r.Index).ToHashSet();
        Log($"stopped at {first.Listen} with {finished.Count} rows in the journal");
        Assert.InRange(finished.Count, 50, 199);
        foreach (var file in Directory.GetFiles(executions)) File.Delete(file);

        // Another port: the workers cannot be told it; they stayed in the cluster and are found through Redis.
        var second = Coordinator(expectedWorkers: 2) with { JournalPath = JournalPath, Resume = true };
        var result = await ClusterSweep.RunAsync(job, second);
        Log($"resumed at {second.Listen}: {result.FromJournal} from the journal, {result.Executed} executed");

        Assert.NotEqual(first.Listen, second.Listen);
        Local.AssertEqualsLocal(document, 200, result.Rows);
        Assert.Equal(finished.Count, result.FromJournal);
        var rerun = Local.Executions(executions);
        Assert.Empty(rerun.Select(e => e.Index).ToHashSet().Intersect(finished));
        Assert.Equal(200 - finished.Count, rerun.Select(e => e.Index).Distinct().Count());
        Assert.All(rerun, e => Assert.Contains(e.Process, workers.Select(w => w.Id))); // the same processes
        Assert.All(workers, w => Assert.False(w.Exited.IsCompleted, $"worker {w.Id} exited"));
    }

    [Fact]
    public async Task A_coordinator_whose_Redis_server_does_not_answer_fails_naming_its_address()
    {
        var nobody = Local.FreeEndpoint();
        var options = new CoordinatorOptions(Local.FreeEndpoint()) { Membership = ClusterMembership.Redis(nobody) };

        var error = await Assert.ThrowsAsync<ClusterException>(
            () => ClusterSweep.RunAsync(new SweepJob(LifRuns.Document(300, 1, 50), 10), options));

        Log(error.Message);
        Assert.Contains($"cannot reach Redis at {nobody}", error.Message);
    }

    public Task DisposeAsync()
    {
        foreach (var worker in workers)
        {
            if (worker.Errors.Length > 0) output.WriteLine($"worker {worker.Id} said:\n{worker.Errors}");
            worker.Dispose();
        }
        redis?.Dispose();
        Directory.Delete(folder, recursive: true);
        Directory.Delete(executions, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Reports on the caller's thread.</summary>
    private sealed class SyncProgress(Action<SweepProgress> report) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress value) => report(value);
    }
}
