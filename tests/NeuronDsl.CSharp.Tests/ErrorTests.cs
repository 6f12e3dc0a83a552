using NeuronDsl.CSharp;

namespace NeuronDsl.CSharp.Tests;

public class ErrorTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void ATimeStepThatIsNotPositiveNamesDt(double dt)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Solvers.RungeKutta4(dt));
        Assert.Equal("dt", e.ParamName);
        Assert.Contains("expected a finite step > 0 ms", e.Message);
    }

    [Fact]
    public void ANegativeCapacitanceNamesTheParameterItsValueAndTheRange()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Neurons.ByName("lif").WithParameter("C", -200));
        Assert.Equal("C", e.ParamName);
        Assert.Contains("-200", e.Message);
        Assert.Contains("pF", e.Message);
        Assert.Contains("> 0", e.Message);
    }

    [Theory]
    [InlineData("hh", "g_K", -1.0)]
    [InlineData("lif", "t_ref", -0.5)]
    [InlineData("lif", "R", double.NaN)]
    [InlineData("if", "V_th", double.PositiveInfinity)]
    public void AValueOutsideTheDeclaredRangeNamesItsParameter(string model, string parameter, double value)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Neurons.ByName(model).WithParameter(parameter, value));
        Assert.Equal(parameter, e.ParamName);
        var info = Neurons.ByName(model).Model.Parameters.Single(p => p.Name == parameter);
        Assert.Contains(info.Unit, e.Message);
    }

    [Fact]
    public void AnUnknownParameterIsNamedAndTheValidOnesListed()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Neurons.ByName("lif").WithParameter("Capacitance", 200));
        Assert.Equal("Capacitance", e.ParamName);
        Assert.All(Neurons.ByName("lif").Model.Parameters, p => Assert.Contains(p.Name, e.Message));
    }

    [Fact]
    public void AnInitialValueOfAnUnknownVariableOrOutsideItsBoundsIsRejected()
    {
        Assert.Equal("W", Assert.Throws<ArgumentOutOfRangeException>(() => Neurons.ByName("lif").WithInitialValue("W", 0)).ParamName);
        Assert.Equal("V", Assert.Throws<ArgumentOutOfRangeException>(() => Neurons.ByName("lif").WithInitialValue("V", double.NaN)).ParamName);
        Assert.Equal("m", Assert.Throws<ArgumentOutOfRangeException>(() => Neurons.ByName("hh").WithInitialValue("m", 1.5)).ParamName);
    }

    [Fact]
    public void ACustomModelHasNoParametersToSet()
    {
        var custom = Neurons.Custom("plain", [new StateVariable("x", "", 0)], (s, i, r) => r[0] = i);
        Assert.Empty(custom.Parameters);
        Assert.Equal("tau", Assert.Throws<ArgumentOutOfRangeException>(() => custom.WithParameter("tau", 1)).ParamName);
    }

    [Fact]
    public void NegativeDurationIsRejectedWhenTheOptionIsSet()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => SimulationOptions.Default with { Duration = -1 });
        Assert.Equal("Duration", e.ParamName);
    }

    [Fact]
    public void AnUnknownRecordedVariableNamesRecordVariables()
    {
        var options = SimulationOptions.Default with { Duration = 1, RecordVariables = ["W"] };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.Run(Neurons.ByName("lif"), InputCurrent.Constant(0), options));
        Assert.Equal("RecordVariables", e.ParamName);
        Assert.Contains("'W'", e.Message);
    }

    [Fact]
    public void ExponentialEulerOnAModelWithoutLinearisationNamesTheSolver()
    {
        var custom = Neurons.Custom("plain", [new StateVariable("x", "", 0)], (s, i, r) => r[0] = i);
        var options = SimulationOptions.Default with { Duration = 1, Solver = Solvers.ExponentialEuler(0.1) };
        Assert.Equal("Solver", Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.Run(custom, InputCurrent.Constant(1), options)).ParamName);
    }

    [Fact]
    public void UnknownModelAndMethodNamesListTheValidOnes()
    {
        var model = Assert.Throws<ArgumentOutOfRangeException>(() => Neurons.ByName("izhikevich-2003"));
        Assert.Equal("name", model.ParamName);
        Assert.Contains("lif", model.Message);
        var method = Assert.Throws<ArgumentOutOfRangeException>(() => Solvers.ByName("rk45", 0.1));
        Assert.Contains("dopri5", method.Message);
    }

    [Fact]
    public void NullArgumentsThrowArgumentNullException()
    {
        Assert.Equal("neuron", Assert.Throws<ArgumentNullException>(() => Simulator.Run(null!, InputCurrent.Constant(0))).ParamName);
        Assert.Equal("input", Assert.Throws<ArgumentNullException>(() => Simulator.Run(Neurons.ByName("hh"), (InputCurrent)null!)).ParamName);
        Assert.Equal("derivative", Assert.Throws<ArgumentNullException>(() => Neurons.Custom("x", [new StateVariable("x", "", 0)], null!)).ParamName);
    }

    [Fact]
    public void AMalformedInputNamesItsField()
    {
        Assert.Equal("offset", Assert.Throws<ArgumentOutOfRangeException>(() => InputCurrent.Step(1, 10, 5)).ParamName);
        Assert.Equal("amplitude", Assert.Throws<ArgumentOutOfRangeException>(() => InputCurrent.Constant(double.NaN)).ParamName);
    }
}
