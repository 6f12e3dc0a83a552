using NeuronDsl.CSharp;

namespace NeuronDsl.CSharp.Tests;

public class CustomModelTests
{
    private const double Tau = 10.0; // ms
    private const double Reset = -10.0;
    private const double Peak = 10.0;

    /// <summary>Quadratic integrate-and-fire written in C#: τ dv/dt = v² + I, reset to v_r at the peak v_p.</summary>
    private static Neuron QuadraticIntegrateAndFire() =>
        Neurons.Custom(
            "quadratic integrate-and-fire",
            [new StateVariable("v", "", Reset)],
            (state, input, rates) => rates[0] = (state[0] * state[0] + input) / Tau,
            state => state[0] - Peak,
            state => state[0] = Reset);

    [Theory]
    [InlineData(1.0)]
    [InlineData(4.0)]
    [InlineData(25.0)]
    public void QuadraticIntegrateAndFireHasItsAnalyticPeriod(double input)
    {
        // T = (τ/√I)(arctan(v_p/√I) − arctan(v_r/√I)). Dormand–Prince at tolerance 1e-11 keeps v within ~1e-8 over
        // a period; the spike time inherits that divided by dv/dt at the peak (≥ 10/ms): far below 1e-6 ms.
        var period = Tau / Math.Sqrt(input) * (Math.Atan(Peak / Math.Sqrt(input)) - Math.Atan(Reset / Math.Sqrt(input)));
        var options = SimulationOptions.Default with { Duration = 10.5 * period, Solver = Solvers.DormandPrince(1e-11, 1e-11) };

        var result = Simulator.Run(QuadraticIntegrateAndFire(), InputCurrent.Constant(input), options);

        Assert.Equal(10, result.SpikeTimes.Count);
        for (var k = 0; k < result.SpikeTimes.Count; k++)
        {
            Assert.Equal((k + 1) * period, result.SpikeTimes[k], 1e-6);
        }
    }

    [Fact]
    public void ACustomModelRunsThroughEveryGenericSolver()
    {
        var period = Tau / 2.0 * (Math.Atan(Peak / 2.0) - Math.Atan(Reset / 2.0));
        foreach (var solver in new[] { Solvers.RungeKutta4(0.01), Solvers.Heun(0.001), Solvers.DormandPrince() })
        {
            var result = Simulator.Run(QuadraticIntegrateAndFire(), InputCurrent.Constant(4.0),
                SimulationOptions.Default with { Duration = 100, Solver = solver });
            // RK4 (dt⁴), Heun (dt²) and Dormand–Prince (rtol 1e-6) all land well inside 1e-3 ms of the period here.
            Assert.Equal(period, result.SpikeTimes[0], 1e-3);
        }
    }

    [Fact]
    public void DivergenceIsAStatusNotAnException()
    {
        // Without a spike, τ dv/dt = v² + 1 from v = 0 reaches infinity at τπ/2 ≈ 15.7 ms.
        var runaway = Neurons.Custom("runaway", [new StateVariable("v", "", 0.0)],
            (state, input, rates) => rates[0] = (state[0] * state[0] + input) / Tau);

        var result = Simulator.Run(runaway, InputCurrent.Constant(1.0), SimulationOptions.Default with { Duration = 100 });

        Assert.Equal(SimulationStatus.Diverged, result.Status);
        Assert.True(result.TryGetDivergence(out var divergence));
        Assert.Equal("v", divergence!.Variable);
        Assert.InRange(divergence.Time, 15.0, 16.5);
        Assert.Contains("diverged at t =", result.StatusMessage);
        Assert.All(result.Potentials, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void TheRefractoryPeriodHoldsTheClampedVariable()
    {
        var neuron = Neurons.Custom("clamped", [new StateVariable("v", "mV", 0.0)],
            (state, input, rates) => rates[0] = input,
            state => state[0] - 1.0,
            state => state[0] = 0.0,
            refractory: 5.0,
            clampedVariables: ["v"]);
        var result = Simulator.Run(neuron, InputCurrent.Constant(1.0),
            SimulationOptions.Default with { Duration = 20, Solver = Solvers.Euler(0.1) });
        // dv/dt = 1 from 0 to 1: spikes at 1, then 1 + 5 + 1 = 7, 13, 19 ms.
        Assert.Equal([1.0, 7.0, 13.0, 19.0], result.SpikeTimes.Select(t => Math.Round(t, 9)));
    }

    [Fact]
    public void AStateLeavingItsDeclaredBoundsEndsOutOfBoundsWithTheVariable()
    {
        // Forward Euler at dt = 0.1 ms pushes Hodgkin–Huxley's sodium activation m past 1.
        var result = Simulator.Run(Neurons.ByName("hh"), InputCurrent.Constant(10),
            SimulationOptions.Default with { Duration = 100, Solver = Solvers.Euler(0.1) });
        Assert.Equal(SimulationStatus.OutOfBounds, result.Status);
        Assert.True(result.TryGetDivergence(out var where));
        Assert.Equal("m", where!.Variable);
        Assert.True(where.Value > 1.01);
        Assert.All(result.SpikeTimes, t => Assert.True(t < where.Time));
    }
}
