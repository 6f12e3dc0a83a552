namespace NeuronDsl.Models

open NeuronDsl
open NeuronDsl.Units

/// <summary>
/// Leaky integrate-and-fire with an exponential synaptic current (NEST's iaf_psc_exp):
/// dV/dt = −(V − E_L)/τ_m + (I_syn + I)/C_m, τ_syn dI_syn/dt = −I_syn. A spike when V crosses V_th, then
/// V = V_reset held for t_ref (I_syn keeps decaying).
/// </summary>
/// <remarks>
/// The input I is the external current (NEST's I_e) and is added to the membrane directly, not filtered by the
/// synapse; I_syn decays from its initial value, and a synaptic event of weight w (pA) will add w to I_syn once
/// spikes are delivered between neurons. From V = E_L, I = 0 and I_syn(0) = w the PSP is the difference of two
/// exponentials, V − E_L = w τ_m τ_syn / (C_m (τ_m − τ_syn)) (e^(−t/τ_m) − e^(−t/τ_syn)).
/// Tsodyks, Uziel &amp; Markram, J. Neurosci. 20 (2000) RC50; Rotter &amp; Diesmann, Biol. Cybern. 81 (1999)
/// 381–402 (exact integration); defaults of NEST's iaf_psc_exp (Gewaltig &amp; Diesmann, Scholarpedia 2 (2007)
/// 1430). The preset "PD14" is the cortical microcircuit neuron of Potjans &amp; Diesmann, Cereb. Cortex 24 (2014)
/// 785–806, Table 5.
/// </remarks>
[<RequireQualifiedAccess>]
module LeakyIntegrateAndFireExponentialSynapse =
    /// <summary>Membrane capacitance C_m = 250 pF, &gt; 0 (NEST iaf_psc_exp).</summary>
    let Capacitance =
        parameter "C_m" (250.0 * pF) ValueRange.positive "membrane capacitance"

    /// <summary>Membrane time constant τ_m = 10 ms, &gt; 0 (NEST iaf_psc_exp).</summary>
    let MembraneTimeConstant =
        parameter "tau_m" (10.0 * ms) ValueRange.positive "membrane time constant"

    /// <summary>Synaptic time constant τ_syn = 2 ms, &gt; 0 (NEST iaf_psc_exp, tau_syn_ex).</summary>
    let SynapticTimeConstant =
        parameter "tau_syn" (2.0 * ms) ValueRange.positive "decay time constant of the synaptic current"

    /// <summary>Resting potential E_L = −70 mV (NEST iaf_psc_exp).</summary>
    let RestingPotential =
        parameter "E_L" (-70.0 * mV) ValueRange.any "resting potential"

    /// <summary>Spike threshold V_th = −55 mV (NEST iaf_psc_exp).</summary>
    let Threshold = parameter "V_th" (-55.0 * mV) ValueRange.any "spike threshold"

    /// <summary>Potential after a spike V_reset = −70 mV (NEST iaf_psc_exp).</summary>
    let ResetPotential =
        parameter "V_reset" (-70.0 * mV) ValueRange.any "potential after a spike"

    /// <summary>Absolute refractory period t_ref = 2 ms, ≥ 0 (NEST iaf_psc_exp).</summary>
    let Refractory =
        parameter "t_ref" (2.0 * ms) ValueRange.nonNegative "absolute refractory period"

    /// <summary>External current I (NEST's I_e), in pA, added to the membrane directly.</summary>
    let Current =
        input "I" pA "external current, added to the membrane directly (not through the synapse)"

    /// <summary>Membrane potential V, starting at rest.</summary>
    let Potential = state "V" mV RestingPotential ValueRange.any "membrane potential"

    /// <summary>Synaptic current I_syn, starting at 0 pA; synaptic events will add their weight to it.</summary>
    let SynapticCurrent =
        state "I_syn" pA (constant (0.0 * pA)) ValueRange.any "synaptic current"

    /// <summary>The model as equations.</summary>
    let equations: TypedModel<pA> =
        let C, tau_m, tau_syn, E_L =
            Capacitance, MembraneTimeConstant, SynapticTimeConstant, RestingPotential

        let I, V, I_syn = Current, Potential, SynapticCurrent

        TypedModel.create
            "LIF with exponential synaptic current"
            "dV/dt = -(V - E_L)/tau_m + (I_syn + I)/C_m, tau_syn dI_syn/dt = -I_syn; the input I is added directly; a spike when V crosses V_th, then V = V_reset for t_ref"
            "Tsodyks, Uziel & Markram, J. Neurosci. 20 (2000) RC50; Rotter & Diesmann, Biol. Cybern. 81 (1999) 381-402; defaults of NEST iaf_psc_exp"
            I
            [ dt V (-(V - E_L) / tau_m + (I_syn + I) / C) |> unlessRefractory
              dt I_syn (-I_syn / tau_syn) ]
        |> TypedModel.withThreshold (V >. Threshold)
        |> TypedModel.withReset [ V <-- ResetPotential ]
        |> TypedModel.withRefractory Refractory
        |> TypedModel.withRequirement (Threshold >. ResetPotential)

    /// <summary>The compiled model: linear, so exact integration applies.</summary>
    let model: Model<ParameterValues, float[], pA> = Equations.ofTyped equations

    /// <summary>The defaults of NEST's iaf_psc_exp.</summary>
    let defaults = Equations.defaults model

    /// <summary>
    /// The cortical microcircuit neuron of Potjans &amp; Diesmann (2014), Table 5: C_m = 250 pF, τ_m = 10 ms,
    /// τ_syn = 0.5 ms, E_L = V_reset = −65 mV, V_th = −50 mV, t_ref = 2 ms.
    /// </summary>
    let potjansDiesmann2014 =
        defaults
        |> Parameters.setTo Capacitance 250.0<pF>
        |> Parameters.setTo MembraneTimeConstant 10.0<ms>
        |> Parameters.setTo SynapticTimeConstant 0.5<ms>
        |> Parameters.setTo RestingPotential -65.0<mV>
        |> Parameters.setTo Threshold -50.0<mV>
        |> Parameters.setTo ResetPotential -65.0<mV>
        |> Parameters.setTo Refractory 2.0<ms>
