using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using NeuronDsl.Orleans.Coordinator;
using NeuronDsl.Orleans.Protocol;

namespace NeuronDsl.Orleans;

/// <summary>
/// Runs a job over a cluster: this process becomes the primary silo at <see cref="CoordinatorOptions.Listen"/>, workers
/// (<see cref="WorkerHost"/>) join it and lease runs, and the rows come back one per run, ordered by index.
/// </summary>
public static class ClusterSweep
{
    /// <summary>What can be refused before a cluster is started: a journal that exists where a new sweep would
    /// start one (without <see cref="CoordinatorOptions.Resume"/>). Call it before starting worker processes.</summary>
    /// <exception cref="ClusterException">The journal exists; the message names it.</exception>
    public static void CheckBeforeStart(CoordinatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Resume && options.JournalPath is { } path) Journal.RefuseExisting(path);
    }

    /// <summary>Runs every run of the job that the journal (if any) does not already hold.</summary>
    /// <param name="job">The document and the run count.</param>
    /// <param name="options">Address, journal, timeouts and version.</param>
    /// <param name="progress">Receives done/total, rate, time remaining and workers alive; may be null.</param>
    /// <param name="cancellationToken">Stops the sweep; the journal keeps every row received.</param>
    /// <returns>One row per run, ordered by index.</returns>
    /// <exception cref="ClusterException">The address cannot be listened on, no usable worker joined, every worker
    /// was lost, or the journal belongs to another sweep; the message names the address or the file.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static async Task<SweepResult> RunAsync(SweepJob job, CoordinatorOptions options,
        IProgress<SweepProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Listen);
        ArgumentNullException.ThrowIfNull(options.LeaseDeadline);
        ArgumentNullException.ThrowIfNull(options.Membership);
        options.LeaseDeadline.Check();
        var clock = Stopwatch.StartNew();
        var (journal, fromJournal) = OpenJournal(job, options);
        using (journal)
        {
            var book = new SweepBook(job, fromJournal, journal, options.LeaseDeadline);
            if (!book.Finished.IsCompleted)
            {
                Reachability.CheckCanListen("the coordinator address", options.Listen);
                if (options.Membership.RedisServer is { } redis)
                    await Reachability.WaitForAsync(redis, RedisTimeout, cancellationToken, "Redis",
                        "a running redis-server there and its port open to this machine");
                await RunOnClusterAsync(job, book, options, progress, cancellationToken);
            }
            return new SweepResult(book.Rows(), book.FromJournal, book.Executed, book.Duplicates, book.Requeued,
                book.WorkersUsed, clock.Elapsed) { Expired = book.Expired };
        }
    }

    /// <summary>How long the coordinator waits for the Redis server to answer before failing with its address.</summary>
    private static readonly TimeSpan RedisTimeout = TimeSpan.FromSeconds(5);

    private static (Journal? Journal, IReadOnlyList<RunRow> Rows) OpenJournal(SweepJob job, CoordinatorOptions options)
    {
        if (options.JournalPath is not { } path) return (null, []);
        return options.Resume ? Journal.Resume(path, job) : (Journal.Create(path, job), []);
    }

    private static async Task RunOnClusterAsync(SweepJob job, SweepBook book, CoordinatorOptions options,
        IProgress<SweepProgress>? progress, CancellationToken stop)
    {
        var registry = new SweepRegistry();
        var host = SiloHosting.Build(options.Listen, options.Listen, options.Membership, services => services.AddSingleton(registry));
        await StartAsync(host, options, stop);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(stop);
        try
        {
            var self = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
            var key = $"{self.ToParsableString()}/{Guid.NewGuid():N}";
            registry.Open(key, book);
            book.RowsArrived = new ProgressReporter(book, progress).RowsArrived;
            var roster = new WorkerRoster(host.Services.GetRequiredService<IClusterMembershipService>(),
                host.Services.GetRequiredService<IGrainFactory>(), self, book, new SweepTicket(key, job.Document), options);
            var watch = roster.WatchAsync(watching.Token);
            await SweepSupervisor.RunAsync(book, roster, options, stop);
        }
        finally
        {
            book.Close();
            watching.Cancel();
            await SiloHosting.StopQuicklyAsync(host);
        }
    }

    private static async Task StartAsync(IHost host, CoordinatorOptions options, CancellationToken stop)
    {
        try
        {
            await host.StartAsync(stop);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            host.Dispose();
            throw new ClusterException(
                $"the coordinator could not start its silo on {options.Listen} ({options.Membership}): {e.Message}", e);
        }
    }
}
