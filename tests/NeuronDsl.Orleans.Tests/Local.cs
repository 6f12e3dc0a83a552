using System.Net;
using System.Net.Sockets;
using NeuronDsl.Orleans.TestWorker;

namespace NeuronDsl.Orleans.Tests;

/// <summary>Addresses on this machine and the in-process reference the cluster's rows are compared with.</summary>
internal static class Local
{
    public static IPEndPoint FreeEndpoint()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)socket.LocalEndPoint!;
    }

    /// <summary>The row a local run gives: the test job in this process, a failure carrying the exception's message.</summary>
    public static RunRow Run(string document, long index)
    {
        try { return RunRow.Success(index, TestJobs.Execute(document, index)); }
        catch (Exception e) { return RunRow.Failure(index, e.Message); }
    }

    /// <summary>Asserts every row is the local run's, bit for bit, in index order.</summary>
    public static void AssertEqualsLocal(string document, long runs, IReadOnlyList<RunRow> rows)
    {
        Assert.Equal(runs, rows.Count);
        for (var k = 0; k < runs; k++)
        {
            var expected = Run(document, k);
            Assert.Equal(k, rows[k].Index);
            Assert.Equal(expected.Succeeded, rows[k].Succeeded);
            Assert.Equal(expected.Error, rows[k].Error);
            Assert.True(expected.Payload.AsSpan().SequenceEqual(rows[k].Payload), $"row {k} differs from the local run");
        }
    }

    /// <summary>Asserts the workers' recorded executions hold each of the runs once and each worker ran at least a tenth
    /// of them (a fair share of the two workers' work).</summary>
    public static void AssertEachRunOnceInFairShares(string executions, IReadOnlyList<LocalWorkerProcess> workers, int runs)
    {
        var ran = Executions(executions);
        Assert.Equal(runs, ran.Count);
        foreach (var worker in workers)
            Assert.True(ran.Count(e => e.Process == worker.Id) >= runs / 10,
                $"worker {worker.Id} ran {ran.Count(e => e.Process == worker.Id)} of {runs} runs; expected a fair share");
    }

    /// <summary>Whether a worker started with a hang point is now hung in a run, holding its lease.</summary>
    public static bool Hung(string folder, LocalWorkerProcess worker) => File.Exists(Path.Combine(folder, $"{worker.Id}.hung"));

    /// <summary>Executions recorded by the workers in a folder: (index, process id) per line, a file per process.</summary>
    public static IReadOnlyList<(long Index, int Process)> Executions(string folder) =>
        Directory.EnumerateFiles(folder, "*.txt").SelectMany(File.ReadAllLines).Where(l => l.Length > 0)
            .Select(l => l.Split(' ')).Select(p => (long.Parse(p[0]), int.Parse(p[1]))).ToArray();
}
