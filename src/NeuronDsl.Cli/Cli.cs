using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using System.Text.Json.Nodes;
using NeuronDsl.CSharp;
using Spectre.Console;

namespace NeuronDsl.Cli;

// The core (namespace NeuronDsl) encloses this one; these aliases make the facade's types win.
using ModelException = NeuronDsl.CSharp.ModelException;
using SimulationStatus = NeuronDsl.CSharp.SimulationStatus;
using Solver = NeuronDsl.CSharp.Solver;
using Sweep = NeuronDsl.CSharp.Sweep;
using SweepInput = NeuronDsl.CSharp.SweepInput;
using SweepRunStatus = NeuronDsl.CSharp.SweepRunStatus;
using SweepValues = NeuronDsl.CSharp.SweepValues;

/// <summary>The tool's exit codes, as --help lists them.</summary>
internal static class ExitCode
{
    public const int Done = 0;
    public const int SimulationFailed = 1;
    public const int Usage = 2;
    public const int OutputFolder = 3;
    public const int TooLarge = 4;
    public const int Cluster = 5;
    public const int Internal = 70;
    public const int Interrupted = 130;

    public const string Help =
        "Exit codes:\n" +
        "  0    done\n" +
        "  1    the simulation diverged or stopped early, model code threw, or a cluster sweep gave up a run whose\n" +
        "       workers were lost while running it (summary.json says which)\n" +
        "  2    usage error\n" +
        "  3    output folder problem: not writable, a file, disk full, or another run writing it\n" +
        "  4    refused before starting: the run would exceed a resource limit\n" +
        "  5    the cluster could not run the sweep (unreachable, no worker, another version), or a worker was refused\n" +
        "  70   internal error\n" +
        "  130  interrupted (SIGINT, SIGTERM): --out keeps its previous contents\n";
}

/// <summary>The neurondsl command line: parse, dispatch, report. See <see cref="ExitCode"/>.</summary>
internal static partial class Cli
{
    private static readonly Option<string> Model = new("--model", "-m") { Description = "built-in model, by name or alias: " + string.Join(", ", Neurons.Aliases) + " (this or --model-file)", HelpName = "NAME" };
    private static readonly Option<string> ModelFile = new("--model-file") { Description = "a model written in the model language (docs/model-language.md; 'check FILE' tests one, 'models --show NAME' prints a built-in one) (this or --model)", HelpName = "FILE" };
    private static readonly Option<string> Show = new("--show") { Description = "print the built-in model NAME in the model language, as text that 'check' and --model-file accept", HelpName = "NAME" };
    private static readonly Argument<string> CheckedFile = new("FILE") { Description = "the model file to check" };
    private static readonly Option<string> Preset = new("--preset") { Description = "a named parameter set of the --model (`neurondsl models` lists each model's presets); --param values apply on top", HelpName = "PRESET" };
    private static readonly Option<string[]> Params = new("--param", "-p") { Description = "NAME=VALUE, repeatable, each name once; NAME as in the equations (`neurondsl models` lists names and units), VALUE in its unit or with one (C=0.2nF); with --count, NAME=FIRST..LAST spreads it linearly over the neurons (E_L=-70mV..-60mV)", HelpName = "NAME=VALUE" };
    private static readonly Option<string[]> Init = new("--init") { Description = "VAR=VALUE, repeatable, each variable once; initial value of a state variable, in its unit or with one (V=-70mV)", HelpName = "VAR=VALUE" };
    private static readonly Option<string> InputOption = new("--input", "-i") { Description = "input protocol, amplitudes in the model's input unit (pA; µA/cm² for hh) unless suffixed, times in ms: " + InputSpec.Forms + "; with --count, const:FIRST..LAST spreads constant currents linearly over the neurons (const:1nA..3nA), " + NoiseSpec.Forms + " gives each neuron its own noise current (--seed), and any other form drives every neuron alike", Required = true, HelpName = "SPEC" };
    private static readonly Option<string> Duration = new("--duration", "-d") { Description = "simulated time, ms unless suffixed (s, ms, us)", DefaultValueFactory = _ => "1000ms", HelpName = "TIME" };
    private static readonly Option<string> Dt = new("--dt") { Description = "time step of fixed-step methods, ms unless suffixed; not for dopri5", DefaultValueFactory = _ => "0.01ms", HelpName = "TIME" };
    private static readonly Option<string> Method = new("--method") { Description = "euler, heun, rk4, exponential-euler, exact, dopri5", DefaultValueFactory = _ => "rk4", HelpName = "METHOD" };
    private static readonly Option<string> Rtol = new("--rtol") { Description = "relative tolerance of dopri5, dimensionless [default: 1e-6]", HelpName = "NUMBER" };
    private static readonly Option<string> Atol = new("--atol") { Description = "absolute tolerance of dopri5, in each variable's unit [default: 1e-8]", HelpName = "NUMBER" };
    private static readonly Option<string> Record = new("--record") { Description = "comma-separated variables to record, each once [default: all]", HelpName = "NAMES" };
    private static readonly Option<string> RecordEvery = new("--record-every") { Description = "sampling interval of trace.csv, ms unless suffixed; 0 = every step", DefaultValueFactory = _ => "0.1ms", HelpName = "TIME" };
    private static readonly Option<string> Out = new("--out", "-o") { Description = "output folder; replaced whole when the run completes", Required = true, HelpName = "FOLDER" };
    private static readonly Option<bool> Plot = new("--plot") { Description = "also write trace.png and trace.svg (potential, other variables, input current); populations always write raster and rate plots" };
    private static readonly Option<string> From = new("--from") { Description = "first current, in the model's input unit (pA; µA/cm² for hh) unless suffixed", Required = true, HelpName = "CURRENT" };
    private static readonly Option<string> To = new("--to") { Description = "last current, in the model's input unit unless suffixed", Required = true, HelpName = "CURRENT" };
    private static readonly Option<int> Steps = new("--steps") { Description = $"number of currents from --from to --to, 2 to {Budget.MaxCurrents}", Required = true, HelpName = "COUNT" };

    private const double DefaultRtol = 1e-6;
    private const double DefaultAtol = 1e-8;

    private static Command Build()
    {
        var root = new RootCommand(
            "neurondsl: simulate spiking neuron models. Without arguments, runs Hodgkin-Huxley at 10 µA/cm² and LIF at 300 pA and writes neurondsl-out/.");
        root.SetAction(_ => 0); // the default run is dispatched in Run
        root.Subcommands.Add(new Command("models", "list the built-in models with every parameter's default, unit, range and meaning, read from their equations; --show NAME prints one as text")
        {
            Show,
        });
        root.Subcommands.Add(new Command("help", "show this help"));
        root.Subcommands.Add(new Command("check", "parse a model file and check its units; list its variables, parameters (units, defaults), input and the methods that apply. Errors are printed as file:line:column with the line and a caret; exit code 2")
        {
            CheckedFile,
        });
        root.Subcommands.Add(new Command("simulate", "simulate one model under an input protocol; writes spikes.csv, trace.csv, summary.json (last, with a SHA-256 of each file). With --count N, a population of N neurons: writes spikes.arrow, spikes.csv (up to 1e6 spikes), rate.csv, raster and rate plots, with const:FIRST..LAST an f-I curve (fi.csv, fi.png: a row per neuron), summary.json")
        {
            Model, ModelFile, Preset, Params, Init, InputOption, Duration, Dt, Method, Rtol, Atol, Record, RecordEvery, Out, Plot,
            Count, RateBin, Seed,
        });
        root.Subcommands.Add(new Command("fi", "f-I curve: spike count and steady firing rate for constant currents, in parallel; writes fi.csv, fi.png, raster.png, summary.json")
        {
            Model, ModelFile, Preset, Params, Init, From, To, Steps, Duration, Dt, Method, Rtol, Atol, Out,
        });
        root.Subcommands.Add(NetworkCommand());
        root.Subcommands.Add(WithClusterOptions(SweepCommand()));
        root.Subcommands.Add(WorkerCommand());
        return root;
    }

    /// <summary>Shows `neurondsl` in usage lines, whatever the host (dotnet NeuronDsl.Cli.dll, the packed tool).</summary>
    private static string Usage(string help) =>
        help.Replace($"  {RootCommand.ExecutableName} ", "  neurondsl ", StringComparison.Ordinal)
            .Replace($"  {RootCommand.ExecutableName}\n", "  neurondsl\n", StringComparison.Ordinal);

    /// <summary>Runs the tool; returns the exit code.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where errors go, one line each.</param>
    /// <param name="cancellation">Set by SIGINT/SIGTERM: the run stops and leaves --out as it was.</param>
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellation = default)
    {
        try
        {
            var parsed = Build().Parse(args);
            if (parsed.Errors.Count > 0)
            {
                error.WriteLine($"neurondsl: {parsed.Errors[0].Message} (see neurondsl --help)");
                return ExitCode.Usage;
            }
            if (args.Any(a => a is "--help" or "-h" or "-?" or "--version") || parsed.CommandResult.Command.Name == "help")
            {
                var text = new StringWriter();
                var helpParse = parsed.CommandResult.Command.Name == "help" ? Build().Parse(["--help"]) : parsed;
                var code = helpParse.Invoke(new InvocationConfiguration { Output = text, Error = error });
                output.Write(Usage(text.ToString()));
                if (!args.Contains("--version")) output.WriteLine(ExitCode.Help);
                return code;
            }
            return parsed.CommandResult.Command.Name switch
            {
                "models" => parsed.GetValue(Show) is { } name ? ShowModel(name, output) : ListModels(output),
                "check" => Check(parsed.GetValue(CheckedFile)!, output),
                "simulate" => Simulate(parsed, args, output, error, cancellation),
                "fi" => FrequencyCurrent(parsed, args, output, error, cancellation),
                "network" => RunNetwork(parsed, args, output, cancellation),
                "sweep" => RunSweepFile(parsed, args, output, error, cancellation),
                "worker" => RunWorker(parsed, error, cancellation),
                _ => DefaultRun(output, error, cancellation),
            };
        }
        catch (UsageException e)
        {
            error.WriteLine($"neurondsl: {e.Message}");
            return ExitCode.Usage;
        }
        catch (ModelTextErrorException e)
        {
            ModelFiles.Report(e, error);
            return ExitCode.Usage;
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"neurondsl: {Messages.OneLine(e)}");
            return ExitCode.Usage;
        }
        catch (BudgetException e)
        {
            error.WriteLine($"neurondsl: refused: {e.Message}");
            return ExitCode.TooLarge;
        }
        catch (NeuronDsl.Orleans.ClusterException e)
        {
            error.WriteLine($"neurondsl: {e.Message}");
            return ExitCode.Cluster;
        }
        catch (OutputFolderException e)
        {
            error.WriteLine($"neurondsl: {e.Message}");
            return ExitCode.OutputFolder;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("neurondsl: interrupted; --out left as it was");
            return ExitCode.Interrupted;
        }
        catch (Exception e) when (e is ModelException or ConstantCurrentException)
        {
            error.WriteLine($"neurondsl: simulation failed: {Messages.OneLine(e)}");
            return ExitCode.SimulationFailed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"neurondsl: writing the output failed: {Messages.OneLine(e)}");
            return ExitCode.OutputFolder;
        }
        catch (Exception e)
        {
            error.WriteLine($"neurondsl: internal error ({e.GetType().Name}): {Messages.OneLine(e)}; please report it");
            return ExitCode.Internal;
        }
    }

    private static int ListModels(TextWriter output)
    {
        foreach (var model in Neurons.Catalogue)
        {
            Describe(model, output);
            output.WriteLine();
        }
        output.WriteLine($"methods: {string.Join(", ", Solvers.Names)}");
        return 0;
    }

    /// <summary>A model's names, source, input, state variables and parameters, as 'models' and 'check' list them.</summary>
    private static void Describe(ModelInfo model, TextWriter output)
    {
        var alias = model.Alias.Length > 0 ? $" ({model.Alias})" : "";
        var description = model.Description.Length > 0 ? $": {model.Description}" : "";
        output.WriteLine($"{model.Name}{alias}{description}");
        if (model.Citation.Length > 0) output.WriteLine($"  source: {model.Citation}");
        output.WriteLine(model.InputName.Length > 0
            ? $"  input current {model.InputName} in {Unit(model.InputUnit)}"
            : "  no input");
        output.WriteLine("  state variables:");
        foreach (var v in model.Variables)
        {
            output.WriteLine($"    {v.Name,-10} {Unit(v.Unit),-10} {v.Meaning}");
        }
        output.WriteLine("  parameters:    default    unit       range          meaning");
        foreach (var p in model.Parameters)
        {
            var citation = p.Citation.Length > 0 ? $" ({p.Citation})" : "";
            output.WriteLine($"    {p.Name,-10} {Quantities.Format(p.Default),10} {Unit(p.Unit),-10} {p.Range,-14} {p.Meaning}{citation}");
        }
        if (model.Presets.Count > 0)
        {
            output.WriteLine("  presets (--preset NAME):");
            foreach (var preset in model.Presets)
            {
                output.WriteLine($"    {preset.Name,-10} {preset.Description}");
            }
        }
    }

    /// <summary>models --show NAME: the built-in model as text in the model language.</summary>
    private static int ShowModel(string name, TextWriter output)
    {
        output.Write(Neurons.ByName(name).ToEquationsText());
        return 0;
    }

    /// <summary>check FILE: parse, check units, compile; list what the model is and which methods apply.</summary>
    private static int Check(string file, TextWriter output)
    {
        var neuron = ModelFiles.Load(file);
        output.WriteLine($"{file}: ok, parsed and checked (units consistent)");
        Describe(neuron.Model, output);
        var methods = neuron.SupportedMethods;
        output.WriteLine($"  methods: {string.Join(", ", methods)}");
        if (!methods.Contains("exact"))
        {
            output.WriteLine("  (no exact flow: 'exact' needs a model that is linear in its state under constant input)");
        }
        return 0;
    }
    private static string Unit(string unit) => unit.Length == 0 ? "1" : unit;

    /// <summary>Splits NAME=VALUE items; the name must be one of the given ones (exactly, or in another case when that
    /// is unambiguous).</summary>
    private static IEnumerable<(string Name, string Value)> Assignments(string option, string[]? items,
        IReadOnlyList<string> names, string what, string modelName, string example)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items ?? [])
        {
            var eq = item.IndexOf('=');
            if (eq <= 0) throw new UsageException($"{option} '{item}': expected NAME=VALUE, e.g. {example}");
            var name = item[..eq].Trim();
            var matches = names.Contains(name)
                ? [name]
                : names.Where(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (matches.Length != 1)
            {
                throw new UsageException($"{option}: unknown {what} '{name}' for {modelName}; expected one of: {string.Join(", ", names)}");
            }
            if (!seen.Add(matches[0])) throw new UsageException($"{option}: '{matches[0]}' is given twice; give each {what} once");
            yield return (matches[0], item[(eq + 1)..]);
        }
    }

    /// <summary>The neuron with --param values, each converted into the parameter's declared unit.</summary>
    private static Neuron WithParameters(Neuron neuron, string[]? items)
    {
        var declared = neuron.Model.Parameters;
        foreach (var (name, text) in Assignments("--param", items, declared.Select(p => p.Name).ToArray(), "parameter",
                     neuron.Model.Name, $"{declared[0].Name}={Quantities.Format(declared[0].Default)}{declared[0].Unit}"))
        {
            var unit = declared.Single(p => p.Name == name).Unit;
            var value = Quantities.Parse(text, unit, $"--param {name}");
            try
            {
                neuron = neuron.WithParameter(name, value);
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new UsageException($"--param {name}: {Messages.OneLine(e)}");
            }
        }
        return neuron;
    }

    /// <summary>The neuron with --init values, each converted into the variable's unit.</summary>
    private static Neuron WithInitialValues(Neuron neuron, string[]? items)
    {
        var variables = neuron.Variables;
        foreach (var (name, text) in Assignments("--init", items, variables.Select(v => v.Name).ToArray(), "variable",
                     neuron.Model.Name, $"{variables[0].Name}=0{variables[0].Unit}"))
        {
            var value = Quantities.Parse(text, variables.Single(v => v.Name == name).Unit, $"--init {name}");
            try
            {
                neuron = neuron.WithInitialValue(name, value);
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new UsageException($"--init {name}: {Messages.OneLine(e)}");
            }
        }
        return neuron;
    }

    /// <summary>The built-in model named by --model, or the model in --model-file, with --param (or the given
    /// NAME=VALUE items) and --init applied.</summary>
    private static Neuron ParseNeuron(ParseResult parsed, string[]? parameters = null)
    {
        var name = parsed.GetValue(Model);
        var file = parsed.GetValue(ModelFile);
        if (name is not null && file is not null)
        {
            throw new UsageException("--model and --model-file: give one of them, not both");
        }
        if (name is null && file is null)
        {
            throw new UsageException($"--model or --model-file is required: a built-in model ({string.Join(", ", Neurons.Aliases)}) or a model file");
        }
        var preset = parsed.GetValue(Preset);
        if (preset is not null && name is null)
        {
            throw new UsageException("--preset needs --model: presets belong to the built-in models");
        }
        var neuron = name is null ? ModelFiles.Load(file!) : preset is null ? Neurons.ByName(name) : ByPreset(name, preset);
        neuron = WithParameters(neuron, parameters ?? parsed.GetValue(Params));
        neuron = WithInitialValues(neuron, parsed.GetValue(Init));
        try
        {
            _ = neuron.InitialValues; // Hodgkin–Huxley's resting state, found now so that a failure is a usage error
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new UsageException($"--param: {Messages.OneLine(e)}");
        }
        return neuron;
    }

    /// <summary>The built-in model with a preset's parameters; an unknown preset is a usage error listing the valid ones.</summary>
    private static Neuron ByPreset(string name, string preset)
    {
        try
        {
            return Neurons.ByName(name, preset);
        }
        catch (ArgumentOutOfRangeException e) when (e.ParamName == "preset")
        {
            throw new UsageException($"--preset: {Messages.OneLine(e)}");
        }
    }

    private static bool Given(ParseResult parsed, Option option) => parsed.GetResult(option) is { Implicit: false };

    private static (Solver Solver, JsonObject Node) ParseSolver(ParseResult parsed)
    {
        var method = parsed.GetValue(Method)!;
        var dt = Quantities.Parse(parsed.GetValue(Dt)!, Quantities.Milliseconds, "--dt");
        double? Tolerance(Option<string> option) =>
            parsed.GetValue(option) is { } text ? Quantities.Parse(text, Quantities.None, option.Name) : null;
        var rtol = Tolerance(Rtol);
        var atol = Tolerance(Atol);
        Solver solver;
        try
        {
            solver = Solvers.ByName(method, dt, rtol, atol);
        }
        catch (ArgumentOutOfRangeException e)
        {
            var option = e.ParamName switch { "dt" => "--dt", "Relative" => "--rtol", "Absolute" => "--atol", _ => "--method" };
            throw new UsageException($"{option}: {Messages.OneLine(e)}");
        }
        if (solver.IsAdaptive && Given(parsed, Dt))
        {
            throw new UsageException($"--dt does not apply to --method {method}, which chooses its own steps; use --rtol and --atol");
        }
        foreach (var option in new[] { Rtol, Atol })
        {
            if (!solver.IsAdaptive && Given(parsed, option))
            {
                throw new UsageException($"{option.Name} does not apply to --method {method} (fixed step); it sets the tolerance of dopri5");
            }
        }
        return (solver, Outputs.Solver(solver, rtol ?? DefaultRtol, atol ?? DefaultAtol));
    }

    private static double ParseDuration(ParseResult parsed)
    {
        var duration = Quantities.Parse(parsed.GetValue(Duration)!, Quantities.Milliseconds, "--duration");
        if (!double.IsFinite(duration) || duration < 0) throw new UsageException($"--duration: {Quantities.Format(duration)} ms; expected a finite time >= 0 ms");
        return duration;
    }

    private static string[] ParseRecord(ParseResult parsed)
    {
        var record = (parsed.GetValue(Record) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var repeated = record.GroupBy(r => r, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new UsageException($"--record: '{repeated.Key}' is listed {repeated.Count()} times; list each variable once");
        return record;
    }

    /// <summary>Everything a simulation run needs, parsed and checked, before the output folder is touched.</summary>
    private sealed record SimulationPlan(Neuron Neuron, string Spec, InputCurrent Input, SimulationOptions Options,
        JsonObject SolverNode, bool Plot, long Bytes)
    {
        public ModelInfo Model => Neuron.Model;
        /// <summary>Accuracy warnings for summary.json (see <see cref="Accuracy"/>); empty when none.</summary>
        public IReadOnlyList<string> Warnings { get; init; } = [];
    }

    private static SimulationPlan Plan(Neuron neuron, string spec, SimulationOptions options, JsonObject solverNode, bool plot)
    {
        var model = neuron.Model;
        var input = InputSpec.Parse(spec, model.InputUnit, options.Duration);
        var names = neuron.Variables.Select(v => v.Name).ToArray();
        var unknown = options.RecordVariables.FirstOrDefault(v => !names.Contains(v));
        if (unknown is not null)
        {
            throw new UsageException($"--record: unknown variable '{unknown}' for {model.Name}; expected one of: {string.Join(", ", names)}");
        }
        var breakpoints = input.Breakpoints.Count;
        Budget.CheckSteps(options.Solver, options.Duration, breakpoints);
        var variables = options.RecordVariables.Count == 0 ? names.Length : options.RecordVariables.Count;
        var bytes = Budget.CheckTrace(options, options.Solver, breakpoints, variables, plot);
        return new SimulationPlan(neuron, spec, input, options, solverNode, plot, bytes);
    }

    private static int Simulate(ParseResult parsed, string[] args, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        if (Given(parsed, Count)) return SimulatePopulation(parsed, args, output, error, cancellation);
        RefusePopulationOptions(parsed);
        var neuron = ParseNeuron(parsed);
        var duration = ParseDuration(parsed);
        var (solver, solverNode) = ParseSolver(parsed);
        var every = Quantities.Parse(parsed.GetValue(RecordEvery)!, Quantities.Milliseconds, "--record-every");
        if (!double.IsFinite(every) || every < 0) throw new UsageException($"--record-every: {Quantities.Format(every)} ms; expected a finite interval >= 0 ms (0 = every step)");
        var options = SimulationOptions.Default with { Duration = duration, Solver = solver, RecordInterval = every, RecordVariables = ParseRecord(parsed) };
        var plan = Plan(neuron, parsed.GetValue(InputOption)!, options, solverNode, parsed.GetValue(Plot));
        // Built-in models only: the accuracy table measured them at their defaults; model files are not measured.
        var modelName = parsed.GetValue(Model);
        var warning = modelName is null || solver.IsAdaptive ? null : Accuracy.Warning(modelName, solver.Name, solver.Step);
        if (warning is not null)
        {
            error.WriteLine($"neurondsl: warning: {warning}");
            plan = plan with { Warnings = [warning] };
        }
        using var folder = OutputFolder.Prepare(parsed.GetValue(Out)!, plan.Bytes);
        var run = RunAndWrite(plan, folder, "simulate", args, cancellation);
        output.WriteLine($"{neuron.Model.Name}, {plan.Input.Description} ({neuron.Model.InputUnit}), {solver}: {run.Outcome.SpikeCount} spikes in {Quantities.Format(run.Outcome.EndTime)} ms ({run.Outcome.FiringRate:0.###} Hz)");
        foreach (var file in run.Files) output.WriteLine($"  wrote {Path.Combine(folder.Target, file)}");
        if (run.Outcome.Status != SimulationStatus.Completed)
        {
            error.WriteLine($"neurondsl: simulation failed: {run.Outcome.StatusMessage}");
            return ExitCode.SimulationFailed;
        }
        return ExitCode.Done;
    }

    private sealed record RunResult(SimulationOutcome Outcome, IReadOnlyList<string> Files, IReadOnlyList<double> FirstSpikes);

    /// <summary>
    /// Runs a plan, streaming spikes.csv and trace.csv into the staging folder as they are produced, then plots and
    /// summary.json, then swaps the folder into place.
    /// </summary>
    private static RunResult RunAndWrite(SimulationPlan plan, OutputFolder folder, string command, IReadOnlyList<string> args,
        CancellationToken cancellation)
    {
        var neuron = plan.Neuron;
        var recorded = plan.Options.RecordVariables.Count == 0
            ? neuron.Variables.Select(v => v.Name).ToArray()
            : plan.Options.RecordVariables.ToArray();
        var units = recorded.Select(name => neuron.Variables.Single(v => v.Name == name).Unit).ToArray();
        var firstSpikes = new List<double>();
        var kept = plan.Plot ? new PlotData(recorded, units) : null;
        SimulationOutcome outcome;
        using (var spikes = new CsvStream(folder.PathOf("spikes.csv"), ["time_ms"]))
        using (var trace = new CsvStream(folder.PathOf("trace.csv"), recorded.Select((n, k) => Outputs.Column(n, units[k])).Prepend("time_ms")))
        {
            outcome = Simulator.Stream(neuron, plan.Input, plan.Options,
                (t, values) =>
                {
                    trace.Write(t, values);
                    kept?.Add(t, values);
                },
                t =>
                {
                    spikes.Write(t, []);
                    if (firstSpikes.Count < 3) firstSpikes.Add(t);
                    kept?.Spikes.Add(t);
                },
                null, cancellation);
        }
        cancellation.ThrowIfCancellationRequested();
        if (kept is not null && kept.Times.Count > 1)
        {
            Plots.Trace(folder.Staging, neuron, plan.Input, kept);
        }
        var summary = Outputs.Head(command, args);
        summary["model"] = Outputs.Model(plan.Neuron);
        summary["input"] = new JsonObject { ["spec"] = plan.Spec, ["description"] = plan.Input.Description, ["unit"] = plan.Model.InputUnit };
        summary["solver"] = plan.SolverNode;
        summary["duration_ms"] = plan.Options.Duration;
        summary["recording"] = new JsonObject
        {
            ["interval_ms"] = plan.Options.RecordInterval,
            ["every_step"] = plan.Options.RecordInterval == 0,
            ["variables"] = new JsonArray(recorded.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
        };
        summary["status"] = outcome.Status.ToString();
        summary["status_message"] = outcome.StatusMessage;
        if (outcome.TryGetDivergence(out var divergence))
        {
            var state = new JsonObject();
            foreach (var (name, value) in divergence!.LastFiniteState) state[name] = Outputs.Number(value);
            summary["divergence"] = new JsonObject
            {
                ["time_ms"] = Outputs.Number(divergence.Time),
                ["variable"] = divergence.Variable,
                ["value"] = double.IsFinite(divergence.Value) ? JsonValue.Create(divergence.Value) : JsonValue.Create(divergence.Value.ToString(CultureInfo.InvariantCulture)),
                ["last_finite_state"] = state,
            };
        }
        summary["end_time_ms"] = Outputs.Number(outcome.EndTime);
        summary["steps"] = outcome.Steps;
        summary["spike_count"] = outcome.SpikeCount;
        summary["rate_hz"] = Outputs.Number(outcome.FiringRate);
        summary["warnings"] = new JsonArray(plan.Warnings.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray());
        Outputs.WriteSummary(folder.Staging, summary);
        cancellation.ThrowIfCancellationRequested();
        var files = Directory.GetFiles(folder.Staging).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        folder.Commit();
        return new RunResult(outcome, files!, firstSpikes);
    }

    private static int FrequencyCurrent(ParseResult parsed, string[] args, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        var neuron = ParseNeuron(parsed);
        var model = neuron.Model;
        var from = Quantities.Parse(parsed.GetValue(From)!, model.InputUnit, "--from");
        var to = Quantities.Parse(parsed.GetValue(To)!, model.InputUnit, "--to");
        var steps = parsed.GetValue(Steps);
        if (steps < 2) throw new UsageException($"--steps: {steps}; expected an integer >= 2");
        if (steps > Budget.MaxCurrents) throw new BudgetException($"--steps {steps}: {steps} simulations; at most {Budget.MaxCurrents}");
        if (!double.IsFinite(from) || !double.IsFinite(to)) throw new UsageException("--from/--to: expected finite currents");
        if (!(to > from)) throw new UsageException($"--to: {Quantities.Format(to)}; expected > --from = {Quantities.Format(from)}");
        var duration = ParseDuration(parsed);
        if (duration <= 0) throw new UsageException("--duration: 0 ms; expected > 0 ms for a firing rate");
        var (solver, solverNode) = ParseSolver(parsed);
        Budget.CheckSteps(solver, duration * steps, 0, $" over {steps} currents");
        // An f–I curve is a one-axis sweep over the input amplitude, keeping each run's spikes for the raster.
        var sweep = Sweep.Of(neuron, SweepInput.Constant(0), duration, solver)
            .WithInputAxis(SweepValues.Linear(from, to, steps)).KeepingSpikes();
        CheckSweep(sweep);
        using var folder = OutputFolder.Prepare(parsed.GetValue(Out)!, steps * 200L + (8L << 20));
        var rows = RunSweepWithProgress(neuron.Name, sweep, cancellation).Rows;
        cancellation.ThrowIfCancellationRequested();
        var currents = rows.Select(r => r.Point[0]).ToArray();
        var counts = rows.Select(r => (double)r.SpikeCount).ToArray();
        var steady = rows.Select(r => r.SteadyRate).ToArray();
        var mean = rows.Select(r => r.MeanRate).ToArray();
        Outputs.WriteCsv(folder.PathOf(FiCurve.CsvFile), FiCurve.Columns(model.InputUnit),
            currents.Select((c, k) => new[] { c, counts[k], steady[k], mean[k] }));
        Plots.FrequencyCurrent(folder.Staging, neuron, $"f–I curve, {steps} runs", duration, currents, steady, mean);
        Plots.Raster(folder.Staging, neuron, currents, rows.Select(r => r.SpikeTimes).ToArray());
        var failed = rows.FirstOrDefault(r => r.Status != SweepRunStatus.Completed);
        var summary = Outputs.Head("fi", args);
        summary["model"] = Outputs.Model(neuron);
        summary["input"] = new JsonObject
        {
            ["kind"] = "constant currents",
            ["unit"] = model.InputUnit,
            ["from"] = from,
            ["to"] = to,
            ["count"] = steps,
        };
        summary["solver"] = solverNode;
        summary["duration_ms"] = duration;
        summary["recording"] = new JsonObject { ["trace"] = false, ["steady_rate"] = FiCurve.SteadyRateRule };
        summary["fi"] = FiCurve.Describe(model.InputUnit, perNeuron: false);
        summary["status"] = failed is null ? "Completed" : failed.Status.ToString();
        summary["status_message"] = failed is null ? "completed" : $"current {Quantities.Format(currents[failed.Index])}: {failed.Message}";
        summary["spike_count"] = counts.Sum();
        Outputs.WriteSummary(folder.Staging, summary);
        cancellation.ThrowIfCancellationRequested();
        var files = Directory.GetFiles(folder.Staging).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        folder.Commit();
        output.WriteLine($"{model.Name}: f-I curve over {steps} currents from {Quantities.Format(from)} to {Quantities.Format(to)} {model.InputUnit}, {Quantities.Format(duration)} ms each");
        output.WriteLine($"  steady rates {steady.Min():0.###} to {steady.Max():0.###} Hz");
        foreach (var file in files) output.WriteLine($"  wrote {Path.Combine(folder.Target, file!)}");
        if (failed is not null)
        {
            error.WriteLine($"neurondsl: a simulation failed: current {Quantities.Format(currents[failed.Index])}: {failed.Message}");
            return ExitCode.SimulationFailed;
        }
        return ExitCode.Done;
    }

    private static int DefaultRun(TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        const string root = "neurondsl-out";
        output.WriteLine("neurondsl: built-in default (run 'neurondsl --help' for commands)");
        var runs = new[]
        {
            (Model: "hh", Spec: "step:10uA/cm2@0ms", Options: SimulationOptions.Default with { Duration = 200 }),
            (Model: "lif", Spec: "const:300pA", Options: SimulationOptions.Default with { Duration = 200, Solver = Solvers.Exact(0.1) }),
        };
        var code = ExitCode.Done;
        foreach (var run in runs)
        {
            var neuron = Neurons.ByName(run.Model);
            var model = neuron.Model;
            var plan = Plan(neuron, run.Spec, run.Options, Outputs.Solver(run.Options.Solver, DefaultRtol, DefaultAtol), plot: true);
            var directory = Path.Combine(root, model.Alias);
            using var folder = OutputFolder.Prepare(directory, plan.Bytes);
            var result = RunAndWrite(plan, folder, "default", [], cancellation);
            output.WriteLine($"{model.Name} under {plan.Input.Description} ({model.InputUnit}), {run.Options.Solver}: {result.Outcome.SpikeCount} spikes in {Quantities.Format(result.Outcome.EndTime)} ms, {result.Outcome.FiringRate.ToString("0.#", CultureInfo.InvariantCulture)} Hz");
            output.WriteLine($"  first spikes at {string.Join(", ", result.FirstSpikes.Select(t => t.ToString("0.######", CultureInfo.InvariantCulture)))} ms");
            output.WriteLine($"  files in {Path.GetFullPath(directory)}: {string.Join(", ", result.Files)}");
            if (result.Outcome.Status != SimulationStatus.Completed)
            {
                error.WriteLine($"neurondsl: simulation failed: {result.Outcome.StatusMessage}");
                code = ExitCode.SimulationFailed;
            }
        }
        return code;
    }

    /// <summary>Calls back on the reporting thread, unlike <see cref="Progress{T}"/> which posts to the thread pool.</summary>
    private sealed class CallbackProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
