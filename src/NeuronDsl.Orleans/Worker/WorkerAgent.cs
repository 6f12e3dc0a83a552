using NeuronDsl.Orleans.Protocol;

namespace NeuronDsl.Orleans.Worker;

/// <summary>
/// Runs a worker silo's slots: on a sweep's ticket it starts one <see cref="WorkerSlot"/> per slot on the thread pool
/// (not on Orleans' scheduler, since runs are long and CPU-bound); a new sweep stops the slots of the previous one.
/// </summary>
internal sealed class WorkerAgent(WorkerSettings settings, IGrainFactory grains, ILocalSiloDetails silo)
{
    private readonly object gate = new();
    private readonly TaskCompletionSource<string> refused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? currentSweep;
    private CancellationTokenSource? currentStop;

    /// <summary>Completes with the coordinator's reason when it refuses this worker.</summary>
    public Task<string> Refused => refused.Task;

    public WorkerInfo Describe() =>
        new(settings.Version, settings.Slots, Environment.MachineName, Environment.ProcessId);

    public void Start(SweepTicket ticket)
    {
        lock (gate)
        {
            if (currentSweep == ticket.SweepGrainKey) return;
            currentStop?.Cancel();
            currentSweep = ticket.SweepGrainKey;
            currentStop = new CancellationTokenSource();
            var sweep = grains.GetGrain<ISweepGrain>(ticket.SweepGrainKey);
            settings.Log($"running sweep {ticket.SweepGrainKey} on {settings.Slots} slot(s)");
            for (var k = 0; k < settings.Slots; k++)
            {
                var slot = new WorkerSlot(sweep, silo.SiloAddress, ticket.Document, settings);
                var token = currentStop.Token;
                _ = Task.Run(() => slot.RunAsync(token), token);
            }
        }
    }

    public void Refuse(string reason)
    {
        lock (gate) currentStop?.Cancel();
        refused.TrySetResult(reason);
    }

    /// <summary>Stops the slots of the current sweep (the coordinator went away).</summary>
    public void StopCurrent()
    {
        lock (gate)
        {
            currentStop?.Cancel();
            currentSweep = null;
        }
    }
}
