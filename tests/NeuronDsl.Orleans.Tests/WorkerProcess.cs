using System.Diagnostics;
using System.Net;

namespace NeuronDsl.Orleans.Tests;

/// <summary>Starts NeuronDsl.Orleans.TestWorker processes joining a coordinator.</summary>
internal static class WorkerProcess
{
    public static LocalWorkerProcess Start(IPEndPoint join, string? executionsFolder = null, params string[] extra) =>
        Start(["--join", join.ToString(), .. extra], executionsFolder);

    /// <summary>A worker that never returns from a run of index <paramref name="hangFrom"/> or more.</summary>
    public static LocalWorkerProcess StartHanging(IPEndPoint join, string executionsFolder, long hangFrom) =>
        Start(["--join", join.ToString()], executionsFolder, hangFrom);

    /// <summary>A worker finding its coordinator through the Redis server at <paramref name="redis"/>.</summary>
    public static LocalWorkerProcess StartWithRedis(IPEndPoint redis, string? executionsFolder = null, params string[] extra) =>
        Start(["--redis", redis.ToString(), .. extra], executionsFolder);

    private static LocalWorkerProcess Start(string[] args, string? executionsFolder, long? hangFrom = null)
    {
        var info = new ProcessStartInfo("dotnet");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NeuronDsl.Orleans.TestWorker.dll"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        if (executionsFolder is not null) info.Environment[TestWorker.LifRuns.ExecutionsVariable] = executionsFolder;
        if (hangFrom is { } from) info.Environment["NEURONDSL_TEST_HANG_FROM"] = from.ToString();
        return LocalWorkerProcess.Start(info);
    }

    /// <summary>The exit code, or null if the process still runs after the timeout.</summary>
    public static async Task<int?> WaitForExitAsync(this LocalWorkerProcess worker, TimeSpan timeout)
    {
        var exited = await Task.WhenAny(worker.Exited, Task.Delay(timeout));
        return exited == worker.Exited ? await worker.Exited : null;
    }
}
