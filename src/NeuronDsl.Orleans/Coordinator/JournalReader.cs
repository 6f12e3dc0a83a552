using System.Text;

namespace NeuronDsl.Orleans.Coordinator;

/// <summary>Reads a journal back: its header must name the same job; a torn or damaged last line is ignored.</summary>
internal static class JournalReader
{
    /// <summary>The rows of a journal and the length in bytes of its intact part.</summary>
    public static (IReadOnlyList<RunRow> Rows, long GoodLength) Read(string path, SweepJob job)
    {
        var bytes = File.ReadAllBytes(path);
        var lines = SplitLines(bytes);
        if (lines.Count == 0 || !lines[0].Complete)
            throw new ClusterException($"the journal {path} has no header line; expected \"{JournalFormat.Header(job)}\"");
        CheckHeader(path, lines[0].Text, job);
        var rows = new Dictionary<long, RunRow>();
        var goodLength = lines[0].End;
        for (var k = 1; k < lines.Count; k++)
        {
            var row = lines[k].Complete ? JournalFormat.TryParse(lines[k].Text) : null;
            if (row is null && k == lines.Count - 1) break; // torn last line: the run is simply run again
            if (row is null)
                throw new ClusterException($"the journal {path} line {k + 1} is damaged (bad shape or checksum); only the last line may be torn");
            if (row.Index >= job.RunCount)
                throw new ClusterException($"the journal {path} line {k + 1} has run index {row.Index}; expected below the sweep's {job.RunCount} runs");
            rows.TryAdd(row.Index, row);
            goodLength = lines[k].End;
        }
        return (rows.Values.OrderBy(r => r.Index).ToArray(), goodLength);
    }

    private static void CheckHeader(string path, string header, SweepJob job)
    {
        var expected = JournalFormat.Header(job);
        if (header != expected)
            throw new ClusterException(
                $"the journal {path} belongs to another sweep: its header is \"{header}\", this sweep's is \"{expected}\"; "
                + "resume it with the sweep that wrote it, or delete it");
    }

    private readonly record struct Line(string Text, bool Complete, long End);

    private static List<Line> SplitLines(byte[] bytes)
    {
        var lines = new List<Line>();
        var start = 0;
        while (start < bytes.Length)
        {
            var newline = Array.IndexOf(bytes, (byte)'\n', start);
            var complete = newline >= 0;
            var end = complete ? newline : bytes.Length;
            lines.Add(new Line(Encoding.UTF8.GetString(bytes, start, end - start), complete, complete ? end + 1 : end));
            start = end + 1;
        }
        return lines;
    }
}
