using System.Net;

namespace NeuronDsl.Orleans;

/// <summary>How a coordinator runs a sweep. Immutable; change it with <c>with</c>.</summary>
/// <param name="Listen">The coordinator's address: the primary silo listens here and workers join it (HOST:PORT).</param>
public sealed record CoordinatorOptions(IPEndPoint Listen)
{
    /// <summary>How the silos find each other: <see cref="ClusterMembership.Development"/> (the default: this process is
    /// the primary silo, workers join <see cref="Listen"/>) or <see cref="ClusterMembership.Redis(IPEndPoint)"/> (workers
    /// name the Redis server, and find this coordinator at whatever address it listens on).</summary>
    public ClusterMembership Membership { get; init; } = ClusterMembership.Development;

    /// <summary>The file rows are appended to as they arrive; null keeps no journal.</summary>
    public string? JournalPath { get; init; }

    /// <summary>Reopen <see cref="JournalPath"/> and skip the runs it holds; without it an existing journal is an error.</summary>
    public bool Resume { get; init; }

    /// <summary>How long to wait for the first worker, and how long the sweep may go on with none alive.</summary>
    public TimeSpan WorkerWaitTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The number of workers expected to join (set when the coordinator starts them itself): once that many have
    /// joined and none was accepted, the sweep fails at once instead of waiting for <see cref="WorkerWaitTimeout"/>.
    /// </summary>
    public int? ExpectedWorkers { get; init; }

    /// <summary>When a lease not reported is taken back from a worker alive but hung; <see cref="LeaseDeadline.Default"/>
    /// gives a lease max(60 s, 20 × its expected time).</summary>
    public LeaseDeadline LeaseDeadline { get; init; } = LeaseDeadline.Default;

    /// <summary>The version workers must report; a worker of another version is refused with both named.</summary>
    public string Version { get; init; } = ClusterVersion.Current;

    /// <summary>How a worker joins this coordinator, as the worker command's option.</summary>
    internal string JoinOption => Membership.RedisServer is { } redis ? $"--redis {redis}" : $"--join {Listen}";

    /// <summary>Receives one line per cluster event (worker joined, lost, refused); may be null.</summary>
    public Action<string>? Log { get; init; }
}
