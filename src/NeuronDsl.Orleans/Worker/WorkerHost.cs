using System.Net;
using Microsoft.Extensions.Hosting;
using NeuronDsl.Orleans.Worker;

namespace NeuronDsl.Orleans;

/// <summary>
/// Runs a worker: a silo that joins the coordinator at <see cref="WorkerOptions.Join"/> (or the cluster kept in the
/// Redis server of <see cref="WorkerOptions.Membership"/>) and executes the runs it leases. It serves sweep after sweep:
/// when the coordinator goes away it drops its silo and waits to join the next; with Redis it stays in the cluster,
/// where the next coordinator finds it.
/// </summary>
public static class WorkerHost
{
    private static readonly TimeSpan ProbeEvery = TimeSpan.FromSeconds(1);
    private const int MissedProbes = 3;

    /// <summary>Runs until cancelled, or until the coordinator refuses this worker.</summary>
    /// <param name="options">Where to join, and this worker's port, slots and version.</param>
    /// <param name="executor">Executes one run: (document, index) → payload.</param>
    /// <param name="cancellationToken">Stops the worker; its leased runs go back to the queue.</param>
    /// <exception cref="ClusterException">The coordinator did not answer within the join timeout (the message names
    /// its address), or refused this worker (the message names both versions).</exception>
    public static async Task RunAsync(WorkerOptions options, RunExecutor executor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(executor);
        if (options.Slots < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.Slots, $"Slots is {options.Slots}; expected at least 1");
        ArgumentNullException.ThrowIfNull(options.Membership);
        var redis = options.Membership.RedisServer;
        if (redis is null && options.Join is null)
            throw new ArgumentNullException(nameof(options), "WorkerOptions.Join is null; expected the coordinator's address, or Redis membership");
        var log = options.Log ?? (_ => { });
        var cluster = Describe(options);
        var local = await WaitForClusterAsync(options, options.JoinTimeout, cancellationToken);
        for (var first = true; !cancellationToken.IsCancellationRequested; first = false)
        {
            var (refused, joinError) = await ServeOnceAsync(options, executor, options.Advertise ?? local, log, cancellationToken);
            if (refused is not null) throw new ClusterException($"refused by {cluster}: {refused}");
            if (joinError is not null && first)
                throw new ClusterException(redis is not null
                    ? $"could not join {cluster} ({joinError.Message}); expected a redis-server there that this worker may use"
                    : $"could not join the cluster at {options.Join} ({joinError.Message}); expected a NeuronDsl coordinator there", joinError);
            if (cancellationToken.IsCancellationRequested) return;
            if (joinError is not null) await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            log(redis is not null ? $"joining {cluster} again" : $"waiting for a coordinator at {options.Join}");
            local = await WaitForClusterAsync(options, Timeout.InfiniteTimeSpan, cancellationToken);
        }
    }

    /// <summary>Waits for the coordinator (or the Redis server) to answer; returns this machine's address on the route to it.</summary>
    private static Task<IPAddress> WaitForClusterAsync(WorkerOptions options, TimeSpan timeout, CancellationToken stop) =>
        options.Membership.RedisServer is { } redis
            ? Reachability.WaitForAsync(redis, timeout, stop, "Redis", "a running redis-server there and its port open to this machine")
            : Reachability.WaitForAsync(options.Join!, timeout, stop);

    /// <summary>
    /// One membership of one cluster: ends with the coordinator's refusal, or the error that kept the silo from
    /// joining, or neither when the silo left the cluster and should join the next one.
    /// </summary>
    private static async Task<(string? Refused, Exception? JoinError)> ServeOnceAsync(WorkerOptions options,
        RunExecutor executor, IPAddress address, Action<string> log, CancellationToken stop)
    {
        var port = options.Port != 0 ? options.Port : Reachability.FreePort(address);
        var lost = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var settings = new WorkerSettings(executor, options.Slots, options.Version, log);
        var host = SiloHosting.Build(new IPEndPoint(address, port), options.Join, options.Membership, services =>
        {
            services.AddSingleton(settings);
            services.AddSingleton<WorkerAgent>();
            services.AddSingleton<IFatalErrorHandler>(new RejoinOnFatalError(reason => lost.TrySetResult(reason)));
        });
        try
        {
            await host.StartAsync(stop);
        }
        catch (Exception e)
        {
            await SiloHosting.StopQuicklyAsync(host);
            if (e is OperationCanceledException) return (null, null);
            log($"could not join {Describe(options)}: {e.Message}");
            return (null, e);
        }
        try
        {
            log($"joined {Describe(options)} as {address}:{port} with {options.Slots} slot(s)");
            var agent = host.Services.GetRequiredService<WorkerAgent>();
            // With Redis the worker stays in the cluster when the coordinator goes: the next one finds it there.
            var watch = options.Membership.RedisServer is null
                ? WatchCoordinatorAsync(options.Join!, stop)
                : Task.Delay(Timeout.Infinite, stop);
            var first = await Task.WhenAny(agent.Refused, lost.Task, watch);
            if (first == agent.Refused) return (await agent.Refused, null);
            if (!stop.IsCancellationRequested)
                log($"left the cluster: {(first == lost.Task ? await lost.Task : "the coordinator stopped answering")}");
            return (null, null);
        }
        catch (OperationCanceledException)
        {
            return (null, null);
        }
        finally
        {
            await SiloHosting.StopQuicklyAsync(host);
        }
    }

    private static string Describe(WorkerOptions options) =>
        options.Membership.RedisServer is { } redis ? $"the cluster in Redis at {redis}" : $"the coordinator at {options.Join}";

    private static async Task WatchCoordinatorAsync(IPEndPoint coordinator, CancellationToken stop)
    {
        var missed = 0;
        while (missed < MissedProbes)
        {
            await Task.Delay(ProbeEvery, stop);
            var (local, _) = await Reachability.TryConnectAsync(coordinator, ProbeEvery, stop);
            missed = local is null ? missed + 1 : 0;
        }
    }
}
