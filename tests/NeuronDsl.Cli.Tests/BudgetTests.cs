namespace NeuronDsl.Cli.Tests;

/// <summary>What a run would cost is checked before it starts; what cannot finish or fit is refused.</summary>
public class BudgetTests
{
    [Theory]
    [InlineData(4, "simulate", "-m", "lif", "-i", "const:300", "--dt", "1e-300", "-o", "out")]
    [InlineData(4, "simulate", "-m", "lif", "-i", "pulse:100,1e-297,1e-296", "-o", "out")]
    [InlineData(4, "fi", "-m", "lif", "--from", "0", "--to", "1", "--steps", "2147483647", "-o", "out")]
    [InlineData(4, "fi", "-m", "lif", "--from", "0", "--to", "1", "--steps", "3", "-d", "1e12", "--method", "exact", "--dt", "0.1", "-o", "out")]
    [InlineData(4, "simulate", "-m", "lif", "-i", "const:300", "-d", "1e7", "--method", "exact", "--dt", "0.1", "-o", "out")]
    [InlineData(4, "simulate", "-m", "lif", "-i", "const:300", "-d", "1000", "--record-every", "1e-4", "--plot", "-o", "out")]
    [InlineData(2, "simulate", "-m", "lif", "-i", "const:300", "--record-every", "1e-320", "-o", "out")]
    [InlineData(2, "simulate", "-m", "lif", "-i", "csv:/dev/zero", "-o", "out")]
    public void ARunThatCannotFinishOrFitIsRefusedInOneLineBeforeAnythingIsWritten(int expected, params string[] args)
    {
        using var cli = new CliRunner();
        var (code, output, error) = cli.Run(args.Select(a => a == "out" ? cli.PathOf("out") : a).ToArray());
        Assert.Equal(expected, code);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Equal("", output);
        Assert.Empty(Directory.GetFileSystemEntries(cli.Directory));
    }

    [Fact]
    public void AnInputCsvWithTooManyRowsIsRefused()
    {
        using var cli = new CliRunner();
        var csv = cli.PathOf("long.csv");
        using (var writer = new StreamWriter(csv))
        {
            for (var k = 0; k <= 1_000_000; k++) writer.Write($"{k},1\n");
        }
        var (code, _, error) = cli.Run("simulate", "-m", "lif", "-i", "csv:" + csv, "-d", "10", "-o", cli.PathOf("out"));
        Assert.Equal(4, code);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(cli.PathOf("out")));
    }

    [Fact]
    public void ALongRunWithATraceRunsInBoundedMemory()
    {
        // 2·10^7 exact steps and 2·10^6 trace rows (about 80 MB of samples if kept) under a 48 MB GC heap limit:
        // only a run that streams its samples to disk can finish.
        using var cli = new CliRunner();
        using var run = cli.StartProcess(
            ["simulate", "-m", "lif", "-i", "const:300", "-d", "2000000", "--method", "exact", "--dt", "0.1", "--record-every", "1", "-o", "out"],
            new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x3000000" });
        run.StandardOutput.ReadToEnd();
        var error = run.StandardError.ReadToEnd();
        run.WaitForExit();
        Assert.True(run.ExitCode == 0, error);
        Assert.Equal(2_000_002, File.ReadLines(cli.PathOf("out", "trace.csv")).Count());
    }
}
