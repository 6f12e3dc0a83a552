using System.Diagnostics;
using System.Globalization;
using NeuronDsl.ClusterBench;
using NeuronDsl.Orleans;

// `worker HOST:PORT` runs a worker; otherwise: per-run overhead of a cluster sweep on this machine.
if (args is ["worker", var join])
{
    var options = new WorkerOptions(ClusterAddress.Parse("worker", join)) { Slots = 1 };
    await WorkerHost.RunAsync(options, BenchRuns.Execute);
    return;
}

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, load average {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown")}");
Console.WriteLine("cluster: the coordinator in this process + 2 worker processes with 1 slot each, all on this machine;");
Console.WriteLine("on 2 cores this shows the cluster's overhead per run, not a speed-up.");
Console.WriteLine();
Console.WriteLine("overhead = cluster wall time per run and slot (steady part) - the run's own time measured inside the worker;");
Console.WriteLine("in-worker time above in-process time is the two cores shared by the workers, the coordinator and anything else running");
Console.WriteLine();
Console.WriteLine("run length in-process (simulated) | runs | in-process ms/run | in-worker ms/run | cluster ms/run/slot | overhead ms/run | wall s (with start-up)");
// Simulated durations chosen on this machine so that one run costs about 1 ms and about 50 ms.
var msPerSimulatedMs = Calibrate();
foreach (var (target, runs) in new[] { (1.0, 2000), (50.0, 100) })
{
    var duration = Duration(target, msPerSimulatedMs);
    var document = duration.ToString(CultureInfo.InvariantCulture);
    BenchRuns.Execute(document, 0); // JIT and model compilation out of the measurement
    var local = Stopwatch.StartNew();
    for (var k = 0; k < runs; k++) BenchRuns.Execute(document, k);
    var localPerRun = local.Elapsed.TotalMilliseconds / runs;
    var timing = await ClusterTiming.MeasureAsync(new SweepJob(document, runs), workers: 2);
    var clusterPerRun = timing.SteadySeconds * 1000 * 2 / timing.SteadyRuns;
    var workerPerRun = timing.WorkerSecondsPerRun * 1000;
    Console.WriteLine($"{localPerRun:0.00} ms ({duration} ms) | {runs,4} | {localPerRun,17:0.000} | {workerPerRun,16:0.000} | {clusterPerRun,19:0.000} | {clusterPerRun - workerPerRun,15:0.000} | {timing.WallSeconds,5:0.0}");
}
Console.WriteLine();
var longRun = Duration(50.0, msPerSimulatedMs).ToString(CultureInfo.InvariantCulture);
var recovery = await ClusterTiming.MeasureKillAsync(new SweepJob(longRun, 100));
Console.WriteLine($"a worker killed (SIGKILL) mid-sweep: declared dead and its {recovery.Requeued} leased run(s) back in the queue {recovery.DetectionSeconds:0.0} s after the kill; every row still arrived once");

// The simulated duration whose run costs about `target` ms in-process: the first estimate rescaled once by the time
// such a run actually takes (a run's cost is not quite proportional to its duration: start-up, and a first estimate
// from shorter runs).
static double Duration(double target, double msPerSimulatedMs)
{
    var first = Math.Round(target / msPerSimulatedMs, 1);
    var text = first.ToString(CultureInfo.InvariantCulture);
    BenchRuns.Execute(text, 0);
    var clock = Stopwatch.StartNew();
    var runs = Math.Max(3, (int)(200 / target));
    for (var k = 0; k < runs; k++) BenchRuns.Execute(text, k);
    var measured = clock.Elapsed.TotalMilliseconds / runs;
    return Math.Round(first * target / measured, 1);
}

static double Calibrate()
{
    for (var k = 0; k < 5; k++) BenchRuns.Execute("200", k); // past tiered compilation
    var clock = Stopwatch.StartNew();
    for (var k = 0; k < 10; k++) BenchRuns.Execute("200", k);
    return clock.Elapsed.TotalMilliseconds / 10 / 200;
}
