using CoreInput = NeuronDsl.SweepInputModule;

namespace NeuronDsl.CSharp;

/// <summary>
/// The input of a sweep's base run: a step of <see cref="Amplitude"/> from <see cref="Onset"/> to <see cref="Offset"/>
/// (a constant current by default), plus, when <see cref="NoiseDeviation"/> &gt; 0, a Gaussian current held over each
/// <see cref="NoiseInterval"/>, drawn from the run's seed. Amplitudes are in the neuron's
/// <see cref="Neuron.InputUnit"/>, times in ms. Immutable: copy with <c>with</c>; checked when the sweep runs.
/// </summary>
/// <param name="Amplitude">The step's amplitude, in the neuron's input unit.</param>
public sealed record SweepInput(double Amplitude)
{
    /// <summary>When the step starts, in ms, ≥ 0.</summary>
    public double Onset { get; init; }

    /// <summary>When it ends, in ms, &gt; <see cref="Onset"/>; infinity for never.</summary>
    public double Offset { get; init; } = double.PositiveInfinity;

    /// <summary>Standard deviation of the noise, in the input unit, ≥ 0; 0 for none.</summary>
    public double NoiseDeviation { get; init; }

    /// <summary>How long each noise value is held, in ms, &gt; 0.</summary>
    public double NoiseInterval { get; init; } = 1.0;

    /// <summary>A constant current.</summary>
    /// <param name="amplitude">In the neuron's input unit.</param>
    public static SweepInput Constant(double amplitude) => new(amplitude);

    /// <summary>A step of <paramref name="amplitude"/> from <paramref name="onset"/> to <paramref name="offset"/> (ms).</summary>
    public static SweepInput Step(double amplitude, double onset, double offset) =>
        new(amplitude) { Onset = onset, Offset = offset };

    /// <summary>The same input with Gaussian noise of standard deviation <paramref name="deviation"/> (input unit),
    /// a new value every <paramref name="interval"/> ms.</summary>
    public SweepInput WithNoise(double deviation, double interval) =>
        this with { NoiseDeviation = deviation, NoiseInterval = interval };

    internal global::NeuronDsl.SweepInput Core =>
        CoreInput.WithNoise(NoiseDeviation, NoiseInterval, CoreInput.Step(Amplitude, Onset, Offset));
}
