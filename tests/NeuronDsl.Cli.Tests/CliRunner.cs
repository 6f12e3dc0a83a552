using System.Diagnostics;
using NeuronDsl.Orleans;

namespace NeuronDsl.Cli.Tests;

/// <summary>Runs the tool in-process through its entry point, or as a real process, in a fresh folder.</summary>
internal sealed class CliRunner : IDisposable
{
    public CliRunner()
    {
        Directory = Path.Combine(Path.GetTempPath(), "neurondsl-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string PathOf(params string[] parts) => Path.Combine([Directory, .. parts]);

    /// <summary>Runs <c>Cli.Run</c> with the given arguments; returns exit code, stdout and stderr.</summary>
    public (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Cli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Runs the built tool as a separate process in <see cref="Directory"/>.</summary>
    public (int Code, string Output, string Error) RunProcess(params string[] args)
    {
        using var process = StartProcess(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Starts the built tool as a separate process; the caller reads its output and waits for it.</summary>
    public Process StartProcess(string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = StartInfo(args);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        return Process.Start(start)!;
    }

    /// <summary>Starts the built tool in the background (a coordinator, a worker), keeping its standard error; it is
    /// killed when this runner is disposed, if it still runs.</summary>
    public LocalWorkerProcess StartBackground(params string[] args) => Keep(LocalWorkerProcess.Start(StartInfo(args)));

    /// <summary>
    /// As <see cref="StartBackground"/>, under a limit of <paramref name="cpuSeconds"/> seconds of CPU time (bash's
    /// <c>ulimit -t</c>, soft and hard): the kernel kills the process (SIGKILL) when it has used them, whatever it is
    /// doing, as a batch system's CPU limit does.
    /// </summary>
    public LocalWorkerProcess StartBackgroundWithCpuLimit(int cpuSeconds, params string[] args)
    {
        var tool = StartInfo(args);
        var start = new ProcessStartInfo("bash") { WorkingDirectory = Directory };
        string[] command = ["-c", $"ulimit -t {cpuSeconds} && exec \"$@\"", "bash", tool.FileName, .. tool.ArgumentList];
        foreach (var a in command) start.ArgumentList.Add(a);
        return Keep(LocalWorkerProcess.Start(start));
    }

    private readonly List<LocalWorkerProcess> background = [];

    private LocalWorkerProcess Keep(LocalWorkerProcess process)
    {
        lock (background) background.Add(process);
        return process;
    }

    private ProcessStartInfo StartInfo(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Directory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NeuronDsl.Cli.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        return start;
    }

    /// <summary>A TCP port of 127.0.0.1 that nothing listens on (for a coordinator's --cluster, say).</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Entries of the test folder whose names start with a dot: staging folders and locks.</summary>
    public string[] HiddenEntries() =>
        System.IO.Directory.EnumerateFileSystemEntries(Directory, ".*", SearchOption.AllDirectories).ToArray();

    public void Dispose()
    {
        lock (background) foreach (var process in background) process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
