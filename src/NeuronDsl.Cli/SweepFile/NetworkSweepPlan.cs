using System.Text.Json.Nodes;
using NeuronDsl.CSharp;

namespace NeuronDsl.Cli;

using SweepValues = NeuronDsl.CSharp.SweepValues;

/// <summary>One axis of a network sweep: the addresses it sets (all to the same value), its column and values.</summary>
/// <param name="Name">The column's name without its unit: the axis's name, "seed", or its first address with dots as
/// underscores.</param>
/// <param name="Unit">The values' unit: the first address's unit as the network file writes it; "" for numbers.</param>
/// <param name="Addresses">The values it sets in the network file.</param>
/// <param name="Values">Its values, in <see cref="Unit"/>.</param>
internal sealed record NetworkSweepAxis(string Name, string Unit, IReadOnlyList<NetworkAddress> Addresses, double[] Values)
{
    /// <summary>The column of sweep.csv and sweep.arrow: the name and the unit.</summary>
    public string Column => Outputs.Column(Name, Unit);

    /// <summary>The literal each address gets for <paramref name="value"/>: converted into that address's own unit.</summary>
    public IEnumerable<(NetworkAddress, string)> Changes(double value) => Addresses.Select(a =>
        (a, a.Literal(a.Unit == Unit ? value : Quantities.Parse($"{Quantities.Format(value)} {Unit}", a.Unit, a.Address))));
}

/// <summary>
/// A sweep whose base run is a network file (docs/sweep-file.md, "Network sweeps"): the network file's text and the
/// axes that set values in it. Each run writes its point's values into the text (every other character kept, so the
/// network reader's messages keep their lines), reads it with the network reader, runs it and summarises each group.
/// </summary>
/// <remarks>
/// Like <see cref="SweepPlan"/>, <see cref="RunOne"/> is a pure function of the plan and the index, and the plan of
/// the texts: the sweep file's and the network file's, which the plan carries so that a worker on another machine gets
/// it inside the job's document (<see cref="SweepOnCluster.Document"/>). A model_file the network names is read from
/// disk relative to the network file, on every machine.
/// </remarks>
internal sealed record NetworkSweepPlan(string File, string Text, string NetworkPath, string NetworkText, NetworkSpec Base,
    IReadOnlyList<NetworkSweepAxis> Axes, IReadOnlyList<(string Name, int Count)> Groups, JsonObject Node)
{
    /// <summary>Most runs a network sweep may have, as for single-neuron sweeps.</summary>
    public const double MaxRuns = global::NeuronDsl.SweepModule.MaxRuns;

    /// <summary>The number of runs: the product of the axes' counts.</summary>
    public int RunCount => Axes.Aggregate(1, (n, a) => n * a.Values.Length);

    /// <summary>Reads a sweep file whose [sweep] names a network file; <paramref name="readFile"/> gives the text of a
    /// path (the disk on the machine that reads the sweep file; the job's document on a worker).</summary>
    /// <exception cref="UsageException">Anything out of place, in the sweep file or in the network file at any single
    /// axis value: one line naming the file, line, axis, address, value and what was expected.</exception>
    /// <exception cref="BudgetException">More runs, or more neuron-steps over all runs, than a sweep may take.</exception>
    public static NetworkSweepPlan Read(TomlSection root, TomlSection section, string file, string sweepText,
        Func<string, string?> readFile)
    {
        var network = section.String("network", "the network file's path, relative to the sweep file")!;
        section.RefuseUnknownKeys();
        var path = Path.Combine(Path.GetDirectoryName(file) ?? "", network);
        var text = readFile(path) ?? throw section.Error("network", network, $"a network file; there is none at {path}");
        var spec = NetworkFileReader.Read(path, text);
        var baseSteps = spec.NeuronSteps;
        var axes = new List<NetworkSweepAxis>();
        var nodes = new JsonArray();
        var largest = baseSteps; // an upper bound of any run's neuron-steps: each axis's largest factor, multiplied
        foreach (var table in root.Tables("axis"))
        {
            var (axis, factor) = ReadAxis(table, path, text, spec, axes);
            if (axes.Any(a => a.Column == axis.Column))
                throw table.Error("name", axis.Name, $"a column name no other axis has; {axis.Column} is taken");
            axes.Add(axis);
            largest *= Math.Max(1, factor);
            nodes.Add(new JsonObject
            {
                ["vary"] = new JsonArray(axis.Addresses.Select(a => (JsonNode?)a.Address).ToArray()), ["column"] = axis.Column,
                ["unit"] = axis.Unit, ["count"] = axis.Values.Length,
                ["values"] = new JsonArray(axis.Values.Take(1000).Select(Outputs.Number).ToArray()),
            });
        }
        root.RefuseUnknownKeys();
        var runs = axes.Aggregate(1.0, (n, a) => n * a.Values.Length);
        if (runs > MaxRuns) throw new BudgetException($"{file}: the sweep has {Budget.Count(runs)} runs; at most {Budget.Count(MaxRuns)}");
        var total = runs * largest;
        if (total > Budget.MaxNeuronSteps)
        {
            throw new BudgetException(
                $"{file}: {Budget.Count(runs)} runs of up to {Budget.Count(largest)} neuron-steps each, {Budget.Count(total)} in all; at most {Budget.Count(Budget.MaxNeuronSteps)} (fewer runs, fewer neurons or a shorter duration)");
        }
        var node = new JsonObject
        {
            ["sweep_file"] = file, ["network_file"] = path, ["seed"] = spec.Seed, ["duration_ms"] = spec.Duration,
            ["solver"] = spec.SolverNode.DeepClone(), ["axes"] = nodes, ["runs"] = runs,
            ["neuron_steps"] = new JsonObject { ["base_run"] = baseSteps, ["largest_run_at_most"] = largest, ["limit_over_all_runs"] = Budget.MaxNeuronSteps },
            ["order"] = "run k: the first axis varies slowest, the last fastest",
        };
        return new NetworkSweepPlan(file, sweepText, path, text, spec, axes, spec.KeptGroups.ToList(), node);
    }

    private static (NetworkSweepAxis, double) ReadAxis(TomlSection table, string path, string text, NetworkSpec spec,
        IReadOnlyList<NetworkSweepAxis> earlier)
    {
        var expected = $"an address of a value in the network file, or a list of them set together: {NetworkAddress.Forms}";
        var vary = table.Raw("vary", expected) switch
        {
            string s => [s],
            Tomlyn.Model.TomlArray { Count: > 0 } a when a.All(x => x is string) => a.Cast<string>().ToArray(),
            var other => throw table.Error("vary", other, expected),
        };
        var addresses = new List<NetworkAddress>();
        foreach (var address in vary)
        {
            var (found, error) = NetworkAddress.Resolve(text, address);
            if (found is null) throw table.Error("vary", address, error!);
            if (earlier.SelectMany(a => a.Addresses).Concat(addresses).Any(a => a.Offset == found.Offset))
                throw table.Error("vary", address, "an address no other axis (or this one) already varies");
            if (addresses.Count > 0 && found.Kind != addresses[0].Kind)
                throw table.Error("vary", address, $"a value of the same kind as {addresses[0].Address} ({addresses[0].Kind}); {address} is {found.Kind}");
            addresses.Add(found);
        }
        var first = addresses[0];
        var name = table.String("name", "a column name", required: false)
            ?? (vary[0] is "seed" or "network.seed" ? "seed" : vary[0].Replace('.', '_'));
        SweepValues values;
        try
        {
            values = AxisReader.ReadValues(table, first.Unit, first.Kind == NetworkValueKind.Integer);
        }
        catch (UsageException e)
        {
            // Name the address beside the axis: "FILE:LINE: [[axis]] 1 projection.3.k: values = 1.5: expected ...".
            var at = e.Message.IndexOf(table.Name + " ", StringComparison.Ordinal);
            if (at < 0) throw;
            var after = at + table.Name.Length + 1;
            throw new UsageException($"{e.Message[..after]}{string.Join(", ", vary)}: {e.Message[after..]}");
        }
        table.RefuseUnknownKeys();
        var axis = new NetworkSweepAxis(name, first.Unit, addresses, Enumerable.Range(0, values.Count).Select(k => values[k]).ToArray());
        // Every value alone, the others as the file has them: the network reader's checks, and the run's size.
        var factor = 0.0;
        foreach (var value in axis.Values)
        {
            var changes = table.Within("values", () => axis.Changes(value).ToList());
            try
            {
                var point = NetworkFileReader.Read(path, NetworkAddress.Apply(text, changes));
                Cli.CheckNetworkBudget(point);
                factor = Math.Max(factor, point.NeuronSteps / spec.NeuronSteps);
            }
            catch (Exception e) when (e is UsageException or BudgetException)
            {
                var set = string.Join(", ", changes.Select(c => $"{c.Item1.Address} = {c.Item2}"));
                var message = $"{table.File}:{table.LineOf("values")}: {table.Name} value {Quantities.Format(value)}{(axis.Unit.Length > 0 ? " " + axis.Unit : "")} ({set}): {e.Message}";
                throw e is BudgetException ? new BudgetException(message) : new UsageException(message);
            }
        }
        return (axis, factor);
    }

    /// <summary>The point of run <paramref name="index"/>: each axis's value, the first axis slowest (the core's
    /// rule, <c>SweepValues.point</c>).</summary>
    public double[] Point(int index) =>
        SweepValuesModule.Point(index, Axes.Select(a => global::NeuronDsl.SweepValues.NewListed(a.Values)).ToArray());

    /// <summary>The network file's text at run <paramref name="index"/>'s point.</summary>
    public string TextOf(int index)
    {
        var point = Point(index);
        return NetworkAddress.Apply(NetworkText, Axes.SelectMany((a, k) => a.Changes(point[k])));
    }

    /// <summary>Run <paramref name="index"/>: the same row on any machine with the same build, bit for bit.</summary>
    public static NetworkSweepRow RunOne(NetworkSweepPlan plan, int index, CancellationToken cancellation = default)
    {
        if (index < 0 || index >= plan.RunCount)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"run index is {index}; expected from 0 to {plan.RunCount - 1}");
        var point = plan.Point(index);
        NetworkSpec spec;
        try
        {
            spec = NetworkFileReader.Read(plan.NetworkPath, plan.TextOf(index));
            Cli.CheckNetworkBudget(spec);
        }
        catch (Exception e) when (e is UsageException or BudgetException)
        {
            return NetworkSweepRow.Failed(index, point, plan.Groups.Count, "Rejected", e.Message);
        }
        NetworkResult solution;
        try
        {
            solution = NetworkBuilder.Run(spec, NetworkBuilder.Build(spec), null, cancellation);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return NetworkSweepRow.Failed(index, point, plan.Groups.Count, "Failed", Messages.OneLine(e));
        }
        var statistics = plan.Groups.Select(g => Cli.Statistics(spec, solution, g.Name, g.Count)).ToList();
        var failed = solution.Populations.FirstOrDefault(p => p.Value.Status != NeuronDsl.CSharp.PopulationStatus.Completed);
        return failed.Value is null
            ? new NetworkSweepRow(index, point, statistics.Select(NetworkSweepRow.GroupOf).ToArray(), solution.Deliveries, "Completed", "completed")
            : new NetworkSweepRow(index, point, statistics.Select(NetworkSweepRow.GroupOf).ToArray(), solution.Deliveries,
                failed.Value.Status.ToString(), $"{failed.Key}: {failed.Value.Status}");
    }
}
