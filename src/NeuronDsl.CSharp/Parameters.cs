using Lif = NeuronDsl.Models.LeakyIntegrateAndFire;
using If = NeuronDsl.Models.IntegrateAndFire;
using Hh = NeuronDsl.Models.HodgkinHuxley;

namespace NeuronDsl.CSharp;

/// <summary>Parameters of the leaky integrate-and-fire neuron, C dV/dt = I − (V − E_L)/R.</summary>
/// <remarks>Defaults come from the core (Gerstner et al., Neuronal Dynamics, 2014, ch. 1): rheobase 200 pA.</remarks>
public sealed record LeakyIntegrateAndFireParameters
{
    private static readonly Lif.Parameters Core = Lif.defaults;

    /// <summary>The published defaults.</summary>
    public static LeakyIntegrateAndFireParameters Default { get; } = new();

    /// <summary>Membrane capacitance C, in pF; &gt; 0.</summary>
    public double Capacitance { get; init; } = Core.Capacitance;

    /// <summary>Membrane resistance R, in GΩ; &gt; 0.</summary>
    public double Resistance { get; init; } = Core.Resistance;

    /// <summary>Resting (leak reversal) potential E_L, in mV.</summary>
    public double RestingPotential { get; init; } = Core.RestingPotential;

    /// <summary>Spike threshold V_th, in mV; &gt; <see cref="ResetPotential"/>.</summary>
    public double Threshold { get; init; } = Core.Threshold;

    /// <summary>Potential after a spike V_reset, in mV.</summary>
    public double ResetPotential { get; init; } = Core.ResetPotential;

    /// <summary>Absolute refractory period, in ms; ≥ 0.</summary>
    public double Refractory { get; init; } = Core.Refractory;

    internal Lif.Parameters ToCore() =>
        new(Capacitance, Resistance, RestingPotential, Threshold, ResetPotential, Refractory);
}

/// <summary>Parameters of the (perfect) integrate-and-fire neuron, C dV/dt = I.</summary>
/// <remarks>Defaults come from the core (Gerstner et al., Neuronal Dynamics, 2014, ch. 1).</remarks>
public sealed record IntegrateAndFireParameters
{
    private static readonly If.Parameters Core = If.defaults;

    /// <summary>The published defaults.</summary>
    public static IntegrateAndFireParameters Default { get; } = new();

    /// <summary>Membrane capacitance C, in pF; &gt; 0.</summary>
    public double Capacitance { get; init; } = Core.Capacitance;

    /// <summary>Spike threshold V_th, in mV; &gt; <see cref="ResetPotential"/>.</summary>
    public double Threshold { get; init; } = Core.Threshold;

    /// <summary>Potential after a spike, and the initial potential, in mV.</summary>
    public double ResetPotential { get; init; } = Core.ResetPotential;

    /// <summary>Absolute refractory period, in ms; ≥ 0.</summary>
    public double Refractory { get; init; } = Core.Refractory;

    internal If.Parameters ToCore() => new(Capacitance, Threshold, ResetPotential, Refractory);
}

/// <summary>Parameters of the Hodgkin–Huxley (1952) squid axon membrane, per unit area, modern convention.</summary>
/// <remarks>Defaults come from the core: C_m = 1 µF/cm², ḡ_Na = 120, ḡ_K = 36, g_L = 0.3 mS/cm², E_Na = 50,
/// E_K = −77, E_L = −54.387 mV.</remarks>
public sealed record HodgkinHuxleyParameters
{
    private static readonly Hh.Parameters Core = Hh.defaults;

    /// <summary>The published defaults.</summary>
    public static HodgkinHuxleyParameters Default { get; } = new();

    /// <summary>Membrane capacitance per area, in µF/cm²; &gt; 0.</summary>
    public double Capacitance { get; init; } = Core.Capacitance;

    /// <summary>Maximal sodium conductance, in mS/cm²; ≥ 0.</summary>
    public double SodiumConductance { get; init; } = Core.SodiumConductance;

    /// <summary>Maximal potassium conductance, in mS/cm²; ≥ 0.</summary>
    public double PotassiumConductance { get; init; } = Core.PotassiumConductance;

    /// <summary>Leak conductance, in mS/cm²; ≥ 0.</summary>
    public double LeakConductance { get; init; } = Core.LeakConductance;

    /// <summary>Sodium reversal potential, in mV.</summary>
    public double SodiumReversal { get; init; } = Core.SodiumReversal;

    /// <summary>Potassium reversal potential, in mV.</summary>
    public double PotassiumReversal { get; init; } = Core.PotassiumReversal;

    /// <summary>Leak reversal potential, in mV.</summary>
    public double LeakReversal { get; init; } = Core.LeakReversal;

    /// <summary>A spike is counted when V crosses this potential upward, in mV.</summary>
    public double DetectionThreshold { get; init; } = Core.DetectionThreshold;

    internal Hh.Parameters ToCore() =>
        new(Capacitance, SodiumConductance, PotassiumConductance, LeakConductance, SodiumReversal, PotassiumReversal,
            LeakReversal, DetectionThreshold);
}
