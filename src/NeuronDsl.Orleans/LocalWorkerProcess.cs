using System.Diagnostics;
using System.Text;

namespace NeuronDsl.Orleans;

/// <summary>
/// A worker process started on this machine (for a coordinator's own local workers, <c>--workers N</c>): its standard
/// error is kept for error messages, and disposing it kills it.
/// </summary>
public sealed class LocalWorkerProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder errors = new();

    private LocalWorkerProcess(Process process) => this.process = process;

    /// <summary>The process id.</summary>
    public int Id => process.Id;

    /// <summary>Everything the process wrote to standard error so far.</summary>
    public string Errors { get { lock (errors) return errors.ToString(); } }

    /// <summary>Completes with the exit code when the process ends.</summary>
    public Task<int> Exited { get; private set; } = Task.FromResult(0);

    /// <summary>Starts a process; its standard output is discarded and its standard error kept.</summary>
    /// <param name="info">The program and its arguments (including the address to join); redirection is set here.</param>
    public static LocalWorkerProcess Start(ProcessStartInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        info.RedirectStandardError = true;
        info.RedirectStandardOutput = true;
        info.UseShellExecute = false;
        var worker = new LocalWorkerProcess(Process.Start(info)
            ?? throw new InvalidOperationException($"could not start the worker process {info.FileName}"));
        worker.process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (worker.errors) worker.errors.AppendLine(e.Data);
        };
        worker.process.OutputDataReceived += (_, _) => { };
        worker.process.BeginErrorReadLine();
        worker.process.BeginOutputReadLine();
        worker.Exited = worker.WaitAsync();
        return worker;
    }

    private async Task<int> WaitAsync()
    {
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    /// <summary>Kills the process at once (SIGKILL on Linux), as a crash would.</summary>
    public void Kill()
    {
        try { process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { /* already exited */ }
    }

    /// <summary>Kills the process if it still runs and waits for it to end.</summary>
    public void Dispose()
    {
        Kill();
        process.WaitForExit(5000);
        process.Dispose();
    }
}
