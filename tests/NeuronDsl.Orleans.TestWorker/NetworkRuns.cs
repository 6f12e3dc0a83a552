using System.Text;

namespace NeuronDsl.Orleans.TestWorker;

using NeuronDsl.CSharp; // inside the namespace, so that the facade's types win over the core's of the same name

/// <summary>
/// A network sweep built in code, as a program would spread its own: the document names it, each worker rebuilds it
/// and returns run k's row as <see cref="NetworkSweepRow.ToText"/>. The sweep: Poisson drive onto 40 LIF neurons
/// coupled by fixed in-degree synapses, over drive rate × coupling weight × seed, 50 ms each.
/// </summary>
public static class NetworkRuns
{
    /// <summary>The document that names this sweep.</summary>
    public const string Document = "network-sweep";

    public static NetworkSweep Sweep() =>
        NetworkSweep.Of(Build, NetworkOptions.Default with { Duration = 50, Solver = Solvers.Exact(0.1), Parallelism = 1 })
            .WithAxis("rate", SweepValues.Linear(300, 900, 4))
            .WithAxis("weight", SweepValues.List(-2, 0, 2))
            .WithAxis("seed", SweepValues.Linear(1, 5, 5));

    public static byte[] Execute(long index) =>
        Encoding.UTF8.GetBytes(Simulator.RunNetworkSweepRun(Sweep(), checked((int)index)).ToText());

    private static Network Build(IReadOnlyList<double> point) =>
        Network.Create((uint)point[2])
            .WithPoissonSources("drive", 80, point[0])
            .WithPopulation("cells", Neurons.ByName("lif").Population(40).WithParameter("V_reset", -70))
            .WithProjection("drive", "cells", "V", Connector.FixedInDegree(10), SynapseValue.Constant(4), SynapseValue.Constant(1))
            .WithProjection("cells", "cells", "V", Connector.FixedInDegree(5), SynapseValue.Constant(point[1]), SynapseValue.Constant(1.5));
}
