using NeuronDsl.CSharp;

namespace NeuronDsl.CSharp.Tests;

public class PopulationTests
{
    /// <summary>The LIF of issue 8's benchmark: τ = RC = 10 ms, E_L = V_reset = −65 mV, V_th = −50 mV, t_ref = 2 ms;
    /// the rheobase is (V_th − E_L) / R = 1500 pA.</summary>
    private static Neuron BenchmarkLif() =>
        Neurons.ByName("lif").WithParameter("R", 0.01).WithParameter("C", 1000).WithParameter("E_L", -65)
            .WithParameter("V_reset", -65).WithParameter("V_th", -50).WithParameter("t_ref", 2);

    private static readonly PopulationOptions Exact = PopulationOptions.Default with { Duration = 300, Solver = Solvers.Exact(0.1) };

    private static IReadOnlyList<double> Alone(Neuron neuron, double current, double duration) =>
        Simulator.Run(neuron, InputCurrent.Constant(current),
            SimulationOptions.Default with { Duration = duration, Solver = Solvers.Exact(0.1), RecordTrace = false }).SpikeTimes;

    // Both runs use the same exact propagator for 0.1 ms; the single-neuron engine also integrates from each spike to
    // the grid, so V differs by rounding (~1e-14 mV), which moves a spike by that over the slope dV/dt at threshold,
    // (R·I − 15 mV) / 10 ms ≥ 0.012 mV/ms for the firing currents here: ~1e-12 ms per spike, summed over ≤ 30 spikes.
    // 1e-9 ms leaves two orders of magnitude for that and fails on any real difference (a step is 0.1 ms).
    private const double SpikeTolerance = 1e-9;

    private static void SameSpikes(IReadOnlyList<double> expected, IReadOnlyList<double> actual, string what)
    {
        Assert.True(expected.Count == actual.Count, $"{what}: {actual.Count} spikes, expected {expected.Count}");
        for (var k = 0; k < expected.Count; k++)
        {
            Assert.True(Math.Abs(expected[k] - actual[k]) <= SpikeTolerance,
                $"{what}: spike {k} at {actual[k]:R} ms, expected {expected[k]:R} ms");
        }
    }

    [Fact]
    public void NDifferentCurrentsGiveTheNSingleNeuronSpikeTrains()
    {
        // 40 currents from 1000 to 3000 pA (none exactly at the rheobase, where a spike hangs on rounding).
        var neuron = BenchmarkLif();
        var currents = Enumerable.Range(0, 40).Select(j => 1000 + 2000.0 * j / 39).ToArray();
        var result = Simulator.Run(neuron.Population(currents.Length).WithCurrents(currents), Exact);
        Assert.Equal(PopulationStatus.Completed, result.Status);
        Assert.True(result.Spikes.Count > 200, $"{result.Spikes.Count} spikes");
        for (var j = 0; j < currents.Length; j++)
        {
            SameSpikes(Alone(neuron, currents[j], 300), result.Spikes.TimesOf(j), $"neuron {j} at {currents[j]:R} pA");
        }
    }

    [Fact]
    public void SpreadCurrentsGiveTheFirstToNeuronZeroAndTheLastToTheLastNeuron()
    {
        var neuron = BenchmarkLif();
        var result = Simulator.Run(neuron.Population(7).WithCurrentsSpread(1600, 3000), Exact);
        SameSpikes(Alone(neuron, 1600, 300), result.Spikes.TimesOf(0), "neuron 0");
        SameSpikes(Alone(neuron, 3000, 300), result.Spikes.TimesOf(6), "neuron 6");
        SameSpikes(Alone(neuron, 2300, 300), result.Spikes.TimesOf(3), "neuron 3, halfway");
    }

    [Fact]
    public void ParametersSpreadOverTheNeuronsGiveTheSingleNeuronsWithThoseParameters()
    {
        var neuron = BenchmarkLif();
        var thresholds = new[] { -55.0, -52.5, -50.0 };
        var result = Simulator.Run(neuron.Population(3).WithParameterSpread("V_th", -55, -50).WithCurrent(2000), Exact);
        for (var j = 0; j < 3; j++)
        {
            SameSpikes(Alone(neuron.WithParameter("V_th", thresholds[j]), 2000, 300), result.Spikes.TimesOf(j), $"neuron {j}");
        }
    }

    [Fact]
    public void SpikesAreSortedByTimeThenNeuronAndTheRateBinsHoldThemAll()
    {
        var population = BenchmarkLif().Population(50).WithCurrentsSpread(1000, 3000).RecordRate(10);
        var result = Simulator.Run(population, Exact with { Duration = 100 });
        var keys = result.Spikes.Times.Zip(result.Spikes.Neurons).ToList();
        Assert.Equal(keys.OrderBy(k => k.First).ThenBy(k => k.Second), keys);
        var rate = Assert.Single(result.Rates);
        Assert.Equal(10, rate.Rates.Count);
        // Hz per neuron × neurons × bin (s) = spikes in the bin; the sum is an integer computed in floating point.
        Assert.Equal(result.Spikes.Count, rate.Rates.Sum(r => r * 50 * 10 / 1000), 1e-9);
        Assert.Equal(result.Spikes.Count * 1000.0 / 50 / 100, result.MeanRate, 1e-12);
    }

    [Fact]
    public void RecordedStatesFollowTheSingleNeuronTrace()
    {
        // Exact integration on both sides: the samples differ by rounding only (~1e-13 mV); 1e-9 mV fails on a step
        // taken differently.
        var neuron = BenchmarkLif();
        var population = neuron.Population(3).WithCurrents([1000, 2000, 3000]).RecordStates([2, 0], ["V"], 1.0);
        var result = Simulator.Run(population, Exact with { Duration = 50 });
        Assert.True(result.TryGetStates(out var states));
        Assert.Equal([0, 2], states!.Neurons);
        var alone = Simulator.Run(neuron, InputCurrent.Constant(3000),
            SimulationOptions.Default with { Duration = 50, Solver = Solvers.Exact(0.1), RecordInterval = 1.0 });
        Assert.Equal(alone.Times, states.Times);
        var trace = states.Trace("V", 2);
        for (var s = 0; s < trace.Count; s++)
        {
            Assert.True(Math.Abs(trace[s] - alone.Potentials[s]) <= 1e-9, $"t = {states.Times[s]} ms: {trace[s]:R}, expected {alone.Potentials[s]:R}");
        }
        Assert.Equal("neuron", Assert.Throws<ArgumentOutOfRangeException>(() => states.Trace("V", 1)).ParamName);
    }

    [Fact]
    public void EachWithReturnsANewPopulationAndLeavesThisOneAsItWas()
    {
        var silent = BenchmarkLif().Population(4);
        var driven = silent.WithCurrent(3000);
        Assert.NotSame(silent, driven);
        Assert.Equal(0, Simulator.Run(silent, Exact with { Duration = 50 }).Spikes.Count);
        Assert.True(Simulator.Run(driven, Exact with { Duration = 50 }).Spikes.Count > 4);
    }

    [Fact]
    public void ANonFiniteInputStopsTheRunNamingTheNeuron()
    {
        var input = InputCurrent.FromFunction(t => t < 5 ? 0 : double.NaN);
        var result = Simulator.Run(BenchmarkLif().Population(3).WithInput(input),
            PopulationOptions.Default with { Duration = 20, Solver = Solvers.RungeKutta4(0.1) });
        Assert.Equal(PopulationStatus.Diverged, result.Status);
        Assert.True(result.TryGetDivergence(out var divergence));
        Assert.Equal(0, divergence!.Neuron); // every neuron at once: the lowest index
        // RK4's last stage reads the input at the end of the step, so the step from 4.9 to 5 ms is the first to meet NaN.
        Assert.InRange(divergence.Time, 4.9 - 1e-9, 5 + 1e-9);
        Assert.Equal(divergence.Time, result.EndTime);
        Assert.Contains("neuron 0", result.StatusMessage);
        Assert.Contains("V", divergence.LastFiniteState.Keys);
    }

    [Fact]
    public async Task RunAsyncReportsNonDecreasingProgressEndingWith1()
    {
        var reports = new List<double>();
        var progress = new SynchronousProgress<double>(reports.Add);
        var population = BenchmarkLif().Population(300).WithCurrentsSpread(1000, 3000);
        var result = await Simulator.RunAsync(population, Exact with { Duration = 100, ChunkSize = 64 }, progress);
        Assert.Equal(PopulationStatus.Completed, result.Status);
        Assert.True(reports.Count > 1, $"{reports.Count} reports");
        Assert.Equal(1.0, reports[^1]);
        Assert.Equal(reports.Order(), reports);
    }

    [Fact]
    public async Task CancellingARunThrowsOperationCanceledException()
    {
        // 10^7 steps of 1000 neurons would take minutes: cancel at the first progress report.
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress<double>(_ => cancel.Cancel());
        var population = BenchmarkLif().Population(1000).WithCurrentsSpread(1000, 3000);
        var options = Exact with { Duration = 1e6 };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Simulator.RunAsync(population, options, progress, cancel.Token));
    }
}
