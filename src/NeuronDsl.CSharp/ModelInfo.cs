using System.Globalization;

namespace NeuronDsl.CSharp;

/// <summary>One parameter of a model, as its equations declare it.</summary>
/// <param name="Name">The symbol used in the equations, for example "C" or "g_Na"; pass it to <see cref="Neuron.WithParameter"/>.</param>
/// <param name="Unit">Unit of its value, for example "pF" or "mS/cm^2"; "" for a pure number.</param>
/// <param name="Default">Published default value, in <paramref name="Unit"/>.</param>
/// <param name="Range">Valid values in <paramref name="Unit"/>, for example "&gt; 0", "&gt;= 0", "[0, 1]" or "any".</param>
/// <param name="Meaning">One line saying what it is.</param>
/// <param name="Citation">Where the default comes from; "" when the model's citation covers it.</param>
public sealed record ParameterInfo(string Name, string Unit, double Default, string Range, string Meaning, string Citation);

/// <summary>One state variable of a model.</summary>
/// <param name="Name">Name, as used in <see cref="SimulationOptions.RecordVariables"/> and <see cref="Neuron.WithInitialValue"/>.</param>
/// <param name="Unit">Unit of its values, for example "mV"; "" for a pure number.</param>
/// <param name="Meaning">One line saying what it is.</param>
public sealed record VariableInfo(string Name, string Unit, string Meaning);

/// <summary>A named parameter set of a built-in model (a published variant), for example "PD14".</summary>
/// <param name="Name">Short name, as passed to <see cref="Neurons.ByName(string, string)"/> and the CLI's --preset.</param>
/// <param name="Description">What it is and where it comes from, one line.</param>
/// <param name="Values">The parameters it changes from the model's defaults, by name, each in its declared unit.</param>
public sealed record PresetInfo(string Name, string Description, IReadOnlyDictionary<string, double> Values);

/// <summary>What a model is, read from its equations: names, input unit, parameters and state variables.</summary>
/// <param name="Name">Name as on the command line, for example "leaky-integrate-and-fire".</param>
/// <param name="Alias">Short name, for example "lif"; "" for a model outside the catalogue.</param>
/// <param name="Description">One or two lines saying what the model is.</param>
/// <param name="Citation">The paper or book the model and its defaults come from.</param>
/// <param name="InputUnit">Unit of the input current, for example "pA" or "uA/cm^2".</param>
/// <param name="Parameters">Every parameter, in declaration order.</param>
/// <param name="Variables">Every state variable, in the order the solvers store them.</param>
public sealed record ModelInfo(string Name, string Alias, string Description, string Citation, string InputUnit,
    IReadOnlyList<ParameterInfo> Parameters, IReadOnlyList<VariableInfo> Variables)
{
    /// <summary>The input's name in the equations, for example "I"; "" when the model declares no input.</summary>
    public string InputName { get; init; } = "";

    /// <summary>Named parameter sets (published variants), in the order they are listed; empty for most models and
    /// for models outside the catalogue.</summary>
    public IReadOnlyList<PresetInfo> Presets { get; init; } = [];
}

/// <summary>Reads <see cref="ModelInfo"/> from checked equations.</summary>
internal static class ModelInfos
{
    /// <summary>A unit as the facade shows it: "" for a pure number, otherwise as the equations write it.</summary>
    public static string UnitText(PhysicalUnit unit) => unit.Equals(PhysicalUnitModule.one) ? "" : unit.ToString();

    /// <summary>"&gt; 0", "&gt;= 0", "&lt;= 1", "[0, 1]", "(0, 1]" or "any".</summary>
    public static string RangeText(ValueRange range)
    {
        static string Number(double x) => x.ToString("R", CultureInfo.InvariantCulture);
        var lo = range.Minimum?.Value;
        var hi = range.Maximum?.Value;
        return (lo, hi) switch
        {
            (null, null) => "any",
            ({ } l, null) => $"{(range.MinimumInclusive ? ">=" : ">")} {Number(l)}",
            (null, { } h) => $"{(range.MaximumInclusive ? "<=" : "<")} {Number(h)}",
            ({ } l, { } h) => $"{(range.MinimumInclusive ? "[" : "(")}{Number(l)}, {Number(h)}{(range.MaximumInclusive ? "]" : ")")}",
        };
    }

    public static ModelInfo FromEquations(string name, string alias, CheckedEquations equations) =>
        new(name, alias, equations.Source.Description, equations.Source.Citation,
            equations.Input is { } input ? UnitText(input.Value.Unit) : "",
            equations.Parameters.Select(p =>
                new ParameterInfo(p.Name, UnitText(p.Unit), p.Default, RangeText(p.Range), p.Description, p.Citation)).ToArray(),
            equations.States.Select(s => new VariableInfo(s.Name, UnitText(s.Unit), s.Description)).ToArray())
        {
            InputName = equations.Input is { } named ? named.Value.Name : "",
        };

    public static ModelInfo FromCatalogue(NeuronDsl.Models.CatalogueEntry entry) =>
        FromEquations(entry.Name, entry.Alias, entry.Equations) with
        {
            Presets = entry.Presets.Select(p => new PresetInfo(p.Name, p.Description,
                p.Values.ToDictionary(v => v.Item1, v => v.Item2).AsReadOnly())).ToArray(),
        };
}
