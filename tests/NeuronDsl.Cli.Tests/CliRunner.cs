using System.Diagnostics;

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
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NeuronDsl.Cli.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        return Process.Start(start)!;
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
