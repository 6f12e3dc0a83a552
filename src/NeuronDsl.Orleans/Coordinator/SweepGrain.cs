using NeuronDsl.Orleans.Protocol;

namespace NeuronDsl.Orleans.Coordinator;

/// <summary>The sweep's door on the coordinator silo; a key of no current sweep (an old sweep's worker) gets Done.</summary>
[OnSiloNamedByKey]
internal sealed class SweepGrain(SweepRegistry registry) : Grain, ISweepGrain
{
    private SweepBook? Book => registry.Find(this.GetPrimaryKeyString());

    public Task<Lease> Take(SiloAddress worker, int max) =>
        Task.FromResult(Book?.Take(worker, Math.Max(1, max)) ?? Lease.Done);

    public Task Report(SiloAddress worker, RowMessage[] rows)
    {
        Book?.Report(worker, rows);
        return Task.CompletedTask;
    }
}
