using System.Text.Json.Nodes;
using NeuronDsl.CSharp;
using SpikeStatistics = NeuronDsl.SpikeStatistics;

namespace NeuronDsl.Cli;

/// <summary>
/// f–I curves: the one steady-rate rule, fi.csv's columns and their description in summary.json, shared by the fi
/// command (one run per current) and by population runs over a current range (one neuron per current).
/// </summary>
internal static class FiCurve
{
    /// <summary>The file both commands write.</summary>
    public const string CsvFile = "fi.csv";

    /// <summary>How steady_rate_hz is computed (<see cref="SteadyRate"/>), as summary.json states it.</summary>
    public const string SteadyRateRule = SpikeStatistics.SteadyRateRule;

    /// <summary>Why the first half of the intervals is left out, as summary.json states it.</summary>
    public const string SteadyRateReason = SpikeStatistics.SteadyRateReason;

    /// <summary>How mean_rate_hz is computed, as summary.json states it.</summary>
    public const string MeanRateRule = SpikeStatistics.MeanRateRule;

    /// <summary>fi.csv's columns after any leading ones: the current with its unit, the count and both rates.</summary>
    public static string[] Columns(string inputUnit) =>
        [Outputs.Column("current", inputUnit), "spike_count", "steady_rate_hz", "mean_rate_hz"];

    /// <summary>Steady firing rate in Hz: the core's rule, <c>SpikeStatistics.steadyRate</c>.</summary>
    /// <param name="spikes">One neuron's spike times in ms, increasing.</param>
    public static double SteadyRate(IReadOnlyList<double> spikes) => SpikeStatistics.SteadyRate(spikes);

    /// <summary>Mean firing rate in Hz of <paramref name="count"/> spikes in <paramref name="time"/> ms; 0 when no
    /// time passed: the core's <c>SpikeStatistics.meanRate</c>.</summary>
    public static double MeanRate(int count, double time) => SpikeStatistics.MeanRate(count, time);

    /// <summary>An f–I curve: per point (a run or a neuron) its current, spike count, steady and mean rates.</summary>
    public sealed record Table(IReadOnlyList<double> Currents, int[] Counts, double[] Steady, double[] Mean)
    {
        /// <summary>fi.csv's rows for a population: neuron, current, spike_count, steady_rate_hz, mean_rate_hz.</summary>
        public IEnumerable<double[]> NeuronRows() =>
            Currents.Select((c, j) => new[] { j, c, Counts[j], Steady[j], Mean[j] });
    }

    /// <summary>The f–I curve of a population run, a point per neuron.</summary>
    /// <param name="currents">Each neuron's constant current, in the model's input unit.</param>
    /// <param name="result">The run; its spikes are sorted by time.</param>
    public static Table OfPopulation(IReadOnlyList<double> currents, PopulationResult result)
    {
        var count = result.Count;
        var spikes = result.Spikes;
        // Counting sort of the spike times by neuron: each neuron's times stay in order (the spikes are sorted by
        // time); one pass to count, one to place, and a copy of 8 bytes per spike.
        var starts = new int[count + 1];
        foreach (var j in spikes.Neurons) starts[j + 1]++;
        for (var j = 0; j < count; j++) starts[j + 1] += starts[j];
        var next = starts[..count];
        var times = new double[spikes.Count];
        for (var k = 0; k < spikes.Count; k++) times[next[spikes.Neurons[k]]++] = spikes.Times[k];
        var counts = new int[count];
        var steady = new double[count];
        var mean = new double[count];
        for (var j = 0; j < count; j++)
        {
            var own = new ArraySegment<double>(times, starts[j], starts[j + 1] - starts[j]);
            counts[j] = own.Count;
            steady[j] = SteadyRate(own);
            mean[j] = MeanRate(own.Count, result.EndTime);
        }
        return new Table(currents, counts, steady, mean);
    }

    /// <summary>What summary.json says about fi.csv and fi.png.</summary>
    public static JsonObject Describe(string inputUnit, bool perNeuron)
    {
        var columns = perNeuron ? Columns(inputUnit).Prepend("neuron") : Columns(inputUnit);
        return new JsonObject
        {
            ["file"] = CsvFile,
            ["columns"] = string.Join(", ", columns),
            ["steady_rate"] = SteadyRateRule,
            ["steady_rate_why"] = SteadyRateReason,
            ["mean_rate"] = MeanRateRule,
        };
    }
}
