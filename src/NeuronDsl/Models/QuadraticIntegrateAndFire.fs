namespace NeuronDsl.Models

open NeuronDsl
open NeuronDsl.Units

/// <summary>
/// Quadratic integrate-and-fire (QIF): C dV/dt = g_L (V − E_L)(V − V_c)/(V_c − E_L) + I; when V reaches V_peak a
/// spike is emitted and V = V_reset. Near E_L it is a leak of conductance g_L; above V_c it runs away.
/// </summary>
/// <remarks>
/// The normal form of a saddle-node on an invariant circle (type I excitability): Ermentrout &amp; Kopell,
/// SIAM J. Appl. Math. 46 (1986) 233–253 (as the θ-neuron); Latham, Richmond, Nelson &amp; Nirenberg, J. Neurophysiol.
/// 83 (2000) 808–827, eq. (1), τ dV/dt = (V − E_r)(V − V_t)/(V_t − E_r) + R I, written here with C = τ/R and
/// g_L = 1/R. The defaults match <c>LeakyIntegrateAndFire</c> (C = 200 pF, g_L = 10 nS, E_L = −70 mV, critical
/// potential at the LIF threshold −50 mV, reset −65 mV), so that the two models compare. Under a constant I above
/// the rheobase I_rh = g_L (V_c − E_L)/4 the interspike interval has the closed form given by <c>interval</c>.
/// </remarks>
[<RequireQualifiedAccess>]
module QuadraticIntegrateAndFire =
    /// <summary>Membrane capacitance C = 200 pF, &gt; 0.</summary>
    let Capacitance =
        parameter "C" (200.0 * pF) ValueRange.positive "membrane capacitance"

    /// <summary>Leak conductance at rest g_L = 10 nS (τ = 20 ms), &gt; 0.</summary>
    let LeakConductance =
        parameter "g_L" (10.0 * nS) ValueRange.positive "leak conductance at rest"

    /// <summary>Resting potential E_L = −70 mV.</summary>
    let RestingPotential =
        parameter "E_L" (-70.0 * mV) ValueRange.any "resting potential (stable fixed point)"

    /// <summary>Critical potential V_c = −50 mV: the unstable fixed point without input.</summary>
    let CriticalPotential =
        parameter "V_c" (-50.0 * mV) ValueRange.any "critical potential (unstable fixed point)"

    /// <summary>Spike cut-off V_peak = 0 mV: a spike when V reaches it.</summary>
    let PeakPotential =
        parameter "V_peak" (0.0 * mV) ValueRange.any "spike cut-off: a spike when V reaches it"

    /// <summary>Reset potential V_reset = −65 mV.</summary>
    let ResetPotential =
        parameter "V_reset" (-65.0 * mV) ValueRange.any "potential after a spike"

    /// <summary>Injected current I, in pA.</summary>
    let Current = input "I" pA "injected current"

    /// <summary>Membrane potential V, starting at E_L.</summary>
    let Potential = state "V" mV RestingPotential ValueRange.any "membrane potential"

    /// <summary>The model as equations.</summary>
    let equations: TypedModel<pA> =
        let C, gL, EL, Vc, V, I =
            Capacitance, LeakConductance, RestingPotential, CriticalPotential, Potential, Current

        TypedModel.create
            "quadratic integrate-and-fire"
            "C dV/dt = g_L (V - E_L)(V - V_c)/(V_c - E_L) + I; when V reaches V_peak: V = V_reset"
            "Ermentrout & Kopell, SIAM J. Appl. Math. 46 (1986) 233-253; Latham et al., J. Neurophysiol. 83 (2000) 808-827"
            I
            [ dt V ((gL * (V - EL) * (V - Vc) / (Vc - EL) + I) / C) ]
        |> TypedModel.withThreshold (V >. PeakPotential)
        |> TypedModel.withReset [ V <-- ResetPotential ]
        |> TypedModel.withRequirement (CriticalPotential >. RestingPotential)
        |> TypedModel.withRequirement (PeakPotential >. CriticalPotential)
        |> TypedModel.withParameterOrder [ "C"; "g_L"; "E_L"; "V_c"; "V_peak"; "V_reset" ]

    /// <summary>The compiled model, its input in pA.</summary>
    let model: Model<ParameterValues, float[], pA> = Equations.ofTyped equations

    /// <summary>Defaults matched to the library's LIF (see the remarks): rheobase 50 pA.</summary>
    let defaults = Equations.defaults model

    /// <summary>Rheobase I_rh = g_L (V_c − E_L)/4: the model fires under a constant current exactly above it.</summary>
    let rheobase (p: ParameterValues) : float<pA> =
        Parameters.get LeakConductance p
        * (Parameters.get CriticalPotential p - Parameters.get RestingPotential p)
        / 4.0

    /// <summary>
    /// Interspike interval under a constant current above the rheobase, from V_reset to V_peak:
    /// (C ΔV/(g_L q)) (arctan((V_peak − V_m)/q) − arctan((V_reset − V_m)/q)), with ΔV = V_c − E_L,
    /// V_m = (E_L + V_c)/2 and q = √(ΔV (I − I_rh)/g_L); infinite at or below the rheobase.
    /// </summary>
    /// <param name="p">Parameters.</param>
    /// <param name="input">Constant current in pA.</param>
    /// <returns>The interval in ms.</returns>
    let interval (p: ParameterValues) (input: float<pA>) : float<ms> =
        let C, gL = Parameters.get Capacitance p, Parameters.get LeakConductance p
        let EL, Vc = Parameters.get RestingPotential p, Parameters.get CriticalPotential p
        let excess = input - rheobase p

        if excess <= 0.0<pA> then
            infinity * 1.0<ms>
        else
            let width = Vc - EL
            let middle = 0.5 * (EL + Vc)
            let q = sqrt (width * excess / gL)

            C * width / (gL * q)
            * (atan ((Parameters.get PeakPotential p - middle) / q)
               - atan ((Parameters.get ResetPotential p - middle) / q))
