namespace NeuronDsl.CSharp;

/// <summary>How long to simulate, with which solver, and what to record. Immutable: copy with <c>with</c>.</summary>
/// <example><code>var options = SimulationOptions.Default with { Duration = 500, Solver = Solvers.Exact(0.1) };</code></example>
public sealed record SimulationOptions
{
    private readonly double duration = 1000.0;
    private readonly double recordInterval = 0.1;
    private readonly Solver solver = Solvers.RungeKutta4(0.01);
    private readonly IReadOnlyList<string> recordVariables = [];

    /// <summary>1000 ms with RK4 at dt = 0.01 ms, recording every variable every 0.1 ms.</summary>
    public static SimulationOptions Default { get; } = new();

    /// <summary>Simulated time in ms, from 0; finite and ≥ 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not finite or negative.</exception>
    public double Duration
    {
        get => duration;
        init
        {
            Errors.RequireAtLeast(value, 0.0, nameof(Duration), "ms");
            duration = value;
        }
    }

    /// <summary>The ODE method; see <see cref="Solvers"/>.</summary>
    public Solver Solver
    {
        get => solver;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            solver = value;
        }
    }

    /// <summary>Interval between recorded samples in ms; 0 records the end of every step.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not finite or negative.</exception>
    public double RecordInterval
    {
        get => recordInterval;
        init
        {
            Errors.RequireAtLeast(value, 0.0, nameof(RecordInterval), "ms");
            recordInterval = value;
        }
    }

    /// <summary>Names of the variables to record (see <see cref="Neuron.Variables"/>); empty records all.</summary>
    public IReadOnlyList<string> RecordVariables
    {
        get => recordVariables;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            recordVariables = value.ToArray();
        }
    }

    /// <summary>False keeps only spike times, for long runs.</summary>
    public bool RecordTrace { get; init; } = true;

    /// <summary>A copy with another duration.</summary>
    /// <param name="milliseconds">Simulated time in ms, ≥ 0.</param>
    public SimulationOptions WithDuration(double milliseconds) => this with { Duration = milliseconds };

    /// <summary>A copy with another solver.</summary>
    /// <param name="method">The ODE method.</param>
    public SimulationOptions WithSolver(Solver method) => this with { Solver = method };
}
