using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NeuronDsl.Orleans;

/// <summary>Plain TCP checks made before Orleans starts, so a wrong address fails fast and names itself.</summary>
internal static class Reachability
{
    /// <summary>
    /// Connects to the coordinator until it answers or the timeout passes (<see cref="Timeout.InfiniteTimeSpan"/>: until
    /// cancelled); returns this machine's address on the route
    /// to it (the address a worker advertises to the cluster).
    /// </summary>
    public static Task<IPAddress> WaitForAsync(IPEndPoint coordinator, TimeSpan timeout, CancellationToken stop) =>
        WaitForAsync(coordinator, timeout, stop, "the coordinator", $"a sweep started with --cluster {coordinator} and its port open");

    /// <summary>Connects to <paramref name="target"/> (named <paramref name="what"/> in the error, which says
    /// <paramref name="expected"/>) until it answers or the timeout passes; returns this machine's address on the route.</summary>
    public static async Task<IPAddress> WaitForAsync(IPEndPoint target, TimeSpan timeout, CancellationToken stop, string what, string expected)
    {
        var clock = Stopwatch.StartNew();
        var lastError = "no answer";
        var forever = timeout == Timeout.InfiniteTimeSpan;
        while (true)
        {
            var left = forever ? TimeSpan.MaxValue : timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
                throw new ClusterException(
                    $"cannot reach {what} at {target} within {timeout.TotalSeconds:0.#} s ({lastError}); expected {expected}");
            var (local, error) = await TryConnectAsync(target, left < TimeSpan.FromSeconds(2) ? left : TimeSpan.FromSeconds(2), stop);
            if (local is not null) return local;
            lastError = error!;
            await Task.Delay(forever ? TimeSpan.FromMilliseconds(250) : Clamp(timeout - clock.Elapsed), stop);
        }
    }

    private static TimeSpan Clamp(TimeSpan left) =>
        left < TimeSpan.Zero ? TimeSpan.Zero : left > TimeSpan.FromMilliseconds(250) ? TimeSpan.FromMilliseconds(250) : left;

    /// <summary>One connection attempt: the local address on success, or the error's text.</summary>
    public static async Task<(IPAddress? Local, string? Error)> TryConnectAsync(IPEndPoint target, TimeSpan timeout, CancellationToken stop)
    {
        using var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stop);
        limit.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(target, limit.Token);
            return (((IPEndPoint)socket.LocalEndPoint!).Address, null);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            return (null, $"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (SocketException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>Checks that this machine can listen on an address, before a silo tries to.</summary>
    public static void CheckCanListen(string field, IPEndPoint endpoint)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endpoint);
        }
        catch (SocketException e)
        {
            throw new ClusterException(
                $"{field} is {endpoint}, but the coordinator cannot listen there ({e.Message}); "
                + "expected an address of this machine and a free port", e);
        }
    }

    /// <summary>A TCP port free at the moment of asking.</summary>
    public static int FreePort(IPAddress address)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
