using System.Globalization;

namespace NeuronDsl.Cli.Tests;

/// <summary>simulate --count N over a current range: the f–I curve of the population (fi.csv, fi.png).</summary>
public class PopulationFiTests
{
    private static string[][] Rows(string csv) =>
        File.ReadLines(csv).Skip(1).Select(l => l.Split(',')).ToArray();

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static void CloseRelative(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected),
            $"{what}: {actual:R}, expected {expected:R} (relative difference {Math.Abs(actual - expected) / Math.Abs(expected):0.##e0})");

    [Fact]
    public void EachNeuronsSteadyRateIsTheLifClosedFormAboveRheobaseAndZeroBelow()
    {
        // Default LIF (τ = 20 ms, R = 0.1 GΩ, E_L = −70 mV, V_th = −50 mV, V_reset = −65 mV, t_ref = 2 ms; rheobase
        // (V_th − E_L)/R = 200 pA) from rest, 301 neurons from 0 to 3 nA (10 pA apart), 1 s, exact integration.
        using var cli = new CliRunner();
        var (code, _, error) = cli.Run("simulate", "-m", "lif", "--count", "301", "-i", "const:0nA..3nA", "-d", "1s",
            "--method", "exact", "--dt", "0.1", "-o", cli.PathOf("out"));
        Assert.True(code == 0, error);
        var summary = OutputFolderTests.CheckComplete(cli.PathOf("out"));
        Assert.Equal("fi.csv", summary.GetProperty("fi").GetProperty("file").GetString());
        Assert.Equal(1, summary.GetProperty("fi").GetProperty("plot_every").GetInt32());
        Assert.Equal("neuron,current_pA,spike_count,steady_rate_hz,mean_rate_hz", File.ReadLines(cli.PathOf("out", "fi.csv")).First());
        Assert.True(new FileInfo(cli.PathOf("out", "fi.png")).Length > 1000);
        Assert.Contains("f–I curve of 301 neurons", File.ReadAllText(cli.PathOf("out", "fi.svg")));
        var rows = Rows(cli.PathOf("out", "fi.csv"));
        Assert.Equal(301, rows.Length);
        var firing = 0;
        for (var j = 0; j < rows.Length; j++)
        {
            Assert.Equal(j, int.Parse(rows[j][0], CultureInfo.InvariantCulture));
            var current = Number(rows[j][1]);
            Assert.Equal(3000.0 * j / 300, current, 1e-9);
            var (count, steady, mean) = (Number(rows[j][2]), Number(rows[j][3]), Number(rows[j][4]));
            // From rest the first spike comes at τ ln(RI/(RI − (V_th − E_L))), then one every
            // T = t_ref + τ ln((RI − (V_reset − E_L))/(RI − (V_th − E_L))), which is 1/(t_ref + τ ln(RI/(RI − (V_th − E_L))))
            // as a rate when V_reset = E_L; no spike at or below rheobase (RI ≤ 20 mV).
            var ri = 0.1 * current;
            var expectedCount = 0;
            var period = double.PositiveInfinity;
            if (ri > 20)
            {
                var first = 20 * Math.Log(ri / (ri - 20));
                period = 2 + 20 * Math.Log((ri - 5) / (ri - 20));
                var after = (1000 - first) / period;
                // A spike within 1e-6 ms of the end could fall either side of it; none does at these currents.
                Assert.True(Math.Abs(after - Math.Round(after)) * period > 1e-6, $"neuron {j}: a spike at the end");
                expectedCount = first <= 1000 ? 1 + (int)Math.Floor(after) : 0;
            }
            Assert.Equal(expectedCount, count);
            Assert.Equal(expectedCount, mean, 1e-12); // count / 1 s
            if (expectedCount < 2)
            {
                Assert.Equal(0, steady); // fewer than two spikes: no interval, no rate
                continue;
            }
            firing++;
            // Exact integration puts every spike within ~1e-11 ms of the closed form; the steady rate divides the span
            // of the second half of the intervals (≥ one period, ≥ 2 ms) by their number, so its relative error is
            // ~1e-11 ms / 2 ms ≈ 1e-11: 1e-9 leaves a factor of 100 and still fails on any wrong interval.
            CloseRelative(1000 / period, steady, 1e-9, $"neuron {j} at {current:R} pA");
        }
        Assert.True(firing > 250, $"{firing} neurons fire at least twice");
    }

    [Fact]
    public void TheFirstAndLastNeuronsRowsEqualTheFiCommandsAtTheSameCurrents()
    {
        // The ends of the range are the same currents in both commands (250 + (3000 − 250) is 3000 exactly), and the
        // same exact propagator gives the same spikes to rounding: counts and mean rates equal, steady rates to 1e-9.
        using var cli = new CliRunner();
        var (code, _, error) = cli.Run("simulate", "-m", "lif", "--count", "7", "-i", "const:250pA..3000pA", "-d", "500",
            "--method", "exact", "--dt", "0.1", "-o", cli.PathOf("population"));
        Assert.True(code == 0, error);
        (code, _, error) = cli.Run("fi", "-m", "lif", "--from", "250pA", "--to", "3000pA", "--steps", "2", "-d", "500",
            "--method", "exact", "--dt", "0.1", "-o", cli.PathOf("fi"));
        Assert.True(code == 0, error);
        var population = Rows(cli.PathOf("population", "fi.csv"));
        var single = Rows(cli.PathOf("fi", "fi.csv"));
        Assert.Equal(string.Join(',', File.ReadLines(cli.PathOf("fi", "fi.csv")).First().Split(',').Prepend("neuron")),
            File.ReadLines(cli.PathOf("population", "fi.csv")).First());
        foreach (var (row, expected) in new[] { (population[0], single[0]), (population[^1], single[^1]) })
        {
            var actual = row[1..];
            Assert.Equal(Number(expected[0]), Number(actual[0])); // current
            Assert.Equal(Number(expected[1]), Number(actual[1])); // spike_count
            Assert.True(Number(expected[1]) > 5, $"{expected[0]} pA fires");
            CloseRelative(Number(expected[2]), Number(actual[2]), 1e-9, $"steady rate at {expected[0]} pA");
            Assert.Equal(Number(expected[3]), Number(actual[3])); // mean_rate_hz
        }
        var rule = OutputFolderTests.CheckComplete(cli.PathOf("population")).GetProperty("fi").GetProperty("steady_rate").GetString();
        Assert.Equal(OutputFolderTests.CheckComplete(cli.PathOf("fi")).GetProperty("fi").GetProperty("steady_rate").GetString(), rule);
    }

    [Fact]
    public void ACurveOfMoreThanTenThousandNeuronsDrawsOneInKButListsEveryNeuron()
    {
        using var cli = new CliRunner();
        var (code, _, error) = cli.Run("simulate", "-m", "lif", "--count", "20001", "-i", "const:0nA..3nA", "-d", "10",
            "--method", "exact", "--dt", "0.1", "-o", cli.PathOf("out"));
        Assert.True(code == 0, error);
        Assert.Equal(20001, Rows(cli.PathOf("out", "fi.csv")).Length);
        Assert.Equal(3, OutputFolderTests.CheckComplete(cli.PathOf("out")).GetProperty("fi").GetProperty("plot_every").GetInt32());
        Assert.Contains("f–I curve of 20001 neurons, one population run, 1 in 3 drawn", File.ReadAllText(cli.PathOf("out", "fi.svg")));
    }

    [Fact]
    public void AnInputSharedByEveryNeuronWritesNoFiCurve()
    {
        using var cli = new CliRunner();
        var (code, _, error) = cli.Run("simulate", "-m", "lif", "--count", "3", "-i", "const:300pA", "-d", "50",
            "--method", "exact", "--dt", "0.1", "-o", cli.PathOf("out"));
        Assert.True(code == 0, error);
        Assert.False(File.Exists(cli.PathOf("out", "fi.csv")));
        Assert.False(File.Exists(cli.PathOf("out", "fi.png")));
        Assert.False(OutputFolderTests.CheckComplete(cli.PathOf("out")).TryGetProperty("fi", out _));
    }
}
