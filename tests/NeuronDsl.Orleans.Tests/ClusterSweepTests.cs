using NeuronDsl.Orleans.TestWorker;

namespace NeuronDsl.Orleans.Tests;

public sealed class ClusterSweepTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("neurondsl-cluster-").FullName;
    private readonly List<WorkerProcess> workers = [];

    private string Executions => Path.Combine(folder, "executions.txt");

    private CoordinatorOptions Coordinator(int expectedWorkers) =>
        new(Local.FreeEndpoint()) { ExpectedWorkers = expectedWorkers, WorkerWaitTimeout = TimeSpan.FromSeconds(60) };

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

        Local.AssertEqualsLocal(document, 300, result.Rows);
        Assert.Equal(2, result.WorkersUsed);
        var executions = Local.Executions(Executions);
        Assert.Equal(300, executions.Count);
        foreach (var worker in workers)
            Assert.True(executions.Count(e => e.Process == worker.Id) >= 30,
                $"worker {worker.Id} ran {executions.Count(e => e.Process == worker.Id)} of 300 runs; expected a fair share");
    }

    public void Dispose()
    {
        foreach (var worker in workers) worker.Dispose();
        Directory.Delete(folder, recursive: true);
    }
}
