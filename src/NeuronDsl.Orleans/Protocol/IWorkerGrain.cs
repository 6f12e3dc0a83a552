namespace NeuronDsl.Orleans.Protocol;

/// <summary>
/// A worker silo's front door, one per silo: its key is the silo's address, and <see cref="OnSiloNamedByKeyAttribute"/>
/// activates it on that silo and nowhere else.
/// </summary>
internal interface IWorkerGrain : IGrainWithStringKey
{
    /// <summary>The worker's version, slots and process.</summary>
    Task<WorkerInfo> Describe();

    /// <summary>Starts the worker's slots on a sweep; returns at once. A second call for the same sweep does nothing.</summary>
    Task Start(SweepTicket ticket);

    /// <summary>Stops the worker process: the coordinator will not use it, for the reason given.</summary>
    Task Refuse(string reason);
}
