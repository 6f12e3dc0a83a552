namespace NeuronDsl.Orleans;

/// <summary>The rows of a finished cluster sweep, ordered by run index, and how they came to be.</summary>
/// <param name="Rows">One row per run, row k for run index k, whatever order they arrived in.</param>
/// <param name="FromJournal">Rows read back from the journal instead of being run (resume).</param>
/// <param name="Executed">Rows received from workers in this sweep.</param>
/// <param name="Duplicates">Rows received for runs that already had one (a worker thought lost that reported later); dropped.</param>
/// <param name="Requeued">Runs handed out again because the worker holding them was lost.</param>
/// <param name="WorkersUsed">Workers accepted during the sweep.</param>
/// <param name="Elapsed">Wall-clock time from the coordinator's start to the last row.</param>
public sealed record SweepResult(
    IReadOnlyList<RunRow> Rows,
    long FromJournal,
    long Executed,
    long Duplicates,
    long Requeued,
    int WorkersUsed,
    TimeSpan Elapsed)
{
    /// <summary>Leases taken back because they were not reported by their deadline (<see cref="LeaseDeadline"/>);
    /// their runs are counted in <see cref="Requeued"/> too.</summary>
    public long Expired { get; init; }
}
