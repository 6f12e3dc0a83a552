using System.Globalization;
using CoreParameters = NeuronDsl.Parameters;
using CorePopulation = NeuronDsl.Population;
using CoreSolver = NeuronDsl.Solver;

namespace NeuronDsl.CSharp;

/// <summary>
/// A neuron model with its parameter values and initial state, ready to simulate. Immutable: <see cref="WithParameter"/>
/// and <see cref="WithInitialValue"/> return changed copies. Create one with <see cref="Neurons"/>.
/// </summary>
public sealed class Neuron
{
    private readonly NeuronBacking backing;
    private readonly double?[] initialOverrides;
    private readonly Lazy<double[]> initialState;
    private readonly Lazy<ISimulationTarget> target;

    internal Neuron(NeuronBacking backing, ModelInfo model, double?[] initialOverrides)
    {
        this.backing = backing;
        this.initialOverrides = initialOverrides;
        Model = model;
        initialState = new Lazy<double[]>(() =>
        {
            var state = backing.DefaultInitialState();
            for (var k = 0; k < state.Length; k++)
            {
                if (initialOverrides[k] is { } value) state[k] = value;
            }
            return state;
        });
        target = new Lazy<ISimulationTarget>(() => backing.Target(initialState.Value));
    }

    internal Neuron(NeuronBacking backing, ModelInfo model) : this(backing, model, new double?[model.Variables.Count])
    {
    }

    /// <summary>The model's name, for example "leaky integrate-and-fire".</summary>
    public string Name => backing.Name;

    /// <summary>What the model is: names, input unit, parameters (units, defaults, ranges) and state variables.</summary>
    public ModelInfo Model { get; }

    /// <summary>The unit of the input current, from the model's equations: "pA" for point neurons, "uA/cm^2" for
    /// Hodgkin–Huxley; "" for a custom model.</summary>
    public string InputUnit => Model.InputUnit;

    /// <summary>The state variables in order; the first is the membrane potential for the built-in models.</summary>
    public IReadOnlyList<VariableInfo> Variables => Model.Variables;

    /// <summary>Every parameter's value, in its declared unit (see <see cref="ModelInfo.Parameters"/>), in declaration
    /// order; empty for a custom model, whose delegates hold their own parameters.</summary>
    public IReadOnlyDictionary<string, double> Parameters => backing.Parameters;

    /// <summary>
    /// The state at t = 0, each variable in its unit: the model's initial values for the current parameters (the
    /// resting state for Hodgkin–Huxley), except those set with <see cref="WithInitialValue"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The model has no resting state for these parameters.</exception>
    public IReadOnlyDictionary<string, double> InitialValues
    {
        get
        {
            var state = Errors.Translate(() => initialState.Value);
            return Model.Variables.Select((v, k) => (v.Name, Value: state[k])).ToDictionary(p => p.Name, p => p.Value);
        }
    }

    /// <summary>A copy with one parameter changed.</summary>
    /// <param name="name">The parameter's name as in the equations, for example "C" (see <see cref="ModelInfo.Parameters"/>).</param>
    /// <param name="value">The new value, in the parameter's declared unit.</param>
    /// <returns>The changed neuron; this one is unchanged.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The model has no parameter of this name, or the value is outside
    /// its range; <c>ParamName</c> is the parameter's name and the message gives the value, unit and valid range.</exception>
    /// <example><c>Neurons.ByName("lif").WithParameter("C", 250).Parameters["C"]</c> // evaluates to 250</example>
    public Neuron WithParameter(string name, double value)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new Neuron(backing.WithParameter(name, value), Model, initialOverrides);
    }

    /// <summary>A copy that starts with one state variable at the given value instead of the model's initial value.</summary>
    /// <param name="variable">A name from <see cref="Variables"/>, for example "V".</param>
    /// <param name="value">The value at t = 0, in the variable's unit.</param>
    /// <returns>The changed neuron; this one is unchanged.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Unknown variable, or a value that is not finite or outside the
    /// variable's physical bounds; <c>ParamName</c> is the variable's name.</exception>
    public Neuron WithInitialValue(string variable, double value)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var k = CheckInitialValue(variable, value);
        var overrides = (double?[])initialOverrides.Clone();
        overrides[k] = value;
        return new Neuron(backing, Model, overrides);
    }

    /// <summary>The variable's index; throws <see cref="ArgumentOutOfRangeException"/> (ParamName the variable) unless
    /// the model has it and the value can start it.</summary>
    internal int CheckInitialValue(string variable, double value)
    {
        var k = Model.Variables.Select(v => v.Name).ToList().IndexOf(variable);
        if (k < 0)
        {
            throw new ArgumentOutOfRangeException(variable, value,
                $"unknown variable '{variable}' of {Name}; expected one of: {string.Join(", ", Model.Variables.Select(v => v.Name))}");
        }
        backing.CheckInitialValue(k, variable, value);
        return k;
    }

    /// <summary>
    /// The methods (<see cref="Solvers.Names"/>) that can integrate this model, read from the compiled model:
    /// "exponential-euler" when it has a linearisation (every model from equations: the diagonal Jacobian is derived
    /// symbolically), "exact" when it has an exact flow (a linear model; it also needs a piecewise-constant input).
    /// </summary>
    public IReadOnlyList<string> SupportedMethods => backing.SupportedMethods;

    /// <summary>
    /// The model in the text form of the model language (docs/model-language.md), with this neuron's parameter values
    /// as the defaults; <see cref="Neurons.FromEquations"/> reads it back. Initial values set with
    /// <see cref="WithInitialValue"/> are not part of the text.
    /// </summary>
    /// <returns>The model text.</returns>
    /// <exception cref="InvalidOperationException">A custom model from delegates, which has no equations.</exception>
    /// <example><c>Neurons.ByName("lif").ToEquationsText().StartsWith("model")</c> // evaluates to true</example>
    public string ToEquationsText() => backing.EquationsText();

    /// <summary>
    /// A population of <paramref name="count"/> neurons of this model, each starting with this neuron's parameters and
    /// initial values; change them for the whole population or per neuron with the <see cref="NeuronDsl.CSharp.Population"/>
    /// methods, and run it with <see cref="Simulator.Run(NeuronDsl.CSharp.Population, PopulationOptions)"/>.
    /// </summary>
    /// <param name="count">Number of neurons, ≥ 1.</param>
    /// <returns>The population, with no input (zero current) and no recording besides spikes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> &lt; 1.</exception>
    /// <exception cref="InvalidOperationException">A custom model from delegates: populations are compiled from equations.</exception>
    /// <example><c>Neurons.ByName("lif").Population(1000).Count</c> // evaluates to 1000</example>
    public Population Population(int count)
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count = {count}; expected at least 1 neuron");
        }
        return new Population(this, backing.CreatePopulation(count, initialOverrides));
    }

    internal ISimulationTarget Target => Errors.Translate(() => target.Value);

    /// <summary>The core sweep with no axes over this neuron's model, parameters and initial values.</summary>
    internal global::NeuronDsl.Sweep SweepBase(CoreSolver solver, double duration)
    {
        var sweep = backing.SweepBase(solver, duration);
        for (var k = 0; k < initialOverrides.Length; k++)
        {
            if (initialOverrides[k] is { } value)
            {
                sweep = SweepModule.WithInitialValue(Model.Variables[k].Name, value, sweep);
            }
        }
        return sweep;
    }
}

/// <summary>The core model behind a <see cref="Neuron"/>, with its parameter values; hides the F# types.</summary>
internal abstract class NeuronBacking
{
    public abstract string Name { get; }

    public abstract IReadOnlyDictionary<string, double> Parameters { get; }

    /// <summary>A fresh array holding the model's initial state for the current parameters.</summary>
    public abstract double[] DefaultInitialState();

    public abstract NeuronBacking WithParameter(string name, double value);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless the value can start variable k.</summary>
    public virtual void CheckInitialValue(int k, string variable, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(variable, value, $"initial {variable} = {value}; expected a finite number");
        }
    }

    public abstract ISimulationTarget Target(double[] initialState);

    public abstract IReadOnlyList<string> SupportedMethods { get; }

    public abstract string EquationsText();

    /// <summary>The core population of <paramref name="count"/> neurons with these parameters (shared) and the
    /// initial values that are set.</summary>
    public abstract CorePopulation CreatePopulation(int count, double?[] initialOverrides);

    /// <summary>The core sweep with no axes over this model and these parameters.</summary>
    public abstract global::NeuronDsl.Sweep SweepBase(CoreSolver solver, double duration);

    /// <summary>The method names that apply to a compiled model, from what it provides.</summary>
    protected static IReadOnlyList<string> MethodsOf<TParameters, TState>(Model<TParameters, TState> model) =>
        Solvers.Names.Where(name => name switch
        {
            "exponential-euler" => model.Linearised is not null, // an F# None is null
            "exact" => model.Propagate is not null,
            _ => true,
        }).ToArray();
}

/// <summary>A model compiled from equations, with its parameter values.</summary>
internal sealed class EquationsBacking(Model<ParameterValues, double[]> model, ParameterValues values) : NeuronBacking
{
    public override string Name => model.Name;

    public override IReadOnlyDictionary<string, double> Parameters { get; } =
        values.Parameters.ToDictionary(p => p.Name, p => values[p.Name]);

    public override double[] DefaultInitialState() => model.InitialState.Invoke(values);

    public override NeuronBacking WithParameter(string name, double value)
    {
        ParameterValues changed;
        try
        {
            changed = CoreParameters.set(name, value, values);
        }
        catch (ArgumentException e) when (e.ParamName == "name")
        {
            throw new ArgumentOutOfRangeException(name, value, $"{Errors.MessageOf(e)} (model {model.Name})");
        }
        // Every other value was valid before, so the first value out of range is the one just set.
        Errors.Translate(() => { CoreParameters.validate(changed); return 0; });
        return new EquationsBacking(model, changed);
    }

    public override void CheckInitialValue(int k, string variable, double value)
    {
        base.CheckInitialValue(k, variable, value);
        var state = model.Equations.Value.States[k];
        if (!ValueRangeModule.contains(state.Bounds, value))
        {
            var unit = ModelInfos.UnitText(state.Unit) is { Length: > 0 } u ? " " + u : "";
            throw new ArgumentOutOfRangeException(variable, value,
                $"initial {variable} = {value.ToString("R", CultureInfo.InvariantCulture)}{unit}; expected {ValueRangeModule.describe(state.Bounds)}{unit}");
        }
    }

    public override ISimulationTarget Target(double[] initialState) =>
        new SimulationTarget<ParameterValues, double[]>(model, values, initialState);

    public override IReadOnlyList<string> SupportedMethods { get; } = MethodsOf(model);

    public override string EquationsText() =>
        ModelPrinter.print(EquationsModule.withDefaults(values, model.Equations.Value.Source));

    public override global::NeuronDsl.Sweep SweepBase(CoreSolver solver, double duration) =>
        SweepModule.WithParameters(values, SweepModule.Create(solver, duration, model));

    public override CorePopulation CreatePopulation(int count, double?[] initialOverrides)
    {
        var population = PopulationModule.create(model, count);
        foreach (var p in values.Parameters)
        {
            population = PopulationModule.withParameter(p.Name, Values.shared(values[p.Name]), population);
        }
        var states = model.Equations.Value.States;
        for (var k = 0; k < states.Length; k++)
        {
            if (initialOverrides[k] is { } value)
            {
                population = PopulationModule.withInitial(states[k].Name, Values.shared(value), population);
            }
        }
        return population;
    }
}

/// <summary>A model from C# delegates: its parameters live in the delegates.</summary>
internal sealed class CustomBacking(Model<Microsoft.FSharp.Core.Unit, double[]> model) : NeuronBacking
{
    public override string Name => model.Name;

    public override IReadOnlyDictionary<string, double> Parameters { get; } = new Dictionary<string, double>();

    public override double[] DefaultInitialState() => model.InitialState.Invoke(null!);

    public override NeuronBacking WithParameter(string name, double value) =>
        throw new ArgumentOutOfRangeException(name, value,
            $"unknown parameter '{name}': custom model {model.Name} has no parameters; its delegates hold them");

    public override ISimulationTarget Target(double[] initialState) =>
        new SimulationTarget<Microsoft.FSharp.Core.Unit, double[]>(model, null!, initialState);

    public override IReadOnlyList<string> SupportedMethods { get; } = MethodsOf(model);

    public override string EquationsText() =>
        throw new InvalidOperationException($"custom model {model.Name} is made of C# delegates and has no equations to print");

    public override global::NeuronDsl.Sweep SweepBase(CoreSolver solver, double duration) =>
        throw new InvalidOperationException(
            $"custom model {model.Name} is made of C# delegates; sweeps vary models compiled from equations (Neurons.ByName, Neurons.FromEquations)");

    public override CorePopulation CreatePopulation(int count, double?[] initialOverrides) =>
        throw new InvalidOperationException(
            $"custom model {model.Name} is made of C# delegates; populations run models compiled from equations (Neurons.ByName, Neurons.FromEquations)");
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
