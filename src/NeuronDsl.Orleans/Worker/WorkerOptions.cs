using System.Net;

namespace NeuronDsl.Orleans;

/// <summary>How a worker joins a coordinator. Immutable; change it with <c>with</c>.</summary>
/// <param name="Join">The coordinator's address (HOST:PORT), as given to the sweep's --cluster.</param>
public sealed record WorkerOptions(IPEndPoint Join)
{
    /// <summary>This worker's silo port, which the coordinator and the other workers connect to; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>The address other silos reach this worker at; null takes this machine's address on the route to the coordinator.</summary>
    public IPAddress? Advertise { get; init; }

    /// <summary>Runs executed at once; the number of cores by default.</summary>
    public int Slots { get; init; } = Environment.ProcessorCount;

    /// <summary>How long the first join waits for the coordinator to answer before failing with its address.</summary>
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The version reported to the coordinator, which refuses a worker of another version.</summary>
    public string Version { get; init; } = ClusterVersion.Current;

    /// <summary>Receives one line per event (joined, coordinator gone, refused); may be null.</summary>
    public Action<string>? Log { get; init; }
}
