using System.Text.Json.Nodes;
using NeuronDsl;

namespace NeuronDsl.Cli;

/// <summary>
/// Reads [[projection]] tables: from, to, variable (a state of the target's model), connector (one_to_one,
/// all_to_all, probability with p, in_degree or out_degree with k; autapses and multapses as booleans), weight (in the
/// variable's unit) and delay (ms), each a quantity or a distribution (<see cref="Draws"/>). The connector and the
/// values are checked by the core's own rules (<c>Connector.validate</c>, <c>SynapseValues.validate</c>), with the
/// message placed at the key.
/// </summary>
internal static class ProjectionReader
{
    private const string Connectors = "one_to_one, all_to_all, probability, in_degree or out_degree";

    public static List<ProjectionSpec> ReadAll(IReadOnlyList<TomlSection> tables, IReadOnlyList<PopulationSpec> populations,
        IReadOnlyList<SourceSpec> sources, double dt) =>
        tables.Select(t => Read(t, populations, sources, dt)).ToList();

    private static ProjectionSpec Read(TomlSection table, IReadOnlyList<PopulationSpec> populations,
        IReadOnlyList<SourceSpec> sources, double dt)
    {
        var groups = populations.Select(p => (p.Name, p.Population.Count)).Concat(sources.Select(s => (s.Name, s.Count))).ToList();
        var from = table.String("from", "the name of a population or source")!;
        var presynaptic = groups.FirstOrDefault(g => g.Name == from);
        if (presynaptic.Name is null) throw table.Error("from", from, $"a group of the file: {string.Join(", ", groups.Select(g => g.Name))}");
        var to = table.String("to", "the name of a population")!;
        var target = populations.FirstOrDefault(p => p.Name == to)
            ?? throw table.Error("to", to, $"a population of the file: {string.Join(", ", populations.Select(p => p.Name))}");
        var variables = target.Neuron.Variables;
        var variable = table.String("variable", "a state variable of the target's model")!;
        var declared = variables.FirstOrDefault(v => v.Name == variable)
            ?? throw table.Error("variable", variable, $"a state variable of {target.Neuron.Model.Name}: {string.Join(", ", variables.Select(v => v.Name))}");
        var connector = ReadConnector(table, from == to);
        Core(table, "connector", () => ConnectorModule.validate(presynaptic.Count, target.Population.Count, connector));
        var weights = ReadValues(table, "weight", declared.Unit, $"a weight in {declared.Unit}, e.g. \"1 {declared.Unit}\"");
        var delays = ReadValues(table, "delay", Quantities.Milliseconds, "a delay, e.g. \"1.5 ms\"");
        Core(table, "delay", () => SynapseValuesModule.validateNonNegative("delay", delays));
        if (!NetworkDelay.fits(dt, ShortestDelay(delays)))
        {
            throw table.Error("delay", table.String("delay", ""), $"delays >= the step dt = {Quantities.Format(dt)} ms (a spike arrives one step later at the earliest)");
        }
        table.RefuseUnknownKeys();
        var node = new JsonObject
        {
            ["from"] = from, ["to"] = to, ["variable"] = variable, ["connector"] = connector.ToString(),
            ["weight"] = table.String("weight", ""), ["weight_unit"] = declared.Unit, ["delay"] = table.String("delay", ""),
        };
        return new ProjectionSpec(from, to, variable, connector, weights, delays, node);
    }

    private static Connector ReadConnector(TomlSection table, bool ontoItself)
    {
        var kind = table.String("connector", $"one of {Connectors}")!;
        // Autapses: excluded by default on a population onto itself (as in NEST); meaningless otherwise.
        var autapses = table.Boolean("autapses", "true or false", required: false) ?? !ontoItself ? Autapses.Allowed : Autapses.Excluded;
        var multapses = table.Boolean("multapses", "true or false", required: false) ?? true ? Multapses.Allowed : Multapses.Excluded;
        return kind switch
        {
            "one_to_one" => Connector.OneToOne,
            "all_to_all" => Connector.NewAllToAll(autapses),
            "probability" => Connector.NewFixedProbability(table.Number("p", "a probability in [0, 1]")!.Value, autapses),
            "in_degree" => Connector.NewFixedInDegree(Degree(table), autapses, multapses),
            "out_degree" => Connector.NewFixedOutDegree(Degree(table), autapses, multapses),
            _ => throw table.Error("connector", kind, $"one of {Connectors}"),
        };
    }

    private static int Degree(TomlSection table) =>
        (int)table.Integer("k", 0, int.MaxValue, "a whole number of synapses per neuron >= 0")!.Value;

    private static SynapseValues ReadValues(TomlSection table, string key, string unit, string expected)
    {
        var text = table.String(key, $"{expected}, or a distribution: {Draws.Forms}")!;
        var values = table.Within(key, () => Draws.IsDraw(text)
            ? Draws.Parse(text, unit)
            : SynapseValues.NewConstant(Quantities.Parse(text, unit, "")));
        Core(table, key, () => SynapseValuesModule.validate(key, values));
        return values;
    }

    /// <summary>The smallest delay the values can take: the constant or the lower bound (after validateNonNegative).</summary>
    private static double ShortestDelay(SynapseValues delays) => delays switch
    {
        SynapseValues.Constant c => c.Value,
        SynapseValues.Uniform u => u.Low,
        SynapseValues.ClippedNormal c => c.Low,
        SynapseValues.TruncatedNormal t => t.Low,
        _ => 0,
    };

    private static object? Show(TomlSection table, string key) =>
        key == "p" ? table.Number("p", "") : table.String(key, "");

    /// <summary>Runs a check of the core; its ArgumentException becomes an error at the key.</summary>
    private static void Core(TomlSection table, string key, Action check)
    {
        try
        {
            check();
        }
        catch (ArgumentException e)
        {
            key = e.ParamName == "probability" && table.Has("p") ? "p" : key;
            throw table.Error(key, table.Has(key) ? Show(table, key) : null, Messages.OneLine(e));
        }
    }
}
