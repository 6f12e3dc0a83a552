using CoreRun = NeuronDsl.SweepRun;
using CoreRunner = NeuronDsl.SweepRunner;
using CoreSweep = NeuronDsl.SweepModule;

namespace NeuronDsl.CSharp;

public static partial class Simulator
{
    /// <summary>Runs a sweep on all cores, as <see cref="RunSweep(Sweep, int, IProgress{SweepProgress}?, CancellationToken)"/>.</summary>
    /// <param name="sweep">The sweep.</param>
    public static SweepResult RunSweep(Sweep sweep) => RunSweep(sweep, 0);

    /// <summary>
    /// Runs every run of a sweep in this process. The sweep is checked before anything runs; rows come back in
    /// run-index order and are bit-identical for any <paramref name="parallelism"/>. A run that fails (a parameter out
    /// of range at its point, divergence, model code that throws) is a row with its status, never an exception.
    /// </summary>
    /// <param name="sweep">The sweep.</param>
    /// <param name="parallelism">Threads, ≥ 1; 0 for all cores.</param>
    /// <param name="progress">Receives runs done and the total after each run, from worker threads; may be null.</param>
    /// <param name="cancellationToken">Stops the runs.</param>
    /// <returns>One row per run.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The sweep is refused: ParamName "axes[k]" for axis k (an unknown
    /// parameter or variable, with the known ones; an empty axis; a bad range or seed), or the input's field.</exception>
    /// <exception cref="SweepTooLargeException">Too many runs, or steps over all runs.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static SweepResult RunSweep(Sweep sweep, int parallelism, IProgress<SweepProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        var total = (int)Math.Min(CoreSweep.Size(sweep.Core), int.MaxValue);
        Action<int>? report = progress is null ? null : done => progress.Report(new SweepProgress(done, total));
        try
        {
            var rows = Errors.Translate(() => CoreRunner.Run(sweep.Core, parallelism, report!, cancellationToken));
            return new SweepResult(sweep, rows.Select(r => new SweepRow(r)).ToArray());
        }
        catch (global::NeuronDsl.SweepTooLargeException e)
        {
            throw new SweepTooLargeException(e.Message, e.Runs);
        }
    }

    /// <summary>Runs a sweep on the thread pool, as <see cref="RunSweep(Sweep, int, IProgress{SweepProgress}?, CancellationToken)"/> on all cores.</summary>
    public static Task<SweepResult> RunSweepAsync(Sweep sweep, IProgress<SweepProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        return Task.Run(() => RunSweep(sweep, 0, progress, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Run <paramref name="index"/> of a sweep alone: the same row, bit for bit, as row <paramref name="index"/> of
    /// <see cref="RunSweep(Sweep)"/>, on any thread or machine. Does not check the sweep; check it once with
    /// <see cref="CheckSweep"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the sweep (ParamName "index").</exception>
    public static SweepRow RunSweepRun(Sweep sweep, int index)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        return new SweepRow(Errors.Translate(() => CoreRun.RunOne(index, sweep.Core)));
    }

    /// <summary>
    /// The row of run <paramref name="index"/> when the run has no result because the processes it was given to were
    /// lost while running it (a sweep spread over processes gives such a run up): its point,
    /// <see cref="SweepRunStatus.Lost"/>, the message, no spikes and an end time of 0.
    /// </summary>
    /// <param name="sweep">The sweep.</param>
    /// <param name="index">The run's index.</param>
    /// <param name="message">What happened, in one line.</param>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the sweep (ParamName "index").</exception>
    public static SweepRow LostSweepRun(Sweep sweep, int index, string message)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentNullException.ThrowIfNull(message);
        return new SweepRow(Errors.Translate(() => CoreRun.Lost(message, index, sweep.Core)));
    }

    /// <summary>Refuses a sweep that cannot run, as <see cref="RunSweep(Sweep, int, IProgress{SweepProgress}?, CancellationToken)"/>
    /// does before it starts.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The sweep is refused (ParamName names the axis or field).</exception>
    /// <exception cref="SweepTooLargeException">Too many runs, or steps over all runs.</exception>
    public static void CheckSweep(Sweep sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        try
        {
            Errors.Translate(() => { CoreSweep.Check(sweep.Core); return 0; });
        }
        catch (global::NeuronDsl.SweepTooLargeException e)
        {
            throw new SweepTooLargeException(e.Message, e.Runs);
        }
    }
}
