using System.Globalization;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;

namespace NeuronDsl.Cli;

/// <summary>
/// A network sweep's table, one row per run in run-index order: sweep.csv and sweep.arrow with the same columns: run,
/// each axis with its unit, then per kept group GROUP_spikes, GROUP_rate_hz, GROUP_cv_isi and GROUP_fano (the rules of
/// <see cref="GroupStatistics"/>), deliveries, status, message. A number that does not exist (a run that did not run,
/// a CV without a neuron of 3 spikes) is an empty CSV cell; in Arrow a missing count is null and a missing rate NaN.
/// </summary>
internal static class NetworkSweepTable
{
    private static readonly string[] PerGroup = ["spikes", "rate_hz", "cv_isi", "fano"];

    /// <summary>The columns: run, the axes with their units, four per group, deliveries, status, message.</summary>
    public static IReadOnlyList<string> Columns(NetworkSweepPlan plan) =>
        [
            "run", .. plan.Axes.Select(a => a.Column), .. plan.Groups.SelectMany(g => PerGroup.Select(c => $"{g.Name}_{c}")),
            "deliveries", "status", "message",
        ];

    private static string Cell(double value) => double.IsNaN(value) ? "" : Quantities.Format(value);

    private static string Count(long value) => value < 0 ? "" : value.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"") + "\"";

    public static void WriteCsv(string path, NetworkSweepPlan plan, IReadOnlyList<NetworkSweepRow> rows)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
        writer.WriteLine(string.Join(',', Columns(plan)));
        foreach (var row in rows)
        {
            var cells = new List<string> { row.Index.ToString(CultureInfo.InvariantCulture) };
            cells.AddRange(row.Point.Select(Cell));
            foreach (var g in row.Groups) cells.AddRange([Count(g.Spikes), Cell(g.MeanRate), Cell(g.MeanCv), Cell(g.Fano)]);
            cells.AddRange([Count(row.Deliveries), row.Status, Quote(row.Message)]);
            writer.WriteLine(string.Join(',', cells));
        }
    }

    public static void WriteArrow(string path, NetworkSweepPlan plan, IReadOnlyList<NetworkSweepRow> rows)
    {
        var schema = new Schema.Builder();
        schema.Field(f => f.Name("run").DataType(Int32Type.Default).Nullable(false));
        foreach (var axis in plan.Axes) schema.Field(f => f.Name(axis.Column).DataType(DoubleType.Default).Nullable(false));
        foreach (var (name, _) in plan.Groups)
        {
            schema.Field(f => f.Name($"{name}_spikes").DataType(Int64Type.Default).Nullable(true));
            foreach (var c in PerGroup.Skip(1)) schema.Field(f => f.Name($"{name}_{c}").DataType(DoubleType.Default).Nullable(false));
        }
        schema.Field(f => f.Name("deliveries").DataType(Int64Type.Default).Nullable(true));
        schema.Field(f => f.Name("status").DataType(StringType.Default).Nullable(false));
        schema.Field(f => f.Name("message").DataType(StringType.Default).Nullable(false));
        schema.Metadata("sorted_by", "run");
        var built = schema.Build();
        IArrowArray Doubles(Func<NetworkSweepRow, double> value) => new DoubleArray.Builder().AppendRange(rows.Select(value)).Build();
        IArrowArray Counts(Func<NetworkSweepRow, long> value)
        {
            var builder = new Int64Array.Builder();
            foreach (var row in rows)
            {
                var n = value(row);
                if (n < 0) builder.AppendNull();
                else builder.Append(n);
            }
            return builder.Build();
        }
        var columns = new List<IArrowArray> { new Int32Array.Builder().AppendRange(rows.Select(r => r.Index)).Build() };
        for (var a = 0; a < plan.Axes.Count; a++)
        {
            var axis = a;
            columns.Add(Doubles(r => r.Point[axis]));
        }
        for (var g = 0; g < plan.Groups.Count; g++)
        {
            var group = g;
            columns.Add(Counts(r => r.Groups[group].Spikes));
            columns.Add(Doubles(r => r.Groups[group].MeanRate));
            columns.Add(Doubles(r => r.Groups[group].MeanCv));
            columns.Add(Doubles(r => r.Groups[group].Fano));
        }
        columns.Add(Counts(r => r.Deliveries));
        columns.Add(new StringArray.Builder().AppendRange(rows.Select(r => r.Status)).Build());
        columns.Add(new StringArray.Builder().AppendRange(rows.Select(r => r.Message)).Build());
        using var stream = File.Create(path);
        using var writer = new ArrowFileWriter(stream, built);
        writer.WriteRecordBatch(new RecordBatch(built, columns, rows.Count));
        writer.WriteEnd();
    }
}
