namespace NeuronDsl.Models

open NeuronDsl
open NeuronDsl.Units

/// <summary>
/// Leaky integrate-and-fire: C dV/dt = I(t) − (V − E_L)/R. A spike when V crosses V_th, then V = V_reset held for
/// t_ref. It fires only when I exceeds the rheobase I_th = (V_th − E_L)/R.
/// </summary>
/// <remarks>
/// Gerstner, Kistler, Naud &amp; Paninski, Neuronal Dynamics (2014), ch. 1.3. Under constant I &gt; I_th and
/// starting at V_reset, spikes occur every t_ref + τ ln((R I + E_L − V_reset)/(R I + E_L − V_th)), τ = R C.
/// </remarks>
[<RequireQualifiedAccess>]
module LeakyIntegrateAndFire =
    /// <summary>Membrane capacitance C = 200 pF, &gt; 0.</summary>
    let Capacitance =
        parameter "C" (200.0 * pF) ValueRange.positive "membrane capacitance"

    /// <summary>Membrane (leak) resistance R = 0.1 GΩ (g_L = 10 nS, τ = 20 ms), &gt; 0.</summary>
    let Resistance =
        parameter "R" (0.1 * GOhm) ValueRange.positive "membrane resistance"

    /// <summary>Leak reversal (resting) potential E_L = −70 mV.</summary>
    let RestingPotential =
        parameter "E_L" (-70.0 * mV) ValueRange.any "resting potential"

    /// <summary>Spike threshold V_th = −50 mV.</summary>
    let Threshold = parameter "V_th" (-50.0 * mV) ValueRange.any "spike threshold"

    /// <summary>Potential after a spike V_reset = −65 mV.</summary>
    let ResetPotential =
        parameter "V_reset" (-65.0 * mV) ValueRange.any "potential after a spike"

    /// <summary>Absolute refractory period t_ref = 2 ms, ≥ 0.</summary>
    let Refractory =
        parameter "t_ref" (2.0 * ms) ValueRange.nonNegative "absolute refractory period"

    /// <summary>Injected current I, in pA.</summary>
    let Current = input "I" pA "injected current"
    /// <summary>Membrane potential V, starting at rest.</summary>
    let Potential = state "V" mV RestingPotential ValueRange.any "membrane potential"

    /// <summary>The model as equations.</summary>
    let equations: TypedModel<pA> =
        let C, R, E_L, I, V = Capacitance, Resistance, RestingPotential, Current, Potential

        TypedModel.create
            "leaky integrate-and-fire"
            "C dV/dt = I - (V - E_L)/R; a spike when V crosses V_th, then V = V_reset for t_ref"
            "Gerstner, Kistler, Naud & Paninski, Neuronal Dynamics (2014), ch. 1.3"
            I
            [ dt V ((I - (V - E_L) / R) / C) |> unlessRefractory ]
        |> TypedModel.withThreshold (V >. Threshold)
        |> TypedModel.withReset [ V <-- ResetPotential ]
        |> TypedModel.withRefractory Refractory
        |> TypedModel.withRequirement (Threshold >. ResetPotential)
        |> TypedModel.withParameterOrder [ "C"; "R"; "E_L"; "V_th"; "V_reset"; "t_ref" ]

    /// <summary>The compiled model: exact integration applies (it is linear), and exponential Euler.</summary>
    let model: Model<ParameterValues, float[], pA> = Equations.ofTyped equations

    /// <summary>The published defaults (Gerstner et al. 2014, ch. 1): rheobase 200 pA.</summary>
    let defaults = Equations.defaults model

    /// <summary>Membrane time constant τ = R C.</summary>
    let timeConstant (p: ParameterValues) : float<ms> =
        Parameters.get Resistance p * Parameters.get Capacitance p

    /// <summary>Rheobase (threshold current) I_th = (V_th − E_L)/R: the neuron fires only above it.</summary>
    let rheobase (p: ParameterValues) : float<pA> =
        (Parameters.get Threshold p - Parameters.get RestingPotential p)
        / Parameters.get Resistance p

    /// <summary>Interspike interval under a constant current, refractory period included; infinite at or below I_th.</summary>
    /// <param name="p">Parameters.</param>
    /// <param name="input">Constant current in pA.</param>
    /// <returns>t_ref + τ ln((R I + E_L − V_reset)/(R I + E_L − V_th)), or infinity.</returns>
    let interval (p: ParameterValues) (input: float<pA>) : float<ms> =
        let drive = Parameters.get Resistance p * input + Parameters.get RestingPotential p
        let threshold = Parameters.get Threshold p

        if drive <= threshold then
            infinity * 1.0<ms>
        else
            Parameters.get Refractory p
            + timeConstant p
              * log ((drive - Parameters.get ResetPotential p) / (drive - threshold))

    /// <summary>Firing rate under a constant current, 0 Hz at or below the rheobase.</summary>
    let firingRate (p: ParameterValues) (input: float<pA>) : float<Hz> =
        Unit.millisecondsPerSecond / interval p input
