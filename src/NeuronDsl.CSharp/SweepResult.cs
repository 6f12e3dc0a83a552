namespace NeuronDsl.CSharp;

/// <summary>How far a sweep is: runs done out of the total.</summary>
/// <param name="Done">Runs finished.</param>
/// <param name="Total">Runs in the sweep.</param>
public readonly record struct SweepProgress(int Done, int Total);

/// <summary>The rows of a sweep, one per run, row k for run k, whatever order the runs finished in.</summary>
public sealed class SweepResult
{
    internal SweepResult(Sweep sweep, IReadOnlyList<SweepRow> rows)
    {
        AxisNames = sweep.AxisNames;
        AxisUnits = sweep.AxisUnits;
        AxisValues = sweep.AxisValues;
        Rows = rows;
    }

    /// <summary>
    /// A sweep's result from rows computed elsewhere, e.g. by <see cref="Simulator.RunSweepRun"/> in worker processes
    /// and read back with <see cref="SweepRow.Parse"/>.
    /// </summary>
    /// <param name="sweep">The sweep the rows belong to.</param>
    /// <param name="rows">One row per run, row k for run k.</param>
    /// <exception cref="ArgumentException">The rows are not one per run in run-index order (ParamName is rows).</exception>
    public static SweepResult FromRows(Sweep sweep, IEnumerable<SweepRow> rows)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        return new SweepResult(sweep, RowOrder.Check(rows, sweep.RunCount, r => r.Index));
    }

    /// <summary>Each axis's column name, in order.</summary>
    public IReadOnlyList<string> AxisNames { get; }

    /// <summary>Each axis's unit, in order.</summary>
    public IReadOnlyList<string> AxisUnits { get; }

    /// <summary>Each axis's values, in order, in its unit.</summary>
    public IReadOnlyList<IReadOnlyList<double>> AxisValues { get; }

    /// <summary>One row per run, in run-index order.</summary>
    public IReadOnlyList<SweepRow> Rows { get; }

    /// <summary>True when every run completed.</summary>
    public bool AllCompleted => Rows.All(r => r.Status == SweepRunStatus.Completed);
}
