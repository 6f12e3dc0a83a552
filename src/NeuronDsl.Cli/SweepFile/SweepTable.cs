using System.Globalization;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using NeuronDsl.CSharp;

namespace NeuronDsl.Cli;

using SweepResult = NeuronDsl.CSharp.SweepResult;
using SweepRow = NeuronDsl.CSharp.SweepRow;

/// <summary>
/// A sweep's table, one row per run in run-index order: sweep.csv and sweep.arrow (Apache Arrow IPC) with the same
/// columns: run, each axis with its unit, spike_count, steady_rate_hz, mean_rate_hz, first_spike_latency_ms, cv_isi,
/// end_time_ms, status, message. In the CSV a missing number (no spike, fewer than two intervals) is an empty cell;
/// in Arrow it is NaN. spikes.csv (run, time_ms) holds the spike trains when the file keeps them.
/// </summary>
internal static class SweepTable
{
    public const string CsvFile = "sweep.csv";
    public const string ArrowFile = "sweep.arrow";
    public const string SpikesFile = "spikes.csv";

    private static readonly string[] Summary =
        ["spike_count", "steady_rate_hz", "mean_rate_hz", "first_spike_latency_ms", "cv_isi", "end_time_ms"];

    /// <summary>The columns: run, the axes with their units, the summary, status, message.</summary>
    public static IReadOnlyList<string> Columns(SweepResult result) =>
        [
            "run", .. result.AxisNames.Select((name, k) => Outputs.Column(name, result.AxisUnits[k])), .. Summary,
            "status", "message",
        ];

    private static double[] Numbers(SweepRow row) =>
        [row.SpikeCount, row.SteadyRate, row.MeanRate, row.FirstSpikeLatency, row.IntervalVariation, row.EndTime];

    private static string Cell(double value) => double.IsNaN(value) ? "" : Quantities.Format(value);

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"") + "\"";

    public static void WriteCsv(string path, SweepResult result)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
        writer.WriteLine(string.Join(',', Columns(result)));
        foreach (var row in result.Rows)
        {
            var cells = row.Point.Concat(Numbers(row)).Select(Cell).Prepend(row.Index.ToString(CultureInfo.InvariantCulture));
            writer.WriteLine($"{string.Join(',', cells)},{row.Status},{Quote(row.Message)}");
        }
    }

    public static void WriteArrow(string path, SweepResult result)
    {
        var names = Columns(result);
        var schema = new Schema.Builder();
        schema.Field(f => f.Name("run").DataType(Int32Type.Default).Nullable(false));
        foreach (var name in names.Skip(1).Take(result.AxisNames.Count)) schema.Field(f => f.Name(name).DataType(DoubleType.Default).Nullable(false));
        schema.Field(f => f.Name("spike_count").DataType(Int32Type.Default).Nullable(false));
        foreach (var name in Summary.Skip(1)) schema.Field(f => f.Name(name).DataType(DoubleType.Default).Nullable(false));
        schema.Field(f => f.Name("status").DataType(StringType.Default).Nullable(false));
        schema.Field(f => f.Name("message").DataType(StringType.Default).Nullable(false));
        schema.Metadata("sorted_by", "run");
        var built = schema.Build();
        var rows = result.Rows;
        IArrowArray Doubles(Func<SweepRow, double> value) => new DoubleArray.Builder().AppendRange(rows.Select(value)).Build();
        IArrowArray Strings(Func<SweepRow, string> value) => new StringArray.Builder().AppendRange(rows.Select(value)).Build();
        var columns = new List<IArrowArray> { new Int32Array.Builder().AppendRange(rows.Select(r => r.Index)).Build() };
        for (var a = 0; a < result.AxisNames.Count; a++)
        {
            var axis = a;
            columns.Add(Doubles(r => r.Point[axis]));
        }
        columns.Add(new Int32Array.Builder().AppendRange(rows.Select(r => r.SpikeCount)).Build());
        for (var k = 1; k < Summary.Length; k++)
        {
            var column = k;
            columns.Add(Doubles(r => Numbers(r)[column]));
        }
        columns.Add(Strings(r => r.Status.ToString()));
        columns.Add(Strings(r => r.Message));
        using var stream = File.Create(path);
        using var writer = new ArrowFileWriter(stream, built);
        writer.WriteRecordBatch(new RecordBatch(built, columns, rows.Count));
        writer.WriteEnd();
    }

    /// <summary>spikes.csv: run, time_ms, every run's spikes in run order.</summary>
    public static void WriteSpikes(string path, SweepResult result)
    {
        using var csv = new CsvStream(path, ["run", "time_ms"]);
        foreach (var row in result.Rows)
        {
            foreach (var t in row.SpikeTimes) csv.Write(row.Index, [t]);
        }
    }
}
