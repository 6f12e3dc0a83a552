using System.Globalization;
using System.Text.Json;

namespace NeuronDsl.Cli;

/// <summary>One group's summary in a network sweep's row, by the rules of <see cref="GroupStatistics"/>.</summary>
/// <param name="Spikes">The group's spike count.</param>
/// <param name="MeanRate">Spikes per neuron per second, Hz.</param>
/// <param name="MeanCv">The mean CV of inter-spike intervals over neurons with at least 3 spikes; NaN without any.</param>
/// <param name="Fano">The Fano factor of the group's binned spike count; NaN without spikes.</param>
internal readonly record struct NetworkSweepGroup(long Spikes, double MeanRate, double MeanCv, double Fano);

/// <summary>
/// One run of a network sweep: its index and point, each kept group's summary (in the network file's group order),
/// the deliveries, a status (Completed; a population's status such as Diverged; Rejected when the network reader or the
/// budget refuses the point; Failed when the run throws) and a message. <see cref="ToText"/> writes every number as
/// the hexadecimal digits of its bits, so that <see cref="Parse"/> gives the row back bit for bit.
/// </summary>
internal sealed record NetworkSweepRow(int Index, double[] Point, NetworkSweepGroup[] Groups, long Deliveries,
    string Status, string Message)
{
    /// <summary>True when the run completed.</summary>
    public bool Completed => Status == "Completed";

    /// <summary>A row for a run that did not run: no spikes counted (-1), NaN statistics.</summary>
    public static NetworkSweepRow Failed(int index, double[] point, int groups, string status, string message) =>
        new(index, point, Enumerable.Repeat(new NetworkSweepGroup(-1, double.NaN, double.NaN, double.NaN), groups).ToArray(),
            -1, status, message);

    /// <summary>The part of a group's statistics a row keeps.</summary>
    public static NetworkSweepGroup GroupOf(GroupStatistics s) => new(s.Spikes, s.MeanRate, s.MeanCv, s.Fano);

    /// <summary>The row as one line: index, status, message (a JSON string), deliveries, then the point's and the
    /// groups' numbers as the hexadecimal digits of their bits; tab-separated.</summary>
    public string ToText()
    {
        var fields = new List<string>
        {
            Index.ToString(CultureInfo.InvariantCulture), Status, JsonSerializer.Serialize(Message),
            Deliveries.ToString(CultureInfo.InvariantCulture), Point.Length.ToString(CultureInfo.InvariantCulture),
        };
        fields.AddRange(Point.Select(Bits));
        foreach (var g in Groups)
        {
            fields.AddRange([g.Spikes.ToString(CultureInfo.InvariantCulture), Bits(g.MeanRate), Bits(g.MeanCv), Bits(g.Fano)]);
        }
        return string.Join('\t', fields);
    }

    /// <summary>Reads <see cref="ToText"/> back.</summary>
    /// <exception cref="FormatException">Not a row's text.</exception>
    public static NetworkSweepRow Parse(string text)
    {
        var f = text.Split('\t');
        if (f.Length < 5) throw new FormatException($"a network sweep row has at least 5 fields; this has {f.Length}");
        var dimensions = int.Parse(f[4], CultureInfo.InvariantCulture);
        var groups = (f.Length - 5 - dimensions) / 4;
        if (dimensions < 0 || 5 + dimensions + 4 * groups != f.Length)
            throw new FormatException($"a network sweep row of {dimensions} axes has 5 + {dimensions} + 4 per group fields; this has {f.Length}");
        var point = f.Skip(5).Take(dimensions).Select(FromBits).ToArray();
        var summaries = Enumerable.Range(0, groups).Select(g => 5 + dimensions + 4 * g).Select(k =>
            new NetworkSweepGroup(long.Parse(f[k], CultureInfo.InvariantCulture), FromBits(f[k + 1]), FromBits(f[k + 2]), FromBits(f[k + 3])))
            .ToArray();
        return new NetworkSweepRow(int.Parse(f[0], CultureInfo.InvariantCulture), point, summaries,
            long.Parse(f[3], CultureInfo.InvariantCulture), f[1], JsonSerializer.Deserialize<string>(f[2])!);
    }

    private static string Bits(double value) =>
        BitConverter.DoubleToInt64Bits(value).ToString("x16", CultureInfo.InvariantCulture);

    private static double FromBits(string text) =>
        BitConverter.Int64BitsToDouble(long.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
}
