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
        var p = LeakyIntegrateAndFireParameters.Default with { Capacitance = -200 };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Neurons.LeakyIntegrateAndFire(p));
        Assert.Equal("Capacitance", e.ParamName);
        Assert.Contains("Capacitance = -200 pF", e.Message);
        Assert.Contains("> 0 pF", e.Message);
    }

    [Fact]
    public void AThresholdBelowTheResetIsRejected()
    {
        var p = IntegrateAndFireParameters.Default with { Threshold = -80 };
        Assert.Equal("Threshold", Assert.Throws<ArgumentOutOfRangeException>(() => Neurons.IntegrateAndFire(p)).ParamName);
    }

    [Fact]
    public void ANegativeHodgkinHuxleyConductanceIsRejected()
    {
        var p = HodgkinHuxleyParameters.Default with { PotassiumConductance = -1 };
        Assert.Equal("PotassiumConductance", Assert.Throws<ArgumentOutOfRangeException>(() => Neurons.HodgkinHuxley(p)).ParamName);
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
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.Run(Neurons.LeakyIntegrateAndFire(), InputCurrent.Constant(0), options));
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
        Assert.Equal("input", Assert.Throws<ArgumentNullException>(() => Simulator.Run(Neurons.HodgkinHuxley(), (InputCurrent)null!)).ParamName);
        Assert.Equal("derivative", Assert.Throws<ArgumentNullException>(() => Neurons.Custom("x", [new StateVariable("x", "", 0)], null!)).ParamName);
    }

    [Fact]
    public void AMalformedInputNamesItsField()
    {
        Assert.Equal("offset", Assert.Throws<ArgumentOutOfRangeException>(() => InputCurrent.Step(1, 10, 5)).ParamName);
        Assert.Equal("amplitude", Assert.Throws<ArgumentOutOfRangeException>(() => InputCurrent.Constant(double.NaN)).ParamName);
    }
}
