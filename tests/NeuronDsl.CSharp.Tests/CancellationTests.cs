using NeuronDsl.CSharp;

namespace NeuronDsl.CSharp.Tests;

public class CancellationTests
{
    [Fact]
    public async Task CancellingStopsALongRunPromptly()
    {
        // Ten thousand simulated seconds of Hodgkin–Huxley would take minutes. Cancel once progress is reported
        // past 0.01 %, then check the run stopped long before its end.
        using var cancel = new CancellationTokenSource();
        var last = 0.0;
        var progress = new SynchronousProgress<double>(fraction =>
        {
            last = fraction;
            if (fraction > 1e-4) cancel.Cancel();
        });
        var options = SimulationOptions.Default with { Duration = 1e7, RecordTrace = false };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Simulator.RunAsync(Neurons.ByName("hh"), InputCurrent.Constant(10), options, progress, cancel.Token));
        Assert.InRange(last, 1e-4, 1e-3);
    }

    [Fact]
    public async Task RunAsyncReportsProgressUpToCompletion()
    {
        var reports = new List<double>();
        var progress = new SynchronousProgress<double>(reports.Add);
        var result = await Simulator.RunAsync(Neurons.ByName("lif"), InputCurrent.Constant(300),
            SimulationOptions.Default with { Duration = 200 }, progress);
        Assert.Equal(SimulationStatus.Completed, result.Status);
        Assert.Equal(1.0, reports[^1]);
        Assert.Equal(reports.OrderBy(x => x), reports);
    }
}
