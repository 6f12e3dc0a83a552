namespace NeuronDsl.Cli.Tests;

public class ErrorTests
{
    [Theory]
    [InlineData("unknown model 'xyz'", "simulate", "-m", "xyz", "-i", "const:1", "-o", "out")]
    [InlineData("unknown parameter 'Capacity'", "simulate", "-m", "lif", "-p", "Capacity=1", "-i", "const:1", "-o", "out")]
    [InlineData("expected NAME=VALUE", "simulate", "-m", "lif", "-p", "C", "-i", "const:1", "-o", "out")]
    [InlineData("unknown method 'rk45'", "simulate", "-m", "lif", "-i", "const:1", "--method", "rk45", "-o", "out")]
    [InlineData("unknown kind 'square'", "simulate", "-m", "lif", "-i", "square:1", "-o", "out")]
    [InlineData("expected step:A", "simulate", "-m", "lif", "-i", "step:1,2", "-o", "out")]
    [InlineData("'10mV' is in mV, which does not convert to pA; expected a value in pA", "simulate", "-m", "lif", "-i", "const:10mV", "-o", "out")]
    [InlineData("does not convert to uA/cm^2; expected a value in uA/cm^2", "simulate", "-m", "hh", "-i", "const:10pA", "-o", "out")]
    [InlineData("--param C: '3mV' is in mV, which does not convert to pF", "simulate", "-m", "lif", "-p", "C=3mV", "-i", "const:1", "-o", "out")]
    [InlineData("--from: '1mV' is in mV", "fi", "-m", "lif", "--from", "1mV", "--to", "1", "--steps", "2", "-o", "out")]
    [InlineData("unknown unit 'parsecs'", "simulate", "-m", "lif", "-i", "const:1", "-d", "3parsecs", "-o", "out")]
    [InlineData("--dt", "simulate", "-m", "lif", "-i", "const:1", "--dt", "0", "-o", "out")]
    [InlineData("--param C: C = -1 pF; expected a finite number > 0 pF", "simulate", "-m", "lif", "-p", "C=-1", "-i", "const:1", "-o", "out")]
    [InlineData("--param g_K", "simulate", "-m", "hh", "-p", "g_K=-1mS/cm2", "-i", "const:1", "-o", "out")]
    [InlineData("--init m", "simulate", "-m", "hh", "--init", "m=1.5", "-i", "const:1", "-o", "out")]
    [InlineData("unknown variable 'W'", "simulate", "-m", "lif", "--init", "W=1", "-i", "const:1", "-o", "out")]
    [InlineData("'-70mS' is in mS", "simulate", "-m", "lif", "--init", "V=-70mS", "-i", "const:1", "-o", "out")]
    [InlineData("--duration", "simulate", "-m", "lif", "-i", "const:1", "-d", "-5", "-o", "out")]
    [InlineData("unknown variable 'W'", "simulate", "-m", "lif", "-i", "const:1", "--record", "W", "-o", "out")]
    [InlineData("offset", "simulate", "-m", "lif", "-i", "step:1@50-10", "-o", "out")]
    [InlineData("needs a linear model", "simulate", "-m", "hh", "-i", "const:1", "--method", "exact", "-o", "out")]
    [InlineData("needs a linear model", "fi", "-m", "hh", "--from", "0", "--to", "1", "--steps", "2", "--method", "exact", "-o", "out")]
    [InlineData("--steps", "fi", "-m", "lif", "--from", "0", "--to", "1", "--steps", "1", "-o", "out")]
    [InlineData("--model", "simulate", "-i", "const:1", "-o", "out")]
    [InlineData("'--bogus'", "simulate", "-m", "lif", "-i", "const:1", "-o", "out", "--bogus")]
    public void BadArgumentsGiveOneClearLineAndExitCode2(string expected, params string[] args)
    {
        using var cli = new CliRunner();
        var (code, output, error) = cli.Run(args.Select(a => a == "out" ? cli.PathOf("out") : a).ToArray());
        Assert.Equal(2, code);
        Assert.Contains(expected, error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Equal("", output);
        Assert.False(Directory.Exists(cli.PathOf("out")), "nothing written on a usage error");
    }

    [Fact]
    public void AMalformedCsvNamesTheLine()
    {
        using var cli = new CliRunner();
        var csv = cli.PathOf("bad.csv");
        File.WriteAllLines(csv, ["time_ms,current_pA", "0,0", "5,ten"]);
        var (code, _, error) = cli.Run("simulate", "-m", "lif", "-i", csv, "-o", cli.PathOf("out"));
        Assert.Equal(2, code);
        Assert.Contains("line 3", error);
    }

    [Fact]
    public void AnUnstableSimulationExitsWith1AndNamesTheVariable()
    {
        // Forward Euler at dt = 0.5 ms is unstable for Hodgkin–Huxley (sodium activation rates reach ~ 10/ms).
        using var cli = new CliRunner();
        var (code, _, error) = cli.RunProcess("simulate", "-m", "hh", "-i", "const:10", "--method", "euler", "--dt", "0.5",
            "-d", "100", "-o", "out");
        Assert.Equal(1, code);
        // One line, no stack trace (besides the accuracy table's warning for hh with euler at this dt).
        Assert.Single(error.TrimEnd().Split('\n'), l => !l.StartsWith("neurondsl: warning:", StringComparison.Ordinal));
        // The sodium gate leaves [0, 1] before anything overflows: the run stops as unstable, naming it.
        using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(cli.PathOf("out", "summary.json")));
        Assert.Equal("OutOfBounds", summary.RootElement.GetProperty("status").GetString());
        Assert.Equal("m", summary.RootElement.GetProperty("divergence").GetProperty("variable").GetString());
    }

    [Fact]
    public void HelpExitsWith0()
    {
        using var cli = new CliRunner();
        var (code, output, _) = cli.Run("simulate", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--input", output);
    }
}
