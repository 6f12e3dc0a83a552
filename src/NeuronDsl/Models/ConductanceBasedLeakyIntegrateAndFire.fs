namespace NeuronDsl.Models

open NeuronDsl
open NeuronDsl.Units

/// <summary>
/// Conductance-based leaky integrate-and-fire with exponential excitatory and inhibitory conductances, the neuron of
/// the COBA benchmark: dV/dt = −(V − E_L)/τ_m + (g_e (E_e − V) + g_i (E_i − V) + I)/C,
/// τ_e dg_e/dt = −g_e, τ_i dg_i/dt = −g_i. A spike when V crosses V_th, then V = V_reset held for t_ref.
/// </summary>
/// <remarks>
/// Brette et al., J. Comput. Neurosci. 23 (2007) 349–398, Benchmark 1 (after Vogels &amp; Abbott, J. Neurosci. 25
/// (2005) 10786): τ_m = 20 ms, V_rest = −60 mV, V_th = −50 mV, V_reset = −60 mV, E_e = 0 mV, E_i = −80 mV,
/// τ_e = 5 ms, τ_i = 10 ms, t_ref = 5 ms, membrane area 20 000 µm² at 1 µF/cm² (C = 200 pF, so g_L = 10 nS).
/// The benchmark's synaptic events add Δg_e = 6 nS or Δg_i = 67 nS; they come with spike delivery between neurons.
/// For now the input I is an external current added to the membrane, and g_e, g_i decay from their initial values.
/// The rate of V contains g·V, a product of two states, so the model is not linear and has no exact flow; it is
/// conditionally linear (exponential Euler applies), and linear while g_e = g_i = 0.
/// </remarks>
[<RequireQualifiedAccess>]
module ConductanceBasedLeakyIntegrateAndFire =
    /// <summary>Membrane capacitance C = 200 pF, &gt; 0 (20 000 µm² at 1 µF/cm², Brette et al. 2007).</summary>
    let Capacitance =
        parameter "C" (200.0 * pF) ValueRange.positive "membrane capacitance"

    /// <summary>Membrane time constant τ_m = 20 ms, &gt; 0 (Brette et al. 2007).</summary>
    let MembraneTimeConstant =
        parameter "tau_m" (20.0 * ms) ValueRange.positive "membrane time constant (C over the leak conductance)"

    /// <summary>Resting (leak reversal) potential E_L = −60 mV (Brette et al. 2007).</summary>
    let RestingPotential =
        parameter "E_L" (-60.0 * mV) ValueRange.any "resting potential"

    /// <summary>Spike threshold V_th = −50 mV (Brette et al. 2007).</summary>
    let Threshold = parameter "V_th" (-50.0 * mV) ValueRange.any "spike threshold"

    /// <summary>Potential after a spike V_reset = −60 mV (Brette et al. 2007).</summary>
    let ResetPotential =
        parameter "V_reset" (-60.0 * mV) ValueRange.any "potential after a spike"

    /// <summary>Excitatory reversal potential E_e = 0 mV (Brette et al. 2007).</summary>
    let ExcitatoryReversal =
        parameter "E_e" (0.0 * mV) ValueRange.any "excitatory reversal potential"

    /// <summary>Inhibitory reversal potential E_i = −80 mV (Brette et al. 2007).</summary>
    let InhibitoryReversal =
        parameter "E_i" (-80.0 * mV) ValueRange.any "inhibitory reversal potential"

    /// <summary>Excitatory conductance decay time τ_e = 5 ms, &gt; 0 (Brette et al. 2007).</summary>
    let ExcitatoryTimeConstant =
        parameter "tau_e" (5.0 * ms) ValueRange.positive "decay time constant of the excitatory conductance"

    /// <summary>Inhibitory conductance decay time τ_i = 10 ms, &gt; 0 (Brette et al. 2007).</summary>
    let InhibitoryTimeConstant =
        parameter "tau_i" (10.0 * ms) ValueRange.positive "decay time constant of the inhibitory conductance"

    /// <summary>Absolute refractory period t_ref = 5 ms, ≥ 0 (Brette et al. 2007).</summary>
    let Refractory =
        parameter "t_ref" (5.0 * ms) ValueRange.nonNegative "absolute refractory period"

    /// <summary>External current I, in pA, added to the membrane.</summary>
    let Current = input "I" pA "external current, added to the membrane"

    /// <summary>Membrane potential V, starting at rest.</summary>
    let Potential = state "V" mV RestingPotential ValueRange.any "membrane potential"

    /// <summary>Excitatory conductance g_e ≥ 0, starting at 0 nS.</summary>
    let ExcitatoryConductance =
        state "g_e" nS (constant (0.0 * nS)) ValueRange.nonNegative "excitatory synaptic conductance"

    /// <summary>Inhibitory conductance g_i ≥ 0, starting at 0 nS.</summary>
    let InhibitoryConductance =
        state "g_i" nS (constant (0.0 * nS)) ValueRange.nonNegative "inhibitory synaptic conductance"

    /// <summary>The model as equations.</summary>
    let equations: TypedModel<pA> =
        let C, tau_m, E_L, E_e, E_i =
            Capacitance, MembraneTimeConstant, RestingPotential, ExcitatoryReversal, InhibitoryReversal

        let I, V, g_e, g_i =
            Current, Potential, ExcitatoryConductance, InhibitoryConductance

        let synaptic =
            define "I_syn" pA (g_e * (E_e - V) + g_i * (E_i - V)) "synaptic current"

        TypedModel.create
            "conductance-based LIF"
            "dV/dt = -(V - E_L)/tau_m + (g_e (E_e - V) + g_i (E_i - V) + I)/C, tau_e dg_e/dt = -g_e, tau_i dg_i/dt = -g_i; a spike when V crosses V_th, then V = V_reset for t_ref"
            "Brette et al., J. Comput. Neurosci. 23 (2007) 349-398, Benchmark 1 (COBA); Vogels & Abbott, J. Neurosci. 25 (2005) 10786-10795"
            I
            [ dt V (-(V - E_L) / tau_m + (synaptic + I) / C) |> unlessRefractory
              dt g_e (-g_e / ExcitatoryTimeConstant)
              dt g_i (-g_i / InhibitoryTimeConstant) ]
        |> TypedModel.withThreshold (V >. Threshold)
        |> TypedModel.withReset [ V <-- ResetPotential ]
        |> TypedModel.withRefractory Refractory
        |> TypedModel.withRequirement (Threshold >. ResetPotential)

    /// <summary>The compiled model: conditionally linear (exponential Euler applies), no exact flow.</summary>
    let model: Model<ParameterValues, float[], pA> = Equations.ofTyped equations

    /// <summary>The COBA benchmark neuron's parameters (Brette et al. 2007).</summary>
    let defaults = Equations.defaults model
