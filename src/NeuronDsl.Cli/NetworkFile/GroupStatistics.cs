namespace NeuronDsl.Cli;

/// <summary>
/// What summary.json reports per group: spike count, mean rate (spikes per neuron per second), the CV of inter-spike
/// intervals (the mean over neurons with at least 3 spikes, i.e. at least 2 intervals, of each neuron's ISI standard
/// deviation over its mean; NaN when no neuron has 3 spikes), and the Fano factor of the group's spike count in bins
/// of the rate (variance over mean; about 1 for independent Poisson neurons, far above 1 when they fire together —
/// a cheap measure of synchrony).
/// </summary>
internal sealed record GroupStatistics(string Group, int Count, long Spikes, double MeanRate, double MeanCv,
    int NeuronsWithCv, double Fano)
{
    /// <summary>The statistics of one group from its spikes (neurons and times in ms, sorted by time).</summary>
    public static GroupStatistics Of(string group, int count, IReadOnlyList<int> neurons, IReadOnlyList<double> times,
        double duration, double bin)
    {
        var perNeuron = new List<double>?[count];
        for (var k = 0; k < neurons.Count; k++) (perNeuron[neurons[k]] ??= []).Add(times[k]);
        var cvs = perNeuron.Where(t => t is { Count: >= 3 }).Select(t => Cv(t!)).ToList();
        var bins = new double[(int)Math.Ceiling(duration / bin)];
        foreach (var t in times) bins[Math.Min((int)(t / bin), bins.Length - 1)]++;
        var mean = bins.Average();
        var variance = bins.Sum(b => (b - mean) * (b - mean)) / Math.Max(1, bins.Length - 1);
        return new GroupStatistics(group, count, neurons.Count, neurons.Count / (count * duration / 1000.0),
            cvs.Count > 0 ? cvs.Average() : double.NaN, cvs.Count, mean > 0 ? variance / mean : double.NaN);
    }

    /// <summary>The coefficient of variation of the intervals between sorted times (sample standard deviation).</summary>
    private static double Cv(List<double> times)
    {
        var intervals = times.Zip(times.Skip(1), (a, b) => b - a).ToArray();
        var mean = intervals.Average();
        var sd = Math.Sqrt(intervals.Sum(i => (i - mean) * (i - mean)) / (intervals.Length - 1));
        return sd / mean;
    }
}
