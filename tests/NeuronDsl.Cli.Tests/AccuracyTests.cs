using System.Text.Json;

namespace NeuronDsl.Cli.Tests;

/// <summary>simulate warns (stderr, summary.json "warnings") when the accuracy table flags the run's (model, method, dt).</summary>
public class AccuracyTests
{
    private static JsonElement[] Warnings(CliRunner cli)
    {
        using var summary = JsonDocument.Parse(File.ReadAllText(cli.PathOf("out", "summary.json")));
        return summary.RootElement.GetProperty("warnings").EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    [Fact]
    public void HodgkinHuxleyWithEulerAtACoarseStepIsFlagged()
    {
        // The table: hh, euler, dt 0.05 ms keeps the 11 spikes but shifts them by more than 1 ms.
        using var cli = new CliRunner();
        var (code, _, error) = cli.Run("simulate", "--model", "hh", "--input", "const:10uA/cm2", "--duration", "50ms",
            "--method", "euler", "--dt", "0.05", "--out", cli.PathOf("out"));
        Assert.True(code == 0, error);
        Assert.Contains("neurondsl: warning:", error);
        Assert.Single(Warnings(cli));
    }

    [Fact]
    public void TheNearestMeasuredStepBelowTheRunsIsUsed()
    {
        // 0.07 ms is not measured: the row at 0.05 ms (error > 1 ms) applies.
        using var cli = new CliRunner();
        var (code, _, error) = cli.Run("simulate", "--model", "hodgkin-huxley", "--input", "const:10uA/cm2", "--duration", "50ms",
            "--method", "euler", "--dt", "0.07", "--out", cli.PathOf("out"));
        Assert.True(code == 0, error);
        Assert.Single(Warnings(cli));
    }

    [Theory]
    [InlineData("hh", "rk4", "0.01", "const:10uA/cm2")]
    [InlineData("lif", "exact", "0.1", "const:300pA")]
    [InlineData("lif", "euler", "0.1", "const:300pA")]
    public void AccurateRunsHaveNoWarnings(string model, string method, string dt, string input)
    {
        using var cli = new CliRunner();
        var (code, _, error) = cli.Run("simulate", "--model", model, "--input", input, "--duration", "50ms",
            "--method", method, "--dt", dt, "--out", cli.PathOf("out"));
        Assert.True(code == 0, error);
        Assert.DoesNotContain("warning", error);
        Assert.Empty(Warnings(cli));
    }
}
