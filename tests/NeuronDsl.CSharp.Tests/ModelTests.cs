using NeuronDsl.CSharp;

namespace NeuronDsl.CSharp.Tests;

public class ModelTests
{
    [Fact]
    public void LeakyIntegrateAndFireFiresAtItsClosedFormTimes()
    {
        var defaults = Neurons.ByName("lif");
        var neuron = defaults.WithInitialValue("V", defaults.Parameters["V_reset"]);
        var options = SimulationOptions.Default with { Duration = 1000, Solver = Solvers.Exact(0.1) };

        var result = Simulator.Run(neuron, InputCurrent.Constant(300), options);

        // Closed form: from V_reset, spikes every t_ref + τ ln((RI + E_L − V_reset)/(RI + E_L − V_th)), τ = RC
        // (GΩ · pF = ms, GΩ · pA = mV); the first interval has no refractory period. Exact integration reaches it to
        // rounding (1e-9 ms).
        var p = neuron.Parameters;
        var tau = p["R"] * p["C"];
        var drive = p["R"] * 300 + p["E_L"];
        var isi = tau * Math.Log((drive - p["V_reset"]) / (drive - p["V_th"]));
        Assert.Equal(SimulationStatus.Completed, result.Status);
        Assert.Equal((int)Math.Floor((1000 + p["t_ref"]) / (isi + p["t_ref"])), result.SpikeTimes.Count);
        for (var k = 0; k < result.SpikeTimes.Count; k++)
        {
            Assert.Equal((k + 1) * isi + k * p["t_ref"], result.SpikeTimes[k], 1e-9);
        }
    }

    [Fact]
    public void LeakyIntegrateAndFireIsSilentBelowItsRheobase()
    {
        var result = Simulator.Run(Neurons.ByName("lif"), InputCurrent.Constant(199.9),
            SimulationOptions.Default with { Solver = Solvers.Exact(0.1) });
        Assert.Empty(result.SpikeTimes);
    }

    [Fact]
    public void HodgkinHuxleyFires35TimesIn500MsAt10MicroampsPerSquareCentimetre()
    {
        var options = SimulationOptions.Default with { Duration = 500, RecordTrace = false };
        var result = Simulator.Run(Neurons.ByName("hh"), InputCurrent.Step(10, 0, 500), options);
        Assert.Equal(35, result.SpikeTimes.Count);
        Assert.Equal(70.0, result.FiringRate, 1e-9);
    }

    [Fact]
    public void HodgkinHuxleyRecordsItsGatingVariables()
    {
        var neuron = Neurons.ByName("hh");
        Assert.Equal(["V", "m", "h", "n"], neuron.Variables.Select(v => v.Name));
        Assert.Equal("uA/cm^2", neuron.InputUnit);
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
        var neuron = Neurons.ByName("lif");
        var options = SimulationOptions.Default with { Duration = 500, Solver = Solvers.Exact(0.1) };
        double[] currents = [150, 250, 350, 450, 550, 650];
        var parallel = Simulator.RunConstantCurrents(neuron, currents, options);
        for (var k = 0; k < currents.Length; k++)
        {
            var serial = Simulator.Run(neuron, InputCurrent.Constant(currents[k]), options);
            Assert.Equal(serial.SpikeTimes, parallel[k].SpikeTimes);
        }
    }

    [Fact]
    public void TheCatalogueListsEveryModelWithItsParametersFromTheEquations()
    {
        // The first release's three come first; the zoo adds more after them.
        Assert.Equal(["integrate-and-fire", "leaky-integrate-and-fire", "hodgkin-huxley"], Neurons.Names.Take(3));
        Assert.Subset(Neurons.Names.ToHashSet(),
            new HashSet<string> { "lif-exponential-synapse", "lif-alpha-synapse", "conductance-based-lif", "adaptive-lif" });
        Assert.Equal(Neurons.Names.Count, Neurons.Names.Distinct().Count());
        foreach (var info in Neurons.Catalogue)
        {
            Assert.NotEmpty(info.Parameters);
            Assert.NotEmpty(info.Variables);
            Assert.NotEqual("", info.Citation);
            // Every model can be created by name and by alias, with its declared defaults.
            var neuron = Neurons.ByName(info.Alias);
            Assert.Equal(info, Neurons.ByName(info.Name.ToUpperInvariant()).Model);
            Assert.Equal(info.Parameters.Select(p => (p.Name, p.Default)),
                neuron.Parameters.Select(p => (p.Key, p.Value)));
            Assert.All(info.Parameters, p => Assert.NotEqual("", p.Meaning));
        }
        var lif = Neurons.Catalogue.Single(m => m.Alias == "lif");
        Assert.Equal("pA", lif.InputUnit);
        var c = lif.Parameters.Single(p => p.Name == "C");
        Assert.Equal(("pF", 200.0, "> 0"), (c.Unit, c.Default, c.Range));
        Assert.Equal("mS/cm^2", Neurons.Catalogue.Single(m => m.Alias == "hh").Parameters.Single(p => p.Name == "g_Na").Unit);
    }

    [Fact]
    public void WithParameterReturnsAChangedCopyAndLeavesTheOriginal()
    {
        var lif = Neurons.ByName("lif");
        var slower = lif.WithParameter("C", 400);
        Assert.Equal(200.0, lif.Parameters["C"]);
        Assert.Equal(400.0, slower.Parameters["C"]);
        // Twice the capacitance, twice the time constant: the first spike from rest comes twice as late.
        var options = SimulationOptions.Default with { Duration = 200, Solver = Solvers.Exact(0.1), RecordTrace = false };
        var fast = Simulator.Run(lif, InputCurrent.Constant(300), options).SpikeTimes[0];
        var slow = Simulator.Run(slower, InputCurrent.Constant(300), options).SpikeTimes[0];
        Assert.Equal(2 * fast, slow, 1e-9);
    }

    [Fact]
    public void TheInitialStateFollowsTheParametersUnlessSet()
    {
        // LIF starts at E_L; changing E_L moves the start, an explicit initial value stays.
        var lif = Neurons.ByName("lif").WithParameter("E_L", -60);
        Assert.Equal(-60.0, lif.InitialValues["V"]);
        var fixedStart = lif.WithInitialValue("V", -62);
        Assert.Equal(-62.0, fixedStart.WithParameter("E_L", -75).InitialValues["V"]);
        var trace = Simulator.Run(fixedStart, InputCurrent.Constant(0), SimulationOptions.Default with { Duration = 1 });
        Assert.Equal(-62.0, trace.Potentials[0]);
        // Hodgkin–Huxley starts at its resting state.
        Assert.Equal(-65.0, Neurons.ByName("hh").InitialValues["V"], 0.005);
    }
}
