namespace NeuronDsl.Models

open NeuronDsl
open NeuronDsl.Units

/// <summary>
/// Izhikevich (2003) simple model: dv/dt = 0.04 v² + 5 v + 140 − u + I, du/dt = a (b v − u); when v ≥ 30 mV a spike
/// is emitted and v = c, u = u + d.
/// </summary>
/// <remarks>
/// Izhikevich, "Simple model of spiking neurons", IEEE Trans. Neural Netw. 14 (2003) 1569–1572, eqs. (1)–(3). The
/// paper writes v in mV and t in ms and leaves the other units implicit; here they are explicit: the coefficients are
/// 0.04 /(ms·mV), 5 /ms and 140 mV/ms, u and the input I are in mV/ms (the paper's I = 10 is 10 mV/ms, not a current
/// in pA: there is no capacitance), a and b are rates in 1/ms and d is in mV/ms. The defaults are the regular-spiking
/// (RS) cell; the other cell classes of the paper's Fig. 2 are the presets in <c>Catalogue</c>. Starting state as in
/// the paper's MATLAB code: v = −65 mV, u = b·v.
/// </remarks>
[<RequireQualifiedAccess>]
module Izhikevich =
    /// <summary>Time scale of the recovery variable a = 0.02 /ms (RS), &gt; 0.</summary>
    let RecoveryRate =
        parameter "a" (0.02 * one / ms) ValueRange.positive "time scale of the recovery variable u"

    /// <summary>Sensitivity of the recovery variable to v, b = 0.2 /ms (RS).</summary>
    let RecoverySensitivity =
        parameter "b" (0.2 * one / ms) ValueRange.any "sensitivity of u to subthreshold fluctuations of v"

    /// <summary>After-spike reset value of v, c = −65 mV (RS).</summary>
    let ResetPotential =
        parameter "c" (-65.0 * mV) ValueRange.any "after-spike reset value of v"

    /// <summary>After-spike increment of u, d = 8 mV/ms (RS).</summary>
    let RecoveryIncrement =
        parameter "d" (8.0 * mV / ms) ValueRange.any "after-spike increment of u"

    /// <summary>Spike cut-off (the apex of the spike) v_peak = 30 mV.</summary>
    let PeakPotential =
        parameter "v_peak" (30.0 * mV) ValueRange.any "spike cut-off: a spike when v reaches it"

    /// <summary>Input I, in mV/ms (synaptic or injected drive divided by an implicit capacitance).</summary>
    let Drive = input "I" (mV / ms) "input drive (the paper's I)"

    /// <summary>Membrane potential v, starting at −65 mV.</summary>
    let Potential =
        state "v" mV (constant (-65.0 * mV)) ValueRange.any "membrane potential"

    /// <summary>Membrane recovery variable u, starting at b·(−65 mV).</summary>
    let Recovery =
        state "u" (mV / ms) (RecoverySensitivity * constant (-65.0 * mV)) ValueRange.any "membrane recovery variable"

    /// <summary>The model as equations.</summary>
    let equations: TypedModel<mV / ms> =
        let v, u, I = Potential, Recovery, Drive
        let a, b = RecoveryRate, RecoverySensitivity

        TypedModel.create
            "Izhikevich"
            "dv/dt = 0.04 v^2 + 5 v + 140 - u + I, du/dt = a (b v - u); when v >= 30 mV: v = c, u += d"
            "Izhikevich, IEEE Trans. Neural Netw. 14 (2003) 1569-1572"
            I
            [ dt
                  v
                  ((0.04 * one / ms / mV) * (v * v) + (5.0 * one / ms) * v + 140.0 * mV / ms - u
                   + I)
              dt u (a * (b * v - u)) ]
        |> TypedModel.withThreshold (v >=. PeakPotential)
        |> TypedModel.withReset [ v <-- ResetPotential; u += RecoveryIncrement ]
        |> TypedModel.withParameterOrder [ "a"; "b"; "c"; "d"; "v_peak" ]

    /// <summary>The compiled model, its input in mV/ms.</summary>
    let model: Model<ParameterValues, float[], mV / ms> = Equations.ofTyped equations

    /// <summary>The regular-spiking (RS) cell of Izhikevich (2003), Fig. 2: a = 0.02, b = 0.2, c = −65, d = 8.</summary>
    let defaults = Equations.defaults model

    /// <summary>
    /// The cell classes of Izhikevich (2003), Fig. 2, as (name, description, changed parameters): a in /ms, b in /ms,
    /// c in mV, d in mV/ms. The catalogue lists them as presets.
    /// </summary>
    let presets: (string * string * (string * float) list) list =
        [ for name, description, a, b, c, d in
              [ "RS", "regular spiking (excitatory cortical)", 0.02, 0.2, -65.0, 8.0
                "IB", "intrinsically bursting (excitatory cortical)", 0.02, 0.2, -55.0, 4.0
                "CH", "chattering (excitatory cortical)", 0.02, 0.2, -50.0, 2.0
                "FS", "fast spiking (inhibitory cortical)", 0.1, 0.2, -65.0, 2.0
                "LTS", "low-threshold spiking (inhibitory cortical)", 0.02, 0.25, -65.0, 2.0
                "TC", "thalamo-cortical", 0.02, 0.25, -65.0, 0.05
                "RZ", "resonator", 0.1, 0.26, -65.0, 2.0 ] ->
              name, description + ", Izhikevich 2003 Fig. 2", [ "a", a; "b", b; "c", c; "d", d ] ]
