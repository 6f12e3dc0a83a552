using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using NeuronDsl.CSharp;

namespace NeuronDsl.Cli;

/// <summary>
/// A population's spikes on disk: spikes.arrow, an Apache Arrow IPC file (columns neuron: int32, time_ms: float64,
/// sorted by time, then neuron) written in record batches, for any number of spikes; and spikes.csv, the same rows as
/// text, for runs small enough to read that way.
/// </summary>
internal static class SpikeFiles
{
    /// <summary>Rows per Arrow record batch: 1.5 MB of columns, so writing never holds a second copy of all spikes.</summary>
    public const int BatchRows = 1 << 17;

    /// <summary>Most spikes written to spikes.csv (about 30 MB of text); larger runs get spikes.arrow only.</summary>
    public const int MaxCsvSpikes = 1_000_000;

    public const string ArrowFile = "spikes.arrow";
    public const string CsvFile = "spikes.csv";

    /// <summary>The Arrow schema: neuron (int32, index from 0), time_ms (float64); neither nullable.</summary>
    public static Schema Schema { get; } = new Schema.Builder()
        .Field(f => f.Name("neuron").DataType(Int32Type.Default).Nullable(false))
        .Field(f => f.Name("time_ms").DataType(DoubleType.Default).Nullable(false))
        .Metadata("sorted_by", "time_ms, neuron")
        .Build();

    /// <summary>Writes spikes.arrow in batches of <see cref="BatchRows"/>; checks for cancellation between batches.</summary>
    public static void WriteArrow(string path, PopulationSpikes spikes, CancellationToken cancellation)
    {
        using var stream = File.Create(path);
        using var writer = new ArrowFileWriter(stream, Schema);
        writer.WriteStart(); // the file's header and schema even when no batch follows (no spikes)
        for (var start = 0; start < spikes.Count; start += BatchRows)
        {
            cancellation.ThrowIfCancellationRequested();
            var length = Math.Min(BatchRows, spikes.Count - start);
            var neurons = new Int32Array.Builder().Reserve(length);
            var times = new DoubleArray.Builder().Reserve(length);
            for (var k = start; k < start + length; k++)
            {
                neurons.Append(spikes.Neurons[k]);
                times.Append(spikes.Times[k]);
            }
            writer.WriteRecordBatch(new RecordBatch(Schema, [neurons.Build(), times.Build()], length));
        }
        writer.WriteEnd();
    }

    /// <summary>Writes spikes.csv (neuron,time_ms) when there are at most <see cref="MaxCsvSpikes"/> spikes.</summary>
    /// <returns>What was done, for summary.json: "written", or why it was skipped.</returns>
    public static string WriteCsv(string path, PopulationSpikes spikes, CancellationToken cancellation)
    {
        if (spikes.Count > MaxCsvSpikes)
        {
            return $"skipped: {spikes.Count} spikes, more than {MaxCsvSpikes} (about 30 bytes of text each); read {ArrowFile}";
        }
        using var csv = new CsvStream(path, ["neuron", "time_ms"]);
        Span<double> time = stackalloc double[1];
        for (var k = 0; k < spikes.Count; k++)
        {
            if (k % BatchRows == 0) cancellation.ThrowIfCancellationRequested();
            time[0] = spikes.Times[k];
            csv.Write(spikes.Neurons[k], time);
        }
        return "written";
    }

    /// <summary>A network's Arrow schema: group (utf8, the population or source), neuron (int32, index in its group),
    /// time_ms (float64); sorted by time, then group order, then neuron.</summary>
    public static Schema NetworkSchema { get; } = new Schema.Builder()
        .Field(f => f.Name("group").DataType(StringType.Default).Nullable(false))
        .Field(f => f.Name("neuron").DataType(Int32Type.Default).Nullable(false))
        .Field(f => f.Name("time_ms").DataType(DoubleType.Default).Nullable(false))
        .Metadata("sorted_by", "time_ms, group order, neuron")
        .Build();

    /// <summary>Writes a network's spikes.arrow in batches of <see cref="BatchRows"/>.</summary>
    public static void WriteArrow(string path, NetworkSpikes spikes, CancellationToken cancellation)
    {
        using var stream = File.Create(path);
        using var writer = new ArrowFileWriter(stream, NetworkSchema);
        writer.WriteStart(); // the file's header and schema even when no batch follows (no spikes)
        for (var start = 0; start < spikes.Count; start += BatchRows)
        {
            cancellation.ThrowIfCancellationRequested();
            var length = Math.Min(BatchRows, spikes.Count - start);
            var groups = new StringArray.Builder();
            var neurons = new Int32Array.Builder().Reserve(length);
            var times = new DoubleArray.Builder().Reserve(length);
            for (var k = start; k < start + length; k++)
            {
                groups.Append(spikes.Groups[k]);
                neurons.Append(spikes.Neurons[k]);
                times.Append(spikes.Times[k]);
            }
            writer.WriteRecordBatch(new RecordBatch(NetworkSchema, [groups.Build(), neurons.Build(), times.Build()], length));
        }
        writer.WriteEnd();
    }

    /// <summary>Writes a network's spikes.csv (group,neuron,time_ms) when there are at most <see cref="MaxCsvSpikes"/>.</summary>
    /// <returns>"written", or why it was skipped.</returns>
    public static string WriteCsv(string path, NetworkSpikes spikes, CancellationToken cancellation)
    {
        if (spikes.Count > MaxCsvSpikes)
        {
            return $"skipped: {spikes.Count} spikes, more than {MaxCsvSpikes} (about 30 bytes of text each); read {ArrowFile}";
        }
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        writer.WriteLine("group,neuron,time_ms");
        for (var k = 0; k < spikes.Count; k++)
        {
            if (k % BatchRows == 0) cancellation.ThrowIfCancellationRequested();
            writer.WriteLine($"{spikes.Groups[k]},{spikes.Neurons[k]},{Quantities.Format(spikes.Times[k])}");
        }
        return "written";
    }
}
