using NeuronDsl.Orleans.Protocol;

namespace NeuronDsl.Orleans.Worker;

/// <summary>The worker silo's front door; the work itself runs in the silo's <see cref="WorkerAgent"/>.</summary>
[OnSiloNamedByKey]
internal sealed class WorkerGrain(WorkerAgent agent) : Grain, IWorkerGrain
{
    public Task<WorkerInfo> Describe() => Task.FromResult(agent.Describe());

    public Task Start(SweepTicket ticket)
    {
        agent.Start(ticket);
        return Task.CompletedTask;
    }

    public Task Refuse(string reason)
    {
        agent.Refuse(reason);
        return Task.CompletedTask;
    }
}
