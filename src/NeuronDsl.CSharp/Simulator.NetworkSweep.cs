using CoreNetworkSweep = NeuronDsl.NetworkSweepModule;
using CoreRun = NeuronDsl.NetworkSweepRun;

namespace NeuronDsl.CSharp;

public static partial class Simulator
{
    /// <summary>
    /// Runs every run of a network sweep in this process. The sweep is checked before anything runs (axes, options,
    /// the network at every single axis value, size); rows come back in run-index order, bit-identical for any
    /// <paramref name="runsAtOnce"/> and parallelism. A run refused at its point, or whose population diverged, is a
    /// row with its status, never an exception.
    /// </summary>
    /// <param name="sweep">The sweep.</param>
    /// <param name="runsAtOnce">Runs at a time, ≥ 1: one suits large networks (each uses the options' parallelism),
    /// several suit small ones.</param>
    /// <param name="progress">Receives runs done and the total after each run; may be null.</param>
    /// <param name="cancellationToken">Stops the runs.</param>
    /// <exception cref="ArgumentOutOfRangeException">The sweep is refused: ParamName "axes[k]" for axis k (a bad or
    /// repeated name, bad values, a network the function refuses at one of its values), or the field.</exception>
    /// <exception cref="SweepTooLargeException">Too many runs, or neuron-steps over all runs.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static NetworkSweepResult RunNetworkSweep(NetworkSweep sweep, int runsAtOnce = 1,
        IProgress<SweepProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        var total = (int)Math.Min(CoreNetworkSweep.Size(sweep.Core), int.MaxValue);
        var report = ProgressOf(progress, total);
        try
        {
            var rows = Errors.Translate(() => CoreRun.runAll(runsAtOnce, report, cancellationToken, sweep.Core));
            return new NetworkSweepResult(sweep, rows.Select(r => new NetworkSweepRow(r)).ToArray());
        }
        catch (global::NeuronDsl.SweepTooLargeException e)
        {
            throw new SweepTooLargeException(e.Message, e.Runs);
        }
    }

    /// <summary>Run <paramref name="index"/> of a network sweep alone: the same row, bit for bit, as that row of
    /// <see cref="RunNetworkSweep"/>. Does not check the sweep.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the sweep (ParamName "index").</exception>
    public static NetworkSweepRow RunNetworkSweepRun(NetworkSweep sweep, int index)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        return new NetworkSweepRow(Errors.Translate(() => CoreRun.RunOne(index, sweep.Core)));
    }

    /// <summary>Refuses a network sweep that cannot run, as <see cref="RunNetworkSweep"/> does before it starts.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The sweep is refused (ParamName names the axis or field).</exception>
    /// <exception cref="SweepTooLargeException">Too many runs, or neuron-steps over all runs.</exception>
    public static void CheckNetworkSweep(NetworkSweep sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        try
        {
            Errors.Translate(() => { CoreNetworkSweep.Check(sweep.Core); return 0; });
        }
        catch (global::NeuronDsl.SweepTooLargeException e)
        {
            throw new SweepTooLargeException(e.Message, e.Runs);
        }
    }

    private static Microsoft.FSharp.Core.FSharpFunc<int, Microsoft.FSharp.Core.Unit> ProgressOf(
        IProgress<SweepProgress>? progress, int total) =>
        Microsoft.FSharp.Core.FuncConvert.FromAction((int done) => progress?.Report(new SweepProgress(done, total)));
}
