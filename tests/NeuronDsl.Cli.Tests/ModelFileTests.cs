using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NeuronDsl.Cli.Tests;

public class ModelFileTests
{
    /// <summary>Quadratic integrate-and-fire, τ dv/dt = v² + I, reset to v_reset when v crosses v_peak.</summary>
    private const string QuadraticIntegrateAndFire = """
        # Quadratic integrate-and-fire: tau dv/dt = v^2 + I
        model "quadratic integrate-and-fire"
        citation "Ermentrout & Kopell, SIAM J. Appl. Math. 46 (1986) 233"
        parameter tau = 10 ms > 0 "time constant"
        parameter v_reset = -10 "reset value"
        parameter v_peak = 10 "a spike is counted when v crosses this upward"
        input I : 1 "input, in units of v^2"
        state v : 1 = v_reset "membrane variable"
        dv/dt = (v**2 + I) / tau
        threshold v > v_peak
        reset v = v_reset
        """;

    private static string Write(CliRunner cli, string name, string text)
    {
        var path = cli.PathOf(name);
        File.WriteAllText(path, text);
        return path;
    }

    private static double[] Spikes(string directory) =>
        File.ReadAllLines(Path.Combine(directory, "spikes.csv")).Skip(1)
            .Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToArray();

    private static double[] SimulateQif(CliRunner cli, string file, string dt, string outName, params string[] extra)
    {
        var (code, _, error) = cli.Run(["simulate", "--model-file", file, "--input", "const:4", "--duration", "100ms",
            "--method", "rk4", "--dt", dt, "--out", cli.PathOf(outName), .. extra]);
        Assert.True(code == 0, error);
        return Spikes(cli.PathOf(outName));
    }

    [Fact]
    public void SimulateRunsAModelFileAtItsClosedFormPeriod()
    {
        using var cli = new CliRunner();
        var file = Write(cli, "qif.model", QuadraticIntegrateAndFire);
        // From v_reset under constant I > 0: T = τ/√I (atan(v_peak/√I) − atan(v_reset/√I)); τ = 10 ms, I = 4.
        var period = 10 / 2.0 * (Math.Atan(5) - Math.Atan(-5));

        var coarse = SimulateQif(cli, file, "0.01", "coarse");
        var fine = SimulateQif(cli, file, "0.005", "fine");

        // RK4 is fourth order: the error at dt is about 16/15 of the difference to a run at dt/2 (Richardson); allow
        // twice that, and require the estimate to be small so that two equally wrong runs cannot pass.
        Assert.Equal(7, coarse.Length);
        Assert.Equal(coarse.Length, fine.Length);
        var estimate = coarse.Zip(fine, (a, b) => Math.Abs(a - b)).Max() * 16 / 15;
        Assert.True(estimate < 1e-6, $"RK4 error estimate {estimate} ms");
        for (var k = 0; k < coarse.Length; k++)
        {
            Assert.Equal((k + 1) * period, coarse[k], 2 * estimate + 1e-12);
        }
    }

    [Fact]
    public void InitAndParamWorkWithAModelFile()
    {
        using var cli = new CliRunner();
        var file = Write(cli, "qif.model", QuadraticIntegrateAndFire);
        // From v = 0 the first spike comes after τ/√I · atan(v_peak/√I); τ = 20 ms doubles it.
        var spikes = SimulateQif(cli, file, "0.01", "out", "--init", "v=0", "--param", "tau=20ms");
        Assert.Equal(20 / 2.0 * Math.Atan(5), spikes[0], 1e-6);
        Assert.Contains("\"tau\"", File.ReadAllText(cli.PathOf("out", "summary.json")));
    }

    [Fact]
    public void FiRunsAModelFile()
    {
        using var cli = new CliRunner();
        var file = Write(cli, "qif.model", QuadraticIntegrateAndFire);
        var (code, _, error) = cli.Run("fi", "--model-file", file, "--from", "1", "--to", "4", "--steps", "2",
            "--duration", "200ms", "--out", cli.PathOf("fi"));
        Assert.True(code == 0, error);
        var rows = File.ReadAllLines(cli.PathOf("fi", "fi.csv"));
        Assert.Equal("current,spike_count,steady_rate_hz,mean_rate_hz", rows[0]);
        // Period at I = 4 is 13.734 ms: 14 spikes in 200 ms.
        Assert.Equal("14", rows[2].Split(',')[1]);
    }

    [Fact]
    public void CheckListsVariablesParametersInputAndTheMethodsThatApply()
    {
        using var cli = new CliRunner();
        var file = Write(cli, "qif.model", QuadraticIntegrateAndFire);
        var (code, output, error) = cli.Run("check", file);
        Assert.True(code == 0, error);
        Assert.Equal("", error);
        Assert.Contains("quadratic integrate-and-fire", output);
        Assert.Matches(new Regex(@"^\s+v\s+1\s+membrane variable", RegexOptions.Multiline), output);
        Assert.Matches(new Regex(@"^\s+tau\s+10 ms\s", RegexOptions.Multiline), output);
        Assert.Matches(new Regex(@"^\s+v_reset\s+-10 1\s", RegexOptions.Multiline), output);
        Assert.Matches(new Regex(@"^\s+v_peak\s+10 1\s", RegexOptions.Multiline), output);
        Assert.Contains("input current I in 1", output);
        // QIF is not linear: no exact flow, so every method but 'exact'.
        Assert.Contains("methods: euler, heun, rk4, exponential-euler, dopri5\n", output.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("lif", "methods: euler, heun, rk4, exponential-euler, exact, dopri5")]
    [InlineData("if", "methods: euler, heun, rk4, exponential-euler, exact, dopri5")]
    [InlineData("hh", "methods: euler, heun, rk4, exponential-euler, dopri5")]
    public void ModelsShowPrintsTextThatCheckAccepts(string name, string methods)
    {
        using var cli = new CliRunner();
        var (code, text, error) = cli.Run("models", "--show", name);
        Assert.True(code == 0, error);
        Assert.StartsWith("model \"", text);
        var file = Write(cli, name + ".model", text);

        var (checkCode, output, checkError) = cli.Run("check", file);
        Assert.True(checkCode == 0, checkError);
        Assert.Contains(methods + "\n", output.ReplaceLineEndings("\n"));
        if (name == "lif")
        {
            foreach (var parameter in new[] { "E_L", "R", "C", "V_th", "V_reset", "t_ref" })
            {
                Assert.Matches(new Regex($@"^\s+{parameter}\s", RegexOptions.Multiline), output);
            }
            Assert.Contains("input current I in pA", output);
        }
    }

    [Fact]
    public void ASimulatedModelFileMatchesTheBuiltInItWasPrintedFrom()
    {
        using var cli = new CliRunner();
        var file = Write(cli, "lif.model", cli.Run("models", "--show", "lif").Output);
        string[] common = ["--input", "const:300pA", "--duration", "200ms", "--method", "exact", "--dt", "0.1"];
        Assert.Equal(0, cli.Run(["simulate", "--model", "lif", .. common, "--out", cli.PathOf("a")]).Code);
        Assert.Equal(0, cli.Run(["simulate", "--model-file", file, .. common, "--out", cli.PathOf("b")]).Code);
        Assert.Equal(Spikes(cli.PathOf("a")), Spikes(cli.PathOf("b")));
    }

    [Theory]
    [InlineData("syntax", "model \"x\"\nstate v : mV = 0 mV\ndv/dt = (v + / ms\n", 3, 14)]
    [InlineData("units", "model \"x\"\nstate v : mV = 0 mV\ndv/dt = v\n", 3, 1)]
    [InlineData("unknown", "model \"x\"\nstate v : mV = 0 mV\ndv/dt = -w / ms\n", 3, 10)]
    public void AnErrorInAModelFileIsPrintedAtItsLineAndColumnWithACaret(string name, string text, int line, int column)
    {
        using var cli = new CliRunner();
        var file = Write(cli, name + ".model", text);
        foreach (var args in new[]
                 {
                     new[] { "check", file },
                     ["simulate", "--model-file", file, "-i", "const:1", "-o", cli.PathOf("out")],
                     ["fi", "--model-file", file, "--from", "0", "--to", "1", "--steps", "2", "-o", cli.PathOf("out")],
                 })
        {
            var (code, output, error) = cli.Run(args);
            Assert.Equal(2, code);
            Assert.Equal("", output);
            var lines = error.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
            Assert.Equal(3, lines.Length);
            Assert.StartsWith($"{file}:{line}:{column}: ", lines[0]);
            Assert.Equal(text.Split('\n')[line - 1], lines[1]);
            Assert.Equal(new string(' ', column - 1) + "^", lines[2]);
            Assert.False(Directory.Exists(cli.PathOf("out")), "nothing written");
        }
    }

    [Theory]
    [InlineData("binary", new byte[] { 0x6d, 0x6f, 0x64, 0xff, 0xfe, 0x00 }, "1:4: ")] // not UTF-8 after "mod"
    [InlineData("control", new byte[] { 0x6d, 0x00, 0x01, 0x02 }, "1:2: ")] // UTF-8, but control characters
    [InlineData("empty", new byte[0], "1:1: ")]
    public void ABinaryOrEmptyModelFileGivesOneLineAndExitCode2(string name, byte[] contents, string position)
    {
        using var cli = new CliRunner();
        var file = cli.PathOf(name + ".model");
        File.WriteAllBytes(file, contents);
        var (code, output, error) = cli.Run("check", file);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith(file + ":" + position, Assert.Single(error.TrimEnd().Split('\n')));
    }

    [Theory]
    [InlineData("missing", "no such model file")]
    [InlineData("directory", "is a directory")]
    public void AMissingFileOrADirectoryGivesOneLineAndExitCode2(string kind, string expected)
    {
        using var cli = new CliRunner();
        var path = kind == "directory" ? cli.Directory : cli.PathOf("none.model");
        foreach (var args in new[]
                 {
                     new[] { "check", path },
                     ["simulate", "--model-file", path, "-i", "const:1", "-o", cli.PathOf("out")],
                 })
        {
            var (code, output, error) = cli.Run(args);
            Assert.Equal(2, code);
            Assert.Equal("", output);
            Assert.Contains(expected, Assert.Single(error.TrimEnd().Split('\n')));
        }
    }

    [Fact]
    public void ABinaryModelFileIsReportedByTheRealProcessWithoutAStackTrace()
    {
        using var cli = new CliRunner();
        File.WriteAllBytes(cli.PathOf("bin.model"), Encoding.Latin1.GetBytes("MZ\u0090\0\u0003\0\0\0\u0004"));
        var (code, _, error) = cli.RunProcess("simulate", "--model-file", "bin.model", "-i", "const:1", "-o", "out");
        Assert.Equal(2, code);
        Assert.StartsWith("bin.model:1:3: ", Assert.Single(error.TrimEnd().Split('\n')));
        Assert.DoesNotContain("   at ", error);
    }

    [Theory]
    [InlineData("--model and --model-file", "simulate", "-m", "lif", "--model-file", "x.model", "-i", "const:1", "-o", "out")]
    [InlineData("--model or --model-file is required", "fi", "--from", "0", "--to", "1", "--steps", "2", "-o", "out")]
    [InlineData("unknown model 'nope'", "models", "--show", "nope")]
    public void ModelOptionsAreExclusiveAndOneIsRequired(string expected, params string[] args)
    {
        using var cli = new CliRunner();
        var (code, output, error) = cli.Run(args.Select(a => a == "out" ? cli.PathOf("out") : a).ToArray());
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(expected, Assert.Single(error.TrimEnd().Split('\n')));
    }

    [Fact]
    public void HelpNamesTheNewCommandsAndOptions()
    {
        using var cli = new CliRunner();
        Assert.Contains("check", cli.Run("--help").Output);
        Assert.Contains("--model-file", cli.Run("simulate", "--help").Output);
        Assert.Contains("--model-file", cli.Run("fi", "--help").Output);
        Assert.Contains("--show", cli.Run("models", "--help").Output);
    }
}
