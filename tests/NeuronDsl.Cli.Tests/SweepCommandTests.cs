using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace NeuronDsl.Cli.Tests;

/// <summary>neurondsl sweep FILE: the shipped example, the single-run contract and hostile files.</summary>
public class SweepCommandTests
{
    private static string Example(string name)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder!.FullName, "NeuronDsl.sln"))) folder = folder.Parent;
        return Path.Combine(folder.FullName, "examples", name);
    }

    private static string Write(CliRunner cli, string text)
    {
        var path = cli.PathOf("sweep.toml");
        File.WriteAllText(path, text);
        return path;
    }

    private static double[] ArrowColumn(string path, string name)
    {
        using var stream = File.OpenRead(path);
        using var reader = new ArrowFileReader(stream);
        var values = new List<double>();
        while (reader.ReadNextRecordBatch() is { } batch)
        {
            var column = (DoubleArray)batch.Column(name);
            for (var k = 0; k < batch.Length; k++) values.Add(column.GetValue(k)!.Value);
        }
        return values.ToArray();
    }

    private const string Base = "[sweep]\nmodel = \"lif\"\nduration = \"100 ms\"\nsolver = \"exact\"\ndt = \"0.1 ms\"\n";

    [Fact]
    public void TheExampleFiresAtTheClosedFormRateInEveryRunInRunOrder()
    {
        using var cli = new CliRunner();
        var (code, _, error) = cli.Run("sweep", Example("lif-sweep.toml"), "--out", cli.PathOf("out"));
        Assert.True(code == 0, error);
        var lines = File.ReadAllLines(cli.PathOf("out", "sweep.csv"));
        Assert.StartsWith("run,C_pF,input_pA,spike_count,steady_rate_hz,mean_rate_hz,first_spike_latency_ms,cv_isi", lines[0]);
        Assert.Equal(48, lines.Length - 1);
        for (var k = 0; k < 48; k++)
        {
            var cells = lines[k + 1].Split(',');
            Assert.Equal(k, int.Parse(cells[0], CultureInfo.InvariantCulture));
            var (c, current) = (double.Parse(cells[1], CultureInfo.InvariantCulture), double.Parse(cells[2], CultureInfo.InvariantCulture));
            var steady = double.Parse(cells[4], CultureInfo.InvariantCulture);
            // LIF defaults R = 0.1 GOhm, E_L = -70, V_th = -50, V_reset = -65 mV, t_ref = 2 ms: fires above 200 pA at
            // 1000 / (t_ref + RC ln((RI + E_L - V_reset)/(RI + E_L - V_th))) Hz; exact integration places each spike to
            // ~1e-9 ms, so a mean interval is off by at most 2e-9 ms.
            var drive = 0.1 * current - 70;
            var interval = 2 + 0.1 * c * Math.Log((drive + 65) / (drive + 50));
            var expected = current > 200 ? 1000 / interval : 0;
            var tolerance = current > 200 ? 1000 * 2e-9 / (interval * interval) : 0;
            Assert.InRange(steady, expected - tolerance, expected + tolerance);
            Assert.Equal("Completed", cells[^2]);
        }
        Assert.True(File.Exists(cli.PathOf("out", "sweep.png")));
        Assert.Equal(lines.Skip(1).Select(l => double.Parse(l.Split(',')[4], CultureInfo.InvariantCulture)),
            ArrowColumn(cli.PathOf("out", "sweep.arrow"), "steady_rate_hz"));
    }

    [Fact]
    public void EachRunFromTheFileTextAloneEqualsItsRowOfTheLocalRunBitForBit()
    {
        using var cli = new CliRunner();
        var file = Write(cli, Base + "[input]\namplitude = \"300 pA\"\nnoise = \"80 pA\"\n" +
            "[[axis]]\nvary = \"seed\"\nfrom = 1\nto = 4\ncount = 4\n[[axis]]\nvary = \"init.V\"\nvalues = [\"-70 mV\", -60]\n");
        Assert.Equal(0, cli.Run("sweep", file, "--out", cli.PathOf("out")).Code);
        var steady = ArrowColumn(cli.PathOf("out", "sweep.arrow"), "steady_rate_hz");
        var latency = ArrowColumn(cli.PathOf("out", "sweep.arrow"), "first_spike_latency_ms");
        var plan = SweepPlan.Parse(file, File.ReadAllText(file));
        Assert.Equal(8, plan.RunCount);
        Assert.Equal(8, latency.Distinct().Count()); // every seed and start gives its own train
        for (var k = 0; k < plan.RunCount; k++)
        {
            var row = CSharp.SweepRow.Parse(SweepPlan.RunOne(plan, k).ToText());
            Assert.Equal(BitConverter.DoubleToInt64Bits(steady[k]), BitConverter.DoubleToInt64Bits(row.SteadyRate));
            Assert.Equal(BitConverter.DoubleToInt64Bits(latency[k]), BitConverter.DoubleToInt64Bits(row.FirstSpikeLatency));
        }
    }

    [Theory]
    [InlineData("[[axis]]\nvary = \"Cm\"\nvalues = [1]\n", "sweep.toml:7: [[axis]] 1 vary = \"Cm\": expected a parameter of leaky-integrate-and-fire (C, R, E_L, V_th, V_reset, t_ref)")]
    [InlineData("[[axis]]\nvary = \"C\"\nvalues = []\n", "[[axis]] 1 values = []: expected at least one value")]
    [InlineData("[[axis]]\nvary = \"C\"\nvalues = [1]\nstep = 2\n", "[[axis]] 1: unknown key 'step'; expected one of:")]
    [InlineData("[[axis]]\nvary = \"C\"\nvalues = [1]\nvalues = [2]\n", "sweep.toml(9,1) : error : The key `axis.values` is already defined")]
    [InlineData("[[axis]]\nvary = \"seed\"\nvalues = [1.5]\n", "[[axis]] 1 values = 1.5: expected whole numbers from 0 to 4294967295")]
    [InlineData("[[axis]]\nvary = \"C\"\nfrom = \"0 pF\"\nto = \"1 pF\"\ncount = 3\nscale = \"log\"\n", "[[axis]] 1 from = 0: expected from and to > 0 for a log scale")]
    [InlineData("[inputs]\namplitude = 1\n", "top level: unknown key 'inputs'")]
    public void ABadFileIsRefusedNamingTheKeyAndWritesNothing(string axes, string expected)
    {
        using var cli = new CliRunner();
        var file = Write(cli, Base + axes);
        var (code, _, error) = cli.Run("sweep", file, "--out", cli.PathOf("out"));
        Assert.Equal(2, code);
        Assert.Contains(expected, error);
        Assert.False(Directory.Exists(cli.PathOf("out")));
    }

    [Fact]
    public void ASweepOfABillionRunsIsRefusedWithItsSize()
    {
        using var cli = new CliRunner();
        var axis = "from = 1\nto = 2\ncount = 1000\n";
        var file = Write(cli, Base + $"[[axis]]\nvary = \"C\"\n{axis}[[axis]]\nvary = \"R\"\n{axis}[[axis]]\nvary = \"input\"\n{axis}");
        var (code, _, error) = cli.Run("sweep", file, "--out", cli.PathOf("out"));
        Assert.Equal(4, code);
        Assert.Contains("1e+09 runs", error);
        Assert.False(Directory.Exists(cli.PathOf("out")));
    }

    [Fact]
    public void ARunOutOfRangeIsARowAndTheExitCodeSaysSo()
    {
        using var cli = new CliRunner();
        var file = Write(cli, Base + "[input]\namplitude = \"400 pA\"\n[[axis]]\nvary = \"C\"\nvalues = [200, -1]\n");
        var (code, _, error) = cli.Run("sweep", file, "--out", cli.PathOf("out"));
        Assert.Equal(1, code);
        Assert.Contains("1 of 2 runs failed; run 1: Rejected", error);
        var lines = File.ReadAllLines(cli.PathOf("out", "sweep.csv"));
        Assert.EndsWith(",Completed,\"completed\"", lines[1]);
        Assert.Contains(",Rejected,\"C = -1 pF; expected a finite number > 0 pF\"", lines[2]);
    }
}
