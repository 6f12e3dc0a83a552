namespace NeuronDsl.Models

open NeuronDsl
open NeuronDsl.Units

/// <summary>
/// Perfect integrate-and-fire (Lapicque 1907): C dV/dt = I(t); when V crosses the threshold a spike is emitted,
/// V is reset and held there for the refractory period.
/// </summary>
/// <remarks>
/// Abbott, Brain Res. Bull. 50 (1999) 303–304; Gerstner et al., Neuronal Dynamics (2014), ch. 1. Defaults match
/// <c>LeakyIntegrateAndFire</c> without the leak. Under a constant I &gt; 0 the rate is
/// 1 / (t_ref + C (V_th − V_reset) / I).
/// </remarks>
[<RequireQualifiedAccess>]
module IntegrateAndFire =
    /// <summary>Membrane capacitance C = 200 pF, &gt; 0.</summary>
    let Capacitance =
        parameter "C" (200.0 * pF) ValueRange.positive "membrane capacitance"

    /// <summary>Spike threshold V_th = −50 mV.</summary>
    let Threshold = parameter "V_th" (-50.0 * mV) ValueRange.any "spike threshold"

    /// <summary>Potential after a spike, and the initial potential, V_reset = −65 mV.</summary>
    let ResetPotential =
        parameter "V_reset" (-65.0 * mV) ValueRange.any "potential after a spike"

    /// <summary>Absolute refractory period t_ref = 2 ms, ≥ 0.</summary>
    let Refractory =
        parameter "t_ref" (2.0 * ms) ValueRange.nonNegative "absolute refractory period"

    /// <summary>Injected current I, in pA.</summary>
    let Current = input "I" pA "injected current"
    /// <summary>Membrane potential V, starting at the reset potential.</summary>
    let Potential = state "V" mV ResetPotential ValueRange.any "membrane potential"

    /// <summary>The model as equations.</summary>
    let equations: TypedModel<pA> =
        TypedModel.create
            "integrate-and-fire"
            "C dV/dt = I; a spike when V crosses V_th, then V = V_reset for t_ref"
            "Abbott, Brain Res. Bull. 50 (1999) 303-304; Gerstner et al., Neuronal Dynamics (2014), ch. 1"
            Current
            [ dt Potential (Current / Capacitance) |> unlessRefractory ]
        |> TypedModel.withThreshold (Potential >. Threshold)
        |> TypedModel.withReset [ Potential <-- ResetPotential ]
        |> TypedModel.withRefractory Refractory
        |> TypedModel.withRequirement (Threshold >. ResetPotential)
        |> TypedModel.withParameterOrder [ "C"; "V_th"; "V_reset"; "t_ref" ]

    /// <summary>The compiled model: exact integration applies (it is linear), and exponential Euler.</summary>
    let model: Model<ParameterValues, float[], pA> = Equations.ofTyped equations

    /// <summary>The published defaults (Gerstner et al. 2014, ch. 1).</summary>
    let defaults = Equations.defaults model

    /// <summary>Firing rate under a constant current: 1 / (t_ref + C (V_th − V_reset) / I), 0 Hz for I ≤ 0.</summary>
    /// <param name="p">Parameters.</param>
    /// <param name="input">Constant current in pA.</param>
    /// <returns>The rate in Hz.</returns>
    let firingRate (p: ParameterValues) (input: float<pA>) : float<Hz> =
        if input <= 0.0<pA> then
            0.0<Hz>
        else
            let gap = Parameters.get Threshold p - Parameters.get ResetPotential p

            Unit.millisecondsPerSecond
            / (Parameters.get Refractory p + Parameters.get Capacitance p * gap / input)
