using NeuronDsl.CSharp;
using CoreConnector = NeuronDsl.Connector;
using CoreSynapseValues = NeuronDsl.SynapseValues;
using LifModel = NeuronDsl.Models.LeakyIntegrateAndFire;

namespace NeuronDsl.CSharp.Tests;

public class NetworkTests
{
    private static readonly NetworkOptions Exact = NetworkOptions.Default with { Duration = 10, Solver = Solvers.Exact(0.1) };

    /// <summary>LIF neurons (E_L = V_reset = −70 mV, V_th = −55 mV, t_ref = 2 ms) that a kick of 30 mV makes fire at
    /// once, as in the core's network tests.</summary>
    private static Population Kicked(int n) =>
        Neurons.ByName("lif").Population(n).WithParameter("E_L", -70).WithParameter("V_reset", -70)
            .WithParameter("V_th", -55).WithParameter("t_ref", 2);

    /// <summary>The same population built through the core directly.</summary>
    private static global::NeuronDsl.Population CoreKicked(int n)
    {
        var population = PopulationModule.create(LifModel.model, n);
        foreach (var (name, value) in new[] { ("E_L", -70.0), ("V_reset", -70.0), ("V_th", -55.0), ("t_ref", 2.0) })
        {
            population = PopulationModule.withParameter(name, Values.shared(value), population);
        }
        return population;
    }

    private static Network Chain() =>
        Network.Create(1)
            .WithSpikeTrains("source", 1, [(0, 0.35)])
            .WithPopulation("a", Kicked(1))
            .WithPopulation("b", Kicked(1))
            .WithPopulation("c", Kicked(1))
            .WithProjection("source", "a", "V", Connector.OneToOne(), SynapseValue.Constant(30), SynapseValue.Constant(1.0))
            .WithProjection("a", "b", "V", Connector.OneToOne(), SynapseValue.Constant(30), SynapseValue.Constant(2.0))
            .WithProjection("b", "c", "V", Connector.OneToOne(), SynapseValue.Constant(30), SynapseValue.Constant(0.5));

    [Theory]
    // source (0.35 ms) → a (delay 1.0) → b (delay 2.0) → c (delay 0.5): a kick of 30 mV puts each neuron 15 mV above
    // threshold when it arrives: at 1.35, 3.35 and 3.85 ms (sums of doubles, within ulps), or with grid delivery at the
    // first grid point at or after the arrival: 1.4, 3.4 and 3.9 ms.
    [InlineData(SpikeDelivery.Precise, 1.35, 3.35, 3.85)]
    [InlineData(SpikeDelivery.Grid, 1.4, 3.4, 3.9)]
    public void AChainWithDelaysFiresAtEveryArrival(SpikeDelivery delivery, double a, double b, double c)
    {
        var result = Simulator.Run(Chain(), Exact with { Delivery = delivery });
        foreach (var (group, expected) in new[] { ("a", a), ("b", b), ("c", c) })
        {
            var spikes = result.Spikes[group];
            Assert.Equal(1, spikes.Count);
            Assert.Equal(0, spikes.Neurons[0]);
            Assert.True(Math.Abs(spikes.Times[0] - expected) <= 1e-12, $"{group} at {spikes.Times[0]:R} ms, expected {expected}");
            Assert.Equal(spikes.Times, result.Populations[group].Spikes.Times);
        }
        Assert.Equal([0.35], result.Spikes["source"].Times);
        Assert.Equal(["source", "a", "b", "c"], result.AllSpikes.Groups);
        Assert.Equal(3, result.Deliveries);
        Assert.Empty(result.PoissonSpikeCounts);
    }

    [Fact]
    public void RefusesADeliveryThatIsNotOne()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Exact with { Delivery = (SpikeDelivery)7 });
        Assert.Equal(nameof(NetworkOptions.Delivery), e.ParamName);
        Assert.Contains("SpikeDelivery.Grid", e.Message);
    }

    [Fact]
    public void GivesBitIdenticalSpikesToTheSameNetworkBuiltInTheCore()
    {
        // Random structure, weights, delays and Poisson input: every stream must be the one the core's calls use.
        var network = Network.Create(7)
            .WithPoissonSources("noise", 100, 40)
            .WithSpikeTrains("pulse", 2, [(0, 1.0), (1, 2.5)])
            .WithPopulation("cells", Kicked(50))
            .WithProjection("noise", "cells", "V", Connector.FixedInDegree(10),
                SynapseValue.TruncatedNormal(4, 2, 0, 8), SynapseValue.Uniform(1, 3))
            .WithProjection("pulse", "cells", "V", Connector.AllToAll(), SynapseValue.LogNormal(1, 0.5),
                SynapseValue.Constant(0.5))
            .WithProjection("cells", "cells", "V", Connector.FixedProbability(0.1, allowAutapses: false),
                SynapseValue.ClippedNormal(2, 1, 0, 5), SynapseValue.ClippedNormal(1.5, 0.5, 0.2, 4));

        var core = global::NeuronDsl.NetworkModule.create(7);
        core = global::NeuronDsl.NetworkModule.withPoissonSources("noise", 100, 40, core);
        core = global::NeuronDsl.NetworkInterop.WithSpikeTrains("pulse", 2, [0, 1], [1.0, 2.5], core);
        core = global::NeuronDsl.NetworkModule.withPopulation("cells", CoreKicked(50), core);
        core = global::NeuronDsl.NetworkModule.withProjection("noise", "cells", "V",
            new SynapseSpec(CoreConnector.NewFixedInDegree(10, Autapses.Allowed, Multapses.Allowed),
                CoreSynapseValues.NewTruncatedNormal(4, 2, 0, 8), CoreSynapseValues.NewUniform(1, 3)), core);
        core = global::NeuronDsl.NetworkModule.withProjection("pulse", "cells", "V",
            new SynapseSpec(CoreConnector.NewAllToAll(Autapses.Allowed), CoreSynapseValues.NewLogNormal(1, 0.5),
                CoreSynapseValues.NewConstant(0.5)), core);
        core = global::NeuronDsl.NetworkModule.withProjection("cells", "cells", "V",
            new SynapseSpec(CoreConnector.NewFixedProbability(0.1, Autapses.Excluded),
                CoreSynapseValues.NewClippedNormal(2, 1, 0, 5), CoreSynapseValues.NewClippedNormal(1.5, 0.5, 0.2, 4)), core);

        var options = NetworkOptions.Default with { Duration = 50, Solver = Solvers.Exact(0.1), Parallelism = 2, ChunkSize = 7 };
        var result = Simulator.Run(network, options);
        var expected = global::NeuronDsl.NetworkModule.run(global::NeuronDsl.Exact.Create(0.1), 50, core);

        Assert.True(result.AllSpikes.Count > 50, $"{result.AllSpikes.Count} spikes: the test needs activity");
        Assert.Equal(expected.Spikes.Select(s => s.Group), result.AllSpikes.Groups);
        Assert.Equal(expected.Spikes.Select(s => s.Neuron), result.AllSpikes.Neurons);
        Assert.Equal(expected.Spikes.Select(s => BitConverter.DoubleToInt64Bits(s.Time)),
            result.AllSpikes.Times.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(expected.Deliveries, result.Deliveries);
        Assert.Equal(expected.PoissonSpikes["noise"], result.PoissonSpikeCounts["noise"]);
        Assert.Equal(result.Spikes["cells"].Times, result.Populations["cells"].Spikes.Times);
    }

    [Fact]
    public async Task RunAsyncReportsProgressAndGivesTheSameSpikes()
    {
        var fractions = new List<double>();
        var progress = new SynchronousProgress<double>(fractions.Add);
        var result = await Simulator.RunAsync(Chain(), Exact, progress, CancellationToken.None);
        Assert.Equal(Simulator.Run(Chain(), Exact).AllSpikes.Times, result.AllSpikes.Times);
        Assert.NotEmpty(fractions);
        Assert.Equal(1.0, fractions[^1]);
    }

    [Fact]
    public async Task RunAsyncStopsOnACancelledToken()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Simulator.RunAsync(Chain(), Exact, null, cancelled.Token));
    }

    [Fact]
    public async Task RunAsyncStopsWhenTheTokenIsCancelledMidRun()
    {
        // 10 s of Poisson-driven LIFs in windows of 1 ms: the first progress report cancels, long before the end.
        var network = Network.Create(3).WithPoissonSources("noise", 200, 50).WithPopulation("cells", Kicked(200))
            .WithProjection("noise", "cells", "V", Connector.FixedInDegree(20), SynapseValue.Constant(1), SynapseValue.Constant(1));
        using var cancellation = new CancellationTokenSource();
        var reports = 0;
        var progress = new SynchronousProgress<double>(_ =>
        {
            reports++;
            cancellation.Cancel();
        });
        var options = NetworkOptions.Default with { Duration = 10_000, Solver = Solvers.Exact(0.1) };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Simulator.RunAsync(network, options, progress, cancellation.Token));
        Assert.True(reports >= 1);
    }

    [Theory]
    [InlineData("nowhere", "a", "V", "from")]
    [InlineData("source", "nowhere", "V", "to")]
    [InlineData("a", "source", "V", "to")]
    [InlineData("source", "a", "g_e", "variable")]
    public void AProjectionWithAnUnknownGroupOrVariableNamesTheField(string from, string to, string variable, string field)
    {
        var network = Network.Create(1).WithSpikeTrains("source", 1, [(0, 1.0)]).WithPopulation("a", Kicked(1));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            network.WithProjection(from, to, variable, Connector.OneToOne(), SynapseValue.Constant(1), SynapseValue.Constant(1)));
        Assert.Equal(field, e.ParamName);
    }

    [Fact]
    public void ADelayShorterThanTheStepNamesTheDelayAndTheStep()
    {
        var network = Network.Create(1).WithSpikeTrains("source", 1, [(0, 1.0)]).WithPopulation("a", Kicked(1))
            .WithProjection("source", "a", "V", Connector.OneToOne(), SynapseValue.Constant(1), SynapseValue.Constant(0.05));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.Run(network, Exact));
        Assert.Equal("delay", e.ParamName);
        Assert.Contains("0.05 ms", e.Message);
        Assert.Contains("0.1 ms", e.Message);
    }

    [Fact]
    public void BadSynapsesAndGroupsNameTheField()
    {
        var network = Network.Create(1).WithSpikeTrains("source", 2, [(0, 1.0)]).WithPopulation("a", Kicked(3));
        ArgumentOutOfRangeException Refused(Action action) => Assert.Throws<ArgumentOutOfRangeException>(action);

        Assert.Equal("connector", Refused(() => network.WithProjection("source", "a", "V", Connector.OneToOne(),
            SynapseValue.Constant(1), SynapseValue.Constant(1))).ParamName);
        Assert.Equal("connector", Refused(() => network.WithProjection("source", "a", "V", Connector.FixedInDegree(3, allowMultapses: false),
            SynapseValue.Constant(1), SynapseValue.Constant(1))).ParamName);
        Assert.Equal("delay", Refused(() => network.WithProjection("source", "a", "V", Connector.AllToAll(),
            SynapseValue.Constant(1), SynapseValue.Normal(1, 0.1))).ParamName);
        Assert.Equal("weight", Refused(() => network.WithProjection("source", "a", "V", Connector.AllToAll(),
            SynapseValue.TruncatedNormal(0, 1, 10, 11), SynapseValue.Constant(1))).ParamName);
        Assert.Equal("name", Refused(() => network.WithPopulation("a", Kicked(1))).ParamName);
        Assert.Equal("count", Refused(() => network.WithPoissonSources("p", 0, 10)).ParamName);
        Assert.Equal("rateHz", Refused(() => network.WithPoissonSources("p", 1, -1)).ParamName);
        Assert.Equal("spikes", Refused(() => network.WithSpikeTrains("s", 1, [(1, 1.0)])).ParamName);
        Assert.Equal("probability", Refused(() => Connector.FixedProbability(1.5)).ParamName);
        Assert.Equal("high", Refused(() => SynapseValue.Uniform(2, 1)).ParamName);

        var perSynapse = network.WithProjection("source", "a", "V", Connector.AllToAll(),
            SynapseValue.PerSynapse([1, 2]), SynapseValue.Constant(1));
        Assert.Equal("weight", Refused(() => Simulator.Run(perSynapse, Exact)).ParamName);
    }

    [Fact]
    public void TheReadmeExampleRuns()
    {
        var cells = Neurons.ByName("iaf-psc-exp").Population(100);   // LIF with an exponential synaptic current
        var network = Network.Create(42)
            .WithSpikeTrains("input", 10, Enumerable.Range(0, 10).Select(k => (k, k * 10.0)))
            .WithPopulation("cells", cells)
            .WithProjection("input", "cells", "I_syn", Connector.FixedProbability(0.5),
                SynapseValue.Constant(4000), SynapseValue.Uniform(1, 2));   // pA; ms
        var result = Simulator.Run(network, NetworkOptions.Default with { Duration = 200, Solver = Solvers.Exact(0.1) });
        Assert.Equal(100, result.Populations["cells"].Count);
        Assert.Equal(10, result.Spikes["input"].Count);
        Assert.True(result.Deliveries > 0);
        Assert.Equal(result.AllSpikes.Count, result.Spikes.Values.Sum(s => s.Count));
    }
}
