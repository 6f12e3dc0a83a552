using NeuronDsl.Orleans.Protocol;

namespace NeuronDsl.Orleans.Coordinator;

/// <summary>
/// Follows the cluster's membership on the coordinator: a silo that becomes active is asked its version, then either
/// accepted and handed the sweep, or refused with both versions named; a silo declared dead is lost, and its leased
/// runs go back to the queue.
/// </summary>
internal sealed class WorkerRoster(
    IClusterMembershipService membership,
    IGrainFactory grains,
    SiloAddress self,
    SweepBook book,
    SweepTicket ticket,
    CoordinatorOptions options)
{
    private readonly object gate = new();
    private readonly Dictionary<SiloAddress, int> slotsOf = [];
    private readonly HashSet<SiloAddress> seen = [];
    private readonly List<string> refusals = [];
    private readonly TaskCompletionSource go = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Signalled whenever a worker is accepted, refused, fails to start or is lost.</summary>
    public event Action? Changed;

    /// <summary>Workers that joined (accepted, refused or failed to start).</summary>
    public int Joined { get { lock (gate) return seen.Count; } }

    public IReadOnlyList<string> Refusals { get { lock (gate) return refusals.ToArray(); } }

    /// <summary>Lets accepted workers start; until then they are held, so the expected workers start together.</summary>
    public void Go() => go.TrySetResult();

    public async Task WatchAsync(CancellationToken stop)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stop))
                foreach (var member in snapshot.Members.Values)
                    Observe(member);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
    }

    private void Observe(ClusterMember member)
    {
        if (member.SiloAddress.Equals(self)) return;
        if (member.Status == SiloStatus.Active)
        {
            lock (gate) if (!seen.Add(member.SiloAddress)) return;
            _ = AdmitAsync(member.SiloAddress);
        }
        else if (member.Status is SiloStatus.Dead or SiloStatus.ShuttingDown or SiloStatus.Stopping)
        {
            int slots;
            lock (gate) if (!slotsOf.Remove(member.SiloAddress, out slots)) return;
            var before = book.Requeued;
            book.Lose(member.SiloAddress, slots);
            options.Log?.Invoke($"worker {member.SiloAddress.Endpoint} lost ({member.Status}); {book.Requeued - before} run(s) back in the queue");
            Changed?.Invoke();
        }
    }

    private async Task AdmitAsync(SiloAddress silo)
    {
        var worker = grains.GetGrain<IWorkerGrain>(silo.ToParsableString());
        try
        {
            var info = await worker.Describe();
            if (info.Version != options.Version)
            {
                await RefuseAsync(worker, silo, info);
                return;
            }
            lock (gate) slotsOf[silo] = info.Slots;
            book.Accept(silo, info.Slots);
            Changed?.Invoke();
            await go.Task;
            await worker.Start(ticket);
            options.Log?.Invoke($"worker {silo.Endpoint} joined ({info.Host}, process {info.ProcessId}, {info.Slots} slot(s))");
        }
        catch (Exception e)
        {
            lock (gate) refusals.Add($"worker {silo.Endpoint} could not be started: {e.Message}");
            options.Log?.Invoke($"worker {silo.Endpoint} could not be started: {e.Message}");
        }
        Changed?.Invoke();
    }

    private async Task RefuseAsync(IWorkerGrain worker, SiloAddress silo, WorkerInfo info)
    {
        var reason = $"worker {silo.Endpoint} ({info.Host}, process {info.ProcessId}) has version {info.Version}, "
            + $"the coordinator has version {options.Version}; expected the same build on every machine";
        lock (gate) refusals.Add(reason);
        options.Log?.Invoke($"refused: {reason}");
        try { await worker.Refuse(reason); }
        catch (Exception) { /* the worker may already be gone; it is refused either way */ }
    }
}
