namespace NeuronDsl.Models

open NeuronDsl
open NeuronDsl.Units

/// <summary>
/// Leaky integrate-and-fire with spike-frequency adaptation: C dV/dt = −(V − E_L)/R − w + I, τ_w dw/dt = −w.
/// A spike when V crosses V_th, then V = V_reset held for t_ref and w += b, so that under a constant input the
/// interspike intervals lengthen toward a steady value.
/// </summary>
/// <remarks>
/// Gerstner, Kistler, Naud &amp; Paninski, Neuronal Dynamics (2014), ch. 6.1, eqs. (6.1)–(6.2) with purely
/// spike-triggered adaptation (a = 0); Liu &amp; Wang, J. Comput. Neurosci. 10 (2001) 25–45. Membrane defaults as
/// <c>LeakyIntegrateAndFire</c> (Neuronal Dynamics ch. 1); τ_w = 144 ms and b = 80.5 pA are the adaptation time
/// constant and spike-triggered increment of Brette &amp; Gerstner, J. Neurophysiol. 94 (2005) 3637–3642.
/// Between spikes the model is linear, so exact integration applies. After a spike with w = w⁺ the next interval is
/// t_ref + T(w⁺ e^(−t_ref/τ_w)), where T solves V(T) = V_th with
/// V(s) = E_L + R I + (V_reset − E_L − R I) e^(−s/τ) − R w₀ τ_w/(τ_w − τ) (e^(−s/τ_w) − e^(−s/τ)), τ = R C, and the
/// next w⁺ is w₀ e^(−T/τ_w) + b; the steady interval is that map's fixed point.
/// </remarks>
[<RequireQualifiedAccess>]
module AdaptiveLeakyIntegrateAndFire =
    /// <summary>Membrane capacitance C = 200 pF, &gt; 0 (Neuronal Dynamics ch. 1).</summary>
    let Capacitance =
        parameter "C" (200.0 * pF) ValueRange.positive "membrane capacitance"

    /// <summary>Membrane (leak) resistance R = 0.1 GΩ (τ = 20 ms), &gt; 0 (Neuronal Dynamics ch. 1).</summary>
    let Resistance =
        parameter "R" (0.1 * GOhm) ValueRange.positive "membrane resistance"

    /// <summary>Resting potential E_L = −70 mV.</summary>
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

    /// <summary>Adaptation time constant τ_w = 144 ms, &gt; 0 (Brette &amp; Gerstner 2005).</summary>
    let AdaptationTimeConstant =
        parameter "tau_w" (144.0 * ms) ValueRange.positive "decay time constant of the adaptation current"

    /// <summary>Spike-triggered adaptation increment b = 80.5 pA, ≥ 0 (Brette &amp; Gerstner 2005).</summary>
    let AdaptationIncrement =
        parameter "b" (80.5 * pA) ValueRange.nonNegative "adaptation current added at each spike"

    /// <summary>Injected current I, in pA.</summary>
    let Current = input "I" pA "injected current"

    /// <summary>Membrane potential V, starting at rest.</summary>
    let Potential = state "V" mV RestingPotential ValueRange.any "membrane potential"

    /// <summary>Adaptation current w, starting at 0 pA.</summary>
    let AdaptationCurrent =
        state "w" pA (constant (0.0 * pA)) ValueRange.any "adaptation current"

    /// <summary>The model as equations.</summary>
    let equations: TypedModel<pA> =
        let C, R, E_L, I, V, w =
            Capacitance, Resistance, RestingPotential, Current, Potential, AdaptationCurrent

        TypedModel.create
            "adaptive leaky integrate-and-fire"
            "C dV/dt = -(V - E_L)/R - w + I, tau_w dw/dt = -w; a spike when V crosses V_th, then V = V_reset for t_ref and w += b"
            "Gerstner et al., Neuronal Dynamics (2014), ch. 6.1 (a = 0); tau_w and b from Brette & Gerstner, J. Neurophysiol. 94 (2005) 3637-3642"
            I
            [ dt V ((I - (V - E_L) / R - w) / C) |> unlessRefractory
              dt w (-w / AdaptationTimeConstant) ]
        |> TypedModel.withThreshold (V >. Threshold)
        |> TypedModel.withReset [ V <-- ResetPotential; w += AdaptationIncrement ]
        |> TypedModel.withRefractory Refractory
        |> TypedModel.withRequirement (Threshold >. ResetPotential)

    /// <summary>The compiled model: linear between spikes, so exact integration applies.</summary>
    let model: Model<ParameterValues, float[], pA> = Equations.ofTyped equations

    /// <summary>Membrane defaults of Neuronal Dynamics ch. 1, adaptation of Brette &amp; Gerstner (2005).</summary>
    let defaults = Equations.defaults model
