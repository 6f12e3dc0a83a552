namespace NeuronDsl.CSharp;

/// <summary>How long to run a population, with which solver, on how many cores. Immutable: copy with <c>with</c>.
/// What to record is part of the <see cref="Population"/> (<see cref="Population.RecordStates"/>,
/// <see cref="Population.RecordRate"/>); spikes are always kept.</summary>
/// <example><code>var options = PopulationOptions.Default with { Duration = 1000, Solver = Solvers.Exact(0.1) };</code></example>
public sealed record PopulationOptions
{
    private readonly double duration = 1000.0;
    private readonly Solver solver = Solvers.RungeKutta4(0.01);
    private readonly int parallelism = Environment.ProcessorCount;
    private readonly int chunkSize = 4096;

    /// <summary>1000 ms with RK4 at dt = 0.01 ms, chunks of 4096 neurons on every core.</summary>
    public static PopulationOptions Default { get; } = new();

    /// <summary>The methods the population engine runs: "exact", "rk4" and "exponential-euler" (fixed step; spikes
    /// located inside the step per neuron, or on the grid with <see cref="Solver.WithGridSpikeTimes"/>).</summary>
    public static IReadOnlyList<string> SupportedMethods { get; } = ["exact", "rk4", "exponential-euler"];

    /// <summary>Simulated time in ms, from 0; finite and &gt; 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not finite, or not &gt; 0.</exception>
    public double Duration
    {
        get => duration;
        init
        {
            if (!double.IsFinite(value) || value <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(Duration), value,
                    $"{nameof(Duration)} = {value} ms; expected a finite duration > 0 ms");
            }
            duration = value;
        }
    }

    /// <summary>The ODE method: one of <see cref="SupportedMethods"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A method the population engine does not run (dopri5, euler, heun).</exception>
    public Solver Solver
    {
        get => solver;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (!SupportedMethods.Contains(value.Name))
            {
                throw new ArgumentOutOfRangeException(nameof(Solver), value.Name,
                    $"{nameof(Solver)} = {value.Name}; populations run {string.Join(", ", SupportedMethods)}");
            }
            solver = value;
        }
    }

    /// <summary>At most this many chunks of neurons run at once, ≥ 1; results are bit-identical for any value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int Parallelism
    {
        get => parallelism;
        init => parallelism = AtLeastOne(value, nameof(Parallelism));
    }

    /// <summary>Neurons per chunk (the unit of parallel work), ≥ 1; results are bit-identical for any value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int ChunkSize
    {
        get => chunkSize;
        init => chunkSize = AtLeastOne(value, nameof(ChunkSize));
    }

    /// <summary>The seed of the population's noise currents (<see cref="Population.WithOrnsteinUhlenbeck"/>,
    /// <see cref="Population.WithWhiteNoise"/>): the same seed gives bit-identical runs. 0 by default.</summary>
    public uint Seed { get; init; }

    /// <summary>A copy with another duration.</summary>
    /// <param name="milliseconds">Simulated time in ms, &gt; 0.</param>
    public PopulationOptions WithDuration(double milliseconds) => this with { Duration = milliseconds };

    /// <summary>A copy with another solver.</summary>
    /// <param name="method">One of <see cref="SupportedMethods"/>.</param>
    public PopulationOptions WithSolver(Solver method) => this with { Solver = method };

    private static int AtLeastOne(int value, string name) =>
        value >= 1 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} = {value}; expected at least 1");
}
