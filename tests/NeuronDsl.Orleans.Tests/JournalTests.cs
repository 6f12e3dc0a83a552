using System.Text;
using NeuronDsl.Orleans.Coordinator;

namespace NeuronDsl.Orleans.Tests;

public sealed class JournalTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("neurondsl-journal-").FullName;
    private readonly SweepJob job = new("current=300", 10);

    private string PathOf(string name) => Path.Combine(folder, name);

    private string Written(params RunRow[] rows)
    {
        var path = PathOf("journal.txt");
        using var journal = Journal.Create(path, job);
        journal.Append(rows);
        return path;
    }

    [Fact]
    public void Rows_read_back_equal_the_rows_written_including_failures_and_lost_runs()
    {
        var path = Written(RunRow.Success(3, [1, 2, 255]), RunRow.Failure(5, "dt is -0.01 ms; expected > 0\tüber"),
            RunRow.Success(0, []), RunRow.Loss(7, "its worker was lost 3 times while running it"));

        var rows = JournalReader.Read(path, job).Rows;

        Assert.Equal([0L, 3, 5, 7], rows.Select(r => r.Index));
        Assert.Equal([1, 2, 255], rows[1].Payload);
        Assert.False(rows[2].Succeeded);
        Assert.False(rows[2].Lost); // a run that threw ran: it is not a lost run
        Assert.Equal("dt is -0.01 ms; expected > 0\tüber", rows[2].Error);
        Assert.True(rows[3] is { Succeeded: false, Lost: true, Error: "its worker was lost 3 times while running it" });
    }

    [Fact]
    public void A_torn_last_line_is_ignored_and_cut_off_when_the_journal_is_resumed()
    {
        var path = Written(RunRow.Success(1, [7]), RunRow.Success(2, [8]));
        var whole = File.ReadAllText(path);
        File.WriteAllText(path, whole[..^5]); // the last line lost its end

        var (journal, rows) = Journal.Resume(path, job);
        using (journal) journal.Append([RunRow.Success(2, [8])]);

        Assert.Equal([1L], rows.Select(r => r.Index));
        Assert.Equal(whole, File.ReadAllText(path));
    }

    [Fact]
    public void A_damaged_line_before_the_last_is_an_error_naming_the_file_and_line()
    {
        var path = Written(RunRow.Success(1, [7]), RunRow.Success(2, [8]));
        var lines = File.ReadAllLines(path);
        lines[1] = lines[1].Replace("\t1\t", "\t1\t").Replace("1\tok", "4\tok"); // index changed, checksum kept
        File.WriteAllText(path, string.Join("\n", lines) + "\n");

        var error = Assert.Throws<ClusterException>(() => JournalReader.Read(path, job));

        Assert.Contains(path, error.Message);
        Assert.Contains("line 2", error.Message);
    }

    [Fact]
    public void A_journal_of_another_sweep_is_refused_naming_both_headers()
    {
        var path = Written(RunRow.Success(1, [7]));
        var other = new SweepJob("current=301", 10);

        var error = Assert.Throws<ClusterException>(() => Journal.Resume(path, other));

        Assert.Contains(JournalFormat.Header(job), error.Message);
        Assert.Contains(JournalFormat.Header(other), error.Message);
    }

    [Fact]
    public void An_existing_journal_is_not_overwritten_without_resume()
    {
        var path = Written(RunRow.Success(1, [7]));
        var before = File.ReadAllBytes(path);

        var error = Assert.Throws<ClusterException>(() => Journal.Create(path, job));

        Assert.Contains("--resume", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void Each_line_is_index_status_payload_and_checksum()
    {
        var line = JournalFormat.Line(RunRow.Success(42, Encoding.ASCII.GetBytes("abc")));

        var fields = line.Split('\t');

        Assert.Equal(["42", "ok", "YWJj"], fields[..3]);
        Assert.Matches("^[0-9a-f]{16}$", fields[3]);
        Assert.Null(JournalFormat.TryParse(line.Replace("YWJj", "YWJk")));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
