using CoreCatalogue = NeuronDsl.Models.Catalogue;
using CoreParameters = NeuronDsl.Parameters;

namespace NeuronDsl.CSharp;

/// <summary>A state variable of a custom model.</summary>
/// <param name="Name">Name, as used in <see cref="SimulationOptions.RecordVariables"/>.</param>
/// <param name="Unit">Unit of its values ("" when dimensionless).</param>
/// <param name="InitialValue">Value at t = 0, in that unit.</param>
public sealed record StateVariable(string Name, string Unit, double InitialValue);

/// <summary>Writes the rate of change of each state variable (its unit per ms) into <paramref name="rates"/>.</summary>
/// <param name="state">The current state, in the order of the model's variables.</param>
/// <param name="input">The input current at this time.</param>
/// <param name="rates">Where to write dState/dt.</param>
public delegate void DerivativeFunction(ReadOnlySpan<double> state, double input, Span<double> rates);

/// <summary>A spike happens where this function crosses zero upward, for example <c>s => s[0] - threshold</c>.</summary>
/// <param name="state">The state.</param>
public delegate double SpikeFunction(ReadOnlySpan<double> state);

/// <summary>Changes the state in place right after a spike, for example <c>s => s[0] = reset</c>.</summary>
/// <param name="state">The state at the spike, to modify.</param>
public delegate void ResetFunction(Span<double> state);

/// <summary>
/// The built-in models, read from their equations (names, parameters with units, defaults and ranges, input unit),
/// models written as text in the model language, and custom models from delegates.
/// </summary>
public static class Neurons
{
    // A model's information is read from its equations the first time it is asked for, so finding one model by name
    // (or listing the names) does not build every model.
    private static readonly (NeuronDsl.Models.CatalogueEntry Entry, Lazy<ModelInfo> Info)[] Entries =
        CoreCatalogue.all.Select(e => (e, new Lazy<ModelInfo>(() => ModelInfos.FromCatalogue(e)))).ToArray();

    /// <summary>The built-in models' full names, for example "leaky-integrate-and-fire"; <see cref="Aliases"/> has
    /// their short names, in the same order.</summary>
    public static IReadOnlyList<string> Names { get; } = Entries.Select(e => e.Entry.Name).ToArray();

    /// <summary>The built-in models' short names, for example "lif", in the order of <see cref="Names"/>.</summary>
    public static IReadOnlyList<string> Aliases { get; } = Entries.Select(e => e.Entry.Alias).ToArray();

    /// <summary>Every built-in model: names, description, citation, input unit, parameters (unit, default, range,
    /// meaning) and state variables, as its equations declare them.</summary>
    public static IReadOnlyList<ModelInfo> Catalogue => Entries.Select(e => e.Info.Value).ToArray();

    /// <summary>A built-in model with its published default parameters, starting at its initial state.</summary>
    /// <param name="name">A full name from <see cref="Names"/> or an alias ("if", "lif", "hh"), case-insensitive.</param>
    /// <exception cref="ArgumentOutOfRangeException">Unknown name (ParamName "name"); the message lists the valid ones.</exception>
    /// <example><c>Neurons.ByName("lif").Parameters["C"]</c> // evaluates to 200 (pF)</example>
    public static Neuron ByName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var entry = Errors.Translate(() => CoreCatalogue.find(name));
        var info = Entries.First(e => ReferenceEquals(e.Entry, entry)).Info.Value;
        return new Neuron(new EquationsBacking(entry.Model, CoreParameters.defaults(entry.Equations)), info);
    }

    /// <summary>A built-in model with the parameters of one of its presets (published variants, listed in
    /// <see cref="ModelInfo.Presets"/>): its defaults with the preset's changes, starting at its initial state.</summary>
    /// <param name="name">A full name from <see cref="Names"/> or an alias, case-insensitive.</param>
    /// <param name="preset">A preset name from <see cref="ModelInfo.Presets"/>, case-insensitive.</param>
    /// <exception cref="ArgumentOutOfRangeException">Unknown model (ParamName "name") or preset (ParamName "preset");
    /// the message lists the valid ones.</exception>
    /// <example><c>Neurons.ByName("iaf-psc-exp", "PD14").Parameters["tau_syn"]</c> // evaluates to 0.5 (ms)</example>
    public static Neuron ByName(string name, string preset)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(preset);
        var entry = Errors.Translate(() => CoreCatalogue.find(name));
        var info = Entries.First(e => ReferenceEquals(e.Entry, entry)).Info.Value;
        var values = Errors.Translate(() =>
        {
            var v = CoreCatalogue.preset(preset, entry);
            CoreParameters.validate(v);
            return v;
        });
        return new Neuron(new EquationsBacking(entry.Model, values), info);
    }

    /// <summary>
    /// A model written as text in the model language (docs/model-language.md), parsed, unit-checked and compiled, with
    /// the defaults its text declares. It is the same kind of <see cref="Neuron"/> as the built-in models: parameters
    /// by name with <see cref="Neuron.WithParameter"/>, initial values with <see cref="Neuron.WithInitialValue"/>, and
    /// <see cref="Neuron.Model"/> read from the equations.
    /// </summary>
    /// <param name="text">The model text.</param>
    /// <returns>The neuron, with <see cref="ModelInfo.Name"/> the name after <c>model</c> and no alias.</returns>
    /// <exception cref="ModelTextErrorException">The text does not parse or does not check; <c>Errors</c> gives each
    /// error's line, column, kind and message.</exception>
    /// <example><c>Neurons.FromEquations("model \"decay\"\nstate x : 1 = 1\ndx/dt = -x / ms").Model.Name</c> // evaluates to "decay"</example>
    public static Neuron FromEquations(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return FromParsed(EquationsModule.parse(text));
    }

    /// <summary>
    /// A model read from a text file in the model language, as <see cref="FromEquations"/>. The file must be UTF-8
    /// text; errors carry its path as <see cref="ModelTextError.File"/>.
    /// </summary>
    /// <param name="path">Path of the model file.</param>
    /// <returns>The neuron.</returns>
    /// <exception cref="ModelTextErrorException">The file is empty, binary (not UTF-8 text, or control characters), or
    /// its model does not parse or does not check.</exception>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>, or a directory.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static Neuron FromEquationsFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' is a directory, not a model file", path);
        }
        var bytes = File.ReadAllBytes(path);
        return FromParsed(EquationsModule.parseBytes(path, bytes));
    }

    private static Neuron FromParsed(
        Microsoft.FSharp.Core.FSharpResult<Equations, Microsoft.FSharp.Collections.FSharpList<ParseError>> result)
    {
        if (result.IsError) throw new ModelTextErrorException(result.ErrorValue);
        // The text checked already; checking again gives the checked form the compiler takes.
        var checkedEquations = EquationsModule.checkOrThrow(result.ResultValue);
        var model = EquationsModule.compileChecked(checkedEquations);
        var info = ModelInfos.FromEquations(checkedEquations.Source.Name, "", checkedEquations);
        return new Neuron(new EquationsBacking(model, CoreParameters.defaults(checkedEquations)), info);
    }

    /// <summary>A custom model that never spikes (a plain ODE system driven by the input).</summary>
    /// <param name="name">Model name.</param>
    /// <param name="variables">State variables with their initial values, at least one.</param>
    /// <param name="derivative">dState/dt.</param>
    public static Neuron Custom(string name, IEnumerable<StateVariable> variables, DerivativeFunction derivative) =>
        CreateCustom(name, variables, derivative, null, null, 0.0, []);

    /// <summary>A custom model that spikes where <paramref name="spike"/> crosses zero upward, then resets.</summary>
    /// <param name="name">Model name.</param>
    /// <param name="variables">State variables with their initial values, at least one.</param>
    /// <param name="derivative">dState/dt.</param>
    /// <param name="spike">Spike event function.</param>
    /// <param name="reset">Changes the state right after a spike.</param>
    public static Neuron Custom(string name, IEnumerable<StateVariable> variables, DerivativeFunction derivative,
        SpikeFunction spike, ResetFunction reset)
    {
        ArgumentNullException.ThrowIfNull(spike);
        ArgumentNullException.ThrowIfNull(reset);
        return CreateCustom(name, variables, derivative, spike, reset, 0.0, []);
    }

    /// <summary>A custom spiking model with an absolute refractory period.</summary>
    /// <param name="name">Model name.</param>
    /// <param name="variables">State variables with their initial values, at least one.</param>
    /// <param name="derivative">dState/dt.</param>
    /// <param name="spike">Spike event function.</param>
    /// <param name="reset">Changes the state right after a spike.</param>
    /// <param name="refractory">Refractory period in ms, ≥ 0.</param>
    /// <param name="clampedVariables">Names of the variables held constant during the refractory period.</param>
    public static Neuron Custom(string name, IEnumerable<StateVariable> variables, DerivativeFunction derivative,
        SpikeFunction spike, ResetFunction reset, double refractory, IEnumerable<string> clampedVariables)
    {
        ArgumentNullException.ThrowIfNull(spike);
        ArgumentNullException.ThrowIfNull(reset);
        ArgumentNullException.ThrowIfNull(clampedVariables);
        return CreateCustom(name, variables, derivative, spike, reset, refractory, clampedVariables);
    }

    private static Neuron CreateCustom(string name, IEnumerable<StateVariable> variables, DerivativeFunction derivative,
        SpikeFunction? spike, ResetFunction? reset, double refractory, IEnumerable<string> clampedVariables)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(derivative);
        var list = variables.ToArray();
        foreach (var v in list)
        {
            ArgumentNullException.ThrowIfNull(v, nameof(variables));
            if (!double.IsFinite(v.InitialValue))
            {
                throw new ArgumentOutOfRangeException(nameof(variables), v.InitialValue,
                    $"initial value of {v.Name} = {v.InitialValue}; expected a finite number");
            }
        }
        var names = list.Select(v => v.Name).ToArray();
        var clamped = clampedVariables.Select(c =>
        {
            var k = Array.IndexOf(names, c);
            return k >= 0
                ? k
                : throw new ArgumentOutOfRangeException(nameof(clampedVariables), c,
                    $"unknown variable '{c}'; expected one of: {string.Join(", ", names)}");
        }).ToArray();
        var model = Errors.Translate(() => Interop.CustomModel(name, names, list.Select(v => v.Unit ?? "").ToArray(),
            list.Select(v => v.InitialValue).ToArray(),
            new VectorDerivative(derivative.Invoke),
            spike is null ? null : new VectorSpikeFunction(spike.Invoke),
            reset is null ? null : new VectorReset(reset.Invoke),
            refractory, clamped));
        var info = new ModelInfo(name, "", "", "", "", [],
            list.Select(v => new VariableInfo(v.Name, v.Unit ?? "", v.Name)).ToArray());
        return new Neuron(new CustomBacking(model), info);
    }
}
