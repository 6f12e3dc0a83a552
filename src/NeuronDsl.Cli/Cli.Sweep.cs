using System.CommandLine;
using System.Text.Json.Nodes;
using NeuronDsl.CSharp;
using Spectre.Console;

namespace NeuronDsl.Cli;

using Sweep = NeuronDsl.CSharp.Sweep;
using SweepResult = NeuronDsl.CSharp.SweepResult;
using SweepRunStatus = NeuronDsl.CSharp.SweepRunStatus;
using SweepTooLargeException = NeuronDsl.CSharp.SweepTooLargeException;

/// <summary>neurondsl sweep FILE: a sweep described in a TOML file (docs/sweep-file.md), run on all cores and written.</summary>
internal static partial class Cli
{
    private static readonly Argument<string> SweepFileArgument = new("FILE") { Description = "the sweep file (TOML; docs/sweep-file.md, examples/)" };

    private static Command SweepCommand() => new("sweep", "run a sweep described in a TOML file: a base run (model, params, init, input, solver, duration) and axes over parameters, the input amplitude, initial values and the seed, every combination on all cores; writes sweep.csv and sweep.arrow (a row per run in run order: axis values, spike count, steady and mean rate, first-spike latency, CV of ISIs, status, message), sweep.png (a curve for one axis, a heat map for two), spikes.csv when kept, summary.json")
    {
        SweepFileArgument, Out,
    };

    private static int RunSweepFile(ParseResult parsed, string[] args, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        var read = SweepFileReader.ReadAny(parsed.GetValue(SweepFileArgument)!);
        if (read is NetworkSweepPlan network) return RunNetworkSweep(parsed, args, network, output, error, cancellation);
        var plan = (SweepPlan)read;
        CheckSweep(plan.Sweep);
        var spikeBytes = plan.SpikeTrains ? 1L << 26 : 0;
        using var folder = OutputFolder.Prepare(parsed.GetValue(Out)!, plan.RunCount * 400L + spikeBytes + (8L << 20));
        var started = System.Diagnostics.Stopwatch.StartNew();
        var (result, cluster) = RunSweep(parsed, plan, parsed.GetValue(Out)!, cancellation);
        var seconds = started.Elapsed.TotalSeconds;
        SweepTable.WriteCsv(folder.PathOf(SweepTable.CsvFile), result);
        SweepTable.WriteArrow(folder.PathOf(SweepTable.ArrowFile), result);
        if (plan.SpikeTrains) SweepTable.WriteSpikes(folder.PathOf(SweepTable.SpikesFile), result);
        cancellation.ThrowIfCancellationRequested();
        PlotSweep(folder.Staging, $"{plan.Neuron.Name} — sweep, {result.Rows.Count} runs", result);
        var failed = result.Rows.Where(r => r.Status != SweepRunStatus.Completed)
            .Select(r => (r.Index, r.Status.ToString(), r.Message)).ToList();
        var summary = Outputs.Head("sweep", args);
        foreach (var (key, value) in plan.Node) summary[key] = value?.DeepClone();
        summary["table"] = new JsonObject
        {
            ["files"] = $"{SweepTable.CsvFile}, {SweepTable.ArrowFile}", ["columns"] = string.Join(", ", SweepTable.Columns(result)),
            ["steady_rate"] = FiCurve.SteadyRateRule, ["steady_rate_why"] = FiCurve.SteadyRateReason, ["mean_rate"] = FiCurve.MeanRateRule,
            ["first_spike_latency"] = "time of the first spike after the input's onset; empty (NaN in Arrow) without a spike",
            ["cv_isi"] = "standard deviation over mean of the interspike intervals; empty (NaN in Arrow) with fewer than 2 intervals",
        };
        summary["run_seconds"] = seconds;
        return FinishSweep(folder, summary, cluster, result.Rows.Count, failed,
            $"{plan.File}: {result.Rows.Count} runs of {plan.Neuron.Name}, {Quantities.Format(plan.Duration)} ms each, in {seconds:0.##} s",
            output, error, cancellation);
    }

    /// <summary>The end of either kind of sweep: the failed runs in summary.json (the first 100), and a cluster's
    /// account of the rows when it ran them, summary.json written last, the folder committed and its files listed; exit
    /// code 1 naming the first failed run, if any.</summary>
    private static int FinishSweep(OutputFolder folder, JsonObject summary, NeuronDsl.Orleans.SweepResult? cluster, int runs,
        IReadOnlyList<(int Index, string Status, string Message)> failed, string done, TextWriter output, TextWriter error,
        CancellationToken cancellation)
    {
        if (cluster is not null) summary["cluster"] = ClusterSummary(cluster);
        summary["status"] = failed.Count == 0 ? "Completed" : $"{failed.Count} of {runs} runs failed";
        summary["failed_runs"] = new JsonArray(failed.Take(100).Select(r => (JsonNode?)new JsonObject
        {
            ["run"] = r.Index, ["status"] = r.Status, ["message"] = r.Message,
        }).ToArray());
        Outputs.WriteSummary(folder.Staging, summary);
        cancellation.ThrowIfCancellationRequested();
        var files = Directory.GetFiles(folder.Staging).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        folder.Commit();
        output.WriteLine(done);
        foreach (var file in files) output.WriteLine($"  wrote {Path.Combine(folder.Target, file!)}");
        if (failed.Count > 0)
        {
            error.WriteLine($"neurondsl: {failed.Count} of {runs} runs failed; run {failed[0].Index}: {failed[0].Status}: {failed[0].Message}");
            return ExitCode.SimulationFailed;
        }
        return ExitCode.Done;
    }

    /// <summary>A sweep whose base run is a network file: one network run after another (each on all cores), or on a
    /// cluster; sweep.csv and sweep.arrow with each group's statistics, sweep.png, summary.json.</summary>
    private static int RunNetworkSweep(ParseResult parsed, string[] args, NetworkSweepPlan plan, TextWriter output,
        TextWriter error, CancellationToken cancellation)
    {
        var target = parsed.GetValue(Out)!;
        using var folder = OutputFolder.Prepare(target, plan.RunCount * (200L + 100L * plan.Groups.Count) + (8L << 20));
        var started = System.Diagnostics.Stopwatch.StartNew();
        var title = Path.GetFileNameWithoutExtension(plan.NetworkPath);
        var cluster = RunOnCluster(parsed, SweepOnCluster.Document(plan), plan.RunCount, title, target, cancellation);
        var rows = cluster is null
            ? RunNetworkSweepWithProgress(title, plan, cancellation)
            : cluster.Rows.Select(row => SweepOnCluster.RowOf(plan, row)).ToList();
        var seconds = started.Elapsed.TotalSeconds;
        NetworkSweepTable.WriteCsv(folder.PathOf(SweepTable.CsvFile), plan, rows);
        NetworkSweepTable.WriteArrow(folder.PathOf(SweepTable.ArrowFile), plan, rows);
        cancellation.ThrowIfCancellationRequested();
        PlotNetworkSweep(folder.Staging, $"{title} — sweep, {rows.Count} runs", plan, rows);
        var failed = rows.Where(r => !r.Completed).Select(r => (r.Index, r.Status, r.Message)).ToList();
        var summary = Outputs.Head("sweep", args);
        foreach (var (key, value) in plan.Node) summary[key] = value?.DeepClone();
        summary["table"] = new JsonObject
        {
            ["files"] = $"{SweepTable.CsvFile}, {SweepTable.ArrowFile}", ["columns"] = string.Join(", ", NetworkSweepTable.Columns(plan)),
            ["statistics"] = "as neurondsl network's summary.json: GROUP_spikes the group's spike count; GROUP_rate_hz spikes per neuron per second; GROUP_cv_isi the mean over neurons with >= 3 spikes of the ISI standard deviation over the ISI mean (empty, NaN in Arrow, without such a neuron); GROUP_fano variance over mean of the group's spike count in bins of rate_bin; a run that did not run has empty cells (null counts in Arrow)",
        };
        summary["run_seconds"] = seconds;
        return FinishSweep(folder, summary, cluster, rows.Count, failed,
            $"{plan.File}: {rows.Count} runs of {plan.NetworkPath}, {Quantities.Format(plan.Base.Duration)} ms each (at the base point), in {seconds:0.##} s",
            output, error, cancellation);
    }

    /// <summary>The network sweep's runs in run order, one after another (each network run uses every core), with a
    /// progress bar on an interactive terminal.</summary>
    private static List<NetworkSweepRow> RunNetworkSweepWithProgress(string name, NetworkSweepPlan plan, CancellationToken cancellation)
    {
        var rows = new List<NetworkSweepRow>(plan.RunCount);
        void RunAll(Action done)
        {
            for (var k = 0; k < plan.RunCount; k++)
            {
                cancellation.ThrowIfCancellationRequested();
                rows.Add(NetworkSweepPlan.RunOne(plan, k, cancellation));
                done();
            }
        }
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            RunAll(() => { });
            return rows;
        }
        AnsiConsole.Progress().Start(context =>
        {
            var task = context.AddTask($"{name}: {plan.RunCount} runs", maxValue: plan.RunCount);
            RunAll(() => task.Increment(1));
        });
        return rows;
    }

    /// <summary>sweep.png: for one axis each group's mean rate against it; for two a heat map of the first group's mean
    /// rate; none otherwise.</summary>
    private static void PlotNetworkSweep(string directory, string title, NetworkSweepPlan plan, IReadOnlyList<NetworkSweepRow> rows)
    {
        var completed = rows.Where(r => r.Completed).ToList();
        if (plan.Axes.Count == 1 && completed.Count > 0)
        {
            var axis = plan.Axes[0];
            Plots.SweepCurve(directory, title, axis.Name, axis.Unit, completed.Select(r => r.Point[0]).ToArray(),
                plan.Groups.Select((g, k) => ($"{g.Name}: mean rate", (IReadOnlyList<double>)completed.Select(r => r.Groups[k].MeanRate).ToArray())).ToList());
        }
        else if (plan.Axes.Count == 2 && plan.Groups.Count > 0)
        {
            var (x, y) = (plan.Axes[0], plan.Axes[1]);
            var rates = new double[y.Values.Length, x.Values.Length];
            foreach (var row in rows)
            {
                var (i, j) = (row.Index / y.Values.Length, row.Index % y.Values.Length);
                rates[y.Values.Length - 1 - j, i] = row.Completed ? row.Groups[0].MeanRate : double.NaN;
            }
            Plots.SweepHeatMap(directory, title, (x.Name, x.Unit, x.Values), (y.Name, y.Unit, y.Values), rates,
                $"{plan.Groups[0].Name}: mean rate (Hz)");
        }
    }

    /// <summary>Refuses, before the output folder is touched, a sweep the core refuses: too large (exit 4) or
    /// naming what the model lacks (exit 2).</summary>
    private static void CheckSweep(Sweep sweep)
    {
        try
        {
            Simulator.CheckSweep(sweep);
        }
        catch (SweepTooLargeException e)
        {
            throw new BudgetException(e.Message);
        }
    }

    /// <summary>Runs a sweep on all cores with a progress bar on an interactive terminal.</summary>
    private static SweepResult RunSweepWithProgress(string name, Sweep sweep, CancellationToken cancellation)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return Simulator.RunSweep(sweep, 0, null, cancellation);
        }
        SweepResult result = null!;
        AnsiConsole.Progress().Start(context =>
        {
            var task = context.AddTask($"{name}: {sweep.RunCount} runs", maxValue: sweep.RunCount);
            // Reported from the worker threads as each run finishes; ProgressTask is thread-safe.
            var progress = new CallbackProgress<SweepProgress>(_ => task.Increment(1));
            result = Simulator.RunSweep(sweep, 0, progress, cancellation);
            task.Value = sweep.RunCount;
        });
        return result;
    }

    /// <summary>sweep.png: a curve for one axis, a heat map of the steady rate for two; none otherwise.</summary>
    private static void PlotSweep(string directory, string title, SweepResult result)
    {
        var axes = result.AxisNames.Count;
        var completed = result.Rows.Where(r => r.Status == SweepRunStatus.Completed).ToList();
        if (axes == 1 && completed.Count > 0)
        {
            Plots.SweepCurve(directory, title, result.AxisNames[0], result.AxisUnits[0], completed.Select(r => r.Point[0]).ToArray(),
                [
                    ("steady rate (second half of the interspike intervals)", completed.Select(r => r.SteadyRate).ToArray()),
                    ("mean rate (spike count / time)", completed.Select(r => r.MeanRate).ToArray()),
                ]);
        }
        else if (axes == 2)
        {
            var xs = result.AxisValues[0].ToArray();
            var ys = result.AxisValues[1].ToArray();
            var rates = new double[ys.Length, xs.Length];
            foreach (var row in result.Rows)
            {
                var (i, j) = (row.Index / ys.Length, row.Index % ys.Length);
                // Row 0 of the map is drawn at the top: the largest value of the second axis goes there.
                rates[ys.Length - 1 - j, i] = row.Status == SweepRunStatus.Completed ? row.SteadyRate : double.NaN;
            }
            Plots.SweepHeatMap(directory, title, (result.AxisNames[0], result.AxisUnits[0], xs), (result.AxisNames[1], result.AxisUnits[1], ys), rates);
        }
    }
}
