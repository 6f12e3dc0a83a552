namespace NeuronDsl.Orleans;

/// <summary>The outcome of one run: its payload, or the message of the exception that failed it.</summary>
/// <param name="Index">The run's index.</param>
/// <param name="Succeeded">True when the executor returned a payload.</param>
/// <param name="Payload">The executor's bytes when it succeeded; empty when it failed.</param>
/// <param name="Error">The exception's message when the run failed; null when it succeeded.</param>
public sealed record RunRow(long Index, bool Succeeded, byte[] Payload, string? Error)
{
    /// <summary>A successful run.</summary>
    public static RunRow Success(long index, byte[] payload) => new(index, true, payload, null);

    /// <summary>A failed run, recorded with its message and never retried.</summary>
    public static RunRow Failure(long index, string error) => new(index, false, [], error);
}
