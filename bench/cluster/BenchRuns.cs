using System.Globalization;
using NeuronDsl.CSharp;

namespace NeuronDsl.ClusterBench;

/// <summary>
/// The benchmark's job: run k is a Hodgkin–Huxley neuron at 10 + k·0.001 µA/cm² for <c>duration</c> ms with RK4 at
/// dt = 0.01 ms; the payload is the spike times' bits.
/// </summary>
internal static class BenchRuns
{
    private static readonly Neuron Neuron = Neurons.ByName("hh");

    public static byte[] Execute(string document, long index)
    {
        var duration = double.Parse(document, CultureInfo.InvariantCulture);
        var options = SimulationOptions.Default with { Duration = duration, Solver = Solvers.RungeKutta4(0.01), RecordTrace = false };
        var result = Simulator.Run(Neuron, InputCurrent.Constant(10 + index * 0.001), options);
        return result.SpikeTimes.SelectMany(BitConverter.GetBytes).ToArray();
    }
}
