using System.Diagnostics;

namespace NeuronDsl.Orleans.Coordinator;

/// <summary>Turns arriving rows into at most ten <see cref="SweepProgress"/> reports a second, and always the last.</summary>
internal sealed class ProgressReporter(SweepBook book, IProgress<SweepProgress>? progress)
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private long lastReport = -1000;

    public void RowsArrived()
    {
        if (progress is null) return;
        var now = clock.ElapsedMilliseconds;
        var last = Interlocked.Read(ref lastReport);
        var final = book.Done == book.Total;
        if (!final && now - last < 100) return;
        if (!final && Interlocked.CompareExchange(ref lastReport, now, last) != last) return;
        progress.Report(Current());
    }

    public SweepProgress Current()
    {
        var seconds = clock.Elapsed.TotalSeconds;
        var rate = seconds > 0 ? book.Executed / seconds : 0.0;
        TimeSpan? remaining = rate > 0 ? TimeSpan.FromSeconds((book.Total - book.Done) / rate) : null;
        return new SweepProgress(book.Done, book.Total, rate, remaining, book.WorkersAlive);
    }
}
