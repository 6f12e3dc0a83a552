namespace NeuronDsl.CSharp;

/// <summary>How long to run a network, with which solver (one for all its populations; its step is the network's),
/// on how many cores. Immutable: copy with <c>with</c>. Spikes are always kept; what else each population records is
/// part of the <see cref="Population"/>.</summary>
/// <example><code>var options = NetworkOptions.Default with { Duration = 100, Solver = Solvers.Exact(0.1) };</code></example>
public sealed record NetworkOptions
{
    private readonly double duration = 1000.0;
    private readonly Solver solver = Solvers.RungeKutta4(0.01);
    private readonly int parallelism = Environment.ProcessorCount;
    private readonly int chunkSize = 4096;
    private readonly SpikeDelivery delivery = SpikeDelivery.Precise;

    /// <summary>1000 ms with RK4 at dt = 0.01 ms, chunks of 4096 neurons on every core, precise delivery.</summary>
    public static NetworkOptions Default { get; } = new();

    /// <summary>The methods networks run, as populations do: "exact", "rk4" and "exponential-euler".</summary>
    public static IReadOnlyList<string> SupportedMethods => PopulationOptions.SupportedMethods;

    /// <summary>Simulated time in ms, from 0; finite and &gt; 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not finite, or not &gt; 0.</exception>
    public double Duration
    {
        get => duration;
        init => duration = (PopulationOptions.Default with { Duration = value }).Duration;
    }

    /// <summary>The ODE method: one of <see cref="SupportedMethods"/>; its step is the network's, and no synaptic
    /// delay may be shorter.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A method the network engine does not run (dopri5, euler, heun).</exception>
    public Solver Solver
    {
        get => solver;
        init => solver = (PopulationOptions.Default with { Solver = value }).Solver;
    }

    /// <summary>At most this many chunks of neurons run at once, ≥ 1; results are bit-identical for any value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int Parallelism
    {
        get => parallelism;
        init => parallelism = (PopulationOptions.Default with { Parallelism = value }).Parallelism;
    }

    /// <summary>Neurons per chunk (the unit of parallel work), ≥ 1; results are bit-identical for any value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int ChunkSize
    {
        get => chunkSize;
        init => chunkSize = (PopulationOptions.Default with { ChunkSize = value }).ChunkSize;
    }

    /// <summary>When spikes reach their targets: at spike time + delay, inside the step (the default), or at the next
    /// step start (<see cref="SpikeDelivery.Grid"/>, as grid-based simulators do).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a <see cref="SpikeDelivery"/> value.</exception>
    public SpikeDelivery Delivery
    {
        get => delivery;
        init => delivery = Enum.IsDefined(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Delivery), value, "expected SpikeDelivery.Precise or SpikeDelivery.Grid");
    }

    /// <summary>A copy with another duration.</summary>
    /// <param name="milliseconds">Simulated time in ms, &gt; 0.</param>
    /// <returns>The changed options.</returns>
    public NetworkOptions WithDuration(double milliseconds) => this with { Duration = milliseconds };

    /// <summary>A copy with another solver.</summary>
    /// <param name="method">One of <see cref="SupportedMethods"/>.</param>
    /// <returns>The changed options.</returns>
    public NetworkOptions WithSolver(Solver method) => this with { Solver = method };
}
