using System.Diagnostics;
using NeuronDsl.Orleans.Protocol;

namespace NeuronDsl.Orleans.Worker;

/// <summary>
/// One slot of a worker: takes a lease of runs, executes them one after the other, reports their rows, and again,
/// until the sweep has no more runs. Lease sizes grow to about <see cref="LeaseSeconds"/> of work, so short runs
/// cost one round trip per batch and long runs are leased one by one.
/// </summary>
internal sealed class WorkerSlot(ISweepGrain sweep, SiloAddress self, string document, WorkerSettings settings)
{
    private const double LeaseSeconds = 0.25;
    private const int MaxLease = 256;
    private const int Attempts = 6;

    public async Task RunAsync(CancellationToken stop)
    {
        var size = 1;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var lease = await Retry(() => sweep.Take(self, size), stop);
                if (lease.Finished) return;
                if (lease.Indices.Length == 0)
                {
                    await Task.Delay(100, stop); // the last leases are out; one may come back from a lost worker
                    continue;
                }
                var clock = Stopwatch.StartNew();
                var rows = lease.Indices.Select(Execute).ToArray();
                size = NextSize(clock.Elapsed.TotalSeconds / rows.Length);
                await Retry(() => sweep.Report(self, rows), stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        catch (Exception e)
        {
            settings.Log($"a slot stopped: the coordinator did not answer {Attempts} times ({e.Message})");
        }
    }

    private RowMessage Execute(long index)
    {
        try
        {
            var payload = settings.Executor(document, index)
                ?? throw new InvalidOperationException("the executor returned null instead of a payload");
            return new RowMessage(index, true, payload, null);
        }
        catch (Exception e)
        {
            return new RowMessage(index, false, [], e.Message);
        }
    }

    private static int NextSize(double secondsPerRun) =>
        secondsPerRun <= 0 ? MaxLease : (int)Math.Clamp(LeaseSeconds / secondsPerRun, 1, MaxLease);

    private static async Task<T> Retry<T>(Func<Task<T>> call, CancellationToken stop)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return await call(); }
            catch (Exception) when (attempt < Attempts && !stop.IsCancellationRequested)
            {
                await Task.Delay(200 * attempt, stop);
            }
        }
    }

    private static Task Retry(Func<Task> call, CancellationToken stop) =>
        Retry(async () => { await call(); return 0; }, stop);
}
