using System.Globalization;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;

namespace NeuronDsl.Cli.Tests;

/// <summary>simulate --count N: populations on the command line.</summary>
public class PopulationCommandTests
{
    private static string[] Lif(CliRunner cli, int count, string input, string duration, params string[] more) =>
        ["simulate", "-m", "lif", "--count", count.ToString(CultureInfo.InvariantCulture), "-i", input, "-d", duration,
         "--method", "exact", "--dt", "0.1", .. more, "-o", cli.PathOf("out")];

    private static (int[] Neurons, double[] Times) ReadCsv(string path)
    {
        var rows = File.ReadLines(path).Skip(1).Select(l => l.Split(',')).ToArray();
        return (rows.Select(r => int.Parse(r[0], CultureInfo.InvariantCulture)).ToArray(),
            rows.Select(r => double.Parse(r[1], CultureInfo.InvariantCulture)).ToArray());
    }

    private static (int[] Neurons, double[] Times, int Batches) ReadArrow(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new ArrowFileReader(stream);
        Assert.Equal(["neuron", "time_ms"], reader.Schema.FieldsList.Select(f => f.Name));
        Assert.IsType<Int32Type>(reader.Schema.GetFieldByName("neuron").DataType);
        Assert.IsType<DoubleType>(reader.Schema.GetFieldByName("time_ms").DataType);
        var neurons = new List<int>();
        var times = new List<double>();
        var batches = 0;
        while (reader.ReadNextRecordBatch() is { } batch)
        {
            batches++;
            neurons.AddRange(((Int32Array)batch.Column("neuron")).Values.ToArray());
            times.AddRange(((DoubleArray)batch.Column("time_ms")).Values.ToArray());
        }
        return (neurons.ToArray(), times.ToArray(), batches);
    }

    private static double[] SpikeTimes(string csv, int column = 0) =>
        File.ReadLines(csv).Skip(1).Select(l => double.Parse(l.Split(',')[column], CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public void ASmallPopulationWritesItsFilesAndASummaryVouchingForThem()
    {
        using var cli = new CliRunner();
        var (code, output, error) = cli.Run(Lif(cli, 20, "const:1nA..3nA", "100ms", "--rate-bin", "5ms"));
        Assert.True(code == 0, error);
        Assert.Contains("20 neurons", output);
        foreach (var file in new[] { "spikes.arrow", "spikes.csv", "rate.csv", "raster.png", "raster.svg", "rate.png", "rate.svg" })
        {
            Assert.True(new FileInfo(cli.PathOf("out", file)).Length > 0, file);
        }
        var summary = OutputFolderTests.CheckComplete(cli.PathOf("out"));
        var spikes = SpikeTimes(cli.PathOf("out", "spikes.csv"), 1);
        Assert.Equal(20, summary.GetProperty("population").GetProperty("count").GetInt32());
        Assert.Equal(spikes.Length, summary.GetProperty("spike_count").GetInt32());
        Assert.Equal(spikes.Length * 1000.0 / 20 / 100, summary.GetProperty("mean_rate_hz").GetDouble(), 1e-12);
        Assert.Equal("Completed", summary.GetProperty("status").GetString());
        Assert.Equal("written", summary.GetProperty("spikes_csv").GetString());
        Assert.Equal(1000, summary.GetProperty("input").GetProperty("first").GetDouble());
        Assert.Equal(3000, summary.GetProperty("input").GetProperty("last").GetDouble());
        // 20 bins of 5 ms: Hz per neuron × 20 neurons × 5 ms / 1000 is the count in each bin.
        var rates = SpikeTimes(cli.PathOf("out", "rate.csv"), 1);
        Assert.Equal(20, rates.Length);
        Assert.Equal(spikes.Length, rates.Sum(r => r * 20 * 5 / 1000), 1e-9);
        Assert.Contains("all 20 neurons", File.ReadAllText(cli.PathOf("out", "raster.svg")));
        Assert.Empty(cli.HiddenEntries());
    }

    [Fact]
    public void TheArrowFileHoldsTheSameSpikesAsTheCsvInBatches()
    {
        using var cli = new CliRunner();
        // The CSV writes numbers with round-trip precision, so the two files must agree bit for bit.
        var (code, _, error) = cli.Run(Lif(cli, 400, "const:1600pA..3000pA", "300"));
        Assert.True(code == 0, error);
        var csv = ReadCsv(cli.PathOf("out", "spikes.csv"));
        var arrow = ReadArrow(cli.PathOf("out", "spikes.arrow"));
        Assert.True(csv.Neurons.Length > 10_000, $"{csv.Neurons.Length} spikes");
        Assert.Equal(csv.Neurons, arrow.Neurons);
        Assert.Equal(csv.Times, arrow.Times);
        var keys = arrow.Times.Zip(arrow.Neurons).ToArray();
        Assert.Equal(keys.OrderBy(k => k.First).ThenBy(k => k.Second), keys);
    }

    [Fact]
    public void ARangeGivesTheFirstValueToNeuronZeroAndTheLastToTheLastNeuron()
    {
        // Each population neuron against the single-neuron run at its current (or E_L): same exact propagator, so the
        // spike times agree to rounding (~1e-12 ms, see the facade's population tests); 1e-9 ms fails on a wrong value.
        using var cli = new CliRunner();
        Assert.Equal(0, cli.Run(Lif(cli, 5, "const:1nA..3nA", "200", "-p", "E_L=-70mV..-66mV")).Code);
        var population = ReadCsv(cli.PathOf("out", "spikes.csv"));
        foreach (var (neuron, current, rest) in new[] { (0, "1000pA", "-70"), (2, "2nA", "-68"), (4, "3000", "-66") })
        {
            var single = cli.PathOf($"single{neuron}");
            var (code, _, error) = cli.Run("simulate", "-m", "lif", "-i", $"const:{current}", "-p", $"E_L={rest}", "-d", "200",
                "--method", "exact", "--dt", "0.1", "-o", single);
            Assert.True(code == 0, error);
            var expected = SpikeTimes(Path.Combine(single, "spikes.csv"));
            var actual = population.Times.Where((_, k) => population.Neurons[k] == neuron).ToArray();
            Assert.True(expected.Length > 2, $"neuron {neuron} fires");
            Assert.Equal(expected.Length, actual.Length);
            Assert.All(expected.Zip(actual), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-9, $"neuron {neuron}: {p.Second:R}, expected {p.First:R}"));
        }
    }

    [Fact]
    public void AboveAMillionSpikesTheCsvIsSkippedAndTheSummarySaysWhy()
    {
        // 20 000 default LIF neurons at 3–4 nA fire at ~330–360 Hz: about 1.4 million spikes in 200 ms.
        using var cli = new CliRunner();
        var (code, _, error) = cli.Run(Lif(cli, 20_000, "const:3nA..4nA", "200"));
        Assert.True(code == 0, error);
        Assert.False(File.Exists(cli.PathOf("out", "spikes.csv")));
        var summary = OutputFolderTests.CheckComplete(cli.PathOf("out"));
        var spikes = summary.GetProperty("spike_count").GetInt32();
        Assert.True(spikes > 1_000_000, $"{spikes} spikes");
        Assert.StartsWith($"skipped: {spikes} spikes, more than 1000000", summary.GetProperty("spikes_csv").GetString());
        var arrow = ReadArrow(cli.PathOf("out", "spikes.arrow"));
        Assert.Equal(spikes, arrow.Neurons.Length);
        Assert.Equal((spikes + (1 << 17) - 1) / (1 << 17), arrow.Batches); // written in batches of 2^17 rows
        var raster = summary.GetProperty("raster");
        Assert.True(raster.GetProperty("every").GetInt32() > 1);
        Assert.Contains($"1 neuron in {raster.GetProperty("every").GetInt32()} shown", File.ReadAllText(cli.PathOf("out", "raster.svg")));
    }

    [Theory]
    [InlineData(2, "0", "--count: 0; expected a whole number of neurons >= 1")]
    [InlineData(2, "abc", "--count: 'abc' is not a number")]
    [InlineData(2, "2.5", "--count: 2.5; expected a whole number")]
    [InlineData(4, "1e12", "refused: --count 1e12: 1e12 neurons need about")]
    public void ABadCountIsOneLineNamingTheOptionAndValueAndNothingIsWritten(int expected, string count, string message)
    {
        using var cli = new CliRunner();
        var (code, output, error) = cli.Run("simulate", "-m", "lif", "--count", count, "-i", "const:1nA..3nA", "-o", cli.PathOf("out"));
        Assert.Equal(expected, code);
        Assert.Equal("", output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains(message, error);
        Assert.Empty(Directory.GetFileSystemEntries(cli.Directory));
    }

    [Theory]
    [InlineData("--count 1000000 with --dt 0.01 ms: 1e13 neuron-steps", "-d", "1e5", "--dt", "0.01")]
    [InlineData("--rate-bin 1E-06 ms: 1e9 bins for 1000 ms", "--rate-bin", "1e-6")]
    public void APopulationRunTooLongIsRefusedBeforeItStarts(string message, params string[] args)
    {
        using var cli = new CliRunner();
        var (code, _, error) = cli.Run(["simulate", "-m", "lif", "--count", "1000000", "-i", "const:300", .. args, "-o", cli.PathOf("out")]);
        Assert.Equal(4, code);
        Assert.Contains(message, error);
        Assert.Empty(Directory.GetFileSystemEntries(cli.Directory));
    }

    [Theory]
    [InlineData("euler")]
    [InlineData("heun")]
    [InlineData("dopri5")]
    public void ASolverThePopulationEngineDoesNotRunIsAUsageError(string method)
    {
        using var cli = new CliRunner();
        var (code, _, error) = cli.Run("simulate", "-m", "lif", "--count", "10", "-i", "const:300", "--method", method, "-o", cli.PathOf("out"));
        Assert.Equal(2, code);
        Assert.Contains($"--method {method}: populations (--count) run exact, rk4, exponential-euler", error);
        Assert.Empty(Directory.GetFileSystemEntries(cli.Directory));
    }

    [Theory]
    [InlineData("--input 'const:1nA..3nA': a range FIRST..LAST spreads currents over a population; give --count N", "-i", "const:1nA..3nA")]
    [InlineData("--param 'E_L=-70..-60': a range", "-i", "const:300", "-p", "E_L=-70..-60")]
    [InlineData("--rate-bin applies to populations", "-i", "const:300", "--rate-bin", "2")]
    [InlineData("--input const: '1..3nA' has a unit on one end only", "--count", "3", "-i", "const:1..3nA")]
    [InlineData("--input 'step:1nA..3nA': a range spreads constant currents", "--count", "3", "-i", "step:1nA..3nA")]
    [InlineData("--param C: neuron 0: C = -1 pF; expected a finite number > 0 pF", "--count", "3", "-i", "const:300", "-p", "C=-1..100")]
    [InlineData("--record does not apply with --count", "--count", "3", "-i", "const:300", "--record", "V")]
    [InlineData("--seed applies to populations' noise inputs; give --count N", "-i", "const:300", "--seed", "3")]
    [InlineData("--input 'ou:250,50,5': noise currents drive populations, a current per neuron; give --count N", "-i", "ou:250,50,5")]
    [InlineData("--seed: 'x'; expected a whole number from 0 to 4294967295", "--count", "3", "-i", "ou:250,50,5", "--seed", "x")]
    [InlineData("--input 'ou:250,50': expected ou:MEAN,SIGMA,TAU", "--count", "3", "-i", "ou:250,50")]
    [InlineData("--input 'ou:250pA,-50pA,5ms': ", "--count", "3", "-i", "ou:250pA,-50pA,5ms")]
    [InlineData("--input white sigma: '3pA'; expected an intensity \"VALUE pA*sqrt(ms)\"", "--count", "3", "-i", "white:250,3pA")]
    [InlineData("--input 'step:300@0.05': the input jumps at 0.05 ms, off the step grid of 0.1 ms", "--count", "3", "-i", "step:300@0.05", "--method", "exact", "--dt", "0.1")]
    public void PopulationFormsOutOfPlaceAreUsageErrorsNamingTheOption(string message, params string[] args)
    {
        using var cli = new CliRunner();
        var (code, _, error) = cli.Run(["simulate", "-m", "lif", .. args, "-o", cli.PathOf("out")]);
        Assert.Equal(2, code);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains(message, error);
        Assert.False(Directory.Exists(cli.PathOf("out")));
        Assert.Empty(cli.HiddenEntries());
    }

    [Fact]
    public void APopulationThatNeverFiresWritesAnArrowFileWithNoRows()
    {
        using var cli = new CliRunner();
        var (code, _, error) = cli.Run(Lif(cli, 20, "const:10pA", "50ms")); // far below the rheobase of 150 pA
        Assert.True(code == 0, error);
        var (neurons, times, batches) = ReadArrow(cli.PathOf("out", "spikes.arrow"));
        Assert.Empty(neurons);
        Assert.Empty(times);
        Assert.Equal(0, batches);
    }

    [Theory]
    [InlineData("ou:140pA,80pA,5ms")]
    [InlineData("white:140pA,300pA*sqrt(ms)")]
    public void NoiseInputsGiveTheSameSpikesForTheSameSeedAndOthersForAnother(string input)
    {
        // Mean 140 pA is below the rheobase (150 pA): every spike is the noise's doing.
        (int[] Neurons, double[] Times) Run(string seed)
        {
            using var cli = new CliRunner();
            var (code, _, error) = cli.Run(Lif(cli, 200, input, "200ms", "--seed", seed));
            Assert.True(code == 0, error);
            var summary = OutputFolderTests.CheckComplete(cli.PathOf("out"));
            Assert.Contains("per neuron", summary.GetProperty("input").GetProperty("kind").GetString());
            var (neurons, times, _) = ReadArrow(cli.PathOf("out", "spikes.arrow"));
            return (neurons, times);
        }

        var first = Run("7");
        Assert.True(first.Times.Length > 50, $"{first.Times.Length} spikes from noise alone");
        var again = Run("7");
        Assert.Equal(first.Neurons, again.Neurons);
        Assert.Equal(first.Times, again.Times); // bit for bit
        Assert.NotEqual(first.Times, Run("8").Times);
    }

    [Fact]
    public void APopulationThatCannotFitTheMemoryIsRefusedBeforeItStarts()
    {
        // Under a 48 MB GC heap the budget allows 36 MB; a million LIF neurons need about 72 MB of columns.
        using var cli = new CliRunner();
        using var run = cli.StartProcess(
            ["simulate", "-m", "lif", "--count", "1000000", "-i", "const:1nA..3nA", "--method", "exact", "--dt", "0.1", "-o", "out"],
            new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x3000000" });
        run.StandardOutput.ReadToEnd();
        var error = run.StandardError.ReadToEnd();
        run.WaitForExit();
        Assert.Equal(4, run.ExitCode);
        Assert.Contains("refused: --count 1000000: 1000000 neurons need about 72 MB", error);
        Assert.False(Directory.Exists(cli.PathOf("out")));
    }

    [Fact]
    public void ACancelledPopulationRunLeavesTheFolderAsItWas()
    {
        using var cli = new CliRunner();
        var output = cli.PathOf("out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "earlier.txt"), "from an earlier run");
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var error = new StringWriter();
        var code = Cli.Run(Lif(cli, 1000, "const:1nA..3nA", "1000"), new StringWriter(), error, cancel.Token);
        Assert.Equal(130, code);
        Assert.Equal(["earlier.txt"], Directory.GetFiles(output).Select(Path.GetFileName));
        Assert.Empty(cli.HiddenEntries());
    }

    [Fact]
    public void HelpNamesThePopulationOptions()
    {
        using var cli = new CliRunner();
        var help = cli.Run("simulate", "--help").Output;
        Assert.Contains("--count", help);
        Assert.Contains("--rate-bin", help);
        Assert.Contains("const:1nA..3nA", help);
        Assert.Contains("spikes.arrow", help);
    }
}
