using System.Diagnostics;

namespace NeuronDsl.Orleans.Coordinator;

/// <summary>
/// Waits for a sweep to finish while watching that someone works on it: no worker by the wait timeout (or every
/// expected worker unusable), or every worker lost for that long, ends the sweep with an error naming the address.
/// </summary>
internal static class SweepSupervisor
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public static async Task RunAsync(SweepBook book, WorkerRoster roster, CoordinatorOptions options, CancellationToken stop)
    {
        var alone = Stopwatch.StartNew();
        var sinceFirst = new Stopwatch();
        while (!book.Finished.IsCompleted)
        {
            if (book.WorkersAlive > 0 && !sinceFirst.IsRunning) sinceFirst.Start();
            if (ReadyToGo(book, options, sinceFirst.Elapsed)) roster.Go();
            if (book.ExpireOverdue() is > 0 and var expired)
                options.Log?.Invoke($"{expired} run(s) of overdue leases back in the queue");
            if (book.WorkersAlive > 0) alone.Restart();
            else CheckAlone(book, roster, options, alone.Elapsed);
            await Task.WhenAny(book.Finished, Task.Delay(Poll, stop));
            stop.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Workers start together once the expected number was accepted (so the runs spread over all of them), or a
    /// grace period after the first when some never come; without an expected number, at once.
    /// </summary>
    private static bool ReadyToGo(SweepBook book, CoordinatorOptions options, TimeSpan sinceFirst) =>
        book.WorkersAlive > 0
        && (options.ExpectedWorkers is not { } expected || book.WorkersUsed >= expected || sinceFirst >= StartGrace);

    private static readonly TimeSpan StartGrace = TimeSpan.FromSeconds(5);

    private static void CheckAlone(SweepBook book, WorkerRoster roster, CoordinatorOptions options, TimeSpan alone)
    {
        var refused = roster.Refusals;
        var reasons = refused.Count > 0 ? "; " + string.Join("; ", refused) : "";
        if (book.WorkersUsed == 0 && options.ExpectedWorkers is { } expected && roster.Joined >= expected && refused.Count >= expected)
            throw new ClusterException($"none of the {expected} worker(s) that joined the coordinator at {options.Listen} can be used{reasons}");
        if (alone < options.WorkerWaitTimeout) return;
        var wait = $"{options.WorkerWaitTimeout.TotalSeconds:0.#} s";
        if (book.WorkersUsed == 0)
            throw new ClusterException(
                $"no worker joined the coordinator at {options.Listen} within {wait}{reasons}; "
                + $"expected workers started with `neurondsl worker {options.JoinOption}`");
        throw new ClusterException(
            $"every worker of the coordinator at {options.Listen} was lost and none joined within {wait}; "
            + $"{book.Done} of {book.Total} runs are done{reasons}");
    }
}
