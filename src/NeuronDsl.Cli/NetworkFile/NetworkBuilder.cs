using Microsoft.FSharp.Core;
using NeuronDsl;

namespace NeuronDsl.Cli;

using CoreNetwork = NeuronDsl.Network;

/// <summary>Builds the core's network from a read file, in the file's order (so projection k draws from stream k of
/// the seed, as the same calls in F# would) and runs it.</summary>
internal static class NetworkBuilder
{
    public static CoreNetwork Build(NetworkSpec spec)
    {
        var network = NetworkModule.create(spec.Seed);
        foreach (var p in spec.Populations) network = NetworkModule.withPopulation(p.Name, p.Population.Core, network);
        foreach (var s in spec.Sources)
        {
            network = s.IsPoisson
                ? NetworkModule.withPoissonSources(s.Name, s.Count, s.Rate, network)
                : NetworkModule.withSpikeTrains(s.Name, s.Count, s.Neurons!.Zip(s.Times!, Tuple.Create), network);
        }
        foreach (var p in spec.Projections)
        {
            var synapses = new SynapseSpec(p.Connector, p.Weights, p.Delays);
            network = NetworkModule.withProjection(p.From, p.To, p.Variable, synapses, network);
        }
        return network;
    }

    /// <summary>Runs the network; progress as the fraction of the work done.</summary>
    public static NetworkSolution Run(NetworkSpec spec, CoreNetwork network, Action<double> progress,
        CancellationToken cancellation)
    {
        var control = new PopulationRunControl(cancellation, FuncConvert.FromAction(progress));
        return NetworkModule.runWith(control, spec.Solver.Core, spec.Duration, network);
    }
}
