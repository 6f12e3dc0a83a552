namespace NeuronDsl.Cli.Tests;

/// <summary>neurondsl sweep --workers / --cluster and neurondsl worker: the same files as the local sweep.</summary>
public class ClusterSweepCommandTests
{
    private static string Example(string name)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder!.FullName, "NeuronDsl.sln"))) folder = folder.Parent;
        return Path.Combine(folder.FullName, "examples", name);
    }

    // RK4 on Hodgkin-Huxley over current and sodium conductance, with one point out of range: spike times and rates
    // that depend on every floating-point operation, and a rejected run that must come back as the same row.
    private const string Mixed = """
        [sweep]
        model = "hh"
        duration = "60 ms"
        solver = "rk4"
        dt = "0.01 ms"

        [input]
        amplitude = "0 uA/cm^2"

        [[axis]]
        vary = "g_Na"
        values = ["120 mS/cm^2", "100 mS/cm^2", "-1 mS/cm^2"]

        [[axis]]
        vary = "input"
        from = "2 uA/cm^2"
        to = "20 uA/cm^2"
        count = 10
        """;

    [Fact]
    public void ASweepOnTwoLocalWorkerProcessesWritesTheLocalFilesByteForByte()
    {
        using var cli = new CliRunner();
        var mixed = cli.PathOf("mixed.toml");
        File.WriteAllText(mixed, Mixed);
        foreach (var file in new[] { Example("lif-sweep.toml"), mixed })
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var local = cli.Run("sweep", file, "--out", cli.PathOf(name, "local"));
            var cluster = cli.RunProcess("sweep", file, "--out", cli.PathOf(name, "cluster"), "--workers", "2");

            Assert.True(cluster.Code == local.Code, $"{name}: exit code {cluster.Code}, local {local.Code}: {cluster.Error}");
            Assert.Equal(File.ReadAllBytes(cli.PathOf(name, "local", "sweep.csv")), File.ReadAllBytes(cli.PathOf(name, "cluster", "sweep.csv")));
            Assert.Equal(File.ReadAllBytes(cli.PathOf(name, "local", "sweep.arrow")), File.ReadAllBytes(cli.PathOf(name, "cluster", "sweep.arrow")));
        }
        Assert.Contains(",Rejected,", File.ReadAllText(cli.PathOf("mixed", "cluster", "sweep.csv")));
    }

    [Fact]
    public void ANetworkSweepOnTwoLocalWorkerProcessesWritesTheLocalFilesByteForByte()
    {
        using var cli = new CliRunner();
        var file = Example("brunel-sweep.toml");
        var local = cli.Run("sweep", file, "--out", cli.PathOf("local"));
        var cluster = cli.RunProcess("sweep", file, "--out", cli.PathOf("cluster"), "--workers", "2");

        Assert.True(local.Code == 0, local.Error);
        Assert.True(cluster.Code == 0, $"exit code {cluster.Code}: {cluster.Error}");
        Assert.Equal(7, File.ReadAllLines(cli.PathOf("local", "sweep.csv")).Length);
        Assert.Equal(File.ReadAllBytes(cli.PathOf("local", "sweep.csv")), File.ReadAllBytes(cli.PathOf("cluster", "sweep.csv")));
        Assert.Equal(File.ReadAllBytes(cli.PathOf("local", "sweep.arrow")), File.ReadAllBytes(cli.PathOf("cluster", "sweep.arrow")));
    }

    [Fact]
    public void AFinishedClusterSweepResumedFromItsJournalRunsNothingAndWritesTheSameFiles()
    {
        using var cli = new CliRunner();
        var file = Example("lif-sweep.toml");
        var first = cli.RunProcess("sweep", file, "--out", cli.PathOf("first"), "--workers", "1", "--journal", cli.PathOf("lif.journal"));
        Assert.True(first.Code == 0, first.Error);

        var again = cli.Run("sweep", file, "--out", cli.PathOf("again"), "--workers", "1", "--journal", cli.PathOf("lif.journal"));
        // Refused before the coordinator binds its address (which is not this machine's): the journal is checked first.
        var elsewhere = cli.Run("sweep", file, "--out", cli.PathOf("again"), "--cluster", "192.0.2.10:11111", "--journal", cli.PathOf("lif.journal"));
        var resumed = cli.Run("sweep", file, "--out", cli.PathOf("resumed"), "--cluster", "192.0.2.10:11111", "--journal", cli.PathOf("lif.journal"), "--resume");

        Assert.Equal(5, again.Code);
        Assert.Contains("--resume", again.Error);
        Assert.Equal(5, elsewhere.Code);
        Assert.Contains("lif.journal already exists; resume it (--resume)", elsewhere.Error);
        Assert.False(Directory.Exists(cli.PathOf("again")));
        Assert.True(resumed.Code == 0, resumed.Error); // every row from the journal: the unreachable address is never used
        Assert.Equal(File.ReadAllBytes(cli.PathOf("first", "sweep.csv")), File.ReadAllBytes(cli.PathOf("resumed", "sweep.csv")));
    }

    [Theory]
    [InlineData("--cluster", "nowhere", "--cluster is \"nowhere\"; expected HOST:PORT")]
    [InlineData("--cluster", "127.0.0.1:99999", "--cluster has port \"99999\"")]
    [InlineData("--workers", "0", "--workers is 0; expected from 1 to 64")]
    [InlineData("--resume", null, "--resume applies to a sweep on a cluster; expected --cluster HOST:PORT or --workers N")]
    [InlineData("--journal", "sweep.journal", "--journal applies to a sweep on a cluster; expected --cluster HOST:PORT or --workers N")]
    [InlineData("--lease-deadline", "30", "--lease-deadline applies to a sweep on a cluster; expected --cluster HOST:PORT or --workers N")]
    [InlineData("--redis", "127.0.0.1:6379", "--redis 127.0.0.1:6379 applies to a sweep on a cluster; expected --cluster HOST:PORT")]
    public void ClusterOptionsOutOfPlaceAreUsageErrorsNamingTheOption(string option, string? value, string expected)
    {
        using var cli = new CliRunner();
        string[] args = ["sweep", Example("lif-sweep.toml"), "--out", cli.PathOf("out"), option];
        var (code, _, error) = cli.Run(value is null ? args : [.. args, value]);

        Assert.Equal(2, code);
        Assert.Contains(expected, error);
        Assert.False(Directory.Exists(cli.PathOf("out")));
    }

    [Theory]
    [InlineData("0", "--lease-deadline is 0; expected seconds from more than 0 to 86400")]
    [InlineData("-5", "--lease-deadline is -5; expected seconds from more than 0 to 86400")]
    [InlineData("NaN", "--lease-deadline is NaN; expected seconds from more than 0 to 86400")]
    [InlineData("86401", "--lease-deadline is 86401; expected seconds from more than 0 to 86400")]
    [InlineData("10s", "--lease-deadline is \"10s\"; expected seconds from more than 0 to 86400")]
    public void ALeaseDeadlineOutOfRangeIsAUsageErrorNamingTheOptionAndTheValue(string value, string expected)
    {
        using var cli = new CliRunner();
        var journal = cli.PathOf("sweep.journal");

        var (code, _, error) = cli.Run("sweep", Example("lif-sweep.toml"), "--out", cli.PathOf("out"), "--workers", "1",
            "--journal", journal, "--lease-deadline", value);

        Assert.Equal(2, code);
        Assert.Contains(expected, error);
        Assert.False(Directory.Exists(cli.PathOf("out")));
        Assert.False(File.Exists(journal)); // refused before a journal is started or a worker process
    }

    [Fact]
    public void TheHelpNamesTheLeaseDeadlineWithItsDefaultAndFactor()
    {
        using var cli = new CliRunner();

        var (code, help, _) = cli.Run("sweep", "--help");

        Assert.Equal(0, code);
        Assert.Contains("--lease-deadline <SECONDS>", help);
        Assert.Contains($"the longer of this and {NeuronDsl.Orleans.LeaseDeadline.Default.Multiple} × the batch's expected time", help);
        Assert.Contains($"[default: {NeuronDsl.Orleans.LeaseDeadline.Default.Minimum.TotalSeconds}]", help);
    }

    [Theory]
    [InlineData(new string[0], "worker needs --join HOST:PORT (the coordinator's --cluster) or --redis HOST:PORT")]
    [InlineData(new[] { "--join", "127.0.0.1:1", "--redis", "127.0.0.1:2" }, "--join 127.0.0.1:1 and --redis 127.0.0.1:2 both given")]
    [InlineData(new[] { "--redis", "nowhere" }, "--redis is \"nowhere\"; expected HOST:PORT")]
    public void AWorkerNeedsExactlyOneWayToJoin(string[] options, string expected)
    {
        using var cli = new CliRunner();

        var (code, _, error) = cli.Run(["worker", .. options]);

        Assert.Equal(2, code);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void AWorkerWhoseCoordinatorDoesNotAnswerExitsNamingTheAddress()
    {
        using var cli = new CliRunner();
        var port = CliRunner.FreePort();

        var (code, _, error) = cli.RunProcess("worker", "--join", $"127.0.0.1:{port}", "--join-timeout", "2");

        Assert.Equal(5, code);
        Assert.Contains($"cannot reach the coordinator at 127.0.0.1:{port} within 2 s", error);
    }
}
