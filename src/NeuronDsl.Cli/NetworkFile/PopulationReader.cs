using System.Text.Json.Nodes;
using NeuronDsl.CSharp;

namespace NeuronDsl.Cli;

using Population = NeuronDsl.CSharp.Population;

/// <summary>Reads [[population]] tables: name, model (a built-in name) or model_file (relative to the network file),
/// count, preset, params, init and input.</summary>
internal static class PopulationReader
{
    /// <summary>Most neurons in one population (one .NET array per state column).</summary>
    public const int MaxCount = int.MaxValue / 2;

    public static List<PopulationSpec> ReadAll(IReadOnlyList<TomlSection> tables, string file, uint seed)
    {
        var result = new List<PopulationSpec>();
        var first = 0L;
        foreach (var table in tables)
        {
            var spec = Read(table, file, seed, (int)Math.Min(first, int.MaxValue));
            first += spec.Population.Count;
            result.Add(spec);
        }
        return result;
    }

    private static PopulationSpec Read(TomlSection table, string file, uint seed, int first)
    {
        var name = table.String("name", "a name for the population, e.g. \"excitatory\"")!;
        var neuron = ReadNeuron(table, file);
        var count = (int)table.Integer("count", 1, MaxCount, $"a whole number of neurons from 1 to {MaxCount}")!.Value;
        var node = new JsonObject { ["count"] = count };
        var population = neuron.Population(count);
        var declared = neuron.Model.Parameters;
        const string valueForms = "\"VALUE UNIT\" or a spread \"FIRST..LAST\"";
        foreach (var (parameter, text, _) in table.Strings("params", $"a table of parameter = {valueForms}"))
        {
            var unit = Known(table, "params", parameter, declared.Select(p => p.Name), "parameter", neuron)
                ? declared.Single(p => p.Name == parameter).Unit : "";
            population = table.Within($"params.{parameter}", () => Quantities.IsRange(text)
                ? Checked(() => { var (a, b) = Quantities.ParseRange(text, unit, ""); return population.WithParameterSpread(parameter, a, b); })
                : Checked(() => population.WithParameter(parameter, Quantities.Parse(text, unit, ""))));
            node[$"params.{parameter}"] = text;
        }
        const string initForms = $"\"VALUE UNIT\" or a draw: {Draws.Forms}";
        var variables = neuron.Variables;
        foreach (var (variable, text, _) in table.Strings("init", $"a table of variable = {initForms}"))
        {
            Known(table, "init", variable, variables.Select(v => v.Name), "state variable", neuron);
            var index = variables.ToList().FindIndex(v => v.Name == variable);
            var unit = variables[index].Unit;
            population = table.Within($"init.{variable}", () => Draws.IsDraw(text)
                ? Checked(() => population.WithInitialValues(variable, Draws.PerNeuron(Draws.Parse(text, unit), seed, first, count, index)))
                : Checked(() => population.WithInitialValue(variable, Quantities.Parse(text, unit, ""))));
            node[$"init.{variable}"] = text;
        }
        population = NoiseInputReader.Read(table, population, node);
        table.RefuseUnknownKeys();
        node["model"] = Outputs.Model(neuron);
        node["note"] = "model.parameters and model.initial_values are the model's; params.* and init.* above replace them";
        return new PopulationSpec(name, neuron, population, node);
    }

    /// <summary>The built-in model (with its preset) or the model file, exactly one of them.</summary>
    internal static Neuron ReadNeuron(TomlSection table, string file)
    {
        var model = table.String("model", "a built-in model name", required: false);
        var modelFile = table.String("model_file", "the path of a model file", required: false);
        var preset = table.String("preset", "a preset of the model", required: false);
        if ((model is null) == (modelFile is null))
        {
            throw table.Error($"give model (a built-in model: {string.Join(", ", Neurons.Aliases)}) or model_file, exactly one");
        }
        if (model is not null)
        {
            if (!Neurons.Aliases.Concat(Neurons.Names).Contains(model, StringComparer.OrdinalIgnoreCase))
            {
                throw table.Error("model", model, $"a built-in model: {string.Join(", ", Neurons.Aliases)}");
            }
            try
            {
                return preset is null ? Neurons.ByName(model) : Neurons.ByName(model, preset);
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw table.Error("preset", preset, Messages.OneLine(e));
            }
        }
        if (preset is not null) throw table.Error("preset", preset, "no preset with model_file: presets belong to the built-in models");
        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, modelFile!);
        return table.Within("model_file", () => ModelFiles.Load(path));
    }

    private static bool Known(TomlSection table, string key, string name, IEnumerable<string> names, string what, Neuron neuron)
    {
        var list = names.ToList();
        if (!list.Contains(name)) throw table.Error($"{key}.{name}", null, $"a {what} of {neuron.Model.Name}: {string.Join(", ", list)}");
        return true;
    }

    /// <summary>A value the population refuses is a usage error.</summary>
    private static Population Checked(Func<Population> step)
    {
        try
        {
            return step();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new UsageException(Messages.OneLine(e));
        }
    }
}
