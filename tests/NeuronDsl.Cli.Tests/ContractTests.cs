using System.Globalization;
using System.Text.Json;

namespace NeuronDsl.Cli.Tests;

/// <summary>Hostile inputs get one line and an exit code; numbers and times come out exactly as asked.</summary>
public class ContractTests
{
    [Theory]
    [InlineData("simulate", "-m", "lif", "-i", "const:300", "--method", "rk4", "--rtol", "1e-3", "-o", "out")]
    [InlineData("simulate", "-m", "lif", "-i", "const:300", "--method", "euler", "--atol", "1e-3", "-o", "out")]
    [InlineData("simulate", "-m", "lif", "-i", "const:300", "--method", "dopri5", "--dt", "0.1", "-o", "out")]
    [InlineData("simulate", "-m", "hh", "-i", "const:10", "--record", "V,m,V", "-o", "out")]
    [InlineData("simulate", "-m", "lif", "-i", "csv:unterminated.csv", "-o", "out")]
    [InlineData("simulate", "-m", "lif", "-i", "csv:binary.csv", "-o", "out")]
    [InlineData("simulate", "-m", "lif", "-i", "csv:folder.csv", "-o", "out")]
    [InlineData("simulate", "-m", "lif", "-i", "folder.csv", "-o", "out")]
    [InlineData("simulate", "-m", "lif", "-i", "csv:utf16.csv", "-o", "out")]
    public void HostileInputGetsOneLineAndExitCode2WithoutAStackTrace(params string[] args)
    {
        using var cli = new CliRunner();
        File.WriteAllText(cli.PathOf("unterminated.csv"), "time,current\n0,1\n\"5,2\n");
        File.WriteAllBytes(cli.PathOf("binary.csv"), Enumerable.Range(0, 3000).Select(k => (byte)(k * 7919 % 256)).ToArray());
        File.WriteAllBytes(cli.PathOf("utf16.csv"), System.Text.Encoding.Unicode.GetBytes("0,1\n5,2\n"));
        Directory.CreateDirectory(cli.PathOf("folder.csv"));
        var (code, output, error) = cli.Run(args.Select(a => a is "out" ? cli.PathOf("out") : a.EndsWith(".csv") ? a.Replace(a.Split(':')[^1], cli.PathOf(a.Split(':')[^1])) : a).ToArray());
        Assert.Equal(2, code);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Equal("", output);
        Assert.False(Directory.Exists(cli.PathOf("out")));
    }

    [Fact]
    public void UnitSuffixesConvertExactly()
    {
        Assert.Equal(1600.0, Quantities.Parse("1.6nA", "pA", "test"));
        Assert.Equal(0.3, Quantities.Parse("300us", Quantities.Milliseconds, "test"));
        Assert.Equal(1200.0, Quantities.Parse("1.2s", Quantities.Milliseconds, "test"));
        Assert.Equal(1e-300 * 1e3, Quantities.Parse("1e-300nA", "pA", "test"));
    }

    [Fact]
    public void FiftyMillisecondsAtDt001TakesFiveThousandStepsWithoutADuplicatedLastSample()
    {
        using var cli = new CliRunner();
        // 100 pA is below the LIF rheobase (200 pA): no spike restarts the step grid.
        var (code, _, error) = cli.Run("simulate", "-m", "lif", "-i", "const:100", "-d", "50", "--dt", "0.01",
            "--record-every", "0", "-o", cli.PathOf("out"));
        Assert.True(code == 0, error);
        using var summary = JsonDocument.Parse(File.ReadAllText(cli.PathOf("out", "summary.json")));
        Assert.Equal(5000, summary.RootElement.GetProperty("steps").GetInt64());
        var times = File.ReadLines(cli.PathOf("out", "trace.csv")).Skip(1)
            .Select(l => double.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(5001, times.Length);
        Assert.Equal(50.0, times[^1]);
        Assert.All(times.Zip(times.Skip(1)), p => Assert.True(p.Second > p.First));
    }

    [Fact]
    public void ANeuronRestingAboveThresholdFiresAtTimeZero()
    {
        using var cli = new CliRunner();
        var (code, _, error) = cli.Run("simulate", "-m", "lif", "-p", "E_L=-40mV", "-i", "const:0", "-d", "50",
            "-o", cli.PathOf("out"));
        Assert.True(code == 0, error);
        var spikes = File.ReadLines(cli.PathOf("out", "spikes.csv")).Skip(1).Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(0.0, spikes[0]);
        Assert.True(spikes.Length > 1);
    }

    [Fact]
    public void SummaryNumbersArePlainJsonEvenWhenTheRunBecomesUnstable()
    {
        using var cli = new CliRunner();
        // Euler at dt = 0.5 ms is unstable for HH: the sodium gate leaves [0, 1] before anything overflows.
        var (code, _, _) = cli.Run("simulate", "-m", "hh", "-i", "const:10", "--method", "euler", "--dt", "0.5", "-d", "100",
            "-o", cli.PathOf("out"));
        Assert.Equal(1, code);
        var text = File.ReadAllText(cli.PathOf("out", "summary.json"));
        using var summary = JsonDocument.Parse(text); // strict JSON: no NaN or Infinity literals
        Assert.Equal("OutOfBounds", summary.RootElement.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Number, summary.RootElement.GetProperty("divergence").GetProperty("time_ms").ValueKind);
        OutputFolderTests.CheckComplete(cli.PathOf("out"));
    }

    [Fact]
    public void HelpNamesTheToolAndTheHelpCommandWorks()
    {
        using var cli = new CliRunner();
        var (code, help, _) = cli.Run("--help");
        Assert.Equal(0, code);
        var (helpCode, viaCommand, _) = cli.Run("help");
        Assert.Equal(0, helpCode);
        Assert.Equal(help, viaCommand);
        var (_, simulate, _) = cli.Run("simulate", "--help");
        Assert.Contains("neurondsl simulate", simulate);
        Assert.DoesNotContain("NeuronDsl.Cli", simulate);
        foreach (var code2 in new[] { "0", "1", "2", "3", "4", "130" }) Assert.Contains(code2, help);
    }
}
