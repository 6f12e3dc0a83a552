using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using NeuronDsl.CSharp;
using Spectre.Console;

namespace NeuronDsl.Cli;

// The core (namespace NeuronDsl) encloses this one; these aliases make the facade's types win.
using SimulationStatus = NeuronDsl.CSharp.SimulationStatus;
using Solver = NeuronDsl.CSharp.Solver;

/// <summary>The neurondsl command line: parse, dispatch, report. Exit codes: 0 done, 1 simulation failed, 2 usage.</summary>
internal static class Cli
{
    private static readonly Option<string> Model = new("--model", "-m") { Description = "built-in model, by name or alias: " + string.Join(", ", Neurons.Catalogue.Select(m => m.Alias)) + " (this or --model-file)" };
    private static readonly Option<string> ModelFile = new("--model-file") { Description = "a model written in the model language (docs/model-language.md; 'check FILE' tests one, 'models --show NAME' prints a built-in one) (this or --model)" };
    private static readonly Option<string> Show = new("--show") { Description = "print the built-in model NAME in the model language, as text that 'check' and --model-file accept" };
    private static readonly Argument<string> CheckedFile = new("FILE") { Description = "the model file to check" };
    private static readonly Option<string[]> Params = new("--param", "-p") { Description = "NAME=VALUE, repeatable; NAME as in the equations (see 'models'), VALUE in its unit or with one (C=0.2nF)" };
    private static readonly Option<string[]> Init = new("--init") { Description = "VAR=VALUE, repeatable; initial value of a state variable, in its unit or with one (V=-70mV)" };
    private static readonly Option<string> InputOption = new("--input", "-i") { Description = "input protocol: " + InputSpec.Forms, Required = true };
    private static readonly Option<string> Duration = new("--duration", "-d") { Description = "simulated time (default 1000ms)", DefaultValueFactory = _ => "1000" };
    private static readonly Option<string> Dt = new("--dt") { Description = "time step of fixed-step methods (default 0.01ms)", DefaultValueFactory = _ => "0.01" };
    private static readonly Option<string> Method = new("--method") { Description = "euler, heun, rk4, exponential-euler, exact, dopri5 (default rk4)", DefaultValueFactory = _ => "rk4" };
    private static readonly Option<string> Rtol = new("--rtol") { Description = "relative tolerance of dopri5 (default 1e-6)" };
    private static readonly Option<string> Atol = new("--atol") { Description = "absolute tolerance of dopri5 (default 1e-8)" };
    private static readonly Option<string> Record = new("--record") { Description = "comma-separated variables to record (default: all)" };
    private static readonly Option<string> RecordEvery = new("--record-every") { Description = "sampling interval of trace.csv (default 0.1ms; 0 = every step)", DefaultValueFactory = _ => "0.1" };
    private static readonly Option<string> Out = new("--out", "-o") { Description = "output folder", Required = true };
    private static readonly Option<bool> Plot = new("--plot") { Description = "also write trace.png and trace.svg, one panel per unit among the recorded variables" };
    private static readonly Option<string> From = new("--from") { Description = "first current", Required = true };
    private static readonly Option<string> To = new("--to") { Description = "last current", Required = true };
    private static readonly Option<int> Steps = new("--steps") { Description = "number of currents from --from to --to, >= 2", Required = true };

    private static RootCommand Build()
    {
        var root = new RootCommand("neurondsl: simulate spiking neuron models. Without arguments, runs Hodgkin-Huxley at 10 uA/cm2 and LIF at 300 pA and writes neurondsl-out/.");
        root.SetAction(_ => 0); // the default run is dispatched in Run
        root.Subcommands.Add(new Command("models", "list the built-in models with every parameter's default, unit, range and meaning, read from their equations; --show NAME prints one as text")
        {
            Show,
        });
        root.Subcommands.Add(new Command("check", "parse a model file and check its units; list its variables, parameters (units, defaults), input and the methods that apply. Errors are printed as file:line:column with the line and a caret; exit code 2")
        {
            CheckedFile,
        });
        root.Subcommands.Add(new Command("simulate", "simulate one model under an input protocol; writes spikes.csv, trace.csv, summary.json")
        {
            Model, ModelFile, Params, Init, InputOption, Duration, Dt, Method, Rtol, Atol, Record, RecordEvery, Out, Plot,
        });
        root.Subcommands.Add(new Command("fi", "f-I curve: firing rate for constant currents, in parallel; writes fi.csv, fi.png")
        {
            Model, ModelFile, Params, Init, From, To, Steps, Duration, Dt, Method, Rtol, Atol, Out,
        });
        return root;
    }

    /// <summary>Runs the tool; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = Build().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            error.WriteLine($"neurondsl: {parsed.Errors[0].Message} (see neurondsl --help)");
            return 2;
        }
        try
        {
            if (args.Any(a => a is "--help" or "-h" or "-?" or "--version"))
            {
                return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
            }
            return parsed.CommandResult.Command.Name switch
            {
                "models" => parsed.GetValue(Show) is { } name ? ShowModel(name, output) : ListModels(output),
                "check" => Check(parsed.GetValue(CheckedFile)!, output),
                "simulate" => Simulate(parsed, output, error),
                "fi" => FrequencyCurrent(parsed, output),
                _ => DefaultRun(output, error),
            };
        }
        catch (UsageException e)
        {
            error.WriteLine($"neurondsl: {e.Message}");
            return 2;
        }
        catch (ModelTextErrorException e)
        {
            ModelFiles.Report(e, error);
            return 2;
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"neurondsl: {Messages.OneLine(e)}");
            return 2;
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

    /// <summary>The built-in model named by --model, or the model in --model-file, with --param and --init applied.</summary>
    private static Neuron ParseNeuron(ParseResult parsed)
    {
        var name = parsed.GetValue(Model);
        var file = parsed.GetValue(ModelFile);
        if (name is not null && file is not null)
        {
            throw new UsageException("--model and --model-file: give one of them, not both");
        }
        if (name is null && file is null)
        {
            throw new UsageException($"--model or --model-file is required: a built-in model ({string.Join(", ", Neurons.Catalogue.Select(m => m.Alias))}) or a model file");
        }
        var neuron = name is not null ? Neurons.ByName(name) : ModelFiles.Load(file!);
        neuron = WithParameters(neuron, parsed.GetValue(Params));
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

    private static Solver ParseSolver(ParseResult parsed)
    {
        var dt = Quantities.Parse(parsed.GetValue(Dt)!, Quantities.Milliseconds, "--dt");
        double? Tolerance(Option<string> option) =>
            parsed.GetValue(option) is { } text ? Quantities.Parse(text, Quantities.None, option.Name) : null;
        var rtol = Tolerance(Rtol);
        var atol = Tolerance(Atol);
        try
        {
            return Solvers.ByName(parsed.GetValue(Method)!, dt, rtol, atol);
        }
        catch (ArgumentOutOfRangeException e)
        {
            var option = e.ParamName switch { "dt" => "--dt", "Relative" => "--rtol", "Absolute" => "--atol", _ => "--method" };
            throw new UsageException($"{option}: {Messages.OneLine(e)}");
        }
    }

    private static double ParseDuration(ParseResult parsed)
    {
        var duration = Quantities.Parse(parsed.GetValue(Duration)!, Quantities.Milliseconds, "--duration");
        if (!double.IsFinite(duration) || duration < 0) throw new UsageException($"--duration: {Quantities.Format(duration)} ms; expected a finite time >= 0 ms");
        return duration;
    }

    private static int Simulate(ParseResult parsed, TextWriter output, TextWriter error)
    {
        var neuron = ParseNeuron(parsed);
        var model = neuron.Model;
        var duration = ParseDuration(parsed);
        var solver = ParseSolver(parsed);
        var spec = parsed.GetValue(InputOption)!;
        var input = InputSpec.Parse(spec, model.InputUnit, duration);
        var every = Quantities.Parse(parsed.GetValue(RecordEvery)!, Quantities.Milliseconds, "--record-every");
        if (!double.IsFinite(every) || every < 0) throw new UsageException($"--record-every: {Quantities.Format(every)} ms; expected a finite interval >= 0 ms (0 = every step)");
        var record = (parsed.GetValue(Record) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var options = SimulationOptions.Default with { Duration = duration, Solver = solver, RecordInterval = every, RecordVariables = record };
        var directory = parsed.GetValue(Out)!;
        var (result, files) = RunAndWrite(neuron, spec, input, options, directory, parsed.GetValue(Plot));
        output.WriteLine($"{model.Name}, {input.Description} ({Unit(model.InputUnit)}), {solver}: {result.SpikeTimes.Count} spikes in {Quantities.Format(result.EndTime)} ms ({result.FiringRate:0.###} Hz)");
        foreach (var file in files) output.WriteLine($"  wrote {file}");
        if (result.Status != SimulationStatus.Completed)
        {
            error.WriteLine($"neurondsl: simulation failed: {result.StatusMessage}");
            return 1;
        }
        return 0;
    }

    private static (SimulationResult Result, List<string> Files) RunAndWrite(Neuron neuron, string spec,
        InputCurrent input, SimulationOptions options, string directory, bool plot)
    {
        var result = Simulator.Run(neuron, input, options);
        Directory.CreateDirectory(directory);
        var files = new List<string>
        {
            Outputs.WriteSpikes(directory, result.SpikeTimes),
            Outputs.WriteTrace(directory, result, neuron),
        };
        if (plot && result.Times.Count > 1)
        {
            files.AddRange(Plots.Trace(directory, neuron, input.Description, result));
        }
        // The summary is written last: its presence means the other files are complete.
        files.Add(Outputs.WriteJson(Path.Combine(directory, "summary.json"),
            Outputs.Summary(neuron, spec, input, options, result)));
        return (result, files);
    }

    private static int FrequencyCurrent(ParseResult parsed, TextWriter output)
    {
        var neuron = ParseNeuron(parsed);
        var model = neuron.Model;
        var from = Quantities.Parse(parsed.GetValue(From)!, model.InputUnit, "--from");
        var to = Quantities.Parse(parsed.GetValue(To)!, model.InputUnit, "--to");
        var steps = parsed.GetValue(Steps);
        if (steps < 2) throw new UsageException($"--steps: {steps}; expected an integer >= 2");
        if (!(to > from)) throw new UsageException($"--to: {Quantities.Format(to)}; expected > --from = {Quantities.Format(from)}");
        var duration = ParseDuration(parsed);
        if (duration <= 0) throw new UsageException("--duration: 0 ms; expected > 0 ms for a firing rate");
        var options = SimulationOptions.Default with { Duration = duration, Solver = ParseSolver(parsed), RecordTrace = false };
        var currents = Enumerable.Range(0, steps).Select(k => from + (to - from) * k / (steps - 1)).ToArray();
        var results = RunWithProgress(neuron, currents, options);
        var directory = parsed.GetValue(Out)!;
        Directory.CreateDirectory(directory);
        var rates = results.Select(r => r.FiringRate).ToArray();
        var path = Path.Combine(directory, "fi.csv");
        Outputs.WriteCsv(path, [model.InputUnit.Length > 0 ? "current_" + Quantities.ForFileName(model.InputUnit) : "current", "rate_hz", "spike_count"],
            currents.Select((c, k) => new[] { c, rates[k], results[k].SpikeTimes.Count }));
        var files = new List<string> { path };
        files.AddRange(Plots.FrequencyCurrent(directory, neuron, duration, currents, rates));
        files.AddRange(Plots.Raster(directory, neuron, currents, results.Select(r => r.SpikeTimes).ToArray()));
        output.WriteLine($"{model.Name}: f-I curve over {steps} currents from {Quantities.Format(from)} to {Quantities.Format(to)} {Unit(model.InputUnit)}, {Quantities.Format(duration)} ms each");
        output.WriteLine($"  rates {rates.Min():0.###} to {rates.Max():0.###} Hz");
        foreach (var file in files) output.WriteLine($"  wrote {file}");
        var failed = results.FirstOrDefault(r => r.Status != SimulationStatus.Completed);
        if (failed is not null)
        {
            output.WriteLine($"neurondsl: a simulation failed: {failed.StatusMessage}");
            return 1;
        }
        return 0;
    }

    private static IReadOnlyList<SimulationResult> RunWithProgress(Neuron neuron, double[] currents, SimulationOptions options)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return Simulator.RunConstantCurrents(neuron, currents, options);
        }
        IReadOnlyList<SimulationResult> results = [];
        AnsiConsole.Progress().Start(context =>
        {
            var task = context.AddTask($"{neuron.Name}: {currents.Length} currents", maxValue: currents.Length);
            // Reported from the worker threads as each current finishes; ProgressTask is thread-safe.
            var progress = new CallbackProgress(_ => task.Increment(1));
            results = Simulator.RunConstantCurrents(neuron, currents, options, progress);
            task.Value = currents.Length;
        });
        return results;
    }

    private static int DefaultRun(TextWriter output, TextWriter error)
    {
        const string root = "neurondsl-out";
        output.WriteLine("neurondsl: built-in default (run 'neurondsl --help' for commands)");
        var runs = new[]
        {
            (Model: "hh", Spec: "step:10uA/cm2@0ms", Options: SimulationOptions.Default with { Duration = 200 }),
            (Model: "lif", Spec: "const:300pA", Options: SimulationOptions.Default with { Duration = 200, Solver = Solvers.Exact(0.1) }),
        };
        var code = 0;
        foreach (var run in runs)
        {
            var neuron = Neurons.ByName(run.Model);
            var model = neuron.Model;
            var input = InputSpec.Parse(run.Spec, model.InputUnit, run.Options.Duration);
            var directory = Path.Combine(root, model.Alias);
            var (result, files) = RunAndWrite(neuron, run.Spec, input, run.Options, directory, plot: true);
            output.WriteLine($"{model.Name} under {input.Description} ({model.InputUnit}), {run.Options.Solver}: {result.SpikeTimes.Count} spikes in {Quantities.Format(result.EndTime)} ms, {result.FiringRate.ToString("0.#", CultureInfo.InvariantCulture)} Hz");
            output.WriteLine($"  first spikes at {string.Join(", ", result.SpikeTimes.Take(3).Select(t => t.ToString("0.######", CultureInfo.InvariantCulture)))} ms");
            output.WriteLine($"  files in {Path.GetFullPath(directory)}: {string.Join(", ", files.Select(Path.GetFileName))}");
            if (result.Status != SimulationStatus.Completed)
            {
                error.WriteLine($"neurondsl: simulation failed: {result.StatusMessage}");
                code = 1;
            }
        }
        return code;
    }

    /// <summary>Calls back on the reporting thread, unlike <see cref="Progress{T}"/> which posts to the thread pool.</summary>
    private sealed class CallbackProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
