using System.Text.Json.Nodes;
using NeuronDsl.CSharp;

namespace NeuronDsl.Cli;

using Population = NeuronDsl.CSharp.Population;
using Solver = NeuronDsl.CSharp.Solver;
using Connector = NeuronDsl.Connector;
using SynapseValues = NeuronDsl.SynapseValues;

/// <summary>A network file once read and checked: everything <c>neurondsl network</c> needs to build and run it.</summary>
internal sealed record NetworkSpec(string File, uint Seed, double Duration, Solver Solver, JsonObject SolverNode,
    CSharp.SpikeDelivery Delivery, IReadOnlyList<PopulationSpec> Populations, IReadOnlyList<SourceSpec> Sources,
    IReadOnlyList<ProjectionSpec> Projections, double RateBin)
{
    /// <summary>Every group, populations first, then sources, in file order: the order of the columns and plots.</summary>
    public IEnumerable<(string Name, int Count)> Groups =>
        Populations.Select(p => (p.Name, p.Population.Count)).Concat(Sources.Select(s => (s.Name, s.Count)));

    /// <summary>The groups whose spikes are kept and summarised: every population and spike-train group (Poisson
    /// sources are counted, not kept).</summary>
    public IEnumerable<(string Name, int Count)> KeptGroups =>
        Groups.Where(g => !Sources.Any(s => s.IsPoisson && s.Name == g.Name));

    /// <summary>The run's work: neurons (not sources) times fixed steps.</summary>
    public double NeuronSteps =>
        Populations.Sum(p => (double)p.Population.Count) * Math.Ceiling(Duration / Solver.Step);
}

/// <summary>A [[population]]: its neuron (model, preset, shared parameters), the population with spreads and initial
/// values applied, and what the file said, for summary.json.</summary>
internal sealed record PopulationSpec(string Name, Neuron Neuron, Population Population, JsonObject Node);

/// <summary>A [[poisson]] (Times null, Rate in Hz) or a [[spikes]] group (Neurons and Times, ms).</summary>
internal sealed record SourceSpec(string Name, int Count, double Rate, int[]? Neurons, double[]? Times, JsonObject Node)
{
    public bool IsPoisson => Times is null;
}

/// <summary>A [[projection]]: weights in the target variable's unit, delays in ms.</summary>
internal sealed record ProjectionSpec(string From, string To, string Variable, Connector Connector,
    SynapseValues Weights, SynapseValues Delays, JsonObject Node);
