using System.Text;

namespace NeuronDsl.Orleans.Coordinator;

/// <summary>
/// Rows appended to a file as they arrive and flushed to disk, so a sweep stopped at the coordinator resumes without
/// re-running finished runs. A torn last line (the coordinator stopped while writing it) is cut off on reopening.
/// </summary>
internal sealed class Journal : IDisposable
{
    private readonly FileStream file;

    private Journal(FileStream file) => this.file = file;

    public string Path => file.Name;

    /// <summary>Starts a new journal; an existing file is an error, so a finished sweep is never overwritten.</summary>
    public static Journal Create(string path, SweepJob job)
    {
        RefuseExisting(path);
        var journal = new Journal(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read));
        journal.Write(JournalFormat.Header(job) + "\n");
        return journal;
    }

    /// <summary>An existing file where a new journal is to start is an error, so a finished sweep is never redone.</summary>
    public static void RefuseExisting(string path)
    {
        if (File.Exists(path))
            throw new ClusterException(
                $"the journal {path} already exists; resume it (--resume) or delete it to start the sweep again");
    }

    /// <summary>Reopens a journal (or starts one when the file does not exist) and returns its rows.</summary>
    public static (Journal Journal, IReadOnlyList<RunRow> Rows) Resume(string path, SweepJob job)
    {
        if (!File.Exists(path)) return (Create(path, job), []);
        var (rows, goodLength) = JournalReader.Read(path, job);
        var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read);
        file.SetLength(goodLength); // drop a torn last line so appends start on a fresh line
        file.Seek(0, SeekOrigin.End);
        return (new Journal(file), rows);
    }

    public void Append(IReadOnlyCollection<RunRow> rows)
    {
        if (rows.Count == 0) return;
        var text = new StringBuilder();
        foreach (var row in rows) text.Append(JournalFormat.Line(row)).Append('\n');
        Write(text.ToString());
    }

    private void Write(string text)
    {
        file.Write(Encoding.UTF8.GetBytes(text));
        file.Flush(flushToDisk: true);
    }

    public void Dispose() => file.Dispose();
}
