using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NeuronDsl.Orleans;

namespace NeuronDsl.ClusterBench;

/// <summary>Runs a sweep over local worker processes and times it.</summary>
internal static class ClusterTiming
{
    /// <summary>Wall time of the whole sweep, and of its steady part: from the first report to the last row.</summary>
    /// <summary>Also the mean time of one run measured inside the workers, over the same steady part.</summary>
    public sealed record Timing(double WallSeconds, double SteadySeconds, long SteadyRuns, double WorkerSecondsPerRun);

    public sealed record Recovery(double DetectionSeconds, long Requeued);

    public static async Task<Timing> MeasureAsync(SweepJob job, int workers)
    {
        var options = new CoordinatorOptions(FreeEndpoint()) { ExpectedWorkers = workers };
        var processes = Enumerable.Range(0, workers).Select(_ => StartWorker(options.Listen)).ToArray();
        try
        {
            var clock = Stopwatch.StartNew();
            double firstAt = 0;
            long firstDone = 0;
            var progress = new Inline(p => { if (firstDone == 0) (firstAt, firstDone) = (clock.Elapsed.TotalSeconds, p.Done); });
            var result = await ClusterSweep.RunAsync(job, options, progress);
            var wall = clock.Elapsed.TotalSeconds;
            if (result.Rows.Any(r => !r.Succeeded)) throw new InvalidOperationException("a benchmark run failed");
            // Leases start in index order, so the rows before the first report (and the other worker's first lease)
            // are the low indices: leave them out of the workers' time too, as they are out of the steady wall time.
            var skip = (int)Math.Min(job.RunCount - 1, 2 * firstDone);
            var onWorkers = result.Rows.Skip(skip).Average(r => BenchRuns.SecondsOf(r.Payload));
            return new Timing(wall, wall - firstAt, job.RunCount - firstDone, onWorkers);
        }
        finally
        {
            foreach (var process in processes) process.Dispose();
        }
    }

    public static async Task<Recovery> MeasureKillAsync(SweepJob job)
    {
        var clock = Stopwatch.StartNew();
        double killedAt = 0, lostAt = 0;
        var options = new CoordinatorOptions(FreeEndpoint())
        {
            ExpectedWorkers = 2,
            Log = line => { if (line.Contains(" lost ")) lostAt = clock.Elapsed.TotalSeconds; },
        };
        var processes = new[] { StartWorker(options.Listen), StartWorker(options.Listen) };
        try
        {
            var progress = new Inline(p =>
            {
                if (killedAt > 0 || p.Done < job.RunCount / 4) return;
                killedAt = clock.Elapsed.TotalSeconds;
                _ = Task.Run(() => processes[0].Kill());
            });
            var result = await ClusterSweep.RunAsync(job, options, progress);
            if (result.Rows.Count != job.RunCount) throw new InvalidOperationException("rows are missing");
            return new Recovery(lostAt - killedAt, result.Requeued);
        }
        finally
        {
            foreach (var process in processes) process.Dispose();
        }
    }

    private static LocalWorkerProcess StartWorker(IPEndPoint join)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!);
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            info.ArgumentList.Add(typeof(ClusterTiming).Assembly.Location);
        info.ArgumentList.Add("worker");
        info.ArgumentList.Add(join.ToString());
        return LocalWorkerProcess.Start(info);
    }

    private static IPEndPoint FreeEndpoint()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)socket.LocalEndPoint!;
    }

    private sealed class Inline(Action<SweepProgress> report) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress value) => report(value);
    }
}
