using NeuronDsl.CSharp;

namespace NeuronDsl.CSharp.Tests;

public class SweepFromRowsTests
{
    private static Sweep TwoAxes() =>
        Sweep.Of(Neurons.ByName("lif"), SweepInput.Constant(300).WithNoise(50, 1), duration: 100, Solvers.RungeKutta4(0.05))
            .WithParameterAxis("C", SweepValues.Linear(150, 250, 3))
            .WithSeedAxis(SweepValues.List(1, 2));

    [Fact]
    public void RowsRunOneByOneAndReadBackFromTextMakeTheLocalResult()
    {
        var sweep = TwoAxes();
        var local = Simulator.RunSweep(sweep);
        var elsewhere = Enumerable.Range(0, 6).Select(k => SweepRow.Parse(Simulator.RunSweepRun(sweep, k).ToText()));

        var result = SweepResult.FromRows(sweep, elsewhere);

        Assert.Equal(local.Rows, result.Rows);
        Assert.Equal(local.AxisNames, result.AxisNames);
        Assert.Equal(local.AxisValues, result.AxisValues);
    }

    [Fact]
    public void RowsOutOfOrderOrTooFewAreRefusedNamingTheRow()
    {
        var sweep = TwoAxes();
        var rows = Simulator.RunSweep(sweep).Rows;

        var swapped = Assert.Throws<ArgumentException>(() => SweepResult.FromRows(sweep, [rows[1], rows[0], .. rows.Skip(2)]));
        var short_ = Assert.Throws<ArgumentException>(() => SweepResult.FromRows(sweep, rows.Take(5)));

        Assert.Equal("rows", swapped.ParamName);
        Assert.Contains("rows[0] is run 1; expected run 0", swapped.Message);
        Assert.Contains("rows has 5 rows; expected one per run, 6", short_.Message);
    }
}
