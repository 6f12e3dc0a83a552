using System.CommandLine;
using System.Text.Json.Nodes;
using NeuronDsl.CSharp;

namespace NeuronDsl.Cli;

using Connector = NeuronDsl.Connector;
using SynapseValues = NeuronDsl.SynapseValues;

/// <summary>neurondsl network FILE: a network described in a TOML file (docs/network-file.md), run and written.</summary>
internal static partial class Cli
{
    private static readonly Argument<string> NetworkFileArgument = new("FILE") { Description = "the network file (TOML; docs/network-file.md, examples/)" };

    private static Command NetworkCommand() => new("network", "run a network described in a TOML file: populations, Poisson and spike-train sources, projections; writes spikes.arrow, spikes.csv (group, neuron, time_ms), rate.csv, raster and rate plots coloured by group, summary.json (per group: spikes, mean rate, CV of ISIs, Fano factor)")
    {
        NetworkFileArgument, Out,
    };

    private static int RunNetwork(ParseResult parsed, string[] args, TextWriter output, CancellationToken cancellation)
    {
        var spec = NetworkFileReader.Read(parsed.GetValue(NetworkFileArgument)!);
        var bytes = CheckNetworkBudget(spec);
        using var folder = OutputFolder.Prepare(parsed.GetValue(Out)!, 24L << 20);
        var network = NetworkBuilder.Build(spec);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var solution = NetworkBuilder.Run(spec, network, null, cancellation);
        var seconds = started.Elapsed.TotalSeconds;
        var statistics = spec.KeptGroups.Select(g => Statistics(spec, solution, g.Name, g.Count)).ToList();
        var summary = NetworkSummary(spec, solution, statistics, args, bytes, seconds);
        WriteNetwork(spec, solution, statistics, summary, folder, cancellation);
        output.WriteLine($"{spec.File}: {spec.Groups.Sum(g => (long)g.Count)} neurons and sources, {spec.Solver}: {solution.AllSpikes.Count} spikes, {solution.Deliveries} deliveries in {Quantities.Format(spec.Duration)} ms ({seconds:0.##} s)");
        foreach (var s in statistics) output.WriteLine($"  {s.Group}: {s.MeanRate:0.###} Hz, CV {s.MeanCv:0.###}");
        var failed = solution.Populations.Values.FirstOrDefault(p => p.Status != NeuronDsl.CSharp.PopulationStatus.Completed);
        return failed is null ? ExitCode.Done : ExitCode.SimulationFailed;
    }

    /// <summary>Estimates the run's memory and work before anything is built; refuses what cannot fit.</summary>
    internal static double CheckNetworkBudget(NetworkSpec spec)
    {
        var neurons = spec.Populations.Sum(p => (double)p.Population.Count);
        var bins = Math.Ceiling(spec.Duration / spec.RateBin) * spec.Groups.Count();
        var populationBytes = spec.Populations.Sum(p => Budget.PopulationBytes(p.Population.Count, p.Neuron.Variables.Count,
            p.Neuron.Model.Parameters.Count, false, spec.Solver.Name == "exact", 0)) + 8 * bins;
        var counts = spec.Groups.ToDictionary(g => g.Name, g => (double)g.Count);
        var synapses = 0.0;
        var synapseBytes = 0.0;
        foreach (var p in spec.Projections)
        {
            var n = ExpectedSynapses(p.Connector, counts[p.From], counts[p.To]);
            synapses += n;
            synapseBytes += n * Budget.SynapseBytes(p.Weights is not SynapseValues.Constant, p.Delays is not SynapseValues.Constant)
                + 8 * (counts[p.From] + 1);
        }
        return Budget.CheckNetwork(spec.File, neurons, spec.NeuronSteps, populationBytes, synapses, synapseBytes);
    }

    /// <summary>The synapses a connector makes (expected, for the probability connector).</summary>
    private static double ExpectedSynapses(Connector connector, double pre, double post) => connector switch
    {
        Connector.AllToAll => pre * post,
        Connector.FixedProbability p => p.Probability * pre * post,
        Connector.FixedInDegree k => (double)k.Degree * post,
        Connector.FixedOutDegree k => (double)k.Degree * pre,
        _ => Math.Min(pre, post),
    };

    internal static GroupStatistics Statistics(NetworkSpec spec, NetworkResult solution, string group, int count)
    {
        var spikes = solution.Spikes[group];
        return GroupStatisticsModule.Compute(group, count, [.. spikes.Neurons], [.. spikes.Times], spec.Duration, spec.RateBin);
    }

    private static void WriteNetwork(NetworkSpec spec, NetworkResult solution, IReadOnlyList<GroupStatistics> statistics,
        JsonObject summary, OutputFolder folder, CancellationToken cancellation)
    {
        SpikeFiles.WriteArrow(folder.PathOf(SpikeFiles.ArrowFile), solution.AllSpikes, cancellation);
        summary["spikes_csv"] = SpikeFiles.WriteCsv(folder.PathOf(SpikeFiles.CsvFile), solution.AllSpikes, cancellation);
        var groups = spec.Groups.ToList();
        var rates = groups.Select(g => (g.Name, Rates(solution, g.Name, g.Count, spec))).ToList();
        Outputs.WriteCsv(folder.PathOf("rate.csv"), ["bin_start_ms", .. groups.Select(g => $"{g.Name}_hz")],
            Enumerable.Range(0, rates[0].Item2.Length).Select(b => rates.Select(r => r.Item2[b]).Prepend(b * spec.RateBin).ToArray()));
        cancellation.ThrowIfCancellationRequested();
        Plots.NetworkRaster(folder.Staging, groups, solution.AllSpikes, spec.Duration);
        Plots.NetworkRate(folder.Staging, rates, spec.RateBin, spec.Duration);
        Outputs.WriteSummary(folder.Staging, summary);
        cancellation.ThrowIfCancellationRequested();
        folder.Commit();
    }

    /// <summary>A group's rate in bins of the file's rate_bin: spikes per neuron per second.</summary>
    private static double[] Rates(NetworkResult solution, string group, int count, NetworkSpec spec)
    {
        var bins = new double[(int)Math.Ceiling(spec.Duration / spec.RateBin)];
        if (solution.Spikes.TryGetValue(group, out var spikes))
        {
            foreach (var t in spikes.Times) bins[Math.Min((int)(t / spec.RateBin), bins.Length - 1)]++;
        }
        return bins.Select(b => b / count / (spec.RateBin / 1000.0)).ToArray();
    }

    private static JsonObject NetworkSummary(NetworkSpec spec, NetworkResult solution,
        IReadOnlyList<GroupStatistics> statistics, IReadOnlyList<string> args, double bytes, double seconds)
    {
        var summary = Outputs.Head("network", args);
        summary["seed"] = spec.Seed;
        summary["network_file"] = spec.File;
        summary["solver"] = spec.SolverNode;
        summary["delivery"] = spec.Delivery == CSharp.SpikeDelivery.Grid
            ? "grid: at the first step start at or after spike time + delay"
            : "precise: at spike time + delay, inside the step";
        summary["duration_ms"] = spec.Duration;
        summary["populations"] = new JsonObject(spec.Populations.Select(p => KeyValuePair.Create(p.Name, (JsonNode?)p.Node)));
        summary["sources"] = new JsonObject(spec.Sources.Select(s => KeyValuePair.Create(s.Name, (JsonNode?)s.Node)));
        summary["projections"] = new JsonArray(spec.Projections.Select(p => (JsonNode?)p.Node).ToArray());
        summary["memory"] = new JsonObject { ["estimated_bytes"] = bytes, ["limit_bytes"] = Budget.PopulationMemory() };
        summary["status"] = new JsonObject(solution.Populations.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value.Status.ToString())));
        summary["run_seconds"] = seconds;
        summary["spike_count"] = solution.AllSpikes.Count;
        summary["deliveries"] = solution.Deliveries;
        summary["poisson_spikes"] = new JsonObject(solution.PoissonSpikeCounts.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        summary["groups"] = new JsonObject(statistics.Select(s => KeyValuePair.Create(s.Group, (JsonNode?)new JsonObject
        {
            ["count"] = s.Count, ["spikes"] = s.Spikes, ["mean_rate_hz"] = Outputs.Number(s.MeanRate),
            ["cv_isi"] = Outputs.Number(s.MeanCv), ["neurons_with_cv"] = s.NeuronsWithCv, ["fano_factor"] = Outputs.Number(s.Fano),
        })));
        summary["statistics_note"] = "mean_rate_hz: spikes per neuron per second; cv_isi: mean over the neurons with >= 3 spikes (neurons_with_cv) of the ISI standard deviation over the ISI mean; fano_factor: variance over mean of the group's spike count in bins of rate_bin_ms (about 1 for independent Poisson neurons, larger when they fire together); Poisson sources' spikes are counted in poisson_spikes, not kept";
        summary["rate_bin_ms"] = spec.RateBin;
        return summary;
    }
}
