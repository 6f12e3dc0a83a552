using System.Text.Json.Nodes;
using NeuronDsl.CSharp;

namespace NeuronDsl.Cli;

using Sweep = NeuronDsl.CSharp.Sweep;
using SweepInput = NeuronDsl.CSharp.SweepInput;
using SweepRow = NeuronDsl.CSharp.SweepRow;
using SweepValues = NeuronDsl.CSharp.SweepValues;
using Solver = NeuronDsl.CSharp.Solver;

/// <summary>
/// Reads a sweep file (TOML; docs/sweep-file.md): [sweep] (model, params, init, duration, solver, seed), [input] and
/// [[axis]] tables. Every error names the file, line, key, value and what was expected; unknown and duplicate keys are
/// errors.
/// </summary>
internal static class SweepFileReader
{
    /// <summary>Reads a sweep file from disk.</summary>
    /// <exception cref="UsageException">No such file, or what <see cref="Read(string, string)"/> refuses.</exception>
    public static SweepPlan Read(string path)
    {
        if (Directory.Exists(path)) throw new UsageException($"{path}: is a directory; expected a sweep file");
        if (!File.Exists(path)) throw new UsageException($"{path}: no such sweep file");
        return Read(path, File.ReadAllText(path));
    }

    /// <summary>Reads a sweep file from disk, of a neuron (<see cref="SweepPlan"/>) or of a network
    /// (<see cref="NetworkSweepPlan"/>, when [sweep] names a network file, which is read from disk too).</summary>
    /// <exception cref="UsageException">No such file, or anything out of place in either file.</exception>
    public static object ReadAny(string path)
    {
        if (Directory.Exists(path)) throw new UsageException($"{path}: is a directory; expected a sweep file");
        if (!File.Exists(path)) throw new UsageException($"{path}: no such sweep file");
        return ReadAny(path, File.ReadAllText(path), FromDisk);
    }

    /// <summary>A file's text, or null when there is none.</summary>
    public static string? FromDisk(string path) => File.Exists(path) ? File.ReadAllText(path) : null;

    /// <summary>Reads a sweep file's text, of a neuron or of a network; <paramref name="readFile"/> gives the text of
    /// the network file it names (null when there is none).</summary>
    public static object ReadAny(string file, string text, Func<string, string?> readFile)
    {
        var root = TomlSection.Parse(file, text);
        var section = root.Table("sweep", required: true)!;
        return section.Has("network") ? NetworkSweepPlan.Read(root, section, file, text, readFile) : Read(file, root, section);
    }

    /// <summary>Reads a single-neuron sweep file's text; <paramref name="file"/> names it and locates a model_file.</summary>
    public static SweepPlan Read(string file, string text) =>
        ReadAny(file, text, FromDisk) as SweepPlan
        ?? throw new UsageException($"{file}: [sweep] names a network file; expected a single-neuron sweep here");

    private static SweepPlan Read(string file, TomlSection root, TomlSection section)
    {
        var neuron = WithValues(section, PopulationReader.ReadNeuron(section, file));
        var duration = section.Quantity("duration", Quantities.Milliseconds, "a time > 0, e.g. \"500 ms\"")!.Value;
        if (!(duration > 0) || !double.IsFinite(duration)) throw section.Error("duration", section.String("duration", ""), "a finite time > 0");
        var (solver, solverNode) = ReadSolver(section);
        var seed = (uint)(section.Integer("seed", 0, uint.MaxValue, $"a whole number from 0 to {uint.MaxValue}", required: false) ?? 0);
        var spikeTrains = section.Boolean("spike_trains", "true or false", required: false) ?? false;
        section.RefuseUnknownKeys();
        var (input, inputNode) = ReadInput(root.Table("input", required: false), neuron.InputUnit);
        var sweep = Sweep.Of(neuron, input, duration, solver).WithSeed(seed).KeepingSpikes(spikeTrains);
        var axes = new JsonArray();
        sweep = AxisReader.ReadAll(root.Tables("axis"), neuron, sweep, axes);
        root.RefuseUnknownKeys();
        var node = new JsonObject
        {
            ["sweep_file"] = file, ["model"] = Outputs.Model(neuron), ["solver"] = solverNode, ["duration_ms"] = duration,
            ["seed"] = seed, ["input"] = inputNode, ["axes"] = axes, ["runs"] = sweep.RunCount,
            ["order"] = "run k: the first axis varies slowest, the last fastest",
        };
        return new SweepPlan(file, neuron, sweep, duration, spikeTrains, node);
    }

    /// <summary>The neuron with [sweep]'s params and init tables applied.</summary>
    private static Neuron WithValues(TomlSection section, Neuron neuron)
    {
        foreach (var (name, text, _) in section.Strings("params", "a table of parameter = \"VALUE UNIT\""))
        {
            var declared = neuron.Model.Parameters.FirstOrDefault(p => p.Name == name)
                ?? throw section.Error($"params.{name}", null, $"a parameter of {neuron.Model.Name}: {string.Join(", ", neuron.Model.Parameters.Select(p => p.Name))}");
            neuron = section.Within($"params.{name}", () => Checked(() => neuron.WithParameter(name, Quantities.Parse(text, declared.Unit, ""))));
        }
        foreach (var (name, text, _) in section.Strings("init", "a table of variable = \"VALUE UNIT\""))
        {
            var variable = neuron.Variables.FirstOrDefault(v => v.Name == name)
                ?? throw section.Error($"init.{name}", null, $"a state variable of {neuron.Model.Name}: {string.Join(", ", neuron.Variables.Select(v => v.Name))}");
            neuron = section.Within($"init.{name}", () => Checked(() => neuron.WithInitialValue(name, Quantities.Parse(text, variable.Unit, ""))));
        }
        return neuron;
    }

    private static Neuron Checked(Func<Neuron> step)
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

    private static (Solver, JsonObject) ReadSolver(TomlSection section)
    {
        var expected = string.Join(", ", Solvers.Names);
        var method = section.String("solver", $"one of {expected}")!;
        if (!Solvers.Names.Contains(method)) throw section.Error("solver", method, $"one of {expected}");
        var adaptive = method == "dopri5";
        var dt = section.Quantity("dt", Quantities.Milliseconds, "a time step > 0, e.g. \"0.1 ms\"", required: !adaptive);
        if (adaptive && dt is not null) throw section.Error("dt", dt, "no dt with dopri5, which chooses its own steps; rtol and atol set its tolerance");
        var rtol = adaptive ? section.Number("rtol", "a relative tolerance > 0", required: false) : null;
        var atol = adaptive ? section.Number("atol", "an absolute tolerance > 0", required: false) : null;
        try
        {
            var solver = Solvers.ByName(method, dt ?? 0.01, rtol, atol);
            return (solver, Outputs.Solver(solver, rtol ?? 1e-6, atol ?? 1e-8));
        }
        catch (ArgumentOutOfRangeException e)
        {
            var key = e.ParamName switch { "Relative" => "rtol", "Absolute" => "atol", _ => "dt" };
            throw section.Error(key, section.Raw(key, ""), Messages.OneLine(e));
        }
    }

    /// <summary>[input]: amplitude, onset, offset, noise, noise_interval; a constant 0 when absent.</summary>
    private static (SweepInput, JsonObject) ReadInput(TomlSection? table, string unit)
    {
        if (table is null) return (SweepInput.Constant(0), new JsonObject { ["amplitude"] = 0, ["unit"] = unit });
        var input = new SweepInput(table.Quantity("amplitude", unit, $"a current in {unit}, e.g. \"300 {unit}\"", required: false) ?? 0)
        {
            Onset = table.Quantity("onset", Quantities.Milliseconds, "a time >= 0", required: false) ?? 0,
            Offset = table.Quantity("offset", Quantities.Milliseconds, "a time > onset", required: false) ?? double.PositiveInfinity,
            NoiseDeviation = table.Quantity("noise", unit, $"a standard deviation >= 0 in {unit}", required: false) ?? 0,
            NoiseInterval = table.Quantity("noise_interval", Quantities.Milliseconds, "a time > 0", required: false) ?? 1,
        };
        table.RefuseUnknownKeys();
        if (!(input.Onset >= 0) || !double.IsFinite(input.Onset)) throw table.Error("onset", input.Onset, "a finite time >= 0 ms");
        if (!(input.Offset > input.Onset)) throw table.Error("offset", input.Offset, $"a time > onset = {Quantities.Format(input.Onset)} ms");
        if (!(input.NoiseDeviation >= 0) || !double.IsFinite(input.NoiseDeviation)) throw table.Error("noise", input.NoiseDeviation, "a finite standard deviation >= 0");
        if (!(input.NoiseInterval > 0) || !double.IsFinite(input.NoiseInterval)) throw table.Error("noise_interval", input.NoiseInterval, "a finite time > 0 ms");
        var node = new JsonObject
        {
            ["amplitude"] = input.Amplitude, ["unit"] = unit, ["onset_ms"] = input.Onset, ["offset_ms"] = Outputs.Number(input.Offset),
            ["noise"] = input.NoiseDeviation, ["noise_interval_ms"] = input.NoiseInterval,
        };
        return (input, node);
    }
}
