using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace NeuronDsl.Cli.Tests;

/// <summary>neurondsl network FILE with a population's noise input.</summary>
public class NetworkNoiseInputTests
{
    private const string File = """
        [network]
        seed = 7
        duration = "100 ms"
        solver = "exact"
        dt = "0.1 ms"

        [[population]]
        name = "cells"
        model = "lif"
        count = 50
        input = { kind = "ou", mean = "250 pA", sigma = "0.1 nA", tau = "5 ms" }
        """;

    private static double[] ArrowTimes(string path)
    {
        using var stream = System.IO.File.OpenRead(path);
        using var reader = new ArrowFileReader(stream);
        var times = new List<double>();
        while (reader.ReadNextRecordBatch() is { } batch)
        {
            times.AddRange(((DoubleArray)batch.Column(2)).Values.ToArray());
        }
        return times.ToArray();
    }

    [Fact]
    public void OrnsteinUhlenbeckInputGivesTheSpikesOfTheNetworkBuiltInCode()
    {
        using var cli = new CliRunner();
        var path = cli.PathOf("noise.toml");
        System.IO.File.WriteAllText(path, File);
        var (code, _, error) = cli.Run("network", path, "-o", cli.PathOf("out"));
        Assert.True(code == 0, error);

        var cells = NeuronDsl.PopulationModule.create(NeuronDsl.Models.LeakyIntegrateAndFire.model, 50);
        cells = NeuronDsl.PopulationModule.withInput(NeuronDsl.Inputs.ornsteinUhlenbeck(250.0, 100.0, 5.0), cells);
        var network = NeuronDsl.NetworkModule.withPopulation("cells", cells, NeuronDsl.NetworkModule.create(7u));
        var expected = NeuronDsl.NetworkModule.run(NeuronDsl.Exact.Create(0.1), 100.0, network).Spikes;
        Assert.True(expected.Length > 20, $"the noisy cells fire: {expected.Length} spikes");
        Assert.Equal(expected.Select(s => s.Time), ArrowTimes(cli.PathOf("out", "spikes.arrow"))); // bit-identical
    }

    [Theory]
    [InlineData("sigma = \"0.1 nA\"", "sigma = \"-1 pA\"", ":11: [[population]] 1 input sigma: sigma = -1; expected a finite standard deviation >= 0")]
    [InlineData("tau = \"5 ms\"", "tau = \"0 ms\"", ":11: [[population]] 1 input tau: tau = 0; expected a finite correlation time > 0 ms")]
    [InlineData("kind = \"ou\"", "kind = \"pink\"", ":11: [[population]] 1 input kind = \"pink\": expected \"ou\" (Ornstein–Uhlenbeck) or \"white\"")]
    [InlineData("kind = \"ou\"", "kind = \"white\"", ":11: [[population]] 1 input sigma = \"0.1 nA\": expected an intensity \"VALUE pA*sqrt(ms)\"")]
    [InlineData("tau = \"5 ms\"", "tau = \"5 ms\", colour = \"pink\"", ":11: [[population]] 1 input: unknown key 'colour'")]
    public void BadInputsGiveOneLineErrorsWithExitCode2(string replace, string with, string expected)
    {
        using var cli = new CliRunner();
        var path = cli.PathOf("noise.toml");
        System.IO.File.WriteAllText(path, File.Replace(replace, with));
        var (code, _, error) = cli.Run("network", path, "-o", cli.PathOf("out"));
        Assert.Equal(2, code);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains(expected, error);
    }
}
