using System.Globalization;
using System.Text.Json;

namespace NeuronDsl.Cli.Tests;

public class CommandTests
{
    private static double[] Column(string path, int column = 0) =>
        File.ReadAllLines(path).Skip(1).Select(l => double.Parse(l.Split(',')[column], CultureInfo.InvariantCulture)).ToArray();

    /// <summary>LIF closed form from V_reset: spike k at k·T + (k−1)·t_ref, T = τ ln((RI + E_L − V_reset)/(RI + E_L − V_th)).</summary>
    private static double ClosedFormSpike(int k, double current)
    {
        const double tau = 0.1 * 200, rest = -70, threshold = -50, reset = -65, refractory = 2;
        var drive = 0.1 * current + rest;
        var isi = tau * Math.Log((drive - reset) / (drive - threshold));
        return (k + 1) * isi + k * refractory;
    }

    /// <summary>The image height from a PNG's IHDR chunk (big-endian at byte 20).</summary>
    private static int PngHeight(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23];
    }

    [Fact]
    public void WithoutArgumentsItSimulatesHodgkinHuxleyAndLifAndWritesFilesAndASummary()
    {
        using var cli = new CliRunner();
        var (code, output, error) = cli.RunProcess();
        Assert.True(code == 0, error);
        Assert.Contains("hodgkin-huxley", output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("14 spikes in 200 ms", output);
        foreach (var model in new[] { "hh", "lif" })
        {
            foreach (var file in new[] { "spikes.csv", "trace.csv", "summary.json", "trace.png", "trace.svg" })
            {
                Assert.True(File.Exists(cli.PathOf("neurondsl-out", model, file)), $"{model}/{file}");
            }
        }
        // A panel for V, one for the other variables and one for the input: HH's figure is taller than LIF's.
        Assert.True(PngHeight(cli.PathOf("neurondsl-out", "hh", "trace.png")) > PngHeight(cli.PathOf("neurondsl-out", "lif", "trace.png")));
        Assert.Empty(System.IO.Directory.GetFiles(cli.Directory, "*.tmp", SearchOption.AllDirectories));
        var png = File.ReadAllBytes(cli.PathOf("neurondsl-out", "hh", "trace.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));
    }

    [Fact]
    public void SimulateWritesSpikeTimesThatMatchTheLifClosedForm()
    {
        using var cli = new CliRunner();
        var (code, _, error) = cli.Run("simulate", "--model", "lif", "--param", "E_L=-70mV",
            "--input", "const:300pA", "--duration", "500ms", "--dt", "0.1", "--method", "exact", "--out", cli.PathOf("out"));
        Assert.True(code == 0, error);

        // The run starts at rest (-70 mV), not at the reset: the first interval is τ ln(RI / (RI − (V_th − E_L))).
        var spikes = Column(cli.PathOf("out", "spikes.csv"));
        var first = 20 * Math.Log(30.0 / (30.0 - 20.0));
        Assert.Equal(first, spikes[0], 1e-9);
        for (var k = 1; k < spikes.Length; k++)
        {
            Assert.Equal(first + ClosedFormSpike(k - 1, 300) + 2, spikes[k], 1e-9);
        }
        Assert.Equal("time_ms", File.ReadLines(cli.PathOf("out", "spikes.csv")).First());
        Assert.Equal("time_ms,V_mV", File.ReadLines(cli.PathOf("out", "trace.csv")).First());
        Assert.Equal(5001, Column(cli.PathOf("out", "trace.csv")).Length);

        using var summary = JsonDocument.Parse(File.ReadAllText(cli.PathOf("out", "summary.json")));
        var root = summary.RootElement;
        Assert.Equal("leaky-integrate-and-fire", root.GetProperty("model").GetProperty("name").GetString());
        Assert.Equal("Completed", root.GetProperty("status").GetString());
        Assert.Equal(spikes.Length, root.GetProperty("spike_count").GetInt32());
        var model = root.GetProperty("model");
        Assert.Equal("pF", model.GetProperty("parameters").GetProperty("C").GetProperty("unit").GetString());
        Assert.Equal(200, model.GetProperty("parameters").GetProperty("C").GetProperty("value").GetDouble());
        Assert.Equal(-70, model.GetProperty("initial_values").GetProperty("V").GetProperty("value").GetDouble());
        Assert.Equal("exact", root.GetProperty("solver").GetProperty("method").GetString());
    }

    [Fact]
    public void NumbersMayCarryTheirUnits()
    {
        using var cli = new CliRunner();
        Assert.Equal(0, cli.Run("simulate", "-m", "lif", "-i", "const:300pA", "-d", "200ms", "--method", "exact", "--dt", "0.1ms", "-o", cli.PathOf("a")).Code);
        Assert.Equal(0, cli.Run("simulate", "-m", "lif", "-i", "const:0.3nA", "-d", "0.2s", "--method", "exact", "--dt", "100us", "-o", cli.PathOf("b")).Code);
        Assert.Equal(File.ReadAllText(cli.PathOf("a", "spikes.csv")), File.ReadAllText(cli.PathOf("b", "spikes.csv")));
    }

    [Fact]
    public void EveryInputFormRuns()
    {
        using var cli = new CliRunner();
        var csv = cli.PathOf("samples.csv");
        File.WriteAllLines(csv, ["time_ms,current_pA", "0,0", "50,400", "100,400"]);
        foreach (var spec in new[] { "step:400pA@10-60", "step:400", "step:400@20", "pulse:600,5,20@10-90", "ramp:0,800@0-100",
                                     "sine:300,20,250", "csv:" + csv, csv })
        {
            var (code, _, error) = cli.Run("simulate", "-m", "lif", "-i", spec, "-d", "100", "-o", cli.PathOf("out"));
            Assert.True(code == 0, $"{spec}: {error}");
        }
    }

    [Fact]
    public void PlotWritesTheTraceFigure()
    {
        using var cli = new CliRunner();
        var (code, _, error) = cli.Run("simulate", "-m", "hh", "-i", "step:10uA/cm2@5ms-45ms", "-d", "50", "--plot", "-o", cli.PathOf("out"));
        Assert.True(code == 0, error);
        foreach (var file in new[] { "trace.png", "trace.svg" })
        {
            Assert.True(new FileInfo(cli.PathOf("out", file)).Length > 1000, file);
        }
        var svg = File.ReadAllText(cli.PathOf("out", "trace.svg"));
        Assert.Contains("V (mV)", svg);
        Assert.Contains("other variables", svg);
        Assert.Contains("input current (µA/cm²)", svg);
        Assert.Equal("time_ms,V_mV,m,h,n", File.ReadLines(cli.PathOf("out", "trace.csv")).First());
    }

    [Fact]
    public void FiCurveIsMonotoneAndMatchesTheLifFormula()
    {
        using var cli = new CliRunner();
        var (code, _, error) = cli.Run("fi", "--model", "lif", "--from", "100pA", "--to", "1000pA", "--steps", "10",
            "--duration", "1000", "--method", "exact", "--dt", "0.1", "--out", cli.PathOf("fi"));
        Assert.True(code == 0, error);
        var currents = Column(cli.PathOf("fi", "fi.csv"), 0);
        var counts = Column(cli.PathOf("fi", "fi.csv"), 1);
        var steady = Column(cli.PathOf("fi", "fi.csv"), 2);
        var rates = Column(cli.PathOf("fi", "fi.csv"), 3);
        Assert.Equal(10, currents.Length);
        for (var k = 1; k < rates.Length; k++) Assert.True(steady[k] >= steady[k - 1], $"rate falls at {currents[k]} pA");
        for (var k = 0; k < currents.Length; k++)
        {
            // From rest: the first spike at τ ln(RI / (RI − 20 mV)), then one every t_ref + τ ln((RI − 5)/(RI − 20)) (E_L − V_reset = −5 mV, E_L − V_th = −20 mV).
            var ri = 0.1 * currents[k];
            var expected = 0;
            if (ri > 20)
            {
                var first = 20 * Math.Log(ri / (ri - 20));
                var period = 2 + 20 * Math.Log((ri - 5) / (ri - 20));
                expected = first <= 1000 ? 1 + (int)Math.Floor((1000 - first) / period) : 0;
            }
            Assert.Equal(expected, counts[k]);
            Assert.Equal(expected, rates[k], 1e-12);
            // The steady rate is the inverse of the period once firing, 0 with fewer than two spikes.
            var steadyExpected = expected >= 2 ? 1000 / (2 + 20 * Math.Log((ri - 5) / (ri - 20))) : 0;
            Assert.Equal(steadyExpected, steady[k], 1e-6);
        }
        Assert.True(File.Exists(cli.PathOf("fi", "fi.png")));
        Assert.True(File.Exists(cli.PathOf("fi", "raster.png")));
    }

    [Fact]
    public void FiInParallelEqualsSerialRuns()
    {
        using var cli = new CliRunner();
        Assert.Equal(0, cli.Run("fi", "-m", "hh", "--from", "5", "--to", "15", "--steps", "3", "-d", "200", "-o", cli.PathOf("fi")).Code);
        var rates = Column(cli.PathOf("fi", "fi.csv"), 3);
        var currents = new[] { 5.0, 10.0, 15.0 };
        for (var k = 0; k < 3; k++)
        {
            Assert.Equal(0, cli.Run("simulate", "-m", "hh", "-i", $"const:{currents[k]}", "-d", "200", "--record-every", "1", "-o", cli.PathOf($"s{k}")).Code);
            Assert.Equal(Column(cli.PathOf($"s{k}", "spikes.csv")).Length / 0.2, rates[k]);
        }
    }

    [Fact]
    public void ModelsListsEveryParameterWithItsUnitAndDefault()
    {
        using var cli = new CliRunner();
        var (code, output, _) = cli.Run("models");
        Assert.Equal(0, code);
        Assert.Contains("leaky-integrate-and-fire (lif)", output);
        Assert.Matches(@"C\s+200\s+pF\s+> 0\s+membrane capacitance", output);
        Assert.Matches(@"E_L\s+-54.387\s+mV", output);
        Assert.Contains("uA/cm^2", output);
        // Everything comes from the equations: every parameter of every model, with its default, unit and meaning.
        foreach (var model in NeuronDsl.CSharp.Neurons.Catalogue)
        {
            Assert.Contains($"{model.Name} ({model.Alias})", output);
            foreach (var p in model.Parameters)
            {
                Assert.Matches($@"\s{System.Text.RegularExpressions.Regex.Escape(p.Name)}\s+{System.Text.RegularExpressions.Regex.Escape(p.Default.ToString("R", CultureInfo.InvariantCulture))}\s+{System.Text.RegularExpressions.Regex.Escape(p.Unit.Length == 0 ? "1" : p.Unit)}\s.*{System.Text.RegularExpressions.Regex.Escape(p.Meaning)}", output);
            }
        }
    }

    [Fact]
    public void ParameterAndInitialValuesWithUnitsAreConvertedExactly()
    {
        using var cli = new CliRunner();
        string[] common = ["simulate", "-m", "hh", "-i", "const:10", "-d", "30", "--record-every", "0.5"];
        Assert.Equal(0, cli.Run([.. common, "-o", cli.PathOf("a"), "-p", "g_Na=120", "-p", "C_m=1", "--init", "V=-70"]).Code);
        Assert.Equal(0, cli.Run([.. common, "-o", cli.PathOf("b"), "-p", "g_Na=0.12S/cm2", "-p", "C_m=1000nF/cm^2", "--init", "V=-0.07V"]).Code);
        Assert.Equal(File.ReadAllText(cli.PathOf("a", "trace.csv")), File.ReadAllText(cli.PathOf("b", "trace.csv")));
        Assert.Equal(-70.0, Column(cli.PathOf("a", "trace.csv"), 1)[0]);
        using var summary = JsonDocument.Parse(File.ReadAllText(cli.PathOf("b", "summary.json")));
        var gNa = summary.RootElement.GetProperty("model").GetProperty("parameters").GetProperty("g_Na");
        Assert.Equal((120.0, "mS/cm^2"), (gNa.GetProperty("value").GetDouble(), gNa.GetProperty("unit").GetString()));
    }

    [Fact]
    public void AChangedParameterChangesTheRun()
    {
        // Twice the capacitance doubles LIF's time constant, so the first spike from rest comes twice as late.
        using var cli = new CliRunner();
        string[] common = ["simulate", "-m", "lif", "-i", "const:300pA", "-d", "200", "--method", "dopri5", "--rtol", "1e-10", "--atol", "1e-10"];
        Assert.Equal(0, cli.Run([.. common, "-o", cli.PathOf("a")]).Code);
        Assert.Equal(0, cli.Run([.. common, "-o", cli.PathOf("b"), "--param", "C=0.4nF"]).Code);
        Assert.Equal(2 * Column(cli.PathOf("a", "spikes.csv"))[0], Column(cli.PathOf("b", "spikes.csv"))[0], 1e-6);
    }
}
