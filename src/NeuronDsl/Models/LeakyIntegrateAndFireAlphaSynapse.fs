namespace NeuronDsl.Models

open NeuronDsl
open NeuronDsl.Units

/// <summary>
/// Leaky integrate-and-fire with an alpha-shaped synaptic current (NEST's iaf_psc_alpha):
/// dV/dt = −(V − E_L)/τ_m + (I_syn + I)/C_m, τ_syn dI_syn/dt = J − I_syn, τ_syn dJ/dt = −J. A spike when V crosses
/// V_th, then V = V_reset held for t_ref (I_syn and J keep decaying).
/// </summary>
/// <remarks>
/// Two synaptic variables make the alpha function: from I_syn(0) = 0 and J(0) = J₀, I_syn(t) = J₀ (t/τ_syn)
/// e^(−t/τ_syn), which peaks at J₀/e when t = τ_syn; a synaptic event of peak amplitude w (pA) will add e·w to J
/// once spikes are delivered between neurons. The input I is the external current (NEST's I_e) and is added to the
/// membrane directly, not filtered by the synapse.
/// Rall, J. Neurophysiol. 30 (1967) 1138–1168 (the alpha function); Rotter &amp; Diesmann, Biol. Cybern. 81 (1999)
/// 381–402 (exact integration of this model); defaults of NEST's iaf_psc_alpha.
/// </remarks>
[<RequireQualifiedAccess>]
module LeakyIntegrateAndFireAlphaSynapse =
    /// <summary>Membrane capacitance C_m = 250 pF, &gt; 0 (NEST iaf_psc_alpha).</summary>
    let Capacitance =
        parameter "C_m" (250.0 * pF) ValueRange.positive "membrane capacitance"

    /// <summary>Membrane time constant τ_m = 10 ms, &gt; 0 (NEST iaf_psc_alpha).</summary>
    let MembraneTimeConstant =
        parameter "tau_m" (10.0 * ms) ValueRange.positive "membrane time constant"

    /// <summary>Rise time of the synaptic current τ_syn = 2 ms, &gt; 0: the alpha function peaks at t = τ_syn
    /// (NEST iaf_psc_alpha, tau_syn_ex).</summary>
    let SynapticTimeConstant =
        parameter "tau_syn" (2.0 * ms) ValueRange.positive "rise time of the alpha-shaped synaptic current"

    /// <summary>Resting potential E_L = −70 mV (NEST iaf_psc_alpha).</summary>
    let RestingPotential =
        parameter "E_L" (-70.0 * mV) ValueRange.any "resting potential"

    /// <summary>Spike threshold V_th = −55 mV (NEST iaf_psc_alpha).</summary>
    let Threshold = parameter "V_th" (-55.0 * mV) ValueRange.any "spike threshold"

    /// <summary>Potential after a spike V_reset = −70 mV (NEST iaf_psc_alpha).</summary>
    let ResetPotential =
        parameter "V_reset" (-70.0 * mV) ValueRange.any "potential after a spike"

    /// <summary>Absolute refractory period t_ref = 2 ms, ≥ 0 (NEST iaf_psc_alpha).</summary>
    let Refractory =
        parameter "t_ref" (2.0 * ms) ValueRange.nonNegative "absolute refractory period"

    /// <summary>External current I (NEST's I_e), in pA, added to the membrane directly.</summary>
    let Current =
        input "I" pA "external current, added to the membrane directly (not through the synapse)"

    /// <summary>Membrane potential V, starting at rest.</summary>
    let Potential = state "V" mV RestingPotential ValueRange.any "membrane potential"

    /// <summary>Synaptic current I_syn, starting at 0 pA.</summary>
    let SynapticCurrent =
        state "I_syn" pA (constant (0.0 * pA)) ValueRange.any "synaptic current (alpha-shaped)"

    /// <summary>The synaptic current's driving variable J, starting at 0 pA; a synaptic event will add e·w to it.</summary>
    let SynapticDrive =
        state "J" pA (constant (0.0 * pA)) ValueRange.any "drive of the synaptic current (decays with tau_syn)"

    /// <summary>The model as equations.</summary>
    let equations: TypedModel<pA> =
        let C, tau_m, tau_syn, E_L =
            Capacitance, MembraneTimeConstant, SynapticTimeConstant, RestingPotential

        let I, V, I_syn, J = Current, Potential, SynapticCurrent, SynapticDrive

        TypedModel.create
            "LIF with alpha-shaped synaptic current"
            "dV/dt = -(V - E_L)/tau_m + (I_syn + I)/C_m, tau_syn dI_syn/dt = J - I_syn, tau_syn dJ/dt = -J; the input I is added directly; a spike when V crosses V_th, then V = V_reset for t_ref"
            "Rall, J. Neurophysiol. 30 (1967) 1138-1168; Rotter & Diesmann, Biol. Cybern. 81 (1999) 381-402; defaults of NEST iaf_psc_alpha"
            I
            [ dt V (-(V - E_L) / tau_m + (I_syn + I) / C) |> unlessRefractory
              dt I_syn ((J - I_syn) / tau_syn)
              dt J (-J / tau_syn) ]
        |> TypedModel.withThreshold (V >. Threshold)
        |> TypedModel.withReset [ V <-- ResetPotential ]
        |> TypedModel.withRefractory Refractory
        |> TypedModel.withRequirement (Threshold >. ResetPotential)

    /// <summary>The compiled model: linear, so exact integration applies.</summary>
    let model: Model<ParameterValues, float[], pA> = Equations.ofTyped equations

    /// <summary>The defaults of NEST's iaf_psc_alpha.</summary>
    let defaults = Equations.defaults model
