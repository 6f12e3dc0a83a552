using System.Diagnostics;
using System.Net;
using System.Text;
using NeuronDsl.Orleans;
using Spectre.Console;

namespace NeuronDsl.Cli;

using SweepResult = NeuronDsl.CSharp.SweepResult;
using SweepRow = NeuronDsl.CSharp.SweepRow;

/// <summary>
/// A sweep file's runs on a cluster. The job's document is the file's path and text; every worker parses it with
/// <see cref="SweepPlan.Parse"/> and runs <see cref="SweepPlan.RunOne"/>, returning the row's bit-exact text, so row k
/// is the local run's row k.
/// </summary>
internal sealed class SweepOnCluster(SweepPlan plan, string text, string journal, bool resume)
{
    private static readonly object Gate = new();
    private static (string Document, SweepPlan Plan)? cache;

    /// <summary>This build's version: coordinator and workers must share it.</summary>
    public static string Version { get; } = ClusterVersion.Of(typeof(SweepOnCluster).Assembly);

    /// <summary>The job's document: the sweep file's path as given, a newline, its text.</summary>
    public static string Document(string file, string text) => $"{file}\n{text}";

    /// <summary>A worker's executor: run <paramref name="index"/> of the document's sweep, as its row's text.</summary>
    public static byte[] Execute(string document, long index)
    {
        var plan = PlanOf(document);
        if (index < 0 || index >= plan.RunCount)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"run index is {index}; expected from 0 to {plan.RunCount - 1}");
        return Encoding.UTF8.GetBytes(SweepPlan.RunOne(plan, (int)index).ToText());
    }

    private static SweepPlan PlanOf(string document)
    {
        lock (Gate)
        {
            if (cache is { } c && c.Document == document) return c.Plan;
            var newline = document.IndexOf('\n');
            var plan = SweepPlan.Parse(document[..newline], document[(newline + 1)..]);
            cache = (document, plan);
            return plan;
        }
    }

    public SweepResult OnCluster(IPEndPoint at, ClusterMembership membership, CancellationToken cancellation) =>
        Run(new CoordinatorOptions(at) { Membership = membership }, [], cancellation);

    /// <summary>Starts <paramref name="count"/> worker processes of this tool on 127.0.0.1, sharing the cores.</summary>
    public SweepResult OnLocalWorkers(int count, CancellationToken cancellation)
    {
        var at = new IPEndPoint(IPAddress.Loopback, FreePort());
        var slots = Math.Max(1, Environment.ProcessorCount / count);
        var workers = Enumerable.Range(0, count).Select(_ => LocalWorkerProcess.Start(WorkerStart(at, slots))).ToList();
        try
        {
            return Run(new CoordinatorOptions(at) { ExpectedWorkers = count }, workers, cancellation);
        }
        finally
        {
            foreach (var worker in workers) worker.Dispose();
        }
    }

    private SweepResult Run(CoordinatorOptions options, IReadOnlyList<LocalWorkerProcess> local, CancellationToken cancellation)
    {
        var job = new SweepJob(Document(plan.File, text), plan.RunCount);
        options = options with { JournalPath = journal, Resume = resume, Version = Version };
        var result = ClusterProgress.Show($"{plan.Neuron.Name}: {plan.RunCount} runs on the cluster",
            progress => RunAsync(job, options, progress, local, cancellation));
        var rows = result.Rows.Select(row => row.Succeeded
            ? SweepRow.Parse(Encoding.UTF8.GetString(row.Payload))
            : throw new ClusterException($"run {row.Index} failed on a worker: {row.Error}"));
        return SweepResult.FromRows(plan.Sweep, rows);
    }

    /// <summary>The sweep, ended early with an error when every local worker process has exited.</summary>
    private static async Task<Orleans.SweepResult> RunAsync(SweepJob job, CoordinatorOptions options,
        IProgress<SweepProgress> progress, IReadOnlyList<LocalWorkerProcess> local, CancellationToken cancellation)
    {
        if (local.Count == 0) return await ClusterSweep.RunAsync(job, options, progress, cancellation);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var sweep = ClusterSweep.RunAsync(job, options, progress, stop.Token);
        if (await Task.WhenAny(sweep, Task.WhenAll(local.Select(w => w.Exited))) == sweep) return await sweep;
        stop.Cancel();
        try { await sweep; }
        catch (Exception) { /* the workers' exit is the error to report */ }
        var said = local[0].Errors.Trim();
        throw new ClusterException($"every local worker process exited before the sweep finished (exit code {await local[0].Exited}"
            + (said.Length > 0 ? $"; the first said: {said.ReplaceLineEndings(" ")})" : ")"));
    }

    private static ProcessStartInfo WorkerStart(IPEndPoint at, int slots)
    {
        var cli = typeof(SweepOnCluster).Assembly.Location;
        var self = Environment.ProcessPath ?? "dotnet";
        var selfName = Path.GetFileNameWithoutExtension(self);
        var apphost = selfName == Path.GetFileNameWithoutExtension(cli) || selfName == "neurondsl";
        var info = new ProcessStartInfo(apphost ? self
            : selfName == "dotnet" ? self
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        if (!apphost) info.ArgumentList.Add(cli);
        foreach (var arg in new[] { "worker", "--join", at.ToString(), "--slots", slots.ToString() }) info.ArgumentList.Add(arg);
        return info;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
