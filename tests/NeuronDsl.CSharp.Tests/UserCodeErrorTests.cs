using NeuronDsl.CSharp;

namespace NeuronDsl.CSharp.Tests;

/// <summary>Exceptions thrown by user code reach the caller wrapped with the simulation's time and state.</summary>
public class UserCodeErrorTests
{
    /// <summary>dv/dt = input: with input 1, v passes <paramref name="limit"/> at t = limit ms, where the derivative throws.</summary>
    private static Neuron ThrowingAbove(double limit) =>
        Neurons.Custom("throws", [new StateVariable("v", "mV", 0.0)],
            (state, input, rates) =>
            {
                if (state[0] > limit) throw new InvalidOperationException("user code failed");
                rates[0] = input;
            });

    [Fact]
    public void ADerivativeThatThrowsIsWrappedWithTimeAndStateAndKeepsTheOriginal()
    {
        var options = SimulationOptions.Default with { Duration = 100, Solver = Solvers.Euler(0.1) };
        var e = Assert.Throws<ModelException>(() => Simulator.Run(ThrowingAbove(5), InputCurrent.Constant(1), options));
        Assert.IsType<InvalidOperationException>(e.InnerException);
        Assert.InRange(e.Time, 4.9, 5.2);
        Assert.Equal(["v"], e.State.Keys);
        Assert.InRange(e.State["v"], 4.9, 5.2);
    }

    [Fact]
    public void AnInputFunctionThatThrowsIsWrappedToo()
    {
        var input = InputCurrent.FromFunction(t => t < 20 ? 100 : throw new ArithmeticException("bad input"));
        var e = Assert.Throws<ModelException>(() => Simulator.Run(Neurons.ByName("lif"), input,
            SimulationOptions.Default with { Duration = 50 }));
        Assert.IsType<ArithmeticException>(e.InnerException);
        Assert.InRange(e.Time, 19.9, 20.0);
        Assert.Contains("V", e.State.Keys);
    }

    [Fact]
    public void ASpikeFunctionOrResetThatThrowsIsWrapped()
    {
        var spikeThrows = Neurons.Custom("spike throws", [new StateVariable("v", "", 0.0)],
            (state, input, rates) => rates[0] = input,
            state => state[0] > 3 ? throw new FormatException() : state[0] - 10,
            state => state[0] = 0);
        var resetThrows = Neurons.Custom("reset throws", [new StateVariable("v", "", 0.0)],
            (state, input, rates) => rates[0] = input,
            state => state[0] - 1,
            state => throw new NotSupportedException());
        var options = SimulationOptions.Default with { Duration = 20, Solver = Solvers.RungeKutta4(0.1) };
        Assert.IsType<FormatException>(
            Assert.Throws<ModelException>(() => Simulator.Run(spikeThrows, InputCurrent.Constant(1), options)).InnerException);
        Assert.IsType<NotSupportedException>(
            Assert.Throws<ModelException>(() => Simulator.Run(resetThrows, InputCurrent.Constant(1), options)).InnerException);
    }

    [Fact]
    public void RunConstantCurrentsNamesTheFailingCurrentAndKeepsFinishedResults()
    {
        // With input I, v = I·t passes 5 at t = 5/I; over 10 ms only the currents above 0.5 reach it.
        var currents = new[] { 0.1, 0.2, 0.3, 0.4, 0.8 };
        var options = SimulationOptions.Default with { Duration = 10, Solver = Solvers.Euler(0.01) };
        var e = Assert.Throws<ConstantCurrentException>(() =>
            Simulator.RunConstantCurrents(ThrowingAbove(5), currents, options));
        Assert.Equal(4, e.Index);
        Assert.Equal(0.8, e.Current);
        Assert.IsType<ModelException>(e.InnerException);
        Assert.Equal(currents.Length, e.Results.Count);
        Assert.Null(e.Results[4]);
        Assert.All(e.Results.Take(4).Where(r => r is not null), r => Assert.Equal(SimulationStatus.Completed, r!.Status));
        Assert.Contains(e.Results.Take(4), r => r is not null);
    }

    [Fact]
    public void StreamingGivesTheSameSamplesAndSpikesAsRunWithoutKeepingThem()
    {
        var lif = Neurons.ByName("lif");
        var options = SimulationOptions.Default with { Duration = 200, Solver = Solvers.Exact(0.1) };
        var kept = Simulator.Run(lif, InputCurrent.Constant(300), options);
        var times = new List<double>();
        var potentials = new List<double>();
        var spikes = new List<double>();
        var outcome = Simulator.Stream(lif, InputCurrent.Constant(300), options,
            (t, values) =>
            {
                times.Add(t);
                potentials.Add(values[0]);
            },
            spikes.Add);
        Assert.Equal(SimulationStatus.Completed, outcome.Status);
        Assert.Equal(kept.SpikeTimes.Count, outcome.SpikeCount);
        Assert.Equal(kept.SpikeTimes, spikes);
        Assert.Equal(kept.Times, times);
        Assert.Equal(kept.Potentials, potentials);
        Assert.Equal(["V"], outcome.RecordedVariables);
    }
}
