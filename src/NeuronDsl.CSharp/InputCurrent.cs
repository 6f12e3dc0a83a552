using CoreInput = NeuronDsl.InputModule;

namespace NeuronDsl.CSharp;

/// <summary>
/// An input current as a function of time, with the times where it jumps so that solvers step onto them.
/// Currents are in the neuron's <see cref="Neuron.InputUnit"/> (pA, or µA/cm² for Hodgkin–Huxley); times in ms.
/// </summary>
public sealed class InputCurrent
{
    private InputCurrent(Input core) => Core = core;

    internal Input Core { get; }

    /// <summary>A text describing the input, for example "step 10 from 0 ms to 500 ms".</summary>
    public string Description => Core.Description;

    /// <summary>The times (ms) where the current jumps or kinks.</summary>
    public IReadOnlyList<double> Breakpoints => Core.Breakpoints;

    /// <summary>The current at a time.</summary>
    /// <param name="time">Time in ms.</param>
    /// <returns>The current, in the neuron's input unit.</returns>
    public double At(double time) => Core.Current.Invoke(time);

    /// <summary>A constant current.</summary>
    /// <param name="amplitude">Current in the neuron's input unit (pA or µA/cm²).</param>
    public static InputCurrent Constant(double amplitude) =>
        new(Errors.Translate(() => CoreInput.Constant(amplitude)));

    /// <summary>A step from <paramref name="onset"/> to the end of the simulation.</summary>
    /// <param name="amplitude">Current in the neuron's input unit.</param>
    /// <param name="onset">Onset in ms, ≥ 0.</param>
    public static InputCurrent Step(double amplitude, double onset) =>
        new(Errors.Translate(() => CoreInput.Step(amplitude, onset, double.PositiveInfinity)));

    /// <summary>A step from <paramref name="onset"/> (inclusive) to <paramref name="offset"/> (exclusive).</summary>
    /// <param name="amplitude">Current in the neuron's input unit.</param>
    /// <param name="onset">Onset in ms, ≥ 0.</param>
    /// <param name="offset">Offset in ms, &gt; onset.</param>
    public static InputCurrent Step(double amplitude, double onset, double offset) =>
        new(Errors.Translate(() => CoreInput.Step(amplitude, onset, offset)));

    /// <summary>Rectangular pulses of equal width, repeating every period from start until stop.</summary>
    /// <param name="amplitude">Current during a pulse, in the neuron's input unit.</param>
    /// <param name="width">Pulse width in ms, &gt; 0 and ≤ period.</param>
    /// <param name="period">Pulse period in ms, &gt; 0.</param>
    /// <param name="start">First onset in ms, ≥ 0.</param>
    /// <param name="stop">No pulse starts at or after this time (ms).</param>
    public static InputCurrent Pulses(double amplitude, double width, double period, double start, double stop) =>
        new(Errors.Translate(() => CoreInput.Pulses(amplitude, width, period, start, stop)));

    /// <summary>A linear ramp between two times; zero before and after.</summary>
    /// <param name="from">Current at <paramref name="start"/>, in the neuron's input unit.</param>
    /// <param name="to">Current at <paramref name="stop"/>, in the neuron's input unit.</param>
    /// <param name="start">Start in ms, ≥ 0.</param>
    /// <param name="stop">Stop in ms, &gt; start.</param>
    public static InputCurrent Ramp(double from, double to, double start, double stop) =>
        new(Errors.Translate(() => CoreInput.Ramp(from, to, start, stop)));

    /// <summary>offset + amplitude · sin(2π·frequency·t + phase).</summary>
    /// <param name="amplitude">Peak deviation, in the neuron's input unit.</param>
    /// <param name="frequency">Frequency in Hz, ≥ 0.</param>
    /// <param name="phase">Phase at t = 0, in radians.</param>
    /// <param name="offset">Mean current, in the neuron's input unit.</param>
    public static InputCurrent Sine(double amplitude, double frequency, double phase, double offset) =>
        new(Errors.Translate(() => CoreInput.Sine(amplitude, frequency, phase, offset)));

    /// <summary>Linear interpolation between samples, held before the first and after the last.</summary>
    /// <param name="times">Sample times in ms, strictly increasing.</param>
    /// <param name="currents">One current per time, in the neuron's input unit.</param>
    public static InputCurrent PiecewiseLinear(IEnumerable<double> times, IEnumerable<double> currents)
    {
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(currents);
        var t = times.ToArray();
        var i = currents.ToArray();
        return new(Errors.Translate(() => Interop.PiecewiseLinearInput(t, i)));
    }

    /// <summary>Any function of time (ms) as a current; it must be finite wherever the simulation evaluates it.</summary>
    /// <param name="current">The current at a time in ms, in the neuron's input unit.</param>
    /// <param name="description">Text describing the input.</param>
    public static InputCurrent FromFunction(Func<double, double> current, string description = "function of time")
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(description);
        return new(Errors.Translate(() => Interop.FunctionInput(description, current)));
    }

    /// <summary>The pointwise sum of this input and another.</summary>
    /// <param name="other">The other input.</param>
    public InputCurrent Plus(InputCurrent other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(CoreInput.Add(other.Core, Core));
    }
}
