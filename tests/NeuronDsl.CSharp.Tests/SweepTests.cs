using NeuronDsl.CSharp;

namespace NeuronDsl.CSharp.Tests;

public class SweepTests
{
    private static readonly Neuron Lif = Neurons.ByName("lif");

    private static Sweep CurrentSweep(params double[] currents) =>
        Sweep.Of(Lif, SweepInput.Constant(0), duration: 500, Solvers.Exact(0.1))
            .WithInputAxis(SweepValues.List(currents));

    private static Sweep TwoAxes() =>
        Sweep.Of(Lif, SweepInput.Constant(300).WithNoise(50, 1), duration: 100, Solvers.RungeKutta4(0.05))
            .WithParameterAxis("C", SweepValues.Linear(150, 250, 3))
            .WithSeedAxis(SweepValues.List(1, 2))
            .KeepingSpikes();

    /// <summary>The LIF interspike interval from reset, t_ref + τ ln((RI + E_L − V_reset)/(RI + E_L − V_th)), in ms.</summary>
    private static double ClosedFormInterval(IReadOnlyDictionary<string, double> p, double current)
    {
        var drive = p["R"] * current + p["E_L"];
        return p["t_ref"] + p["R"] * p["C"] * Math.Log((drive - p["V_reset"]) / (drive - p["V_th"]));
    }

    [Fact]
    public void ACurrentSweepFiresAtTheClosedFormRate()
    {
        double[] currents = [250, 400, 800];
        var result = Simulator.RunSweep(CurrentSweep(currents));
        Assert.Equal(["input"], result.AxisNames);
        Assert.Equal(["pA"], result.AxisUnits);
        for (var k = 0; k < currents.Length; k++)
        {
            var interval = ClosedFormInterval(Lif.Parameters, currents[k]);
            // Exact integration places spikes to ~1e-9 ms: a mean interval is off by at most 2e-9 ms.
            var tolerance = 1000 * 2e-9 / (interval * interval);
            Assert.Equal(currents[k], result.Rows[k].Point[0]);
            Assert.InRange(result.Rows[k].SteadyRate, 1000 / interval - tolerance, 1000 / interval + tolerance);
        }
    }

    [Fact]
    public void RowsAreTheSameOnOneAndTwoThreadsAndRunByRun()
    {
        var sweep = TwoAxes();
        Assert.Equal(6, sweep.RunCount);
        var serial = Simulator.RunSweep(sweep, parallelism: 1);
        var parallel = Simulator.RunSweep(sweep, parallelism: 2);
        Assert.Equal(serial.Rows, parallel.Rows);
        for (var k = 0; k < serial.Rows.Count; k++)
        {
            Assert.Equal(k, serial.Rows[k].Index);
            Assert.Equal(serial.Rows[k], Simulator.RunSweepRun(sweep, k));
            Assert.NotEmpty(serial.Rows[k].SpikeTimes);
        }
    }

    [Fact]
    public void ARowReadsBackFromItsTextBitForBit()
    {
        foreach (var row in Simulator.RunSweep(TwoAxes()).Rows)
        {
            Assert.Equal(row, SweepRow.Parse(row.ToText()));
        }
    }

    [Fact]
    public void AnUnknownParameterIsRefusedWithTheKnownNames()
    {
        var sweep = CurrentSweep(300).WithParameterAxis("Cm", SweepValues.List(1));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.RunSweep(sweep));
        Assert.Equal("axes[1]", e.ParamName);
        Assert.Contains("'Cm'", e.Message);
        Assert.Contains("C, R, E_L, V_th, V_reset, t_ref", e.Message);
    }

    [Fact]
    public void ASweepOfABillionRunsIsRefusedWithItsSize()
    {
        var axis = SweepValues.Linear(0, 1, 1000);
        var sweep = CurrentSweep(1).WithParameterAxis("C", SweepValues.Linear(100, 200, 1000))
            .WithParameterAxis("R", SweepValues.Linear(0.1, 0.2, 1000)).WithInitialValueAxis("V", axis);
        var e = Assert.Throws<SweepTooLargeException>(() => Simulator.RunSweep(sweep));
        Assert.Equal(1e9, e.Runs);
        Assert.Contains("1e+09 runs", e.Message);
    }

    [Fact]
    public void AParameterOutOfRangeAtOnePointIsARejectedRow()
    {
        var sweep = CurrentSweep(400).WithParameterAxis("C", SweepValues.List(200, -5));
        var rows = Simulator.RunSweep(sweep).Rows;
        Assert.Equal(SweepRunStatus.Completed, rows[0].Status);
        Assert.Equal(SweepRunStatus.Rejected, rows[1].Status);
        Assert.Contains("C = -5", rows[1].Message);
    }

    [Fact]
    public void ACustomModelIsRefused()
    {
        var custom = Neurons.Custom("decay", [new StateVariable("v", "", 1.0)],
            derivative: (state, input, rates) => rates[0] = -state[0]);
        Assert.Throws<InvalidOperationException>(() => Sweep.Of(custom, SweepInput.Constant(0), 10, Solvers.Euler(0.1)));
    }

    [Fact]
    public async Task RunSweepAsyncReportsEveryRunAndStopsWhenCancelled()
    {
        var reports = new List<SweepProgress>();
        var progress = new SynchronousProgress<SweepProgress>(p => { lock (reports) reports.Add(p); });
        await Simulator.RunSweepAsync(TwoAxes(), progress);
        Assert.Equal(6, reports.Count);
        Assert.Equal(new SweepProgress(6, 6), reports.MaxBy(p => p.Done));

        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Simulator.RunSweepAsync(TwoAxes(), null, cancel.Token));
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
