namespace NeuronDsl.Orleans;

/// <summary>A job for the cluster: a document every worker can execute, and how many runs it has.</summary>
public sealed record SweepJob
{
    /// <summary>The most runs one cluster sweep takes: every row is held by the coordinator until the end.</summary>
    public const long MaxRuns = 10_000_000;

    /// <summary>Creates a job.</summary>
    /// <param name="document">The document text handed to the executor with every index.</param>
    /// <param name="runCount">Number of runs, indices 0 to runCount − 1; from 1 to <see cref="MaxRuns"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">runCount is out of range (ParamName names it).</exception>
    public SweepJob(string document, long runCount)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (runCount < 1 || runCount > MaxRuns)
            throw new ArgumentOutOfRangeException(nameof(runCount), runCount,
                $"runCount is {runCount}; expected from 1 to {MaxRuns} runs in one cluster sweep");
        Document = document;
        RunCount = runCount;
    }

    /// <summary>The document text handed to the executor with every index.</summary>
    public string Document { get; }

    /// <summary>Number of runs, indices 0 to RunCount − 1.</summary>
    public long RunCount { get; }
}
