using NeuronDsl.CSharp;

namespace NeuronDsl.CSharp.Tests;

public class NetworkSweepTests
{
    private static readonly NetworkOptions Options = NetworkOptions.Default with { Duration = 50, Solver = Solvers.Exact(0.1) };

    /// <summary>Poisson drive at a rate onto 50 LIF neurons through fixed in-degree synapses with a delay, with the
    /// network's seed from the point; the fastest drive with the shortest delay is a combination this function refuses,
    /// as a user's may.</summary>
    private static Network Driven(IReadOnlyList<double> point) =>
        point[0] > 500 && point[1] < 1
            ? throw new ArgumentException($"rate {point[0]} Hz with delay {point[1]} ms: not a combination this study runs", "point")
            : Network.Create((uint)point[2])
            .WithPoissonSources("drive", 100, point[0])
            .WithPopulation("cells", Neurons.ByName("lif").Population(50).WithParameter("V_reset", -70))
            .WithProjection("drive", "cells", "V", Connector.FixedInDegree(20), SynapseValue.Constant(4), SynapseValue.Constant(point[1]));

    private static NetworkSweep Sweep() =>
        NetworkSweep.Of(Driven, Options)
            .WithAxis("rate", SweepValues.List(200, 800))
            .WithAxis("delay", SweepValues.List(1.5, 0.5))
            .WithAxis("seed", SweepValues.List(1, 2));

    [Fact]
    public void EachRowIsTheDirectRunAtItsPointAndRefusedPointsAreRejectedRows()
    {
        var sweep = Sweep();
        var reports = new List<SweepProgress>();
        var result = Simulator.RunNetworkSweep(sweep, runsAtOnce: 1, new SynchronousProgress<SweepProgress>(reports.Add));

        Assert.Equal(8, result.Rows.Count);
        Assert.Equal(["rate", "delay", "seed"], result.AxisNames);
        Assert.Equal(Enumerable.Range(1, 8).Select(k => new SweepProgress(k, 8)), reports);
        foreach (var row in result.Rows)
        {
            if (row.Point[0] > 500 && row.Point[1] < 1)
            {
                // Each value alone is fine; the function refuses the combination: a row with the reason.
                Assert.Equal(SweepRunStatus.Rejected, row.Status);
                Assert.Contains("rate 800 Hz with delay 0.5 ms", row.Message);
                Assert.Empty(row.Groups);
                continue;
            }
            var direct = Simulator.Run(Driven(row.Point), Options);
            var cells = Assert.Single(row.Groups);
            Assert.Equal(SweepRunStatus.Completed, row.Status);
            Assert.Equal(direct.Deliveries, row.Deliveries);
            Assert.Equal(direct.Spikes["cells"].Count, cells.Spikes);
            Assert.Equal(cells.Spikes / (50 * Options.Duration / 1000.0), cells.MeanRate);
            Assert.True(cells.Spikes > 0, $"the cells fire at {row.Point[0]} Hz");
        }
        Assert.True(result.Rows[4].Groups[0].Spikes > result.Rows[0].Groups[0].Spikes, "a stronger drive, more spikes");
    }

    [Fact]
    public void RowsAreBitIdenticalForOneOrThreeRunsAtOnceAndAloneWithTheSameSeed()
    {
        var sweep = Sweep();
        var serial = Simulator.RunNetworkSweep(sweep, 1).Rows;
        var spread = Simulator.RunNetworkSweep(sweep, 3).Rows;
        for (var k = 0; k < serial.Count; k++)
        {
            var alone = Simulator.RunNetworkSweepRun(sweep, k);
            var sent = NetworkSweepRow.Parse(serial[k].ToText()); // as a worker on another machine sends it back
            foreach (var other in new[] { spread[k], alone, sent })
            {
                Assert.Equal(serial[k].Message, other.Message);
                Assert.Equal(serial[k].Groups, other.Groups); // records: every field, NaN equal to NaN
                Assert.Equal(serial[k].Groups.Select(g => BitConverter.DoubleToInt64Bits(g.MeanCv)),
                    other.Groups.Select(g => BitConverter.DoubleToInt64Bits(g.MeanCv)));
            }
        }
        Assert.NotEqual(serial[0].Groups[0].Spikes, serial[1].Groups[0].Spikes); // seeds 1 and 2
    }

    [Fact]
    public void RowsSentBackAsTextMakeTheResultOfTheSweepAndOutOfOrderRowsAreRefused()
    {
        var sweep = Sweep();
        var local = Simulator.RunNetworkSweep(sweep);
        // As a coordinator assembles them from workers' lines, which may arrive in any order.
        var received = local.Rows.Reverse().Select(r => NetworkSweepRow.Parse(r.ToText())).ToList();
        var result = NetworkSweepResult.FromRows(sweep, received.OrderBy(r => r.Index));
        Assert.Equal(local.Rows.Select(r => r.ToText()), result.Rows.Select(r => r.ToText()));
        Assert.Equal(local.AxisNames, result.AxisNames);

        var e = Assert.Throws<ArgumentException>(() => NetworkSweepResult.FromRows(sweep, received));
        Assert.Equal("rows", e.ParamName);
        Assert.Contains("rows[0] is run 7; expected run 0", e.Message);
        Assert.Throws<ArgumentException>(() => NetworkSweepResult.FromRows(sweep, received.OrderBy(r => r.Index).Skip(1)));
    }

    [Fact]
    public void ALineThatIsNotARowIsRefusedNamingTheField()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => NetworkSweepRow.Parse("0\tCompleted\t\t5\t0\tdone\textra"));
        Assert.Equal("line", e.ParamName);
        Assert.Contains("7 fields; expected 6 + 7 per group, 6 for 0 groups", e.Message);
    }

    [Fact]
    public void AValueTheNetworkRefusesIsNamedWithItsAxisBeforeAnythingRuns()
    {
        var sweep = NetworkSweep.Of(Driven, Options)
            .WithAxis("rate", SweepValues.List(200, -10))
            .WithAxis("delay", SweepValues.List(1.5))
            .WithAxis("seed", SweepValues.List(1));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.CheckNetworkSweep(sweep));
        Assert.Equal("axes[0]", e.ParamName);
        Assert.Contains("axes[0] (rate) value -10", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.RunNetworkSweep(sweep));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void AFanoBinThatIsNotAFinitePositiveWidthIsRefusedAtOnce(double milliseconds)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Sweep().WithFanoBin(milliseconds));
        Assert.Equal("milliseconds", e.ParamName);
        Assert.Contains("expected a finite width > 0 ms", e.Message);
    }

    [Fact]
    public void ANetworkFunctionThatThrowsOtherThanAnArgumentErrorStopsTheSweepWithItsException()
    {
        // (800, 0.5) is two axis values away from the first point, so the check does not build it.
        var sweep = NetworkSweep.Of(p => p[0] > 500 && p[1] < 1 ? throw new InvalidOperationException("no network here") : Driven(p), Options)
            .WithAxis("rate", SweepValues.List(200, 800))
            .WithAxis("delay", SweepValues.List(1.5, 0.5))
            .WithAxis("seed", SweepValues.List(1));
        foreach (var runsAtOnce in new[] { 1, 2 })
        {
            var e = Assert.Throws<InvalidOperationException>(() => Simulator.RunNetworkSweep(sweep, runsAtOnce));
            Assert.Equal("no network here", e.Message);
        }
    }

    [Fact]
    public void TooManyRunsAreRefusedWithTheSize()
    {
        var sweep = NetworkSweep.Of(Driven, Options)
            .WithAxis("rate", SweepValues.Linear(100, 200, 2000))
            .WithAxis("delay", SweepValues.Linear(1, 2, 1000))
            .WithAxis("seed", SweepValues.List(1));
        var e = Assert.Throws<SweepTooLargeException>(() => Simulator.CheckNetworkSweep(sweep));
        Assert.Contains("2e+06 runs", e.Message);
    }
}
