using System.Text.Json.Nodes;
using NeuronDsl.CSharp;

namespace NeuronDsl.Cli;

using Solver = NeuronDsl.CSharp.Solver;

/// <summary>
/// Reads a network file (TOML; docs/network-file.md): [network], [[population]], [[poisson]], [[spikes]],
/// [[projection]] and [output]. Each section is read by its own reader; unknown keys and sections are errors.
/// </summary>
internal static class NetworkFileReader
{
    /// <summary>Reads and checks a network file.</summary>
    /// <exception cref="UsageException">No such file, not TOML, or any value out of place: one line naming the file,
    /// line, section, key, value and what was expected.</exception>
    public static NetworkSpec Read(string path)
    {
        if (Directory.Exists(path)) throw new UsageException($"{path}: is a directory; expected a network file");
        if (!File.Exists(path)) throw new UsageException($"{path}: no such network file");
        return Read(path, File.ReadAllText(path));
    }

    /// <summary>Reads and checks a network file's text; <paramref name="path"/> names it in messages and locates
    /// model_file.</summary>
    /// <exception cref="UsageException">Any value out of place, as <see cref="Read(string)"/>.</exception>
    public static NetworkSpec Read(string path, string text)
    {
        var root = TomlSection.Parse(path, text);
        var network = root.Table("network", required: true)!;
        var seed = (uint)network.Integer("seed", 0, uint.MaxValue, $"a whole number from 0 to {uint.MaxValue}")!.Value;
        var duration = network.Quantity("duration", Quantities.Milliseconds, "a time > 0, e.g. \"1 s\"")!.Value;
        if (!(duration > 0) || !double.IsFinite(duration)) throw network.Error("duration", network.String("duration", ""), "a finite time > 0");
        var (solver, solverNode) = ReadSolver(network);
        var delivery = ReadDelivery(network);
        network.RefuseUnknownKeys();

        var populations = PopulationReader.ReadAll(root.Tables("population"), path, seed);
        var sources = SourceReader.ReadPoisson(root.Tables("poisson"))
            .Concat(SourceReader.ReadSpikes(root.Tables("spikes"))).ToList();
        if (populations.Count == 0) throw root.Error("no [[population]]; expected at least one population to simulate");
        RefuseDuplicateNames(root, populations.Select(p => p.Name).Concat(sources.Select(s => s.Name)));
        var projections = ProjectionReader.ReadAll(root.Tables("projection"), populations, sources, solver.Step);
        var rateBin = ReadOutput(root.Table("output", required: false));
        root.RefuseUnknownKeys();
        return new NetworkSpec(path, seed, duration, solver, solverNode, delivery, populations, sources, projections, rateBin);
    }

    /// <summary>delivery = "precise" (the default) or "grid".</summary>
    private static CSharp.SpikeDelivery ReadDelivery(TomlSection network)
    {
        const string expected = "\"precise\" (at spike time + delay, inside the step) or \"grid\" (at the next step start)";
        return network.String("delivery", expected, required: false) switch
        {
            null or "precise" => CSharp.SpikeDelivery.Precise,
            "grid" => CSharp.SpikeDelivery.Grid,
            var other => throw network.Error("delivery", other, expected),
        };
    }

    private static (Solver, JsonObject) ReadSolver(TomlSection network)
    {
        var expected = string.Join(", ", PopulationOptions.SupportedMethods);
        var method = network.String("solver", $"one of {expected}")!;
        if (!PopulationOptions.SupportedMethods.Contains(method)) throw network.Error("solver", method, $"one of {expected}");
        var dt = network.Quantity("dt", Quantities.Milliseconds, "a time step > 0, e.g. \"0.1 ms\"")!.Value;
        try
        {
            var solver = Solvers.ByName(method, dt);
            return (solver, Outputs.Solver(solver, null, null));
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw network.Error("dt", network.String("dt", ""), Messages.OneLine(e));
        }
    }

    private static void RefuseDuplicateNames(TomlSection root, IEnumerable<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!seen.Add(name)) throw root.Error($"two groups are named '{name}'; expected a different name for each population and source");
        }
    }

    private static double ReadOutput(TomlSection? output)
    {
        if (output is null) return 1.0;
        var bin = output.Quantity("rate_bin", Quantities.Milliseconds, "a bin width > 0, e.g. \"1 ms\"", required: false) ?? 1.0;
        if (!(bin > 0) || !double.IsFinite(bin)) throw output.Error("rate_bin", output.String("rate_bin", ""), "a finite bin width > 0 ms");
        output.RefuseUnknownKeys();
        return bin;
    }
}
