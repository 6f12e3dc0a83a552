using System.Net;

namespace NeuronDsl.Orleans;

/// <summary>
/// How the silos of a sweep cluster find each other. <see cref="Development"/>, the default, needs nothing outside
/// the cluster: the coordinator is the primary silo and holds the membership in its memory, and workers join it at its
/// address. <see cref="Redis(IPEndPoint)"/> keeps the membership in a Redis server instead: the coordinator and the
/// workers all name that server, so workers find a coordinator that restarted at any address, and stay in the cluster
/// while it is away.
/// </summary>
public sealed record ClusterMembership
{
    private ClusterMembership(IPEndPoint? redisServer) => RedisServer = redisServer;

    /// <summary>Orleans' development clustering: the coordinator is the primary silo; no external store.</summary>
    public static ClusterMembership Development { get; } = new((IPEndPoint?)null);

    /// <summary>The Redis server holding the membership (HOST:PORT); null for <see cref="Development"/>.</summary>
    public IPEndPoint? RedisServer { get; }

    /// <summary>Membership kept in the Redis server at <paramref name="server"/> (e.g. Debian's <c>redis-server</c>,
    /// port 6379), which every silo of the cluster reaches; one cluster per Redis server.</summary>
    /// <param name="server">The Redis server's address.</param>
    public static ClusterMembership Redis(IPEndPoint server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new(server);
    }

    /// <summary>Membership kept in the Redis server at HOST:PORT.</summary>
    /// <param name="server">HOST:PORT, e.g. 10.0.0.4:6379.</param>
    /// <exception cref="ClusterException">The text is not HOST:PORT or the host does not resolve.</exception>
    public static ClusterMembership Redis(string server) => Redis(ClusterAddress.Parse("the Redis address", server));

    /// <inheritdoc/>
    public override string ToString() => RedisServer is { } server ? $"Redis at {server}" : "development clustering";
}
