using NeuronDsl.CSharp;
using LifModel = NeuronDsl.Models.LeakyIntegrateAndFire;
using CorePopulation = NeuronDsl.PopulationModule;

namespace NeuronDsl.CSharp.Tests;

public class NoiseInputTests
{
    private static readonly PopulationOptions Exact =
        PopulationOptions.Default with { Duration = 100, Solver = Solvers.Exact(0.1), Seed = 4 };

    /// <summary>LIF neurons above rheobase (200 pA) with an Ornstein–Uhlenbeck current: they fire irregularly.</summary>
    private static Population Noisy() => Neurons.ByName("lif").Population(50).WithOrnsteinUhlenbeck(250, 100, 5);

    private static (int[] Neurons, long[] Times) Bits(PopulationResult result) =>
        (result.Spikes.Neurons.ToArray(), result.Spikes.Times.Select(BitConverter.DoubleToInt64Bits).ToArray());

    [Fact]
    public void OrnsteinUhlenbeckRunsAreReproducibleAndFollowTheSeed()
    {
        var once = Bits(Simulator.Run(Noisy(), Exact));
        Assert.True(once.Neurons.Length > 20, $"{once.Neurons.Length} spikes; the neurons should fire");
        var again = Bits(Simulator.Run(Noisy(), Exact with { Parallelism = 1, ChunkSize = 8 }));
        Assert.Equal(once.Neurons, again.Neurons);
        Assert.Equal(once.Times, again.Times);
        Assert.NotEqual(once.Times, Bits(Simulator.Run(Noisy(), Exact with { Seed = 5 })).Times);
    }

    [Fact]
    public void TheFacadeDrawsTheCoresNoise()
    {
        var core = CorePopulation.create(LifModel.model, 50);
        core = CorePopulation.withSeed(4, CorePopulation.withInput(Inputs.whiteNoise(250.0, 300.0), core));
        var expected = CorePopulation.run(global::NeuronDsl.Exact.Create(0.1), 100, core).Spikes
            .Select(s => (s.Neuron, BitConverter.DoubleToInt64Bits(s.Time))).ToArray();
        var facade = Simulator.Run(Neurons.ByName("lif").Population(50).WithWhiteNoise(250, 300), Exact);
        Assert.True(expected.Length > 20, $"{expected.Length} spikes; the neurons should fire");
        Assert.Equal(expected, facade.Spikes.Neurons.Zip(facade.Spikes.Times.Select(BitConverter.DoubleToInt64Bits)).ToArray());
    }

    [Theory]
    [InlineData(0, -1, 5, "sigma")]
    [InlineData(0, 1, 0, "tauMs")]
    [InlineData(double.NaN, 1, 5, "mean")]
    [InlineData(0, double.PositiveInfinity, 5, "sigma")]
    public void BadOrnsteinUhlenbeckValuesNameTheParameter(double mean, double sigma, double tau, string name)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Noisy().WithOrnsteinUhlenbeck(mean, sigma, tau));
        Assert.Equal(name, e.ParamName);
        Assert.Contains("expected", e.Message);
    }

    [Fact]
    public void BadWhiteNoiseSigmaNamesTheParameter()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Noisy().WithWhiteNoise(0, -2));
        Assert.Equal("sigma", e.ParamName);
        Assert.Contains("sigma = -2", e.Message);
    }
}
