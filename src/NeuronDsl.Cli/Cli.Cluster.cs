using System.CommandLine;
using System.Text.Json.Nodes;
using NeuronDsl.Orleans;

namespace NeuronDsl.Cli;

using SweepResult = NeuronDsl.CSharp.SweepResult;

/// <summary>
/// neurondsl worker --join HOST:PORT | --redis HOST:PORT, and neurondsl sweep FILE --cluster HOST:PORT [--redis HOST:PORT]
/// | --workers N: a sweep's runs over worker processes on Orleans (NeuronDsl.Orleans), with the same rows as the local run.
/// </summary>
internal static partial class Cli
{
    private static readonly Option<string> ClusterAt = new("--cluster") { Description = "run on a cluster: this process is the coordinator at HOST:PORT, and workers started with `neurondsl worker --join HOST:PORT` on any machine join it", HelpName = "HOST:PORT" };
    private static readonly Option<int?> LocalWorkers = new("--workers") { Description = "run on N worker processes started on this machine (a cluster on 127.0.0.1)", HelpName = "N" };
    private static readonly Option<string> JournalFile = new("--journal") { Description = "with --cluster or --workers: the file rows are appended to as they arrive [default: the --out folder's name + .journal]", HelpName = "FILE" };
    private static readonly Option<bool> Resume = new("--resume") { Description = "with --cluster or --workers: reopen the journal and run only the runs it does not hold" };
    private static readonly Option<double?> LeaseSeconds = new("--lease-deadline") { CustomParser = SecondsText, Description = $"with --cluster or --workers: the least time a worker may hold a batch of runs without reporting it before the batch is taken back and handed out again, as a lost worker's is (the deadline is the longer of this and {LeaseDeadline.Default.Multiple} × the batch's expected time, from the median time per run) [default: {LeaseDeadline.Default.Minimum.TotalSeconds}]", HelpName = "SECONDS" };
    private static readonly Option<string> Join = new("--join") { Description = "the coordinator's HOST:PORT, as given to its --cluster", HelpName = "HOST:PORT" };
    private static readonly Option<string> RedisAt = new("--redis") { Description = "keep the cluster's membership in the Redis server at HOST:PORT (the coordinator's --cluster and a worker's --redis name the same server): workers find a coordinator that restarted at any address [default: the coordinator holds it]", HelpName = "HOST:PORT" };
    private static readonly Option<int> WorkerPort = new("--port") { Description = "this worker's silo port, which the coordinator and the other workers connect to; 0 picks a free one", DefaultValueFactory = _ => 0, HelpName = "PORT" };
    private static readonly Option<double> JoinTimeout = new("--join-timeout") { Description = "seconds to wait for the coordinator to answer before giving up", DefaultValueFactory = _ => 10.0, HelpName = "SECONDS" };
    private static readonly Option<int> Slots = new("--slots") { Description = "runs at once [default: the number of cores]", DefaultValueFactory = _ => Environment.ProcessorCount, HelpName = "N" };

    /// <summary>The sweep command's cluster options (registered with the sweep command).</summary>
    private static Command WithClusterOptions(Command sweep)
    {
        foreach (var option in new Option[] { ClusterAt, RedisAt, LocalWorkers, JournalFile, Resume, LeaseSeconds }) sweep.Options.Add(option);
        return sweep;
    }

    private static Command WorkerCommand() => new("worker", "join a sweep's coordinator (--join HOST:PORT, or through Redis: --redis HOST:PORT) and run its runs until interrupted (Ctrl-C); serves sweep after sweep. The coordinator and every worker need the same build")
    {
        Join, RedisAt, WorkerPort, Slots, JoinTimeout,
    };

    private static int RunWorker(ParseResult parsed, TextWriter error, CancellationToken cancellation)
    {
        var slots = parsed.GetValue(Slots);
        if (slots < 1) throw new UsageException($"--slots is {slots}; expected at least 1");
        var joinTimeout = Seconds(JoinTimeout, parsed.GetValue(JoinTimeout));
        var (join, redis) = (parsed.GetValue(Join), parsed.GetValue(RedisAt));
        if (join is null == redis is null)
            throw new UsageException(join is null
                ? "worker needs --join HOST:PORT (the coordinator's --cluster) or --redis HOST:PORT (the cluster's Redis server)"
                : $"--join {join} and --redis {redis} both given; expected one of them");
        var joining = redis is not null
            ? new WorkerOptions(ClusterMembership.Redis(Address("--redis", redis)))
            : new WorkerOptions(Address("--join", join!));
        var options = joining with
        {
            Port = parsed.GetValue(WorkerPort),
            Slots = slots,
            JoinTimeout = joinTimeout,
            Version = SweepOnCluster.Version,
            Log = line => error.WriteLine($"neurondsl worker: {line}"),
        };
        try
        {
            WorkerHost.RunAsync(options, SweepOnCluster.Execute, cancellation).GetAwaiter().GetResult();
            return ExitCode.Done;
        }
        catch (OperationCanceledException)
        {
            return ExitCode.Done; // Ctrl-C is how a worker is stopped
        }
    }

    /// <summary>The sweep's rows: in this process, or on the cluster --cluster or --workers asks for (with the
    /// cluster's account of them).</summary>
    private static (SweepResult Result, Orleans.SweepResult? Cluster) RunSweep(ParseResult parsed, SweepPlan plan,
        string output, CancellationToken cancellation)
    {
        // The workers get the file's text: parse that very text here too, so both sides run the same sweep.
        var text = File.ReadAllText(plan.File);
        var again = SweepPlan.Parse(plan.File, text);
        var cluster = RunOnCluster(parsed, SweepOnCluster.Document(again, text), again.RunCount, plan.Neuron.Name, output, cancellation);
        return cluster is null
            ? (RunSweepWithProgress(plan.Neuron.Name, plan.Sweep, cancellation), null)
            : (SweepResult.FromRows(again.Sweep, cluster.Rows.Select(row => SweepOnCluster.RowOf(again, row))), cluster);
    }

    /// <summary>The cluster's rows in run order from the cluster --cluster or --workers asks for; null without either
    /// (the caller runs the sweep in this process).</summary>
    private static Orleans.SweepResult? RunOnCluster(ParseResult parsed, string document, int runCount, string title,
        string output, CancellationToken cancellation)
    {
        var at = parsed.GetValue(ClusterAt);
        var workers = parsed.GetValue(LocalWorkers);
        var redis = parsed.GetValue(RedisAt);
        if (redis is not null && at is null)
            throw new UsageException($"--redis {redis} applies to a sweep on a cluster; expected --cluster HOST:PORT with it");
        if (at is null && workers is null)
        {
            foreach (var option in new Option[] { Resume, JournalFile, LeaseSeconds })
                if (parsed.GetResult(option) is { Implicit: false })
                    throw new UsageException($"{option.Name} applies to a sweep on a cluster; expected --cluster HOST:PORT or --workers N");
            return null;
        }
        if (at is not null && workers is not null)
            throw new UsageException($"--cluster {at} and --workers {workers} both given; expected one of them");
        if (workers is < 1 or > 64)
            throw new UsageException($"--workers is {workers}; expected from 1 to 64 local worker processes");
        var leaseDeadline = parsed.GetValue(LeaseSeconds) is { } seconds
            ? LeaseDeadline.Default with { Minimum = Seconds(LeaseSeconds, seconds) }
            : LeaseDeadline.Default;
        var journal = parsed.GetValue(JournalFile) ?? Path.GetFullPath(output).TrimEnd(Path.DirectorySeparatorChar) + ".journal";
        var run = new SweepOnCluster(document, runCount, title, journal, parsed.GetValue(Resume), leaseDeadline);
        var membership = redis is not null ? ClusterMembership.Redis(Address("--redis", redis)) : ClusterMembership.Development;
        return at is not null
            ? run.OnCluster(Address("--cluster", at), membership, cancellation)
            : run.OnLocalWorkers(workers!.Value, cancellation);
    }

    /// <summary>summary.json's account of a cluster sweep, as <see cref="Orleans.SweepResult"/> gives it.</summary>
    private static JsonObject ClusterSummary(Orleans.SweepResult cluster) => new()
    {
        ["from_journal"] = cluster.FromJournal, ["executed"] = cluster.Executed, ["duplicates"] = cluster.Duplicates,
        ["requeued"] = cluster.Requeued, ["expired_leases"] = cluster.Expired, ["workers_used"] = cluster.WorkersUsed,
        ["meaning"] = "from_journal: rows read back from the journal (--resume), not run again; executed: rows that workers sent in this sweep; duplicates: further rows for runs that had one, dropped; requeued: runs handed out again after their worker was lost or their lease expired; expired_leases: leases taken back at their deadline; workers_used: workers accepted",
    };

    /// <summary>A number of seconds an option gives: more than 0, at most a day.</summary>
    private static TimeSpan Seconds(Option option, double seconds) => seconds is > 0 and <= 86400
        ? TimeSpan.FromSeconds(seconds)
        : throw new UsageException($"{option.Name} is {seconds}; expected {SecondsRange}");

    private const string SecondsRange = "seconds from more than 0 to 86400";

    /// <summary>An option's text as a number of seconds; not a number is an error naming the option and the text.</summary>
    private static double? SecondsText(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            return seconds;
        result.AddError($"{((System.CommandLine.Parsing.OptionResult)result.Parent!).Option.Name} is \"{text}\"; expected {SecondsRange}");
        return null;
    }

    /// <summary>HOST:PORT from an option; a malformed one is a usage error.</summary>
    private static System.Net.IPEndPoint Address(string option, string text)
    {
        try
        {
            return ClusterAddress.Parse(option, text);
        }
        catch (ClusterException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
