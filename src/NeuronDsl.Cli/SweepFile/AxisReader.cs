using System.Text.Json.Nodes;
using NeuronDsl.CSharp;
using Tomlyn.Model;

namespace NeuronDsl.Cli;

using Sweep = NeuronDsl.CSharp.Sweep;
using SweepInput = NeuronDsl.CSharp.SweepInput;
using SweepRow = NeuronDsl.CSharp.SweepRow;
using SweepValues = NeuronDsl.CSharp.SweepValues;

/// <summary>Reads [[axis]] tables: vary (a parameter's name, "input", "init.VAR" or "seed") and either values or
/// from, to, count and scale (linear or log). Values are "VALUE UNIT" strings or numbers in the target's unit.</summary>
internal static class AxisReader
{
    private const string ValueForm = "a number in the unit of what the axis varies, or \"VALUE UNIT\"";

    /// <summary>The sweep with one axis per table, in file order (the first varies slowest).</summary>
    public static Sweep ReadAll(IReadOnlyList<TomlSection> tables, Neuron neuron, Sweep sweep, JsonArray nodes)
    {
        foreach (var table in tables)
        {
            var (axis, node) = Read(table, neuron, sweep);
            sweep = axis;
            nodes.Add(node);
        }
        return sweep;
    }

    private static (Sweep, JsonObject) Read(TomlSection table, Neuron neuron, Sweep sweep)
    {
        var parameters = neuron.Model.Parameters.Select(p => p.Name).ToList();
        var variables = neuron.Variables.Select(v => v.Name).ToList();
        var known = $"a parameter of {neuron.Model.Name} ({string.Join(", ", parameters)}), \"input\", \"init.VAR\" with VAR one of {string.Join(", ", variables)}, or \"seed\"";
        var vary = table.String("vary", known)!;
        var unit = vary switch
        {
            "input" => neuron.InputUnit,
            "seed" => "",
            _ when vary.StartsWith("init.", StringComparison.Ordinal) && variables.Contains(vary[5..]) =>
                neuron.Variables.Single(v => v.Name == vary[5..]).Unit,
            _ when parameters.Contains(vary) => neuron.Model.Parameters.Single(p => p.Name == vary).Unit,
            _ => throw table.Error("vary", vary, known),
        };
        var values = ReadValues(table, unit, vary == "seed");
        table.RefuseUnknownKeys();
        var axis = vary switch
        {
            "input" => sweep.WithInputAxis(values),
            "seed" => sweep.WithSeedAxis(values),
            _ when vary.StartsWith("init.", StringComparison.Ordinal) => sweep.WithInitialValueAxis(vary[5..], values),
            _ => sweep.WithParameterAxis(vary, values),
        };
        var node = new JsonObject { ["vary"] = vary, ["unit"] = unit, ["count"] = values.Count };
        node["values"] = new JsonArray(Enumerable.Range(0, Math.Min(values.Count, 1000)).Select(k => Outputs.Number(values[k])).ToArray());
        return (axis, node);
    }

    /// <summary>values = [...] or from, to, count and scale, in <paramref name="unit"/>; whole numbers from 0 to
    /// 4294967295 when <paramref name="seed"/>.</summary>
    internal static SweepValues ReadValues(TomlSection table, string unit, bool seed)
    {
        var form = seed ? "whole numbers from 0 to 4294967295" : ValueForm;
        if (table.Has("values"))
        {
            foreach (var key in new[] { "from", "to", "count", "scale" })
            {
                if (table.Has(key)) throw table.Error(key, null, "either values or from, to and count, not both");
            }
            var array = table.Array("values", $"a list of {form}")!;
            if (array.Count == 0) throw table.Error("values", array, $"at least one value: {form}");
            return SweepValues.List(array.Select(v => Value(table, "values", v, unit, seed)).ToArray());
        }
        var from = Value(table, "from", table.Raw("from", $"values = [...] or from = {form}"), unit, seed);
        var to = Value(table, "to", table.Raw("to", form), unit, seed);
        var count = (int)table.Integer("count", 1, int.MaxValue, "a whole number of values >= 1")!.Value;
        var scale = table.String("scale", "\"linear\" or \"log\"", required: false) ?? "linear";
        if (seed && scale != "linear") throw table.Error("scale", scale, "\"linear\" for seeds");
        if (seed && count > 1 && (to - from) % (count - 1) != 0) throw table.Error("count", count, $"a count that divides to - from = {to - from} into whole steps");
        return scale switch
        {
            "linear" => SweepValues.Linear(from, to, count),
            "log" when from > 0 && to > 0 => SweepValues.Logarithmic(from, to, count),
            "log" => throw table.Error("from", from, "from and to > 0 for a log scale"),
            _ => throw table.Error("scale", scale, "\"linear\" or \"log\""),
        };
    }

    private static double Value(TomlSection table, string key, object? value, string unit, bool seed) => value switch
    {
        long n when !seed || n is >= 0 and <= uint.MaxValue => n,
        double d when !seed && double.IsFinite(d) => d,
        string s when !seed => table.Within(key, () => Quantities.Parse(s, unit, "")),
        _ => throw table.Error(key, value, seed ? "whole numbers from 0 to 4294967295" : ValueForm),
    };
}
