using CoreStatus = NeuronDsl.SimulationStatus;

namespace NeuronDsl.CSharp;

/// <summary>How a simulation ended.</summary>
public enum SimulationStatus
{
    /// <summary>Reached the requested duration.</summary>
    Completed,

    /// <summary>A state variable or the input became NaN or infinite; see <see cref="SimulationResult.TryGetDivergence"/>.</summary>
    Diverged,

    /// <summary>The adaptive solver used its maximum number of steps.</summary>
    StepLimitReached,

    /// <summary>The adaptive solver needed a step below its minimum.</summary>
    StepSizeUnderflow,

    /// <summary>
    /// A state variable left the physically possible range its model declares (numerical instability: use a smaller
    /// dt); <see cref="SimulationResult.TryGetDivergence"/> gives the time, variable, value and the state before.
    /// </summary>
    OutOfBounds,
}

/// <summary>Where and how a simulation diverged.</summary>
/// <param name="Time">Time in ms at which a value stopped being finite.</param>
/// <param name="Variable">The variable's name; "dV/dt" (with the variable's name) for a non-finite rate, "spike
/// function", or "input current".</param>
/// <param name="Value">The non-finite value.</param>
/// <param name="LastFiniteState">Each variable's last finite value, in its unit.</param>
public sealed record Divergence(double Time, string Variable, double Value, IReadOnlyDictionary<string, double> LastFiniteState);

/// <summary>The recorded trace, the spike times and the status of one simulation.</summary>
public sealed class SimulationResult
{
    private readonly string[] variables;
    private readonly double[][] values;
    private readonly Divergence? divergence;

    internal SimulationResult(double[] times, string[] variables, double[][] values, double[] spikes, StreamOutcome outcome,
        double duration)
    {
        Times = times;
        this.variables = variables;
        this.values = values;
        SpikeTimes = spikes;
        Steps = outcome.Steps;
        Duration = duration;
        (Status, StatusMessage, EndTime, divergence) = Translate(outcome, duration);
    }

    /// <summary>The core's status as the facade's status, message, end time and divergence.</summary>
    internal static (SimulationStatus, string, double, Divergence?) Translate(StreamOutcome outcome, double duration) =>
        outcome.Status switch
        {
            CoreStatus.Diverged d => (SimulationStatus.Diverged,
                $"diverged at t = {(double)d.Time:R} ms: {d.Variable} = {d.Value}; last finite state: " +
                string.Join(", ", d.LastFiniteState.Select(p => $"{p.Item1} = {p.Item2:R}")),
                (double)d.Time,
                new Divergence(d.Time, d.Variable, d.Value, d.LastFiniteState.ToDictionary(p => p.Item1, p => p.Item2))),
            CoreStatus.OutOfBounds b => (SimulationStatus.OutOfBounds,
                $"{b.Variable} = {b.Value:R} at t = {(double)b.Time:R} ms is outside its physically possible range " +
                $"[{b.Minimum:R}, {b.Maximum:R}]: the method is unstable at this step; try a smaller dt",
                (double)b.Time,
                new Divergence(b.Time, b.Variable, b.Value, b.LastState.ToDictionary(p => p.Item1, p => p.Item2))),
            CoreStatus.StepLimitReached s => (SimulationStatus.StepLimitReached,
                $"step limit reached at t = {(double)s.Time:R} ms", (double)s.Time, null),
            CoreStatus.StepSizeUnderflow u => (SimulationStatus.StepSizeUnderflow,
                $"step size {(double)u.Step:R} ms below the minimum at t = {(double)u.Time:R} ms", (double)u.Time, null),
            _ => (SimulationStatus.Completed, "completed", duration, (Divergence?)null),
        };

    /// <summary>Sample times in ms.</summary>
    public IReadOnlyList<double> Times { get; }

    /// <summary>Names of the recorded variables, in order.</summary>
    public IReadOnlyList<string> RecordedVariables => variables;

    /// <summary>Samples of the first recorded variable: the membrane potential in mV for the built-in models.</summary>
    public IReadOnlyList<double> Potentials => values.Length > 0 ? values[0] : [];

    /// <summary>Spike times in ms, located inside the step unless the solver asked for grid times.</summary>
    public IReadOnlyList<double> SpikeTimes { get; }

    /// <summary>How the run ended.</summary>
    public SimulationStatus Status { get; }

    /// <summary>One line describing how the run ended, with the time and state when it diverged.</summary>
    public string StatusMessage { get; }

    /// <summary>The requested duration in ms.</summary>
    public double Duration { get; }

    /// <summary>The time reached in ms: <see cref="Duration"/> unless the run stopped early.</summary>
    public double EndTime { get; }

    /// <summary>Accepted solver steps.</summary>
    public long Steps { get; }

    /// <summary>Mean firing rate in Hz: spikes per second over the simulated time.</summary>
    public double FiringRate => EndTime > 0 ? global::NeuronDsl.Units.Unit.rate(SpikeTimes.Count, EndTime) : 0.0;

    /// <summary>The samples of a recorded variable.</summary>
    /// <param name="variable">A name from <see cref="RecordedVariables"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The variable was not recorded.</exception>
    public IReadOnlyList<double> Trace(string variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return TryGetTrace(variable, out var trace)
            ? trace
            : throw new ArgumentOutOfRangeException(nameof(variable), variable,
                $"variable '{variable}' was not recorded; recorded: {string.Join(", ", variables)}");
    }

    /// <summary>The samples of a variable, if it was recorded.</summary>
    /// <param name="variable">A variable name.</param>
    /// <param name="trace">Its samples, in its unit, or empty.</param>
    /// <returns>True when the variable was recorded.</returns>
    public bool TryGetTrace(string variable, out IReadOnlyList<double> trace)
    {
        var k = Array.IndexOf(variables, variable);
        trace = k >= 0 ? values[k] : [];
        return k >= 0;
    }

    /// <summary>Where the run diverged, if it did.</summary>
    /// <param name="result">The divergence, or null.</param>
    /// <returns>True when <see cref="Status"/> is <see cref="SimulationStatus.Diverged"/> or <see cref="SimulationStatus.OutOfBounds"/>.</returns>
    public bool TryGetDivergence(out Divergence? result)
    {
        result = divergence;
        return divergence is not null;
    }
}

/// <summary>Receives one recorded sample: the time in ms and the recorded variables, in order.</summary>
/// <param name="time">Sample time in ms.</param>
/// <param name="values">Recorded values, each in its variable's unit; valid only during the call.</param>
public delegate void SampleHandler(double time, ReadOnlySpan<double> values);

/// <summary>How a streamed simulation ended, without its samples or spike times (they went to the callbacks).</summary>
public sealed class SimulationOutcome
{
    private readonly Divergence? divergence;

    internal SimulationOutcome(string[] recorded, long spikeCount, StreamOutcome outcome, double duration)
    {
        RecordedVariables = recorded;
        SpikeCount = spikeCount;
        Steps = outcome.Steps;
        Duration = duration;
        (Status, StatusMessage, EndTime, divergence) = SimulationResult.Translate(outcome, duration);
    }

    /// <summary>Names of the recorded variables, in the order of the values passed to the sample handler.</summary>
    public IReadOnlyList<string> RecordedVariables { get; }

    /// <summary>Number of spikes.</summary>
    public long SpikeCount { get; }

    /// <summary>How the run ended.</summary>
    public SimulationStatus Status { get; }

    /// <summary>One line describing how the run ended, with the time and state when it diverged.</summary>
    public string StatusMessage { get; }

    /// <summary>The requested duration in ms.</summary>
    public double Duration { get; }

    /// <summary>The time reached in ms: <see cref="Duration"/> unless the run stopped early.</summary>
    public double EndTime { get; }

    /// <summary>Accepted solver steps.</summary>
    public long Steps { get; }

    /// <summary>Mean firing rate in Hz: spikes per second over the simulated time.</summary>
    public double FiringRate => EndTime > 0 ? SpikeCount * 1000.0 / EndTime : 0.0;

    /// <summary>Where the run diverged, if it did.</summary>
    /// <param name="result">The divergence, or null.</param>
    /// <returns>True when <see cref="Status"/> is <see cref="SimulationStatus.Diverged"/> or <see cref="SimulationStatus.OutOfBounds"/>.</returns>
    public bool TryGetDivergence(out Divergence? result)
    {
        result = divergence;
        return divergence is not null;
    }
}
