using NeuronDsl.Orleans;
using Spectre.Console;

namespace NeuronDsl.Cli;

/// <summary>A cluster sweep's progress on an interactive terminal: done/total, rate, time left, workers alive.</summary>
internal static class ClusterProgress
{
    public static T Show<T>(string title, Func<IProgress<SweepProgress>, Task<T>> run)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            return run(new Ignore()).GetAwaiter().GetResult();
        T result = default!;
        AnsiConsole.Progress().Start(context =>
        {
            var task = context.AddTask(title);
            var progress = new Report(p =>
            {
                task.MaxValue = p.Total;
                task.Value = p.Done;
                var left = p.Remaining is { } r ? $", {r:hh\\:mm\\:ss} left" : "";
                task.Description = $"{title}: {p.Done}/{p.Total}, {p.RunsPerSecond:0.#} runs/s{left}, {p.WorkersAlive} worker(s)";
            });
            result = run(progress).GetAwaiter().GetResult();
        });
        return result;
    }

    private sealed class Ignore : IProgress<SweepProgress>
    {
        public void Report(SweepProgress value) { }
    }

    private sealed class Report(Action<SweepProgress> report) : IProgress<SweepProgress>
    {
        void IProgress<SweepProgress>.Report(SweepProgress value) => report(value);
    }
}
