using System.Text.Json.Nodes;
using NeuronDsl.CSharp;

namespace NeuronDsl.Cli;

using Population = NeuronDsl.CSharp.Population;

/// <summary>Reads a population's <c>input</c> table: a noise current per neuron, drawn from the network's seed.
/// <c>{ kind = "ou", mean = "VALUE UNIT", sigma = "VALUE UNIT", tau = "VALUE ms" }</c> is an Ornstein–Uhlenbeck
/// current (sigma its stationary standard deviation); <c>{ kind = "white", mean = "VALUE UNIT", sigma = "VALUE
/// UNIT*sqrt(ms)" }</c> is white noise (variance sigma²/dt per step).</summary>
internal static class NoiseInputReader
{
    private const string Kinds = "\"ou\" (Ornstein–Uhlenbeck) or \"white\"";

    /// <summary>The population with the table's input, or unchanged when the table has none.</summary>
    public static Population Read(TomlSection population, Population target, JsonObject node)
    {
        var table = population.SubTable("input", $"a table {{ kind = {Kinds}, mean, sigma[, tau] }}");
        if (table is null) return target;
        var unit = target.InputUnit;
        var kind = table.String("kind", Kinds)!;
        var mean = table.Quantity("mean", unit, $"a current \"VALUE {unit}\"")!.Value;
        var result = kind switch
        {
            "ou" => Checked(table, () => target.WithOrnsteinUhlenbeck(mean,
                table.Quantity("sigma", unit, $"a standard deviation \"VALUE {unit}\"")!.Value,
                table.Quantity("tau", "ms", "a correlation time \"VALUE ms\"")!.Value)),
            "white" => Checked(table, () => target.WithWhiteNoise(mean, WhiteSigma(table, unit))),
            _ => throw table.Error("kind", kind, Kinds),
        };
        table.RefuseUnknownKeys();
        foreach (var key in new[] { "kind", "mean", "sigma", "tau" }.Where(table.Has))
        {
            node[$"input.{key}"] = table.String(key, "")!;
        }
        return result;
    }

    /// <summary>White noise's sigma, "VALUE UNIT*sqrt(ms)", in the input unit · √ms.</summary>
    private static double WhiteSigma(TomlSection table, string unit)
    {
        var expected = $"an intensity \"VALUE {unit}*sqrt(ms)\"";
        var text = table.String("sigma", expected)!;
        var quantity = NoiseSpec.QuantityTimesSqrtMilliseconds(text) ?? throw table.Error("sigma", text, expected);
        return table.Within("sigma", () => Quantities.Parse(quantity, unit, ""));
    }

    /// <summary>A value the core refuses is reported at its key, with the core's message.</summary>
    private static Population Checked(TomlSection table, Func<Population> build)
    {
        try
        {
            return build();
        }
        catch (ArgumentOutOfRangeException e)
        {
            var key = e.ParamName == "tauMs" ? "tau" : e.ParamName ?? "input";
            throw new UsageException($"{table.File}:{table.LineOf(key)}: {table.Name} {key}: {Messages.OneLine(e)}");
        }
    }
}
