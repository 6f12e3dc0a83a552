using NeuronDsl.CSharp;

namespace NeuronDsl.CSharp.Tests;

// Inside namespace NeuronDsl the core's ModelErrorKind would win; the facade's is meant here.
using ModelErrorKind = NeuronDsl.CSharp.ModelErrorKind;

public class TextModelTests
{
    /// <summary>Quadratic integrate-and-fire, τ dv/dt = v² + I, reset to v_reset when v crosses v_peak.</summary>
    internal const string QuadraticIntegrateAndFire = """
        # Quadratic integrate-and-fire: tau dv/dt = v^2 + I
        model "quadratic integrate-and-fire"
        citation "Ermentrout & Kopell, SIAM J. Appl. Math. 46 (1986) 233"
        parameter tau = 10 ms > 0 "time constant"
        parameter v_reset = -10 "reset value"
        parameter v_peak = 10 "a spike is counted when v crosses this upward"
        input I : 1 "input, in units of v^2"
        state v : 1 = v_reset "membrane variable"
        dv/dt = (v**2 + I) / tau
        threshold v > v_peak
        reset v = v_reset
        """;

    /// <summary>Closed-form period from v_reset to v_peak under constant I &gt; 0: τ/√I (atan(v_peak/√I) − atan(v_reset/√I)).</summary>
    private static double Period(double tau, double reset, double peak, double input)
    {
        var s = Math.Sqrt(input);
        return tau / s * (Math.Atan(peak / s) - Math.Atan(reset / s));
    }

    private static IReadOnlyList<double> SpikesWithRk4(Neuron neuron, double input, double dt) =>
        Simulator.Run(neuron, InputCurrent.Constant(input),
            SimulationOptions.Default with { Duration = 100, Solver = Solvers.RungeKutta4(dt), RecordTrace = false }).SpikeTimes;

    private static string TempFile(byte[] contents)
    {
        var path = Path.Combine(Path.GetTempPath(), $"neurondsl-{Guid.NewGuid():N}.model");
        File.WriteAllBytes(path, contents);
        return path;
    }

    [Fact]
    public void AQuadraticIntegrateAndFireWrittenAsTextFiresAtItsClosedFormPeriod()
    {
        var neuron = Neurons.FromEquations(QuadraticIntegrateAndFire);
        var period = Period(10, -10, 10, 4);

        var coarse = SpikesWithRk4(neuron, 4, 0.01);
        var fine = SpikesWithRk4(neuron, 4, 0.005);

        // RK4 is fourth order: halving dt divides the error by ~16, so the error at dt is about 16/15 of the difference
        // between the two runs (Richardson). Allow twice that estimate, and require the estimate itself to be small so
        // that two equally wrong runs cannot pass.
        Assert.Equal(7, coarse.Count);
        Assert.Equal(coarse.Count, fine.Count);
        var estimate = coarse.Zip(fine, (a, b) => Math.Abs(a - b)).Max() * 16 / 15;
        Assert.True(estimate < 1e-6, $"RK4 error estimate {estimate} ms");
        for (var k = 0; k < coarse.Count; k++)
        {
            Assert.Equal((k + 1) * period, coarse[k], 2 * estimate + 1e-12);
        }
    }

    [Fact]
    public void ATextModelIsANeuronWithParametersByNameAndInfoFromItsEquations()
    {
        var neuron = Neurons.FromEquations(QuadraticIntegrateAndFire);

        Assert.Equal("quadratic integrate-and-fire", neuron.Name);
        Assert.Equal("quadratic integrate-and-fire", neuron.Model.Name);
        Assert.Equal("", neuron.Model.Alias);
        Assert.Equal("I", neuron.Model.InputName);
        Assert.Equal("", neuron.InputUnit);
        Assert.Equal(["tau", "v_reset", "v_peak"], neuron.Model.Parameters.Select(p => p.Name));
        Assert.Equal(["ms", "", ""], neuron.Model.Parameters.Select(p => p.Unit));
        Assert.Equal([10.0, -10.0, 10.0], neuron.Model.Parameters.Select(p => p.Default));
        Assert.Equal("> 0", neuron.Model.Parameters[0].Range);
        Assert.Equal(["v"], neuron.Variables.Select(v => v.Name));
        Assert.Equal(-10.0, neuron.InitialValues["v"]);

        // Doubling τ doubles the period; starting at 0 shortens the first interval to τ/√I · atan(v_peak/√I).
        var slower = neuron.WithParameter("tau", 20);
        Assert.Equal(20.0, slower.Parameters["tau"]);
        Assert.Equal(2 * Period(10, -10, 10, 4), SpikesWithRk4(slower, 4, 0.01)[0], 1e-6);
        var fromZero = neuron.WithInitialValue("v", 0);
        Assert.Equal(5 * Math.Atan(5), SpikesWithRk4(fromZero, 4, 0.01)[0], 1e-6);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => neuron.WithParameter("tau", -1));
        Assert.Equal("tau", e.ParamName);
    }

    [Fact]
    public void TheDocExampleWithoutAnInputDecaysAndNeverSpikes()
    {
        var decay = Neurons.FromEquations("model \"decay\"\nstate x : 1 = 1\ndx/dt = -x / ms");
        Assert.Equal("decay", decay.Model.Name);
        Assert.Equal("", decay.Model.InputName);
        var result = Simulator.Run(decay, InputCurrent.Constant(0),
            SimulationOptions.Default with { Duration = 1, Solver = Solvers.Exact(0.1) });
        Assert.Empty(result.SpikeTimes);
        Assert.Equal(Math.Exp(-1), result.Trace("x")[^1], 1e-12);
    }

    [Fact]
    public void SupportedMethodsComeFromTheCompiledModel()
    {
        // Exponential Euler applies to every model from equations; exact only to a linear one (LIF, IF), never to QIF
        // or Hodgkin–Huxley; a custom model from delegates has neither a linearisation nor an exact flow.
        Assert.Contains("exact", Neurons.ByName("lif").SupportedMethods);
        Assert.Contains("exact", Neurons.ByName("if").SupportedMethods);
        Assert.DoesNotContain("exact", Neurons.ByName("hh").SupportedMethods);
        Assert.Contains("exponential-euler", Neurons.ByName("hh").SupportedMethods);
        var qif = Neurons.FromEquations(QuadraticIntegrateAndFire);
        Assert.Equal(["euler", "heun", "rk4", "exponential-euler", "dopri5"], qif.SupportedMethods);
        var custom = Neurons.Custom("decay", [new StateVariable("x", "", 1)], (s, _, r) => r[0] = -s[0]);
        Assert.Equal(["euler", "heun", "rk4", "dopri5"], custom.SupportedMethods);
    }

    [Fact]
    public void SyntaxErrorsCarryLineColumnAndKind()
    {
        var text = "model \"x\"\nstate v : mV = 0 mV\ndv/dt = (v + / ms\n";
        var e = Assert.Throws<ModelTextErrorException>(() => Neurons.FromEquations(text));
        var error = Assert.Single(e.Errors);
        Assert.Equal((3, 14, ModelErrorKind.SyntaxError), (error.Line, error.Column, error.Kind));
        Assert.Equal("dv/dt = (v + / ms", error.SourceLine);
        Assert.Equal("", error.File);
        Assert.IsAssignableFrom<FormatException>(e);
    }

    [Theory]
    [InlineData("model \"x\"\nstate v : mV = 0 mV\ndv/dt = v\n", 3, 1, ModelErrorKind.UnitMismatch)]
    [InlineData("model \"x\"\nstate v : mV = 0 mV\ndv/dt = -w / ms\n", 3, 10, ModelErrorKind.UnknownName)]
    [InlineData("model \"x\"\nstate v : mV = 0 mV\ndv/dt = -v / ms\ndu/dt = 1 / ms\n", 4, 2, ModelErrorKind.DerivativeOfUndeclared)]
    [InlineData("model \"x\"\nparameter c = 1 mV\nstate v : mV = 0 mV\ndv/dt = -v / ms\nthreshold v > c\nreset c = 0 mV\n", 6, 7, ModelErrorKind.AssignmentToNonState)]
    [InlineData("", 1, 1, ModelErrorKind.EmptyModel)]
    public void CheckErrorsCarryLineColumnAndKind(string text, int line, int column, ModelErrorKind kind)
    {
        var e = Assert.Throws<ModelTextErrorException>(() => Neurons.FromEquations(text));
        var error = e.Errors[0];
        Assert.Equal((line, column, kind), (error.Line, error.Column, error.Kind));
        Assert.NotEmpty(error.Message);
    }

    [Fact]
    public void TheErrorKindMirrorsTheCoresCasesByNameAndOrder()
    {
        var tags = typeof(global::NeuronDsl.ModelErrorKind).GetNestedType("Tags")!
            .GetFields().Where(f => f.IsLiteral).OrderBy(f => (int)f.GetValue(null)!).Select(f => f.Name);
        Assert.Equal(tags, Enum.GetNames<ModelErrorKind>());
    }

    [Fact]
    public void AModelFileReadsLikeItsText()
    {
        var path = TempFile(System.Text.Encoding.UTF8.GetBytes(QuadraticIntegrateAndFire));
        try
        {
            var neuron = Neurons.FromEquationsFile(path);
            Assert.Equal(SpikesWithRk4(Neurons.FromEquations(QuadraticIntegrateAndFire), 4, 0.01), SpikesWithRk4(neuron, 4, 0.01));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ErrorsInAModelFileNameTheFile()
    {
        var path = TempFile(System.Text.Encoding.UTF8.GetBytes("model \"x\"\nstate v : mV = 0 mV\ndv/dt = v\n"));
        try
        {
            var error = Assert.Single(Assert.Throws<ModelTextErrorException>(() => Neurons.FromEquationsFile(path)).Errors);
            Assert.Equal((path, 3, 1, ModelErrorKind.UnitMismatch), (error.File, error.Line, error.Column, error.Kind));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x6d, 0x6f, 0x64, 0xff, 0xfe, 0x00 }, 1, 4)] // "mod" then bytes that are not UTF-8
    [InlineData(new byte[] { 0x6d, 0x00, 0x01, 0x02 }, 1, 2)] // UTF-8, but control characters
    [InlineData(new byte[0], 1, 1)] // empty
    public void ABinaryOrEmptyFileIsAModelTextErrorNotACrash(byte[] contents, int line, int column)
    {
        var path = TempFile(contents);
        try
        {
            var error = Assert.Single(Assert.Throws<ModelTextErrorException>(() => Neurons.FromEquationsFile(path)).Errors);
            Assert.Equal((line, column, ModelErrorKind.EmptyModel), (error.Line, error.Column, error.Kind));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AMissingFileOrADirectoryIsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => Neurons.FromEquationsFile(Path.Combine(Path.GetTempPath(), $"none-{Guid.NewGuid():N}.model")));
        Assert.Throws<FileNotFoundException>(() => Neurons.FromEquationsFile(Path.GetTempPath()));
        Assert.Throws<ArgumentNullException>(() => Neurons.FromEquationsFile(null!));
        Assert.Throws<ArgumentNullException>(() => Neurons.FromEquations(null!));
    }

    [Fact]
    public void EveryBuiltInModelPrintsAsTextThatReadsBackToTheSameNeuron()
    {
        foreach (var name in Neurons.Names)
        {
            var builtIn = Neurons.ByName(name);
            var text = builtIn.ToEquationsText();
            var read = Neurons.FromEquations(text);
            Assert.Equal(builtIn.Model.Parameters, read.Model.Parameters);
            Assert.Equal(builtIn.Model.Variables, read.Model.Variables);
            Assert.Equal(builtIn.InitialValues, read.InitialValues);
            Assert.Equal(builtIn.SupportedMethods, read.SupportedMethods);
            var options = SimulationOptions.Default with { Duration = 100, RecordTrace = false };
            var input = builtIn.InputUnit == "pA" ? 300.0 : 10.0;
            Assert.Equal(Simulator.Run(builtIn, InputCurrent.Constant(input), options).SpikeTimes,
                Simulator.Run(read, InputCurrent.Constant(input), options).SpikeTimes);
        }
    }

    [Fact]
    public void ToEquationsTextPrintsTheCurrentParameterValues()
    {
        var lif = Neurons.ByName("lif").WithParameter("C", 400);
        Assert.Equal(400.0, Neurons.FromEquations(lif.ToEquationsText()).Parameters["C"]);
        var custom = Neurons.Custom("decay", [new StateVariable("x", "", 1)], (s, _, r) => r[0] = -s[0]);
        Assert.Throws<InvalidOperationException>(() => custom.ToEquationsText());
    }
}
