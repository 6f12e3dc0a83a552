using System.Globalization;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using NeuronDsl.CSharp;

namespace NeuronDsl.Cli.Tests;

/// <summary>neurondsl network FILE: the shipped examples and hostile files.</summary>
public class NetworkCommandTests
{
    private static string Example(string name)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder!.FullName, "NeuronDsl.sln"))) folder = folder.Parent;
        return Path.Combine(folder.FullName, "examples", name);
    }

    /// <summary>A copy of an example with its duration replaced.</summary>
    private static string Shortened(CliRunner cli, string name, string duration)
    {
        var text = File.ReadAllText(Example(name)).Replace("duration = \"1 s\"", $"duration = \"{duration}\"");
        var path = cli.PathOf(name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (string[] Groups, int[] Neurons, double[] Times) ReadArrow(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new ArrowFileReader(stream);
        var (groups, neurons, times) = (new List<string>(), new List<int>(), new List<double>());
        while (reader.ReadNextRecordBatch() is { } batch)
        {
            var g = (StringArray)batch.Column(0);
            var n = (Int32Array)batch.Column(1);
            var t = (DoubleArray)batch.Column(2);
            for (var k = 0; k < batch.Length; k++)
            {
                groups.Add(g.GetString(k));
                neurons.Add(n.GetValue(k)!.Value);
                times.Add(t.GetValue(k)!.Value);
            }
        }
        return (groups.ToArray(), neurons.ToArray(), times.ToArray());
    }

    [Theory]
    [InlineData("coba.toml", 2, 4, 4000)]
    [InlineData("brunel.toml", 4, 6, 12500)]
    [InlineData("brunel-small.toml", 4, 6, 1000)]
    public void ShippedExamplesParse(string name, int groups, int projections, int neurons)
    {
        var spec = NetworkFileReader.Read(Example(name));
        Assert.Equal(groups, spec.Groups.Count());
        Assert.Equal(projections, spec.Projections.Count);
        Assert.Equal(neurons, spec.Populations.Sum(p => p.Population.Count));
    }

    /// <summary>
    /// The same COBA network built in code, call for call as tests/NeuronDsl.Tests/CobaNetwork.fs builds it (that file
    /// lives in the F# test executable, which this suite cannot reference): initial values from stream 1000 of the seed,
    /// neuron first + i, step 0, draw 0/1/2 for V, g_e, g_i; four fixed-probability projections in the same order.
    /// </summary>
    private static NeuronDsl.NetworkSolution CobaInCode(uint seed, double duration, NeuronDsl.SpikeDelivery delivery)
    {
        var stream = NeuronDsl.RandomStreamModule.create(seed, 1000u);
        double[] Draw(int first, int n, int draw, double mean, double sd, bool clip) =>
            Enumerable.Range(0, n).Select(i => mean + sd * NeuronDsl.RandomStreamModule.normal(first + i, 0L, draw, stream))
                .Select(x => clip ? Math.Max(x, 0.0) : x).ToArray();
        NeuronDsl.Population Group(int first, int n)
        {
            var population = NeuronDsl.PopulationModule.create(NeuronDsl.Models.ConductanceBasedLeakyIntegrateAndFire.model, n);
            population = NeuronDsl.PopulationModule.withInitial("V", NeuronDsl.Values.perNeuron(Draw(first, n, 0, -65, 5, false)), population);
            population = NeuronDsl.PopulationModule.withInitial("g_e", NeuronDsl.Values.perNeuron(Draw(first, n, 1, 40, 15, true)), population);
            return NeuronDsl.PopulationModule.withInitial("g_i", NeuronDsl.Values.perNeuron(Draw(first, n, 2, 200, 120, true)), population);
        }
        NeuronDsl.SynapseSpec Synapses(NeuronDsl.Autapses autapses, double weight) => new(
            NeuronDsl.Connector.NewFixedProbability(0.02, autapses), NeuronDsl.SynapseValues.NewConstant(weight),
            NeuronDsl.SynapseValues.NewConstant(0.1));
        var network = NeuronDsl.NetworkModule.withDelivery(delivery, NeuronDsl.NetworkModule.create(seed));
        network = NeuronDsl.NetworkModule.withPopulation("excitatory", Group(0, 3200), network);
        network = NeuronDsl.NetworkModule.withPopulation("inhibitory", Group(3200, 800), network);
        network = NeuronDsl.NetworkModule.withProjection("excitatory", "excitatory", "g_e", Synapses(NeuronDsl.Autapses.Excluded, 6), network);
        network = NeuronDsl.NetworkModule.withProjection("excitatory", "inhibitory", "g_e", Synapses(NeuronDsl.Autapses.Allowed, 6), network);
        network = NeuronDsl.NetworkModule.withProjection("inhibitory", "excitatory", "g_i", Synapses(NeuronDsl.Autapses.Allowed, 67), network);
        network = NeuronDsl.NetworkModule.withProjection("inhibitory", "inhibitory", "g_i", Synapses(NeuronDsl.Autapses.Excluded, 67), network);
        return NeuronDsl.NetworkModule.run(NeuronDsl.ExponentialEuler.Create(0.1), duration, network);
    }

    [Theory]
    [InlineData("precise")]
    [InlineData("grid")]
    public void CobaFileGivesTheSpikesOfTheNetworkBuiltInCode(string delivery)
    {
        using var cli = new CliRunner();
        var file = Shortened(cli, "coba.toml", "100 ms");
        var text = File.ReadAllText(file);
        Assert.Contains("delivery = \"grid\"", text); // the example delivers on the grid, as the benchmark does
        File.WriteAllText(file, text.Replace("delivery = \"grid\"", $"delivery = \"{delivery}\""));
        var (code, _, error) = cli.Run("network", file, "-o", cli.PathOf("out"));
        Assert.True(code == 0, error);
        var (groups, neurons, times) = ReadArrow(cli.PathOf("out", "spikes.arrow"));
        var expected = CobaInCode(2u, 100.0, delivery == "grid" ? NeuronDsl.SpikeDelivery.Grid : NeuronDsl.SpikeDelivery.Precise).Spikes;
        Assert.True(expected.Length > 1000, $"the network is active: {expected.Length} spikes");
        Assert.Equal(expected.Select(s => s.Group), groups);
        Assert.Equal(expected.Select(s => s.Neuron), neurons);
        Assert.Equal(expected.Select(s => s.Time), times); // bit-identical: Assert.Equal on doubles is exact
        foreach (var output in new[] { "spikes.csv", "rate.csv", "raster.png", "raster.svg", "rate.png", "rate.svg", "summary.json" })
        {
            Assert.True(File.Exists(cli.PathOf("out", output)), output);
        }
    }

    /// <summary>
    /// Brunel's model A, the full network for 100 ms. Excitatory and inhibitory neurons receive statistically identical
    /// input (same in-degrees, weights and drive), so mean field gives them one rate (Brunel 2000, sec. 3): the two
    /// measured rates may differ only by counting noise. With S_E, S_I spikes, the relative standard deviation of their
    /// ratio is about sqrt(1/S_E + 1/S_I) for Poisson-like counts; we allow 5 of them.
    /// </summary>
    [Fact]
    public void BrunelExcitatoryAndInhibitoryRatesAgreeAsMeanFieldSays()
    {
        using var cli = new CliRunner();
        var (code, _, error) = cli.Run("network", Shortened(cli, "brunel.toml", "100 ms"), "-o", cli.PathOf("out"));
        Assert.True(code == 0, error);
        using var summary = JsonDocument.Parse(File.ReadAllText(cli.PathOf("out", "summary.json")));
        var groups = summary.RootElement.GetProperty("groups");
        double Get(string group, string key) => groups.GetProperty(group).GetProperty(key).GetDouble();
        var (se, si) = (Get("excitatory", "spikes"), Get("inhibitory", "spikes"));
        Assert.True(se > 1000 && si > 250, $"the network is active: {se} and {si} spikes");
        var (re, ri) = (Get("excitatory", "mean_rate_hz"), Get("inhibitory", "mean_rate_hz"));
        var tolerance = 5 * Math.Sqrt(1 / se + 1 / si);
        Assert.True(Math.Abs(re / ri - 1) < tolerance, $"rates {re} and {ri} Hz differ by more than {tolerance:P1}");
        Assert.Equal(20_000.0 * 12_500 * 0.1, summary.RootElement.GetProperty("poisson_spikes").EnumerateObject().Sum(p => p.Value.GetDouble()),
            tolerance: 5 * Math.Sqrt(20_000.0 * 12_500 * 0.1)); // Poisson count: mean = variance = rate·N·T
    }

    private const string Minimal = """
        [network]
        seed = 1
        duration = "10 ms"
        solver = "exact"
        dt = "0.1 ms"

        [[population]]
        name = "cells"
        model = "lif"
        count = 10

        [[projection]]
        from = "cells"
        to = "cells"
        variable = "V"
        connector = "probability"
        p = 0.5
        weight = "1 mV"
        delay = "1 ms"
        """;

    [Theory]
    [InlineData("count = 10", "count = 10\ncuont = 3", ":11: [[population]] 1: unknown key 'cuont'")]
    [InlineData("[network]", "[netwrok]", ": top level: network is missing; expected a [network] table")]
    [InlineData("seed = 1", "seed = 1\nseed = 2", "(3,1) : error : The key `network.seed` is already defined")]
    [InlineData("count = 10", "count = -5", ":10: [[population]] 1 count = -5: expected a whole number of neurons")]
    [InlineData("p = 0.5", "p = 1.5", ":17: [[projection]] 1 p = 1.5: expected probability = 1.5; expected a value in [0, 1]")]
    [InlineData("delay = \"1 ms\"", "delay = \"0.05 ms\"", ":19: [[projection]] 1 delay = \"0.05 ms\": expected delays >= the step dt = 0.1 ms")]
    [InlineData("dt = \"0.1 ms\"", "dt = \"0.1 ms\"\ndelivery = \"exact\"", ":6: [network] delivery = \"exact\": expected \"precise\" (at spike time + delay, inside the step) or \"grid\"")]
    [InlineData("model = \"lif\"", "model = \"lfi\"", ":9: [[population]] 1 model = \"lfi\": expected a built-in model")]
    [InlineData("variable = \"V\"", "variable = \"v\"", ":15: [[projection]] 1 variable = \"v\": expected a state variable of leaky-integrate-and-fire: V")]
    public void HostileFilesGiveOneLineErrorsWithExitCode2(string replace, string with, string expected)
    {
        using var cli = new CliRunner();
        var file = cli.PathOf("net.toml");
        File.WriteAllText(file, Minimal.Replace(replace, with));
        var (code, _, error) = cli.Run("network", file, "-o", cli.PathOf("out"));
        Assert.Equal(2, code);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains(file, error);
        Assert.Contains(expected, error);
        Assert.False(Directory.Exists(cli.PathOf("out")));
    }
}
