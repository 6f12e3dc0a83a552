namespace NeuronDsl.Models

open NeuronDsl
open NeuronDsl.Units

/// <summary>
/// Exponential integrate-and-fire (EIF): C dV/dt = −g_L (V − E_L) + g_L Δ_T exp((V − V_T)/Δ_T) + I; when V reaches
/// V_peak a spike is emitted, V = V_reset, held for t_ref.
/// </summary>
/// <remarks>
/// Fourcaud-Trocmé, Hansel, van Vreeswijk &amp; Brunel, J. Neurosci. 23 (2003) 11628–11640, eq. (2), per unit area;
/// defaults from their fit of the EIF to the Wang–Buzsáki interneuron (C = 1 µF/cm², g_L = 0.1 mS/cm², so
/// τ_m = 10 ms; E_L = −65 mV, V_T = −59.9 mV, Δ_T = 3.48 mV). When V_T − Δ_T &gt; E_L the model fires under a
/// constant current exactly above the rheobase I_rh = g_L (V_T − E_L − Δ_T), where a saddle-node at V = V_T appears.
/// </remarks>
[<RequireQualifiedAccess>]
module ExponentialIntegrateAndFire =
    /// <summary>Membrane capacitance per area C = 1 µF/cm², &gt; 0.</summary>
    let Capacitance =
        parameter "C" (1.0 * uF / cm2) ValueRange.positive "membrane capacitance per area"

    /// <summary>Leak conductance per area g_L = 0.1 mS/cm² (τ_m = 10 ms), &gt; 0.</summary>
    let LeakConductance =
        parameter "g_L" (0.1 * mS / cm2) ValueRange.positive "leak conductance per area"

    /// <summary>Leak reversal (resting) potential E_L = −65 mV.</summary>
    let LeakReversal =
        parameter "E_L" (-65.0 * mV) ValueRange.any "leak reversal potential"

    /// <summary>Threshold potential V_T = −59.9 mV, where the exponential current balances the leak's slope.</summary>
    let ThresholdPotential =
        parameter "V_T" (-59.9 * mV) ValueRange.any "threshold potential: where the exponential takes over"

    /// <summary>Slope factor Δ_T = 3.48 mV, &gt; 0: the sharpness of spike initiation.</summary>
    let SlopeFactor =
        parameter "Delta_T" (3.48 * mV) ValueRange.positive "slope factor (sharpness of spike initiation)"

    /// <summary>Spike cut-off V_peak = −30 mV: a spike when V reaches it.</summary>
    let PeakPotential =
        parameter "V_peak" (-30.0 * mV) ValueRange.any "spike cut-off: a spike when V reaches it"

    /// <summary>Reset potential V_reset = −68 mV.</summary>
    let ResetPotential =
        parameter "V_reset" (-68.0 * mV) ValueRange.any "potential after a spike"

    /// <summary>Absolute refractory period t_ref = 1.7 ms, ≥ 0.</summary>
    let Refractory =
        parameter "t_ref" (1.7 * ms) ValueRange.nonNegative "absolute refractory period"

    /// <summary>Injected current density I, in µA/cm².</summary>
    let Current = input "I" (uA / cm2) "injected current density"

    /// <summary>Membrane potential V, starting at E_L.</summary>
    let Potential = state "V" mV LeakReversal ValueRange.any "membrane potential"

    /// <summary>The model as equations.</summary>
    let equations: TypedModel<uA / cm2> =
        let C, gL, EL, VT, DeltaT =
            Capacitance, LeakConductance, LeakReversal, ThresholdPotential, SlopeFactor

        let V, I = Potential, Current

        let spikeCurrent =
            define "I_exp" (uA / cm2) (gL * DeltaT * exp ((V - VT) / DeltaT)) "exponential spike-initiation current"

        TypedModel.create
            "exponential integrate-and-fire"
            "C dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_T)/Delta_T) + I; when V reaches V_peak: V = V_reset for t_ref"
            "Fourcaud-Trocme, Hansel, van Vreeswijk & Brunel, J. Neurosci. 23 (2003) 11628-11640"
            I
            [ dt V ((-gL * (V - EL) + spikeCurrent + I) / C) |> unlessRefractory ]
        |> TypedModel.withThreshold (V >. PeakPotential)
        |> TypedModel.withReset [ V <-- ResetPotential ]
        |> TypedModel.withRefractory Refractory
        |> TypedModel.withRequirement (PeakPotential >. ThresholdPotential)
        |> TypedModel.withRequirement (PeakPotential >. ResetPotential)
        |> TypedModel.withParameterOrder [ "C"; "g_L"; "E_L"; "V_T"; "Delta_T"; "V_peak"; "V_reset"; "t_ref" ]

    /// <summary>The compiled model, its input in µA/cm².</summary>
    let model: Model<ParameterValues, float[], uA / cm2> = Equations.ofTyped equations

    /// <summary>The Wang–Buzsáki fit of Fourcaud-Trocmé et al. (2003): rheobase 0.162 µA/cm².</summary>
    let defaults = Equations.defaults model

    /// <summary>
    /// Rheobase I_rh = g_L (V_T − E_L − Δ_T): the smallest constant current at which the model fires (the saddle-node
    /// of C dV/dt = 0 and its V-derivative = 0, at V = V_T). Valid when V_T − Δ_T &gt; E_L.
    /// </summary>
    /// <param name="p">Parameters.</param>
    /// <returns>The rheobase in µA/cm².</returns>
    let rheobase (p: ParameterValues) : float<uA / cm2> =
        Parameters.get LeakConductance p
        * (Parameters.get ThresholdPotential p
           - Parameters.get LeakReversal p
           - Parameters.get SlopeFactor p)
