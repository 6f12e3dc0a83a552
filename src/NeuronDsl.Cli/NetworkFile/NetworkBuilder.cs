using NeuronDsl.CSharp;

namespace NeuronDsl.Cli;

using CoreConnector = NeuronDsl.Connector;
using CoreSynapseValues = NeuronDsl.SynapseValues;
using Connector = NeuronDsl.CSharp.Connector;
using Network = NeuronDsl.CSharp.Network;

/// <summary>Builds the facade's network from a read file, in the file's order (so projection k draws from stream k of
/// the seed, as the same calls in F# would) and runs it.</summary>
internal static class NetworkBuilder
{
    public static Network Build(NetworkSpec spec)
    {
        var network = Network.Create(spec.Seed);
        foreach (var p in spec.Populations) network = network.WithPopulation(p.Name, p.Population);
        foreach (var s in spec.Sources)
        {
            network = s.IsPoisson
                ? network.WithPoissonSources(s.Name, s.Count, s.Rate)
                : network.WithSpikeTrains(s.Name, s.Count, s.Neurons!.Zip(s.Times!));
        }
        foreach (var p in spec.Projections)
        {
            network = network.WithProjection(p.From, p.To, p.Variable, ConnectorOf(p.Connector), ValuesOf(p.Weights),
                ValuesOf(p.Delays));
        }
        return network;
    }

    /// <summary>Runs the network; progress as the fraction of the work done.</summary>
    public static NetworkResult Run(NetworkSpec spec, Network network, IProgress<double>? progress,
        CancellationToken cancellation)
    {
        var options = NetworkOptions.Default with { Duration = spec.Duration, Solver = spec.Solver, Delivery = spec.Delivery };
        return Simulator.RunAsync(network, options, progress, cancellation).GetAwaiter().GetResult();
    }

    /// <summary>The facade's connector for the one the reader checked with the core's rules.</summary>
    private static Connector ConnectorOf(CoreConnector connector) => connector switch
    {
        CoreConnector.AllToAll a => Connector.AllToAll(a.Autapses.IsAllowed),
        CoreConnector.FixedProbability p => Connector.FixedProbability(p.Probability, p.Autapses.IsAllowed),
        CoreConnector.FixedInDegree k => Connector.FixedInDegree(k.Degree, k.Autapses.IsAllowed, k.Multapses.IsAllowed),
        CoreConnector.FixedOutDegree k => Connector.FixedOutDegree(k.Degree, k.Autapses.IsAllowed, k.Multapses.IsAllowed),
        CoreConnector.Explicit e => Connector.Explicit(e.Sources, e.Targets),
        _ => Connector.OneToOne(),
    };

    /// <summary>The facade's synapse values for the ones the reader checked with the core's rules.</summary>
    private static SynapseValue ValuesOf(CoreSynapseValues values) => values switch
    {
        CoreSynapseValues.Constant c => SynapseValue.Constant(c.Value),
        CoreSynapseValues.PerSynapse p => SynapseValue.PerSynapse(p.Values),
        CoreSynapseValues.Uniform u => SynapseValue.Uniform(u.Low, u.High),
        CoreSynapseValues.Normal n => SynapseValue.Normal(n.Mean, n.StandardDeviation),
        CoreSynapseValues.TruncatedNormal t => SynapseValue.TruncatedNormal(t.Mean, t.StandardDeviation, t.Low, t.High),
        CoreSynapseValues.ClippedNormal c => SynapseValue.ClippedNormal(c.Mean, c.StandardDeviation, c.Low, c.High),
        CoreSynapseValues.LogNormal l => SynapseValue.LogNormal(l.LogMean, l.LogStandardDeviation),
        _ => throw new InvalidOperationException($"synapse values {values} have no facade counterpart"),
    };
}
