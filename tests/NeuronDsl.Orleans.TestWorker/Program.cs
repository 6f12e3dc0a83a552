using NeuronDsl.Orleans;
using NeuronDsl.Orleans.TestWorker;

// Usage: --join HOST:PORT | --redis HOST:PORT [--slots N] [--version TEXT] [--join-timeout SECONDS]
var named = args.Chunk(2).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
var joining = named.TryGetValue("--redis", out var redis)
    ? new WorkerOptions(ClusterMembership.Redis(redis))
    : new WorkerOptions(ClusterAddress.Parse("--join", named.GetValueOrDefault("--join", "")));
var options = joining with
{
    Slots = int.Parse(named.GetValueOrDefault("--slots", "1")),
    JoinTimeout = TimeSpan.FromSeconds(double.Parse(named.GetValueOrDefault("--join-timeout", "10"))),
    Log = line => Console.Error.WriteLine($"worker: {line}"),
};
if (named.TryGetValue("--version", out var version)) options = options with { Version = version };
var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
try
{
    await WorkerHost.RunAsync(options, Executor(), stop.Token);
    return 0;
}
catch (ClusterException e)
{
    Console.Error.WriteLine($"worker: {e.Message}");
    return 3;
}

// NEURONDSL_TEST_HANG_FROM=K: this process never returns from a run of index K or more (a worker alive but hung);
// it records the run as started and writes its hang marker first, so a test knows it holds that run's lease.
static RunExecutor Executor()
{
    if (!long.TryParse(Environment.GetEnvironmentVariable("NEURONDSL_TEST_HANG_FROM"), out var hangFrom)) return TestJobs.Execute;
    return (document, index) =>
    {
        if (index >= hangFrom)
        {
            LifRuns.RecordStart(index);
            LifRuns.RecordHang(index);
            Thread.Sleep(Timeout.Infinite);
        }
        return TestJobs.Execute(document, index);
    };
}
