using NeuronDsl.CSharp;

namespace NeuronDsl.CSharp.Tests;

/// <summary>Bad population input is refused with the field's name, the value and what was expected.</summary>
public class PopulationErrorTests
{
    private static Population Lif(int count) => Neurons.ByName("lif").Population(count);

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void ACountBelowOneNamesCount(int count)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Neurons.ByName("lif").Population(count));
        Assert.Equal("count", e.ParamName);
        Assert.Contains($"count = {count}", e.Message);
    }

    [Fact]
    public void ACustomModelCannotMakeAPopulation()
    {
        var custom = Neurons.Custom("plain", [new StateVariable("x", "", 0)], (s, i, r) => r[0] = i);
        var e = Assert.Throws<InvalidOperationException>(() => custom.Population(10));
        Assert.Contains("equations", e.Message);
    }

    [Theory]
    [InlineData("euler")]
    [InlineData("heun")]
    [InlineData("dopri5")]
    public void ASolverThePopulationEngineDoesNotRunNamesSolver(string method)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            PopulationOptions.Default with { Solver = Solvers.ByName(method, 0.1) });
        Assert.Equal("Solver", e.ParamName);
        Assert.Contains(method, e.Message);
        Assert.Contains("exact, rk4, exponential-euler", e.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.PositiveInfinity)]
    public void ADurationThatIsNotPositiveAndFiniteNamesDuration(double duration)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => PopulationOptions.Default with { Duration = duration });
        Assert.Equal("Duration", e.ParamName);
        Assert.Contains("expected a finite duration > 0 ms", e.Message);
    }

    [Fact]
    public void ExactIntegrationOfANonlinearModelNamesSolverWhenItRuns()
    {
        var options = PopulationOptions.Default with { Duration = 10, Solver = Solvers.Exact(0.01) };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.Run(Neurons.ByName("hh").Population(2), options));
        Assert.Equal("Solver", e.ParamName);
        Assert.Contains("linear", e.Message);
    }

    [Fact]
    public void CurrentsOfTheWrongLengthNameCurrentsAndBothLengths()
    {
        var e = Assert.Throws<ArgumentException>(() => Lif(4).WithCurrents([100, 200, 300]));
        Assert.Equal("currents", e.ParamName);
        Assert.Contains("3 currents; expected one per neuron, 4", e.Message);
    }

    [Fact]
    public void ANonFiniteCurrentNamesItsNeuron()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Lif(3).WithCurrents([100, double.NaN, 300]));
        Assert.Equal("currents", e.ParamName);
        Assert.Contains("currents[1] = NaN pA", e.Message);
        Assert.Equal("last", Assert.Throws<ArgumentOutOfRangeException>(() => Lif(3).WithCurrentsSpread(0, double.PositiveInfinity)).ParamName);
    }

    [Fact]
    public void AnUnknownParameterIsNamedAndTheValidOnesListed()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Lif(2).WithParameter("Capacitance", 200));
        Assert.Equal("Capacitance", e.ParamName);
        Assert.All(Neurons.ByName("lif").Model.Parameters, p => Assert.Contains(p.Name, e.Message));
        Assert.Equal("Capacitance", Assert.Throws<ArgumentOutOfRangeException>(() => Lif(2).WithParameterPerNeuron("Capacitance", [1, 2])).ParamName);
    }

    [Fact]
    public void AParameterValueOutOfRangeNamesTheParameterTheNeuronTheValueAndTheRange()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Lif(3).WithParameterPerNeuron("C", [200, -1, 200]));
        Assert.Equal("C", e.ParamName);
        Assert.Contains("neuron 1: C = -1 pF; expected a finite number > 0 pF", e.Message);
        var shared = Assert.Throws<ArgumentOutOfRangeException>(() => Lif(3).WithParameter("t_ref", -2));
        Assert.Equal("t_ref", shared.ParamName);
        Assert.Contains("t_ref = -2 ms", shared.Message);
        Assert.Equal("C", Assert.Throws<ArgumentOutOfRangeException>(() => Lif(3).WithParameterSpread("C", 100, -100)).ParamName);
    }

    [Fact]
    public void PerNeuronParametersOfTheWrongLengthNameValues()
    {
        var e = Assert.Throws<ArgumentException>(() => Lif(3).WithParameterPerNeuron("C", [200, 300]));
        Assert.Equal("values", e.ParamName);
        Assert.Contains("2 values of C; expected one per neuron, 3", e.Message);
    }

    [Fact]
    public void InitialValuesAreCheckedPerNeuron()
    {
        Assert.Equal("W", Assert.Throws<ArgumentOutOfRangeException>(() => Lif(2).WithInitialValue("W", 0)).ParamName);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Neurons.ByName("hh").Population(3).WithInitialValues("m", [0.1, 0.2, 1.5]));
        Assert.Equal("m", e.ParamName);
        Assert.Contains("neuron 2", e.Message);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => Lif(2).WithInitialValues("V", [-70])).ParamName);
    }

    [Fact]
    public void RecordingsNameTheirBadArgument()
    {
        var neuron = Assert.Throws<ArgumentOutOfRangeException>(() => Lif(5).RecordStates([0, 5], ["V"], 1));
        Assert.Equal("neurons", neuron.ParamName);
        Assert.Contains("neuron 5; expected 0 to 4", neuron.Message);
        Assert.Equal("variables", Assert.Throws<ArgumentOutOfRangeException>(() => Lif(5).RecordStates([0], ["W"], 1)).ParamName);
        Assert.Equal("intervalMs", Assert.Throws<ArgumentOutOfRangeException>(() => Lif(5).RecordStates([0], ["V"], 0)).ParamName);
        Assert.Equal("binMs", Assert.Throws<ArgumentOutOfRangeException>(() => Lif(5).RecordRate(double.NaN)).ParamName);
        Assert.Throws<InvalidOperationException>(() => Lif(5).RecordStates([0], ["V"], 1).RecordStates([1], ["V"], 1));
    }

    [Fact]
    public void ARecordingIntervalOffTheStepGridNamesIntervalMsWhenItRuns()
    {
        var population = Lif(2).RecordStates([0], ["V"], 0.25);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Simulator.Run(population, PopulationOptions.Default with { Duration = 10, Solver = Solvers.Exact(0.1) }));
        Assert.Equal("intervalMs", e.ParamName);
        Assert.Contains("multiple of the step", e.Message);
    }
}
