using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NeuronDsl.Testing;

/// <summary>
/// A throwaway <c>redis-server</c> on a free port of 127.0.0.1, in its own temporary folder, keeping nothing on disk;
/// disposing it kills it and removes the folder. Shared by the test projects that need one (tests/Redis/Redis.targets).
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private readonly Process process;
    private readonly string folder;

    private RedisServer(Process process, string folder, IPEndPoint endpoint)
    {
        this.process = process;
        this.folder = folder;
        Endpoint = endpoint;
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>The redis-server program on the PATH, or null.</summary>
    public static string? Program { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, "redis-server"))
        .FirstOrDefault(File.Exists);

    /// <summary>Starts the server and returns once it accepts connections (it says so on its standard output).</summary>
    public static async Task<RedisServer> StartAsync()
    {
        var endpoint = FreeEndpoint();
        var folder = Directory.CreateTempSubdirectory("neurondsl-redis-").FullName;
        var info = new ProcessStartInfo(Program ?? throw new InvalidOperationException(
            "redis-server is not on the PATH; `dotnet test` installs it (tests/Redis/install-redis.sh): apt-get install redis-server"))
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", endpoint.Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", folder })
            info.ArgumentList.Add(arg);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var said = new System.Text.StringBuilder();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (said) said.AppendLine(e.Data);
            if (e.Data.Contains("Ready to accept connections")) ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (said) said.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, folder, endpoint);
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(30))) != ready.Task)
        {
            server.Dispose();
            lock (said) throw new InvalidOperationException($"redis-server did not start on {endpoint}:\n{said}");
        }
        return server;
    }

    private static IPEndPoint FreeEndpoint()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)socket.LocalEndPoint!;
    }

    public void Dispose()
    {
        try { process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { /* already exited */ }
        process.WaitForExit(5000);
        process.Dispose();
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { /* left for the system's temporary-file cleanup */ }
    }
}
