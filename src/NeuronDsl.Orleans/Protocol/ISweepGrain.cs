namespace NeuronDsl.Orleans.Protocol;

/// <summary>
/// A running sweep, on the coordinator's silo (key: the coordinator silo's address, '/', the sweep's id). Worker slots
/// take leases of run indices and report rows; the bookkeeping lives in the coordinator's <c>SweepBook</c>.
/// </summary>
internal interface ISweepGrain : IGrainWithStringKey
{
    /// <summary>Leases up to <paramref name="max"/> runs to a slot of the worker silo <paramref name="worker"/>.</summary>
    Task<Lease> Take(SiloAddress worker, int max);

    /// <summary>Hands in finished rows; rows for runs that already have one are dropped.</summary>
    Task Report(SiloAddress worker, RowMessage[] rows);
}
