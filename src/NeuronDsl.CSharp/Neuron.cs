namespace NeuronDsl.CSharp;

/// <summary>A neuron model with its parameters, ready to simulate. Create one with <see cref="Neurons"/>.</summary>
public sealed class Neuron
{
    internal Neuron(string name, string inputUnit, IReadOnlyList<string> variableNames, IReadOnlyList<string> variableUnits,
        ISimulationTarget target)
    {
        Name = name;
        InputUnit = inputUnit;
        VariableNames = variableNames;
        VariableUnits = variableUnits;
        Target = target;
    }

    /// <summary>The model's name, for example "leaky integrate-and-fire".</summary>
    public string Name { get; }

    /// <summary>The unit of the input current: "pA" for point neurons, "uA/cm2" for Hodgkin–Huxley.</summary>
    public string InputUnit { get; }

    /// <summary>State variable names in order; the first is the membrane potential for the built-in models.</summary>
    public IReadOnlyList<string> VariableNames { get; }

    /// <summary>The unit of each state variable ("" for dimensionless ones).</summary>
    public IReadOnlyList<string> VariableUnits { get; }

    internal ISimulationTarget Target { get; }

    internal static Neuron Create<TParameters, TState>(Model<TParameters, TState> model, TParameters parameters,
        TState initialState, string inputUnit)
    {
        var names = model.Variables.Select(v => v.Name).ToArray();
        var units = model.Variables.Select(v => v.Unit).ToArray();
        return new Neuron(model.Name, inputUnit, names, units,
            new SimulationTarget<TParameters, TState>(model, parameters, initialState));
    }
}

/// <summary>Runs one typed core model; hides its F# types from the public surface.</summary>
internal interface ISimulationTarget
{
    SimulationResult Run(InputCurrent input, SimulationOptions options, IProgress<double>? progress, CancellationToken token);

    SimulationOutcome Stream(InputCurrent input, SimulationOptions options, SampleHandler? onSample, Action<double>? onSpike,
        IProgress<double>? progress, CancellationToken token);
}

internal sealed class SimulationTarget<TParameters, TState>(Model<TParameters, TState> model, TParameters parameters,
    TState initialState) : ISimulationTarget
{
    /// <summary>The core's names for what <see cref="SimulationOptions"/> calls its properties.</summary>
    private static string? OptionName(string? core) => core switch
    {
        "Recording.Variables" => nameof(SimulationOptions.RecordVariables),
        "Recording.Interval" => nameof(SimulationOptions.RecordInterval),
        "duration" => nameof(SimulationOptions.Duration),
        "solver" => nameof(SimulationOptions.Solver),
        _ => core,
    };

    private (string[] Recorded, StreamOutcome Outcome) StreamCore(InputCurrent input, SimulationOptions options,
        Action<double, double[]> onSample, Action<double> onSpike, IProgress<double>? progress, CancellationToken token)
    {
        var interval = options.RecordTrace ? options.RecordInterval : -1.0;
        var problem = Errors.Translate(() => Interop.CreateProblem(model, parameters, initialState, input.Core,
            options.Duration, options.RecordVariables.ToArray(), interval), OptionName);
        var recorded = Errors.Translate(() => Interop.RecordedVariables(problem), OptionName);
        var duration = options.Duration;
        try
        {
            var outcome = Errors.Translate(() => Interop.Stream(problem, options.Solver.Core, onSample, onSpike,
                t => progress?.Report(duration > 0 ? Math.Min(1.0, t / duration) : 1.0), token), OptionName);
            return (recorded, outcome);
        }
        catch (global::NeuronDsl.ModelException e)
        {
            throw ModelException.From(e);
        }
    }

    public SimulationResult Run(InputCurrent input, SimulationOptions options, IProgress<double>? progress,
        CancellationToken token)
    {
        var times = new List<double>();
        var values = new List<List<double>>();
        var spikes = new List<double>();
        var (recorded, outcome) = StreamCore(input, options,
            (t, sample) =>
            {
                times.Add(t);
                while (values.Count < sample.Length) values.Add([]);
                for (var k = 0; k < sample.Length; k++) values[k].Add(sample[k]);
            },
            spikes.Add, progress, token);
        while (values.Count < recorded.Length) values.Add([]);
        return new SimulationResult(times.ToArray(), recorded, values.Select(v => v.ToArray()).ToArray(),
            spikes.ToArray(), outcome, options.Duration);
    }

    public SimulationOutcome Stream(InputCurrent input, SimulationOptions options, SampleHandler? onSample,
        Action<double>? onSpike, IProgress<double>? progress, CancellationToken token)
    {
        var spikes = 0L;
        var (recorded, outcome) = StreamCore(input, options,
            (t, sample) => onSample?.Invoke(t, sample),
            t =>
            {
                spikes++;
                onSpike?.Invoke(t);
            },
            progress, token);
        return new SimulationOutcome(recorded, spikes, outcome, options.Duration);
    }
}
