using System.Globalization;
using NeuronDsl.CSharp;

namespace NeuronDsl.ClusterBench;

/// <summary>
/// The benchmark's job: run k is a Hodgkin–Huxley neuron at 10 + k·0.001 µA/cm² for <c>duration</c> ms with RK4 at
/// dt = 0.01 ms; the payload is the time the run took where it ran, then the spike times' bits.
/// </summary>
internal static class BenchRuns
{
    private static readonly Neuron Neuron = Neurons.ByName("hh");

    public static byte[] Execute(string document, long index)
    {
        var duration = double.Parse(document, CultureInfo.InvariantCulture);
        var options = SimulationOptions.Default with { Duration = duration, Solver = Solvers.RungeKutta4(0.01), RecordTrace = false };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = Simulator.Run(Neuron, InputCurrent.Constant(10 + index * 0.001), options);
        var seconds = clock.Elapsed.TotalSeconds;
        return BitConverter.GetBytes(seconds).Concat(result.SpikeTimes.SelectMany(BitConverter.GetBytes)).ToArray();
    }

    /// <summary>The seconds the run itself took where it ran (the payload's first 8 bytes).</summary>
    public static double SecondsOf(byte[] payload) => BitConverter.ToDouble(payload, 0);
}
