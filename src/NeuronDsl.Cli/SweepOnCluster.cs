using System.Diagnostics;
using System.Net;
using System.Text;
using NeuronDsl.Orleans;

namespace NeuronDsl.Cli;

using Simulator = NeuronDsl.CSharp.Simulator;
using SweepRow = NeuronDsl.CSharp.SweepRow;
using SweepRunStatus = NeuronDsl.CSharp.SweepRunStatus;

/// <summary>
/// A sweep file's runs on a cluster. The job's document is the sweep file's path and text, and the text of the network
/// file it names, if any; every worker parses it with <see cref="SweepFileReader.ReadAny(string, string, Func{string, string})"/>
/// and runs <see cref="SweepPlan.RunOne"/> or <see cref="NetworkSweepPlan.RunOne"/>, returning the row's bit-exact
/// text, so row k is the local run's row k. A run the coordinator gave up after losing its workers three times (a run
/// that kills its process) comes back as a row with status Lost, like any other failed run.
/// </summary>
internal sealed class SweepOnCluster(string document, int runCount, string title, string journal, bool resume,
    LeaseDeadline leaseDeadline)
{
    private static readonly object Gate = new();
    private static (string Document, object Plan)? cache;

    /// <summary>This build's version: coordinator and workers must share it.</summary>
    public static string Version { get; } = ClusterVersion.Of(typeof(SweepOnCluster).Assembly);

    /// <summary>The job's document: the sweep file's path as given, a newline, its text; then, for each file it
    /// names (a network file), a NUL character, that file's path as the sweep resolves it, a newline and its text.
    /// TOML allows no NUL character, so the parts cannot be confused.</summary>
    public static string Document(string file, string text, params (string Path, string Text)[] files) =>
        string.Concat(files.Select(f => $"\0{f.Path}\n{f.Text}").Prepend($"{file}\n{text}"));

    /// <summary>A single-neuron sweep's document.</summary>
    public static string Document(SweepPlan plan, string text) => Document(plan.File, text);

    /// <summary>A network sweep's document: the sweep file and the network file the plan read.</summary>
    public static string Document(NetworkSweepPlan plan) =>
        Document(plan.File, plan.Text, (plan.NetworkPath, plan.NetworkText));

    /// <summary>A worker's executor: run <paramref name="index"/> of the document's sweep, as its row's text.</summary>
    public static byte[] Execute(string document, long index) => PlanOf(document) switch
    {
        SweepPlan plan when index >= 0 && index < plan.RunCount => Encoding.UTF8.GetBytes(SweepPlan.RunOne(plan, (int)index).ToText()),
        NetworkSweepPlan plan when index >= 0 && index < plan.RunCount => Encoding.UTF8.GetBytes(NetworkSweepPlan.RunOne(plan, (int)index).ToText()),
        SweepPlan or NetworkSweepPlan => throw new ArgumentOutOfRangeException(nameof(index), index, $"run index is {index}; expected from 0 to {RunCountOf(PlanOf(document)) - 1}"),
        var other => throw new InvalidOperationException($"not a sweep: {other}"),
    };

    /// <summary>Row k of a single-neuron sweep as the cluster gave it: the worker's row read back bit for bit, or the
    /// row of a run the coordinator gave up (status Lost, with its reason).</summary>
    public static SweepRow RowOf(SweepPlan plan, RunRow row) => row.Lost
        ? Simulator.LostSweepRun(plan.Sweep, (int)row.Index, row.Error ?? "")
        : SweepRow.Parse(Encoding.UTF8.GetString(row.Payload));

    /// <summary>Row k of a network sweep as the cluster gave it: the worker's row read back bit for bit, or the row of
    /// a run the coordinator gave up (status Lost, with its reason, and empty statistics).</summary>
    public static NetworkSweepRow RowOf(NetworkSweepPlan plan, RunRow row) => row.Lost
        ? NetworkSweepRow.Failed((int)row.Index, plan.Point((int)row.Index), plan.Groups.Count, nameof(SweepRunStatus.Lost), row.Error ?? "")
        : NetworkSweepRow.Parse(Encoding.UTF8.GetString(row.Payload));

    private static int RunCountOf(object plan) => plan is SweepPlan s ? s.RunCount : ((NetworkSweepPlan)plan).RunCount;

    private static object PlanOf(string document)
    {
        lock (Gate)
        {
            if (cache is { } c && c.Document == document) return c.Plan;
            var parts = document.Split('\0');
            var files = parts.Skip(1).ToDictionary(p => p[..p.IndexOf('\n')], p => p[(p.IndexOf('\n') + 1)..]);
            var newline = parts[0].IndexOf('\n');
            var plan = SweepFileReader.ReadAny(parts[0][..newline], parts[0][(newline + 1)..], path => files.GetValueOrDefault(path));
            cache = (document, plan);
            return plan;
        }
    }

    /// <summary>The runs' rows in run order, from workers that joined this process at <paramref name="at"/> (or found
    /// it through the membership in Redis).</summary>
    public Orleans.SweepResult OnCluster(IPEndPoint at, ClusterMembership membership, CancellationToken cancellation) =>
        Run(Options(new CoordinatorOptions(at) { Membership = membership }), [], cancellation);

    /// <summary>Starts <paramref name="count"/> worker processes of this tool on 127.0.0.1, sharing the cores.</summary>
    public Orleans.SweepResult OnLocalWorkers(int count, CancellationToken cancellation)
    {
        var at = new IPEndPoint(IPAddress.Loopback, FreePort());
        var options = Options(new CoordinatorOptions(at) { ExpectedWorkers = count });
        ClusterSweep.CheckBeforeStart(options); // before any worker process starts
        var slots = Math.Max(1, Environment.ProcessorCount / count);
        var workers = Enumerable.Range(0, count).Select(_ => LocalWorkerProcess.Start(WorkerStart(at, slots))).ToList();
        try
        {
            return Run(options, workers, cancellation);
        }
        finally
        {
            foreach (var worker in workers) worker.Dispose();
        }
    }

    /// <summary>The coordinator's options with this sweep's journal, resume, lease deadline and version.</summary>
    private CoordinatorOptions Options(CoordinatorOptions options) =>
        options with { JournalPath = journal, Resume = resume, LeaseDeadline = leaseDeadline, Version = Version };

    /// <summary>The sweep's rows; a run whose executor threw on a worker (it cannot read the sweep there, say) is an
    /// error, since sweep runs report their own failures in their rows.</summary>
    private Orleans.SweepResult Run(CoordinatorOptions options, IReadOnlyList<LocalWorkerProcess> local, CancellationToken cancellation)
    {
        ClusterSweep.CheckBeforeStart(options);
        var job = new SweepJob(document, runCount);
        var result = ClusterProgress.Show($"{title}: {runCount} runs on the cluster",
            progress => RunAsync(job, options, progress, local, cancellation));
        if (result.Rows.FirstOrDefault(row => !row.Succeeded && !row.Lost) is { } failed)
            throw new ClusterException($"run {failed.Index} failed on a worker: {failed.Error}");
        return result;
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
