using System.Diagnostics;
using System.Net;
using System.Text;

namespace NeuronDsl.Orleans.Tests;

/// <summary>A real worker process (NeuronDsl.Orleans.TestWorker) joining a coordinator; killed on dispose.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder errors = new();

    private WorkerProcess(Process process) => this.process = process;

    public int Id => process.Id;

    public string Errors { get { lock (errors) return errors.ToString(); } }

    public static WorkerProcess Start(IPEndPoint join, string? executionsFile = null, params string[] extra)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "NeuronDsl.Orleans.TestWorker.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { dll, "--join", join.ToString() }.Concat(extra)) info.ArgumentList.Add(arg);
        if (executionsFile is not null) info.Environment[TestWorker.LifRuns.ExecutionsVariable] = executionsFile;
        var worker = new WorkerProcess(Process.Start(info)!);
        worker.process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (worker.errors) worker.errors.AppendLine(e.Data); };
        worker.process.OutputDataReceived += (_, _) => { };
        worker.process.BeginErrorReadLine();
        worker.process.BeginOutputReadLine();
        return worker;
    }

    /// <summary>The exit code, or null if the process is still running after the timeout.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try { await process.WaitForExitAsync(limit.Token); }
        catch (OperationCanceledException) { return null; }
        process.WaitForExit(); // drains the redirected streams
        return process.ExitCode;
    }

    public void Kill() => process.Kill(entireProcessTree: true);

    public void Dispose()
    {
        if (!process.HasExited) Kill();
        process.WaitForExit(5000);
        process.Dispose();
    }
}
