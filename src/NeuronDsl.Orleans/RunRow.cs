namespace NeuronDsl.Orleans;

/// <summary>The outcome of one run: its payload, the message of the exception that failed it, or why it was given up.</summary>
/// <param name="Index">The run's index.</param>
/// <param name="Succeeded">True when the executor returned a payload.</param>
/// <param name="Payload">The executor's bytes when it succeeded; empty otherwise.</param>
/// <param name="Error">The exception's message when the run failed, or why it was given up when it was lost; null when
/// it succeeded.</param>
public sealed record RunRow(long Index, bool Succeeded, byte[] Payload, string? Error)
{
    /// <summary>
    /// True when the run has no outcome: its workers were lost while holding it, or held it past its lease deadline,
    /// three times, and the coordinator gave it up (a run that kills its process, or never ends) instead of handing it
    /// out again; <see cref="Error"/> says how it went. False for a run that ran, succeeded or not.
    /// </summary>
    public bool Lost { get; init; }

    /// <summary>A successful run.</summary>
    public static RunRow Success(long index, byte[] payload) => new(index, true, payload, null);

    /// <summary>A failed run, recorded with its message and never retried.</summary>
    public static RunRow Failure(long index, string error) => new(index, false, [], error);

    /// <summary>A run given up after its workers were lost while holding it; <paramref name="reason"/> says how.</summary>
    public static RunRow Loss(long index, string reason) => new(index, false, [], reason) { Lost = true };
}
