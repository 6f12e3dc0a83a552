using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using NeuronDsl.CSharp;
using Spectre.Console;

namespace NeuronDsl.Cli;

using Population = NeuronDsl.CSharp.Population;
using PopulationStatus = NeuronDsl.CSharp.PopulationStatus;

/// <summary>simulate --count N: a population of N neurons in one run (issue 8).</summary>
internal static partial class Cli
{
    private static readonly Option<string> Count = new("--count", "-n") { Description = "simulate a population of COUNT neurons of the model in one run (exact, rk4 or exponential-euler); spikes go to spikes.arrow (Apache Arrow: neuron int32, time_ms float64)", HelpName = "COUNT" };
    private static readonly Option<string> Seed = new("--seed") { Description = "with --count, the seed of noise inputs (ou:, white:): the same seed gives the same run, bit for bit [default: 0]", HelpName = "SEED" };
    private static readonly Option<string> RateBin = new("--rate-bin") { Description = "bin width of the population rate (rate.csv, rate.png) with --count, ms unless suffixed", DefaultValueFactory = _ => "1ms", HelpName = "TIME" };

    /// <summary>Everything a population run needs, parsed and checked, before the output folder is touched.</summary>
    /// <param name="Currents">Each neuron's constant current when the input is a range (const:FIRST..LAST): then the
    /// run also writes the f–I curve, fi.csv and fi.png; null otherwise.</param>
    private sealed record PopulationPlan(Neuron Neuron, Population Population, PopulationOptions Options, JsonObject SolverNode,
        JsonObject InputNode, JsonObject SpreadNode, IReadOnlyList<double>? Currents, double Bytes, IReadOnlyList<string> Warnings);

    /// <summary>Refuses the population-only forms (a range, --rate-bin) in a single-neuron run.</summary>
    private static void RefusePopulationOptions(ParseResult parsed)
    {
        if (Given(parsed, RateBin)) throw new UsageException("--rate-bin applies to populations; give --count N");
        if (Given(parsed, Seed)) throw new UsageException("--seed applies to populations' noise inputs; give --count N");
        var spec = parsed.GetValue(InputOption)!;
        if (NoiseSpec.IsNoise(spec))
        {
            throw new UsageException($"--input '{spec}': noise currents drive populations, a current per neuron; give --count N");
        }
        if (Quantities.IsRange(spec))
        {
            throw new UsageException($"--input '{spec}': a range FIRST..LAST spreads currents over a population; give --count N");
        }
        var range = (parsed.GetValue(Params) ?? []).FirstOrDefault(Quantities.IsRange);
        if (range is not null)
        {
            throw new UsageException($"--param '{range}': a range FIRST..LAST spreads a parameter over a population; give --count N");
        }
    }

    /// <summary>--count: a whole number ≥ 1 (1e5 is allowed); its size is the budget's to judge.</summary>
    private static double ParseCount(ParseResult parsed)
    {
        var text = parsed.GetValue(Count)!.Trim();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var count) || !double.IsFinite(count))
        {
            throw new UsageException($"--count: '{text}' is not a number; expected a whole number of neurons >= 1");
        }
        if (count < 1 || count != Math.Floor(count))
        {
            throw new UsageException($"--count: {text}; expected a whole number of neurons >= 1");
        }
        return count;
    }

    private static PopulationPlan PlanPopulation(ParseResult parsed)
    {
        var count = ParseCount(parsed);
        foreach (var option in new Option[] { Record, RecordEvery })
        {
            if (Given(parsed, option)) throw new UsageException($"{option.Name} does not apply with --count: populations record spikes and the population rate");
        }
        var items = parsed.GetValue(Params) ?? [];
        var neuron = ParseNeuron(parsed, items.Where(i => !Quantities.IsRange(i)).ToArray());
        var spreads = SpreadParameters(neuron, items.Where(Quantities.IsRange).ToArray());
        var duration = ParseDuration(parsed);
        if (duration <= 0) throw new UsageException($"--duration: {Quantities.Format(duration)} ms; expected > 0 ms for a population");
        var (solver, solverNode) = ParseSolver(parsed);
        if (!PopulationOptions.SupportedMethods.Contains(solver.Name))
        {
            throw new UsageException($"--method {solver.Name}: populations (--count) run {string.Join(", ", PopulationOptions.SupportedMethods)}");
        }
        var rateBin = Quantities.Parse(parsed.GetValue(RateBin)!, Quantities.Milliseconds, "--rate-bin");
        if (!double.IsFinite(rateBin) || rateBin <= 0) throw new UsageException($"--rate-bin: {Quantities.Format(rateBin)} ms; expected a finite width > 0 ms");
        var spec = parsed.GetValue(InputOption)!;
        var spreadCurrents = Quantities.IsRange(spec);
        var estimate = Budget.PopulationBytes(count, neuron.Variables.Count, spreads.Count, spreadCurrents,
            solver.Name == "exact", Math.Ceiling(duration / rateBin));
        var bytes = Budget.CheckPopulation(count, solver, duration, rateBin, estimate);
        var population = neuron.Population((int)count);
        foreach (var (name, first, last) in spreads)
        {
            population = Checked($"--param {name}", () => population.WithParameterSpread(name, first, last));
        }
        var (driven, inputNode, currents) = WithPopulationInput(population, spec, duration);
        var options = PopulationOptions.Default with { Duration = duration, Solver = solver, Seed = ParseSeed(parsed) };
        return new PopulationPlan(neuron, driven.RecordRate(rateBin), options, solverNode, inputNode, SpreadNode(neuron, spreads),
            currents, bytes, []);
    }

    /// <summary>--seed: a whole number from 0 to 4294967295, 0 when not given.</summary>
    private static uint ParseSeed(ParseResult parsed)
    {
        var text = parsed.GetValue(Seed);
        if (text is null) return 0;
        return uint.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seed)
            ? seed
            : throw new UsageException($"--seed: '{text}'; expected a whole number from 0 to {uint.MaxValue}");
    }

    /// <summary>The --param items that are ranges, as (name, first, last) in each parameter's declared unit.</summary>
    private static List<(string Name, double First, double Last)> SpreadParameters(Neuron neuron, string[] items)
    {
        var declared = neuron.Model.Parameters;
        return Assignments("--param", items, declared.Select(p => p.Name).ToArray(), "parameter", neuron.Model.Name,
                $"{declared[0].Name}=1..2")
            .Select(a =>
            {
                var (first, last) = Quantities.ParseRange(a.Value, declared.Single(p => p.Name == a.Name).Unit, $"--param {a.Name}");
                return (a.Name, first, last);
            })
            .ToList();
    }

    private static JsonObject SpreadNode(Neuron neuron, IEnumerable<(string Name, double First, double Last)> spreads)
    {
        var node = new JsonObject();
        foreach (var (name, first, last) in spreads)
        {
            var unit = neuron.Model.Parameters.Single(p => p.Name == name).Unit;
            node[name] = new JsonObject { ["first"] = first, ["last"] = last, ["unit"] = unit, ["spread"] = "linear over the neurons" };
        }
        return node;
    }

    /// <summary>const:FIRST..LAST spreads constant currents, which are returned; any other form drives every neuron
    /// alike.</summary>
    private static (Population Population, JsonObject Node, IReadOnlyList<double>? Currents) WithPopulationInput(
        Population population, string spec, double duration)
    {
        var unit = population.InputUnit;
        if (NoiseSpec.IsNoise(spec))
        {
            var (noisy, node) = NoiseSpec.Apply(population, spec);
            return (noisy, node, null);
        }
        if (!Quantities.IsRange(spec))
        {
            var input = InputSpec.Parse(spec, unit, duration);
            var shared = new JsonObject { ["spec"] = spec, ["kind"] = "shared", ["description"] = input.Description, ["unit"] = unit };
            return (population.WithInput(input), shared, null);
        }
        var colon = spec.IndexOf(':');
        var kind = colon < 0 ? "" : spec[..colon].Trim().ToLowerInvariant();
        if (kind is not ("const" or "constant"))
        {
            throw new UsageException($"--input '{spec}': a range spreads constant currents; expected const:FIRST..LAST, e.g. const:1nA..3nA");
        }
        var (first, last) = Quantities.ParseRange(spec[(colon + 1)..], unit, "--input const");
        var spread = new JsonObject
        {
            ["spec"] = spec, ["kind"] = "constant currents spread linearly over the neurons", ["unit"] = unit,
            ["first"] = first, ["last"] = last,
        };
        var spreadPopulation = Checked($"--input '{spec}'", () => population.WithCurrentsSpread(first, last));
        // The spread WithCurrentsSpread gives the neurons (the core's Values.linear), for fi.csv.
        return (spreadPopulation, spread, PopulationInterop.Linear(first, last, population.Count));
    }

    /// <summary>Runs a population builder step; a value it refuses is a usage error naming the option.</summary>
    private static Population Checked(string option, Func<Population> step)
    {
        try
        {
            return step();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new UsageException($"{option}: {Messages.OneLine(e)}");
        }
    }

    private static int SimulatePopulation(ParseResult parsed, string[] args, TextWriter output, TextWriter error,
        CancellationToken cancellation)
    {
        var plan = PlanPopulation(parsed);
        var solver = plan.Options.Solver;
        var modelName = parsed.GetValue(Model);
        var warning = modelName is null ? null : Accuracy.Warning(modelName, solver.Name, solver.Step);
        if (warning is not null)
        {
            error.WriteLine($"neurondsl: warning: {warning}");
            plan = plan with { Warnings = [warning] };
        }
        // The spikes' size is known only after the run: the folder is checked for the plots and a first 16 MB, and for
        // fi.csv (under 100 bytes a neuron) when there is one.
        using var folder = OutputFolder.Prepare(parsed.GetValue(Out)!, (24L << 20) + (plan.Currents?.Count ?? 0) * 100L);
        var result = RunPopulation(plan, parsed.GetValue(InputOption)!, cancellation);
        var files = WritePopulation(plan, result, folder, args, cancellation);
        output.WriteLine($"{plan.Neuron.Model.Name}, {result.Count} neurons, {solver}: {result.Spikes.Count} spikes in {Quantities.Format(result.EndTime)} ms ({result.MeanRate:0.###} Hz per neuron)");
        foreach (var file in files) output.WriteLine($"  wrote {Path.Combine(folder.Target, file)}");
        if (result.Status != PopulationStatus.Completed)
        {
            error.WriteLine($"neurondsl: simulation failed: {result.StatusMessage}");
            return ExitCode.SimulationFailed;
        }
        return ExitCode.Done;
    }

    /// <summary>Runs the plan, with a progress bar on a terminal; errors the engine finds when it starts name the option.</summary>
    private static PopulationResult RunPopulation(PopulationPlan plan, string spec, CancellationToken cancellation)
    {
        try
        {
            if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            {
                return Simulator.RunAsync(plan.Population, plan.Options, null, cancellation).GetAwaiter().GetResult();
            }
            PopulationResult? result = null;
            AnsiConsole.Progress().Start(context =>
            {
                var task = context.AddTask($"{plan.Neuron.Name}: {plan.Population.Count} neurons", maxValue: 1.0);
                var progress = new CallbackProgress<double>(fraction => task.Value = fraction);
                result = Simulator.RunAsync(plan.Population, plan.Options, progress, cancellation).GetAwaiter().GetResult();
            });
            return result!;
        }
        catch (ArgumentOutOfRangeException e) when (e.ParamName is "input" or "Solver")
        {
            var option = e.ParamName == "input" ? $"--input '{spec}'" : "--method";
            throw new UsageException($"{option}: {Messages.OneLine(e)}");
        }
    }

    /// <summary>Writes spikes.arrow, spikes.csv (when small), rate.csv, fi.csv (for an input range), the plots and
    /// summary.json, then swaps the folder into place; returns the files' names.</summary>
    private static List<string> WritePopulation(PopulationPlan plan, PopulationResult result, OutputFolder folder,
        IReadOnlyList<string> args, CancellationToken cancellation)
    {
        SpikeFiles.WriteArrow(folder.PathOf(SpikeFiles.ArrowFile), result.Spikes, cancellation);
        var csv = SpikeFiles.WriteCsv(folder.PathOf(SpikeFiles.CsvFile), result.Spikes, cancellation);
        var rate = result.Rates[0];
        Outputs.WriteCsv(folder.PathOf("rate.csv"), ["bin_start_ms", "rate_hz"],
            rate.Rates.Select((r, b) => new[] { b * rate.BinWidth, r }));
        cancellation.ThrowIfCancellationRequested();
        var (every, shown) = Plots.RasterSubsample(result.Count, result.Spikes.Neurons);
        Plots.PopulationRaster(folder.Staging, plan.Neuron, result.Count, result.Spikes, plan.Options.Duration, every);
        Plots.PopulationRate(folder.Staging, plan.Neuron, result.Count, rate, plan.Options.Duration);
        var fiEvery = plan.Currents is null ? 0 : WriteFrequencyCurrent(plan, plan.Currents, result, folder);
        cancellation.ThrowIfCancellationRequested();
        var summary = PopulationSummary(plan, result, args);
        summary["spikes_csv"] = csv;
        summary["raster"] = new JsonObject { ["neurons_shown"] = shown, ["every"] = every };
        if (fiEvery > 0)
        {
            var fi = FiCurve.Describe(plan.Neuron.InputUnit, perNeuron: true);
            fi["plot_every"] = fiEvery;
            summary["fi"] = fi;
        }
        Outputs.WriteSummary(folder.Staging, summary);
        cancellation.ThrowIfCancellationRequested();
        var files = Directory.GetFiles(folder.Staging).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        folder.Commit();
        return files!;
    }

    /// <summary>fi.csv (a row per neuron: its current, spike count and rates) and fi.png/.svg, for an input range; the
    /// plot draws at most <see cref="Plots.MaxCurvePoints"/> neurons, 1 in <c>every</c> (returned) when there are more.</summary>
    private static int WriteFrequencyCurrent(PopulationPlan plan, IReadOnlyList<double> currents, PopulationResult result,
        OutputFolder folder)
    {
        var curve = FiCurve.OfPopulation(currents, result);
        Outputs.WriteCsv(folder.PathOf(FiCurve.CsvFile), FiCurve.Columns(plan.Neuron.InputUnit).Prepend("neuron").ToArray(),
            curve.NeuronRows());
        var every = (result.Count + Plots.MaxCurvePoints - 1) / Plots.MaxCurvePoints;
        var drawn = Enumerable.Range(0, (result.Count - 1) / every + 1).Select(k => k * every).ToArray();
        var which = every == 1 ? "" : $", 1 in {every} drawn";
        Plots.FrequencyCurrent(folder.Staging, plan.Neuron, $"f–I curve of {result.Count} neurons, one population run{which}",
            result.EndTime, drawn.Select(j => currents[j]).ToArray(), drawn.Select(j => curve.Steady[j]).ToArray(),
            drawn.Select(j => curve.Mean[j]).ToArray());
        return every;
    }

    private static JsonObject PopulationSummary(PopulationPlan plan, PopulationResult result, IReadOnlyList<string> args)
    {
        var summary = Outputs.Head("simulate", args);
        summary["model"] = Outputs.Model(plan.Neuron);
        summary["population"] = new JsonObject
        {
            ["count"] = result.Count,
            ["parameters_spread"] = plan.SpreadNode,
            ["note"] = "model.parameters are every neuron's values except those in parameters_spread",
        };
        summary["input"] = plan.InputNode;
        summary["solver"] = plan.SolverNode;
        summary["duration_ms"] = plan.Options.Duration;
        summary["recordings"] = new JsonArray(plan.Population.DescribeRecordings(plan.Options.Duration)
            .Select(line => (JsonNode?)JsonValue.Create(line)).ToArray());
        summary["memory"] = new JsonObject
        {
            ["estimated_bytes"] = plan.Bytes,
            ["limit_bytes"] = Budget.PopulationMemory(),
            ["spikes_bytes"] = result.Spikes.Count * Budget.BytesPerSpike,
            ["note"] = "columns and recordings, an upper estimate checked before the run; spikes cannot be counted in advance",
        };
        summary["status"] = result.Status.ToString();
        summary["status_message"] = result.StatusMessage;
        if (result.TryGetDivergence(out var divergence)) summary["divergence"] = DivergenceNode(divergence!);
        summary["end_time_ms"] = Outputs.Number(result.EndTime);
        summary["steps"] = result.Steps;
        summary["spike_count"] = result.Spikes.Count;
        summary["mean_rate_hz"] = Outputs.Number(result.MeanRate);
        summary["rate_bin_ms"] = result.Rates[0].BinWidth;
        summary["warnings"] = new JsonArray(plan.Warnings.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray());
        return summary;
    }

    private static JsonObject DivergenceNode(PopulationDivergence divergence)
    {
        var state = new JsonObject();
        foreach (var (name, value) in divergence.LastFiniteState) state[name] = Outputs.Number(value);
        return new JsonObject
        {
            ["neuron"] = divergence.Neuron,
            ["time_ms"] = Outputs.Number(divergence.Time),
            ["variable"] = divergence.Variable,
            ["value"] = double.IsFinite(divergence.Value)
                ? JsonValue.Create(divergence.Value)
                : JsonValue.Create(divergence.Value.ToString(CultureInfo.InvariantCulture)),
            ["last_finite_state"] = state,
        };
    }
}
