namespace NeuronDsl.Models

open NeuronDsl
open NeuronDsl.Units

/// <summary>
/// Adaptive exponential integrate-and-fire (AdEx): C dV/dt = −g_L (V − E_L) + g_L Δ_T exp((V − V_T)/Δ_T) − w + I,
/// τ_w dw/dt = a (V − E_L) − w; when V reaches V_peak a spike is emitted and V = V_r, w = w + b.
/// </summary>
/// <remarks>
/// Brette &amp; Gerstner, J. Neurophysiol. 94 (2005) 3637–3642, eqs. (1)–(2); the defaults are their regular-spiking
/// fit (C = 281 pF, g_L = 30 nS, E_L = V_r = −70.6 mV, V_T = −50.4 mV, Δ_T = 2 mV, τ_w = 144 ms, a = 4 nS,
/// b = 80.5 pA). The firing patterns of Naud, Marcille, Clopath &amp; Gerstner, Biol. Cybern. 99 (2008) 335–347,
/// Table 1, are the presets in <c>Catalogue</c>, each with the step current of its figure.
/// Near V_peak the upswing is faster than any fixed step (the time left to V = ∞ from V is about
/// τ_m e^(−(V − V_T)/Δ_T)); the simulation shrinks a step that overflows, and when even the smallest step cannot
/// follow the upswing (a fixed substep at the resolution of t, or dopri5 at its step floor) it follows the flow to
/// V_peak by explicit Euler probes, so the spike time is kept (see <c>Simulation.stream</c>).
/// </remarks>
[<RequireQualifiedAccess>]
module AdaptiveExponential =
    /// <summary>Membrane capacitance C = 281 pF, &gt; 0.</summary>
    let Capacitance =
        parameter "C" (281.0 * pF) ValueRange.positive "membrane capacitance"

    /// <summary>Leak conductance g_L = 30 nS, &gt; 0.</summary>
    let LeakConductance =
        parameter "g_L" (30.0 * nS) ValueRange.positive "leak conductance"

    /// <summary>Leak reversal potential E_L = −70.6 mV.</summary>
    let LeakReversal =
        parameter "E_L" (-70.6 * mV) ValueRange.any "leak reversal potential"

    /// <summary>Threshold (spike initiation) potential V_T = −50.4 mV.</summary>
    let ThresholdPotential =
        parameter "V_T" (-50.4 * mV) ValueRange.any "threshold potential: where the exponential takes over"

    /// <summary>Slope factor Δ_T = 2 mV, &gt; 0: the sharpness of spike initiation.</summary>
    let SlopeFactor =
        parameter "Delta_T" (2.0 * mV) ValueRange.positive "slope factor (sharpness of spike initiation)"

    /// <summary>Subthreshold adaptation a = 4 nS.</summary>
    let SubthresholdAdaptation =
        parameter "a" (4.0 * nS) ValueRange.any "subthreshold adaptation conductance"

    /// <summary>Adaptation time constant τ_w = 144 ms, &gt; 0.</summary>
    let AdaptationTimeConstant =
        parameter "tau_w" (144.0 * ms) ValueRange.positive "adaptation time constant"

    /// <summary>Spike-triggered adaptation b = 80.5 pA.</summary>
    let SpikeTriggeredAdaptation =
        parameter "b" (80.5 * pA) ValueRange.any "spike-triggered adaptation increment"

    /// <summary>Reset potential V_r = −70.6 mV.</summary>
    let ResetPotential = parameter "V_r" (-70.6 * mV) ValueRange.any "reset potential"

    /// <summary>Spike cut-off V_peak = 20 mV: a spike when V reaches it.</summary>
    let PeakPotential =
        parameter "V_peak" (20.0 * mV) ValueRange.any "spike cut-off: a spike when V reaches it"

    /// <summary>Injected current I, in pA.</summary>
    let Current = input "I" pA "injected current"

    /// <summary>Membrane potential V, starting at E_L.</summary>
    let Potential = state "V" mV LeakReversal ValueRange.any "membrane potential"

    /// <summary>Adaptation current w, starting at 0 pA.</summary>
    let Adaptation =
        state "w" pA (constant (0.0 * pA)) ValueRange.any "adaptation current"

    /// <summary>The model as equations.</summary>
    let equations: TypedModel<pA> =
        let C, gL, EL, VT, DeltaT =
            Capacitance, LeakConductance, LeakReversal, ThresholdPotential, SlopeFactor

        let V, w, I = Potential, Adaptation, Current

        let spikeCurrent =
            define "I_exp" pA (gL * DeltaT * exp ((V - VT) / DeltaT)) "exponential spike-initiation current"

        TypedModel.create
            "adaptive exponential integrate-and-fire"
            "C dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_T)/Delta_T) - w + I, tau_w dw/dt = a (V - E_L) - w; when V reaches V_peak: V = V_r, w += b"
            "Brette & Gerstner, J. Neurophysiol. 94 (2005) 3637-3642; Naud et al., Biol. Cybern. 99 (2008) 335-347"
            I
            [ dt V ((-gL * (V - EL) + spikeCurrent - w + I) / C)
              dt w ((SubthresholdAdaptation * (V - EL) - w) / AdaptationTimeConstant) ]
        |> TypedModel.withThreshold (V >. PeakPotential)
        |> TypedModel.withReset [ V <-- ResetPotential; w += SpikeTriggeredAdaptation ]
        |> TypedModel.withRequirement (PeakPotential >. ThresholdPotential)
        |> TypedModel.withRequirement (PeakPotential >. ResetPotential)
        |> TypedModel.withParameterOrder [ "C"; "g_L"; "E_L"; "V_T"; "Delta_T"; "a"; "tau_w"; "b"; "V_r"; "V_peak" ]

    /// <summary>The compiled model, its input in pA.</summary>
    let model: Model<ParameterValues, float[], pA> = Equations.ofTyped equations

    /// <summary>The regular-spiking fit of Brette &amp; Gerstner (2005).</summary>
    let defaults = Equations.defaults model

    // Naud et al. (2008), Table 1: name, pattern, step current (pA), then C (pF), g_L (nS), E_L (mV), V_T (mV),
    // Delta_T (mV), a (nS), tau_w (ms), b (pA), V_r (mV).
    let private naud =
        [ "tonic", "tonic spiking", 500.0, [ 200.0; 10.0; -70.0; -50.0; 2.0; 2.0; 30.0; 0.0; -58.0 ]
          "adapting", "spike-frequency adaptation", 500.0, [ 200.0; 12.0; -70.0; -50.0; 2.0; 2.0; 300.0; 60.0; -58.0 ]
          "initial-burst", "initial burst", 400.0, [ 130.0; 18.0; -58.0; -50.0; 2.0; 4.0; 150.0; 120.0; -50.0 ]
          "bursting", "regular bursting", 210.0, [ 200.0; 10.0; -58.0; -50.0; 2.0; 2.0; 120.0; 100.0; -46.0 ]
          "delayed-accelerating",
          "delayed accelerating",
          300.0,
          [ 200.0; 12.0; -70.0; -50.0; 2.0; -10.0; 300.0; 0.0; -58.0 ]
          "delayed-bursting",
          "delayed regular bursting",
          110.0,
          [ 100.0; 10.0; -65.0; -50.0; 2.0; -10.0; 90.0; 30.0; -47.0 ]
          "transient", "transient spiking", 180.0, [ 100.0; 10.0; -65.0; -50.0; 2.0; 10.0; 90.0; 100.0; -47.0 ]
          "irregular", "irregular spiking", 160.0, [ 100.0; 12.0; -60.0; -50.0; 2.0; -11.0; 130.0; 30.0; -48.0 ] ]

    /// <summary>
    /// The firing patterns of Naud et al. (2008), Table 1, as (name, description with the step current of its figure,
    /// changed parameters in their declared units). V_peak = 0 mV for all of them, as in Brian2's reproduction of the
    /// figure (the spike time moves by about τ_m e^(−(V_peak − V_T)/Δ_T) ≈ 1e-10 ms between 0 and 20 mV).
    /// </summary>
    let presets: (string * string * (string * float) list) list =
        [ for name, pattern, current, values in naud ->
              name,
              sprintf "%s under a %g pA step, Naud et al. 2008 Table 1" pattern current,
              List.zip [ "C"; "g_L"; "E_L"; "V_T"; "Delta_T"; "a"; "tau_w"; "b"; "V_r" ] values
              @ [ "V_peak", 0.0 ] ]

    /// <summary>The step current of each Naud et al. (2008) pattern, by preset name.</summary>
    let presetCurrents: Map<string, float<pA>> =
        Map.ofList [ for name, _, current, _ in naud -> name, current * 1.0<pA> ]
