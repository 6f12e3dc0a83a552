namespace NeuronDsl.CSharp;

/// <summary>
/// Code supplied with a model or an input (a custom model's derivative, spike function or reset, or an input
/// function) threw during a simulation. The original exception is the <see cref="Exception.InnerException"/>.
/// </summary>
public sealed class ModelException : Exception
{
    internal ModelException(string message, double time, IReadOnlyDictionary<string, double> state, Exception? inner)
        : base(message, inner)
    {
        Time = time;
        State = state;
    }

    /// <summary>Start, in ms, of the step during which the code threw.</summary>
    public double Time { get; }

    /// <summary>Each state variable's value at <see cref="Time"/>, in its unit.</summary>
    public IReadOnlyDictionary<string, double> State { get; }

    /// <summary>Translates the core's exception, keeping the user's exception as the inner one.</summary>
    internal static ModelException From(global::NeuronDsl.ModelException core) =>
        new(core.Message, core.Time, core.State.ToDictionary(p => p.Item1, p => p.Item2), core.InnerException);
}

/// <summary>
/// One simulation of <see cref="Simulator.RunConstantCurrents"/> failed: names its current and keeps every result
/// that finished. The failure itself is the <see cref="Exception.InnerException"/>.
/// </summary>
public sealed class ConstantCurrentException : Exception
{
    internal ConstantCurrentException(string message, int index, double current, IReadOnlyList<SimulationResult?> results,
        Exception inner) : base(message, inner)
    {
        Index = index;
        Current = current;
        Results = results;
    }

    /// <summary>Position of the failing current in the sequence passed in.</summary>
    public int Index { get; }

    /// <summary>The failing current, in the neuron's input unit.</summary>
    public double Current { get; }

    /// <summary>One entry per current, in order: its result, or null when it failed or was not run.</summary>
    public IReadOnlyList<SimulationResult?> Results { get; }
}
