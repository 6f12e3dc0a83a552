namespace NeuronDsl.CSharp;

/// <summary>
/// One run of a network sweep: its index, its value on each axis, how it ended, each population's and spike-train
/// group's statistics (in the network's group order) and the synaptic events delivered. A run refused at its point has
/// no statistics and <see cref="SweepRunStatus.Rejected"/>; a population that diverged gives the run
/// <see cref="SweepRunStatus.Diverged"/>, with statistics of the spikes before it stopped.
/// </summary>
public sealed class NetworkSweepRow
{
    internal NetworkSweepRow(global::NeuronDsl.NetworkSweepRow core) => Core = core;

    internal global::NeuronDsl.NetworkSweepRow Core { get; }

    /// <summary>The run's index.</summary>
    public int Index => Core.Index;

    /// <summary>The run's value on each axis, in axis order.</summary>
    public IReadOnlyList<double> Point => Core.Point;

    /// <summary>How the run ended.</summary>
    public SweepRunStatus Status => (SweepRunStatus)(int)Core.Status;

    /// <summary>One line: "completed", or what went wrong.</summary>
    public string Message => Core.Message;

    /// <summary>Each group's spike count, mean rate (Hz), mean CV of inter-spike intervals and Fano factor, in the
    /// network's group order (Poisson groups are counted, not kept, so they have none); empty when rejected.</summary>
    public IReadOnlyList<GroupStatistics> Groups => Core.Groups.Select(GroupStatistics.Of).ToArray();

    /// <summary>Synaptic events delivered; 0 when rejected.</summary>
    public long Deliveries => Core.Deliveries;

    /// <summary>The row as one line of text that <see cref="Parse"/> reads back bit for bit (every number as the
    /// hexadecimal digits of its bits): what a remote worker sends back.</summary>
    public string ToText() => global::NeuronDsl.NetworkSweepRowText.Write(Core);

    /// <summary>The row a line from <see cref="ToText"/> holds.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not such a line; the message names the field.</exception>
    public static NetworkSweepRow Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new NetworkSweepRow(Errors.Translate(() => global::NeuronDsl.NetworkSweepRowText.Read(text)));
    }
}

/// <summary>
/// One group's spikes summarised: spike count, mean rate (spikes per neuron per second), the CV of inter-spike intervals
/// (the mean over neurons with at least 3 spikes, not all at one time, of each neuron's ISI sample SD over its mean;
/// NaN when there are none)
/// and the Fano factor of the group's spike count in bins (sample variance over mean; NaN without spikes).
/// </summary>
/// <param name="Group">The group's name.</param>
/// <param name="Count">Its number of neurons.</param>
/// <param name="Spikes">Its number of spikes.</param>
/// <param name="MeanRate">Spikes per neuron per second, Hz.</param>
/// <param name="MeanCv">The mean CV of inter-spike intervals over neurons with at least 3 spikes.</param>
/// <param name="NeuronsWithCv">How many neurons the CV averages over.</param>
/// <param name="Fano">The Fano factor of the binned spike count.</param>
public sealed record GroupStatistics(string Group, int Count, long Spikes, double MeanRate, double MeanCv,
    int NeuronsWithCv, double Fano)
{
    internal static GroupStatistics Of(global::NeuronDsl.GroupStatistics s) =>
        new(s.Group, s.Count, s.Spikes, s.MeanRate, s.MeanCv, s.NeuronsWithCv, s.Fano);
}

/// <summary>The rows of a network sweep, one per run, row k for run k.</summary>
public sealed class NetworkSweepResult
{
    internal NetworkSweepResult(NetworkSweep sweep, IReadOnlyList<NetworkSweepRow> rows)
    {
        AxisNames = sweep.AxisNames;
        AxisValues = sweep.AxisValues;
        Rows = rows;
    }

    /// <summary>
    /// A network sweep's result from rows computed elsewhere, e.g. by <see cref="Simulator.RunNetworkSweepRun"/> in
    /// worker processes and read back with <see cref="NetworkSweepRow.Parse"/>.
    /// </summary>
    /// <param name="sweep">The sweep the rows belong to.</param>
    /// <param name="rows">One row per run, row k for run k.</param>
    /// <exception cref="ArgumentException">The rows are not one per run in run-index order (ParamName is rows).</exception>
    public static NetworkSweepResult FromRows(NetworkSweep sweep, IEnumerable<NetworkSweepRow> rows)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        return new NetworkSweepResult(sweep, RowOrder.Check(rows, sweep.RunCount, r => r.Index));
    }

    /// <summary>Each axis's name, in order.</summary>
    public IReadOnlyList<string> AxisNames { get; }

    /// <summary>Each axis's values, in order.</summary>
    public IReadOnlyList<IReadOnlyList<double>> AxisValues { get; }

    /// <summary>One row per run, in run-index order.</summary>
    public IReadOnlyList<NetworkSweepRow> Rows { get; }

    /// <summary>True when every run completed.</summary>
    public bool AllCompleted => Rows.All(r => r.Status == SweepRunStatus.Completed);
}
