using System.Net;

namespace NeuronDsl.Orleans;

/// <summary>How a worker joins a coordinator. Immutable; change it with <c>with</c>.</summary>
/// <param name="Join">The coordinator's address (HOST:PORT), as given to the sweep's --cluster; null when the
/// membership is kept in Redis, where the worker finds the coordinator through the Redis server instead.</param>
public sealed record WorkerOptions(IPEndPoint? Join)
{
    /// <summary>A worker that finds its coordinator through <paramref name="membership"/> (e.g.
    /// <see cref="ClusterMembership.Redis(IPEndPoint)"/>) rather than at a coordinator's address.</summary>
    /// <param name="membership">How the cluster's silos find each other.</param>
    public WorkerOptions(ClusterMembership membership) : this((IPEndPoint?)null)
    {
        ArgumentNullException.ThrowIfNull(membership);
        Membership = membership;
    }

    /// <summary>How the silos find each other: <see cref="ClusterMembership.Development"/> (the default: join the
    /// coordinator at <see cref="Join"/>) or Redis (join the cluster through the Redis server, whatever the
    /// coordinator's address, and stay in it while the coordinator is away).</summary>
    public ClusterMembership Membership { get; init; } = ClusterMembership.Development;

    /// <summary>This worker's silo port, which the coordinator and the other workers connect to; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>The address other silos reach this worker at; null takes this machine's address on the route to the coordinator.</summary>
    public IPAddress? Advertise { get; init; }

    /// <summary>Runs executed at once; the number of cores by default.</summary>
    public int Slots { get; init; } = Environment.ProcessorCount;

    /// <summary>How long the first join waits for the coordinator (or the Redis server) to answer before failing with its address.</summary>
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The version reported to the coordinator, which refuses a worker of another version.</summary>
    public string Version { get; init; } = ClusterVersion.Current;

    /// <summary>Receives one line per event (joined, coordinator gone, refused); may be null.</summary>
    public Action<string>? Log { get; init; }
}
