namespace NeuronDsl.Orleans.Protocol;

/// <summary>What a worker tells the coordinator about itself when it joins.</summary>
[GenerateSerializer, Immutable]
internal sealed record WorkerInfo(
    [property: Id(0)] string Version,
    [property: Id(1)] int Slots,
    [property: Id(2)] string Host,
    [property: Id(3)] int ProcessId);

/// <summary>The coordinator's hand-over of a sweep to a worker: the document once, then runs by lease.</summary>
[GenerateSerializer, Immutable]
internal sealed record SweepTicket(
    [property: Id(0)] string SweepGrainKey,
    [property: Id(1)] string Document);

/// <summary>Run indices leased to one worker slot; Finished tells the slot the sweep needs nothing more.</summary>
[GenerateSerializer, Immutable]
internal sealed record Lease([property: Id(0)] long[] Indices, [property: Id(1)] bool Finished)
{
    public static readonly Lease Done = new([], true);
    public static readonly Lease Wait = new([], false);
}

/// <summary>One run's outcome on the wire.</summary>
[GenerateSerializer, Immutable]
internal sealed record RowMessage(
    [property: Id(0)] long Index,
    [property: Id(1)] bool Succeeded,
    [property: Id(2)] byte[] Payload,
    [property: Id(3)] string? Error)
{
    public static RowMessage Of(RunRow row) => new(row.Index, row.Succeeded, row.Payload, row.Error);

    public RunRow ToRow() => new(Index, Succeeded, Payload, Error);
}
