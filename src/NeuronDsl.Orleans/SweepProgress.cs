namespace NeuronDsl.Orleans;

/// <summary>Where a cluster sweep stands.</summary>
/// <param name="Done">Runs with a row, including those taken from the journal.</param>
/// <param name="Total">Runs in the job.</param>
/// <param name="RunsPerSecond">Rows received per second since the first worker started.</param>
/// <param name="Remaining">Estimated time to the last row at the current rate; null before any row arrived.</param>
/// <param name="WorkersAlive">Workers accepted and not lost.</param>
public sealed record SweepProgress(long Done, long Total, double RunsPerSecond, TimeSpan? Remaining, int WorkersAlive);
