namespace NeuronDsl.CSharp;

/// <summary>The one rule for rows computed elsewhere: one per run, row k for run k.</summary>
internal static class RowOrder
{
    /// <summary>The rows as an array, checked.</summary>
    /// <exception cref="ArgumentException">Not one row per run in run-index order (ParamName is rows).</exception>
    public static T[] Check<T>(IEnumerable<T> rows, double runCount, Func<T, int> index) where T : class
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows.ToArray();
        if (list.Length != runCount)
            throw new ArgumentException($"rows has {list.Length} rows; expected one per run, {runCount}", nameof(rows));
        for (var k = 0; k < list.Length; k++)
            if (list[k] is null || index(list[k]) != k)
                throw new ArgumentException($"rows[{k}] is {(list[k] is null ? "null" : $"run {index(list[k])}")}; expected run {k}", nameof(rows));
        return list;
    }
}
