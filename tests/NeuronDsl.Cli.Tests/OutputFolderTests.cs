using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;

namespace NeuronDsl.Cli.Tests;

/// <summary>--out holds exactly one complete run, vouched for by summary.json, whatever happens to the run.</summary>
public class OutputFolderTests
{
    /// <summary>Checks that summary.json lists every other file in the folder with its SHA-256, and returns the root.</summary>
    internal static JsonElement CheckComplete(string folder)
    {
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json"))).RootElement;
        var listed = summary.GetProperty("files").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("sha256").GetString());
        var present = Directory.GetFiles(folder).Select(Path.GetFileName).Where(f => f != "summary.json").Order().ToArray();
        Assert.Equal(present, listed.Keys.Order().ToArray());
        foreach (var file in present)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, file!))));
            Assert.Equal(listed[file!], hash);
        }
        return summary;
    }

    [Fact]
    public void ARunReplacesTheFolderWholeSoNoStaleFileSurvives()
    {
        using var cli = new CliRunner();
        var output = cli.PathOf("out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "gating.png"), "from an earlier run");
        var (code, _, error) = cli.Run("simulate", "-m", "lif", "-i", "const:300", "-d", "50", "-o", output);
        Assert.True(code == 0, error);
        Assert.False(File.Exists(Path.Combine(output, "gating.png")));
        CheckComplete(output);
        Assert.Empty(cli.HiddenEntries());
    }

    [Fact]
    public void SummaryRecordsWhatIsNeededToReproduceTheRun()
    {
        using var cli = new CliRunner();
        var (code, _, error) = cli.Run("simulate", "-m", "hh", "-i", "step:10@5-40", "-d", "50", "--method", "dopri5",
            "--rtol", "1e-7", "--record", "V,n", "--record-every", "0.5", "-o", cli.PathOf("out"));
        Assert.True(code == 0, error);
        var summary = CheckComplete(cli.PathOf("out"));
        Assert.False(string.IsNullOrEmpty(summary.GetProperty("tool").GetProperty("version").GetString()));
        Assert.Equal(1e-7, summary.GetProperty("solver").GetProperty("rtol").GetDouble());
        Assert.Equal(JsonValueKind.Number, summary.GetProperty("solver").GetProperty("atol").ValueKind);
        Assert.Equal(0.5, summary.GetProperty("recording").GetProperty("interval_ms").GetDouble());
        Assert.Equal(["V", "n"], summary.GetProperty("recording").GetProperty("variables").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("step:10@5-40", summary.GetProperty("input").GetProperty("spec").GetString());
        var (_, models, _) = cli.Run("models");
        foreach (var parameter in summary.GetProperty("model").GetProperty("parameters").EnumerateObject())
        {
            Assert.Equal(JsonValueKind.Number, parameter.Value.GetProperty("value").ValueKind);
            Assert.Contains(parameter.Name, models);
        }
        Assert.Equal(NeuronDsl.CSharp.Neurons.ByName("hh").Model.Parameters.Count,
            summary.GetProperty("model").GetProperty("parameters").EnumerateObject().Count());
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("seed").ValueKind);
    }

    [Fact]
    public void FiWritesASummaryToo()
    {
        using var cli = new CliRunner();
        var (code, _, error) = cli.Run("fi", "-m", "lif", "--from", "0", "--to", "500", "--steps", "3", "-d", "100",
            "--method", "exact", "--dt", "0.1", "-o", cli.PathOf("fi"));
        Assert.True(code == 0, error);
        var summary = CheckComplete(cli.PathOf("fi"));
        Assert.Equal("Completed", summary.GetProperty("status").GetString());
        Assert.Contains("fi.csv", summary.GetProperty("files").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void AnOutThatIsAFileIsRefusedBeforeTheRunWithExitCode3()
    {
        using var cli = new CliRunner();
        var file = cli.PathOf("taken");
        File.WriteAllText(file, "not a folder");
        var (code, _, error) = cli.Run("simulate", "-m", "lif", "-i", "const:300", "-o", file);
        Assert.Equal(3, code);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Equal("not a folder", File.ReadAllText(file));
    }

    [Fact]
    public void AnOutThatCannotBeCreatedGetsExitCode3()
    {
        using var cli = new CliRunner();
        var (code, _, error) = cli.Run("simulate", "-m", "lif", "-i", "const:300", "-o", "/proc/neurondsl-cannot-write-here");
        Assert.Equal(3, code);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void SeveralRunsIntoOneOutNeverMix()
    {
        using var cli = new CliRunner();
        var runs = Enumerable.Range(0, 4).Select(k => cli.StartProcess(
            ["simulate", "-m", "hh", "-i", $"const:{5 + k}", "-d", "1000", "--record-every", "0.01", "-o", "out"])).ToArray();
        var codes = runs.Select(p =>
        {
            p.StandardOutput.ReadToEnd();
            var error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode is 0 or 3, error);
            return p.ExitCode;
        }).ToArray();
        Assert.Contains(0, codes);
        var summary = CheckComplete(cli.PathOf("out"));
        // The folder is one run's: its spikes are the ones its summary counts.
        Assert.Equal(summary.GetProperty("spike_count").GetInt32(), File.ReadAllLines(cli.PathOf("out", "spikes.csv")).Length - 1);
        Assert.Empty(cli.HiddenEntries());
    }

    [Theory]
    [InlineData("-INT")]
    [InlineData("-TERM")]
    public void InterruptingARunLeavesTheEarlierRunWholeAndNoTemporaryFiles(string signal)
    {
        using var cli = new CliRunner();
        Assert.Equal(0, cli.Run("simulate", "-m", "lif", "-i", "const:300", "-d", "100", "-o", cli.PathOf("out")).Code);
        var before = Directory.GetFiles(cli.PathOf("out")).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

        // About 10^8 RK4 steps: many seconds, writing trace.csv all along.
        using var run = cli.StartProcess(["simulate", "-m", "lif", "-i", "const:300", "-d", "1000000", "--record-every", "1", "-o", "out"]);
        var clock = Stopwatch.StartNew();
        while (!Directory.EnumerateFiles(cli.Directory, "trace.csv", SearchOption.AllDirectories).Any(f => f.Contains("neurondsl-tmp"))
               && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.Sleep(20);
        }
        Thread.Sleep(200); // writing, mid-run
        Assert.False(run.HasExited, "the run should still be going");
        Assert.NotEmpty(cli.HiddenEntries()); // its files are being written, hidden beside --out
        using (var kill = Process.Start("kill", [signal, run.Id.ToString()])) kill.WaitForExit();
        Assert.True(run.WaitForExit(30_000), "the run should stop after SIGINT");
        Assert.Equal(130, run.ExitCode);

        var after = Directory.GetFiles(cli.PathOf("out")).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (name, bytes) in before) Assert.Equal(bytes, after[name]);
        Assert.Empty(cli.HiddenEntries());
    }
}
