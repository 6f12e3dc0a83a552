using NeuronDsl.CSharp;

namespace NeuronDsl.CSharp.Tests;

public class ModelTests
{
    [Fact]
    public void LeakyIntegrateAndFireFiresAtItsClosedFormTimes()
    {
        var p = LeakyIntegrateAndFireParameters.Default;
        var neuron = Neurons.LeakyIntegrateAndFire(p, initialPotential: p.ResetPotential);
        var options = SimulationOptions.Default with { Duration = 1000, Solver = Solvers.Exact(0.1) };

        var result = Simulator.Run(neuron, InputCurrent.Constant(300), options);

        // Closed form: from V_reset, spikes every t_ref + τ ln((RI + E_L − V_reset)/(RI + E_L − V_th)), τ = RC;
        // the first interval has no refractory period. Exact integration reaches it to rounding (1e-9 ms).
        var tau = p.Resistance * p.Capacitance;
        var drive = p.Resistance * 300 + p.RestingPotential;
        var isi = tau * Math.Log((drive - p.ResetPotential) / (drive - p.Threshold));
        Assert.Equal(SimulationStatus.Completed, result.Status);
        Assert.Equal((int)Math.Floor((1000 + p.Refractory) / (isi + p.Refractory)), result.SpikeTimes.Count);
        for (var k = 0; k < result.SpikeTimes.Count; k++)
        {
            Assert.Equal((k + 1) * isi + k * p.Refractory, result.SpikeTimes[k], 1e-9);
        }
    }

    [Fact]
    public void LeakyIntegrateAndFireIsSilentBelowItsRheobase()
    {
        var result = Simulator.Run(Neurons.LeakyIntegrateAndFire(), InputCurrent.Constant(199.9),
            SimulationOptions.Default with { Solver = Solvers.Exact(0.1) });
        Assert.Empty(result.SpikeTimes);
    }

    [Fact]
    public void HodgkinHuxleyFires35TimesIn500MsAt10MicroampsPerSquareCentimetre()
    {
        var options = SimulationOptions.Default with { Duration = 500, RecordTrace = false };
        var result = Simulator.Run(Neurons.HodgkinHuxley(), InputCurrent.Step(10, 0, 500), options);
        Assert.Equal(35, result.SpikeTimes.Count);
        Assert.Equal(70.0, result.FiringRate, 1e-9);
    }

    [Fact]
    public void HodgkinHuxleyRecordsItsGatingVariables()
    {
        var neuron = Neurons.HodgkinHuxley();
        Assert.Equal(["V", "m", "h", "n"], neuron.VariableNames);
        Assert.Equal("uA/cm2", neuron.InputUnit);
        var result = Simulator.Run(neuron, InputCurrent.Constant(0),
            SimulationOptions.Default with { Duration = 10, RecordVariables = ["V", "n"] });
        Assert.Equal(101, result.Times.Count);
        Assert.Equal(-65.0, result.Potentials[0], 0.005);
        Assert.True(result.TryGetTrace("n", out var n));
        Assert.All(n, x => Assert.InRange(x, 0.0, 1.0));
        Assert.False(result.TryGetTrace("m", out _));
    }

    [Fact]
    public void ConstantCurrentRunsGiveTheSameRatesInParallelAsOneByOne()
    {
        var neuron = Neurons.LeakyIntegrateAndFire();
        var options = SimulationOptions.Default with { Duration = 500, Solver = Solvers.Exact(0.1) };
        double[] currents = [150, 250, 350, 450, 550, 650];
        var parallel = Simulator.RunConstantCurrents(neuron, currents, options);
        for (var k = 0; k < currents.Length; k++)
        {
            var serial = Simulator.Run(neuron, InputCurrent.Constant(currents[k]), options);
            Assert.Equal(serial.SpikeTimes, parallel[k].SpikeTimes);
        }
    }
}
