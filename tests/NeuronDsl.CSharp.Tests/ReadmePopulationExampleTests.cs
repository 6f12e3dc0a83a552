using NeuronDsl.CSharp;

namespace NeuronDsl.CSharp.Tests;

/// <summary>The README's C# population example, compiled and run here; a test checks the README shows exactly this code.</summary>
public class ReadmePopulationExampleTests
{
    private static async Task<(PopulationResult Run, IReadOnlyList<double> LastNeuron)> Example()
    {
        // README:begin population
        // 1000 leaky integrate-and-fire neurons: currents from 1 to 3 nA and E_L from -70 to -60 mV, spread linearly.
        Population population = Neurons.ByName("lif").Population(1000)
            .WithCurrentsSpread(1000, 3000)              // pA: neuron 0 gets 1000, neuron 999 gets 3000
            .WithParameterSpread("E_L", -70, -60)        // mV; other parameters keep the neuron's values
            .RecordStates([0, 999], ["V"], intervalMs: 1.0)
            .RecordRate(binMs: 5.0);
        var options = PopulationOptions.Default with { Duration = 1000, Solver = Solvers.Exact(0.1) };
        PopulationResult run = await Simulator.RunAsync(population, options, new Progress<double>(f => Console.Write($"\r{f:P0}")));
        Console.WriteLine($"\n{run.Spikes.Count} spikes, {run.MeanRate:0.#} Hz per neuron, status {run.Status}");
        IReadOnlyList<double> lastNeuron = run.Spikes.TimesOf(999);    // or run.Spikes.Neurons[k], run.Spikes.Times[k]
        // README:end population
        return (run, lastNeuron);
    }

    [Fact]
    public async Task TheExampleRunsAndItsLastNeuronFiresAtTheClosedFormTimes()
    {
        var (run, last) = await Example();
        Assert.Equal(PopulationStatus.Completed, run.Status);
        Assert.True(run.TryGetStates(out var states));
        Assert.Equal(1001, states!.Times.Count);
        Assert.Equal(200, run.Rates[0].Rates.Count);
        // Neuron 999: E_L = -60 mV, R I = 0.1 GΩ × 3000 pA = 300 mV, so V∞ = 240 mV, τ = RC = 20 ms. From rest the
        // first spike comes at τ ln((V∞ - E_L) / (V∞ - V_th)), then one every t_ref + τ ln((V∞ - V_reset) / (V∞ - V_th)).
        // Exact integration agrees with the closed form to rounding; 1e-9 ms over ~240 spikes allows its accumulation.
        var first = 20 * Math.Log(300.0 / 290.0);
        var interval = 2 + 20 * Math.Log(305.0 / 290.0);
        Assert.Equal((int)Math.Floor((1000 - first) / interval) + 1, last.Count);
        for (var k = 0; k < last.Count; k++) Assert.Equal(first + k * interval, last[k], 1e-9);
    }

    [Fact]
    public void TheReadmeShowsExactlyThisExample()
    {
        var root = ReadmeExampleTests.RepositoryRoot();
        var source = File.ReadAllLines(Path.Combine(root, "tests", "NeuronDsl.CSharp.Tests", "ReadmePopulationExampleTests.cs"));
        var begin = Array.FindIndex(source, l => l.Trim() == "// README:begin population");
        var end = Array.FindIndex(source, l => l.Trim() == "// README:end population");
        var indent = source[begin].Length - source[begin].TrimStart().Length;
        var example = source[(begin + 1)..end].Select(l => l.Trim().Length == 0 ? "" : l[indent..].TrimEnd()).ToArray();
        // The first C# block after the populations heading, whole.
        var readme = File.ReadAllLines(Path.Combine(root, "README.md"));
        var heading = Array.FindIndex(readme, l => l.Trim() == "### Populations from C# and the command line");
        Assert.True(heading >= 0, "the README has the populations heading");
        var open = Array.FindIndex(readme, heading, l => l.Trim() == "```csharp");
        var close = Array.FindIndex(readme, open + 1, l => l.Trim() == "```");
        Assert.Equal(example, readme[(open + 1)..close]);
    }
}
