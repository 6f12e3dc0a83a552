using System.Globalization;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace NeuronDsl.Cli.Tests;

/// <summary>neurondsl sweep FILE with network = "...": rows against direct network runs, seeds, hostile axes, size.</summary>
public class NetworkSweepCommandTests
{
    private static string Example(string name)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder!.FullName, "NeuronDsl.sln"))) folder = folder.Parent;
        return Path.Combine(folder.FullName, "examples", name);
    }

    /// <summary>A sweep file in the test folder over a copy of examples/brunel-small.toml shortened to 50 ms.</summary>
    private static string Write(CliRunner cli, string axes)
    {
        File.WriteAllText(cli.PathOf("net.toml"), File.ReadAllText(Example("brunel-small.toml")).Replace("duration = \"200 ms\"", "duration = \"50 ms\""));
        var path = cli.PathOf("sweep.toml");
        File.WriteAllText(path, "[sweep]\nnetwork = \"net.toml\"\n\n" + axes);
        return path;
    }

    private static Dictionary<string, IArrowArray> ReadArrow(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new ArrowFileReader(stream);
        var batch = reader.ReadNextRecordBatch()!;
        return batch.Schema.FieldsList.Select((f, k) => (f.Name, batch.Column(k))).ToDictionary(p => p.Name, p => p.Item2);
    }

    [Fact]
    public void EachRowOfTheExampleEqualsADirectNetworkRunOfTheFileWithItsValuesBitForBit()
    {
        using var cli = new CliRunner();
        var (code, _, error) = cli.Run("sweep", Example("brunel-sweep.toml"), "--out", cli.PathOf("out"));
        Assert.True(code == 0, error);
        var columns = ReadArrow(cli.PathOf("out", "sweep.arrow"));
        var weights = (DoubleArray)columns["inhibitory_weight_mV"];
        var seeds = (DoubleArray)columns["seed"];
        Assert.Equal(6, weights.Length);
        var network = File.ReadAllText(Example("brunel-small.toml"));
        foreach (var k in new[] { 0, 5 })
        {
            // The file a user would write by hand for run k: the inhibitory weights and the seed replaced as text.
            var weight = weights.GetValue(k)!.Value.ToString("R", CultureInfo.InvariantCulture);
            var text = network.Replace("weight = \"-6.25 mV\"", $"weight = \"{weight} mV\"").Replace("seed = 1", $"seed = {seeds.GetValue(k)}");
            Assert.Equal(2, network.Split("weight = \"-6.25 mV\"").Length - 1);
            var file = cli.PathOf($"run{k}.toml");
            File.WriteAllText(file, text);
            var direct = cli.Run("network", file, "-o", cli.PathOf($"direct{k}"));
            Assert.True(direct.Code == 0, direct.Error);
            using var summary = JsonDocument.Parse(File.ReadAllText(cli.PathOf($"direct{k}", "summary.json")));
            foreach (var group in new[] { "excitatory", "inhibitory" })
            {
                var g = summary.RootElement.GetProperty("groups").GetProperty(group);
                Assert.Equal(g.GetProperty("spikes").GetInt64(), ((Int64Array)columns[$"{group}_spikes"]).GetValue(k));
                foreach (var (key, column) in new[] { ("mean_rate_hz", "rate_hz"), ("cv_isi", "cv_isi"), ("fano_factor", "fano") })
                {
                    var expected = g.GetProperty(key).GetDouble();
                    var actual = ((DoubleArray)columns[$"{group}_{column}"]).GetValue(k)!.Value;
                    Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), $"run {k} {group} {key}: {expected:R} direct, {actual:R} in the sweep");
                }
            }
        }
        Assert.True(File.Exists(cli.PathOf("out", "sweep.png")));
    }

    [Fact]
    public void TheSameSeedGivesTheSameRowAndAnotherSeedAnotherRow()
    {
        using var cli = new CliRunner();
        var file = Write(cli, "[[axis]]\nvary = \"seed\"\nvalues = [3, 4, 3]\n");
        var (code, _, error) = cli.Run("sweep", file, "--out", cli.PathOf("out"));
        Assert.True(code == 0, error);
        var rows = File.ReadAllLines(cli.PathOf("out", "sweep.csv")).Skip(1).Select(l => l[(l.IndexOf(',') + 1)..]).ToArray();
        Assert.Equal(3, rows.Length);
        Assert.Equal(rows[0], rows[2]);
        Assert.NotEqual(rows[0].Split(',')[1], rows[1].Split(',')[1]); // the excitatory spike counts differ
        Assert.StartsWith("3,", rows[0]);
    }

    [Fact]
    public void RunKFromTheTextsAloneEqualsItsRowOfTheLocalRun()
    {
        using var cli = new CliRunner();
        var file = Write(cli, "[[axis]]\nvary = \"population.excitatory.params.V_th\"\nvalues = [\"20 mV\", \"0.019 V\"]\n");
        Assert.Equal(0, cli.Run("sweep", file, "--out", cli.PathOf("out")).Code);
        var plan = (NetworkSweepPlan)SweepFileReader.ReadAny(file, File.ReadAllText(file), _ => File.ReadAllText(cli.PathOf("net.toml")));
        var lines = File.ReadAllLines(cli.PathOf("out", "sweep.csv"));
        Assert.StartsWith("run,population_excitatory_params_V_th_mV,excitatory_spikes,", lines[0]);
        for (var k = 0; k < plan.RunCount; k++)
        {
            var row = NetworkSweepRow.Parse(NetworkSweepPlan.RunOne(plan, k).ToText());
            var cells = lines[k + 1].Split(',');
            Assert.Equal(cells[2], row.Groups[0].Spikes.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(cells[3], row.Groups[0].MeanRate.ToString("R", CultureInfo.InvariantCulture));
        }
        Assert.NotEqual(lines[1].Split(',')[2], lines[2].Split(',')[2]); // 19 mV fires more than 20 mV
    }

    [Theory]
    [InlineData("vary = \"projection.7.weight\"\nvalues = [\"1 mV\"]", "[[axis]] 1 vary = \"projection.7.weight\": expected projection.N.KEY with N from 1 to 6")]
    [InlineData("vary = \"population.exc.count\"\nvalues = [10]", "vary = \"population.exc.count\": expected population.NAME.KEY with NAME a [[population]] of the network file (excitatory, inhibitory)")]
    [InlineData("vary = \"population.excitatory.params.Vth\"\nvalues = [\"1 mV\"]", "vary = \"population.excitatory.params.Vth\": expected a key written in that table of the network file (count, params.E_L, params.V_th,")]
    [InlineData("vary = \"population.excitatory.init.V\"\nvalues = [\"1 mV\"]", "vary = \"population.excitatory.init.V\": expected a number or a \"VALUE UNIT\" quantity; the file has \"uniform(0 mV, 20 mV)\" there")]
    [InlineData("vary = \"poisson.external_e.name\"\nvalues = [1]", "expected a value other than a group's name")]
    [InlineData("vary = \"projection.3.k\"\nvalues = [1.5]", "[[axis]] 1 projection.3.k: values = 1.5: expected whole numbers")]
    [InlineData("vary = \"projection.3.weight\"\nvalues = [\"1 ms\"]", "[[axis]] 1 projection.3.weight: values: '1 ms' is in ms, which does not convert to mV")]
    [InlineData("vary = \"projection.3.delay\"\nvalues = [\"1 ms\", \"0.05 ms\"]", "[[axis]] 1 value 0.05 ms (projection.3.delay = \"0.05 ms\"): ")]
    [InlineData("vary = \"poisson.external_e.rate\"\nvalues = [\"-1 kHz\"]", "[[axis]] 1 value -1 kHz (poisson.external_e.rate = \"-1 kHz\"): ")]
    [InlineData("vary = [\"network.seed\", \"projection.3.weight\"]\nvalues = [1]", "vary = \"projection.3.weight\": expected a value of the same kind as network.seed")]
    [InlineData("vary = \"seed\"\nvalues = [1]\n[[axis]]\nvary = \"network.seed\"\nvalues = [2]", "[[axis]] 2 vary = \"network.seed\": expected an address no other axis")]
    [InlineData("vary = \"projection.3.weight\"\nname = \"w\"\nvalues = [\"1 mV\"]\n[[axis]]\nvary = \"projection.4.weight\"\nname = \"w\"\nvalues = [\"1 mV\"]", "[[axis]] 2 name = \"w\": expected a column name no other axis has; w_mV is taken")]
    public void ABadAddressOrValueIsOneLineWithExitCode2AndWritesNothing(string axis, string expected)
    {
        using var cli = new CliRunner();
        var file = Write(cli, "[[axis]]\n" + axis + "\n");
        var (code, _, error) = cli.Run("sweep", file, "--out", cli.PathOf("out"));
        Assert.Equal(2, code);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains(file, error);
        Assert.Contains(expected, error);
        Assert.False(Directory.Exists(cli.PathOf("out")));
    }

    [Fact]
    public void ACheckOfTheNetworkReaderAtOneValueNamesTheNetworkFileAndItsLine()
    {
        using var cli = new CliRunner();
        var file = Write(cli, "[[axis]]\nvary = \"projection.3.delay\"\nvalues = [\"0.05 ms\"]\n");
        var (code, _, error) = cli.Run("sweep", file, "--out", cli.PathOf("out"));
        Assert.Equal(2, code);
        var line = File.ReadAllLines(cli.PathOf("net.toml")).Select((l, k) => (l, k)).Where(p => p.l.StartsWith("delay", StringComparison.Ordinal)).ElementAt(2).k + 1;
        Assert.Contains($"{cli.PathOf("net.toml")}:{line}: [[projection]] 3 delay = \"0.05 ms\": expected delays >= the step dt = 0.1 ms", error);
    }

    [Fact]
    public void AMissingNetworkFileAndASweepTooLargeAreRefusedBeforeAnythingRuns()
    {
        using var cli = new CliRunner();
        var missing = cli.PathOf("missing.toml");
        File.WriteAllText(missing, "[sweep]\nnetwork = \"nowhere.toml\"\n");
        var (code, _, error) = cli.Run("sweep", missing, "--out", cli.PathOf("out"));
        Assert.Equal(2, code);
        Assert.Contains("[sweep] network = \"nowhere.toml\": expected a network file; there is none at", error);

        // 1 000 neurons x 1e7 steps = 1e10 neuron-steps per run, fine alone; 200 seeds make 2e12.
        var large = Write(cli, "[[axis]]\nvary = \"network.duration\"\nvalues = [\"1000 s\"]\n[[axis]]\nvary = \"seed\"\nfrom = 1\nto = 200\ncount = 200\n");
        (code, _, error) = cli.Run("sweep", large, "--out", cli.PathOf("out"));
        Assert.Equal(4, code);
        Assert.Contains("200 runs of up to 1e10 neuron-steps each, 2e12 in all; at most 1e12", error);
        Assert.False(Directory.Exists(cli.PathOf("out")));
    }
}
