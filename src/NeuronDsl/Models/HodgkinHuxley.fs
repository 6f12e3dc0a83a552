namespace NeuronDsl.Models

open NeuronDsl
open NeuronDsl.Units

/// <summary>
/// Hodgkin–Huxley (1952) squid giant axon, per unit area, modern convention (rest near −65 mV):
/// C dV/dt = I − ḡ_Na m³h (V − E_Na) − ḡ_K n⁴ (V − E_K) − g_L (V − E_L), dx/dt = α_x(V)(1 − x) − β_x(V) x.
/// A spike is an upward crossing of the detection potential; there is no reset.
/// </summary>
/// <remarks>
/// Hodgkin &amp; Huxley, J. Physiol. 117 (1952) 500–544, with V shifted so that rest is −65 mV, as in
/// Gerstner et al., Neuronal Dynamics (2014), ch. 2.2, and Dayan &amp; Abbott (2001), ch. 5.6. The 0/0 points of
/// α_m and α_n are written with exprel(x) = (e^x − 1)/x, which is exact there.
/// </remarks>
[<RequireQualifiedAccess>]
module HodgkinHuxley =
    let private perMs = one / ms

    /// <summary>Membrane capacitance per area C_m = 1 µF/cm², &gt; 0.</summary>
    let Capacitance =
        parameter "C_m" (1.0 * uF / cm2) ValueRange.positive "membrane capacitance per area"

    /// <summary>Maximal sodium conductance ḡ_Na = 120 mS/cm², ≥ 0.</summary>
    let SodiumConductance =
        parameter "g_Na" (120.0 * mS / cm2) ValueRange.nonNegative "maximal sodium conductance"

    /// <summary>Maximal potassium conductance ḡ_K = 36 mS/cm², ≥ 0.</summary>
    let PotassiumConductance =
        parameter "g_K" (36.0 * mS / cm2) ValueRange.nonNegative "maximal potassium conductance"

    /// <summary>Leak conductance g_L = 0.3 mS/cm², ≥ 0.</summary>
    let LeakConductance =
        parameter "g_L" (0.3 * mS / cm2) ValueRange.nonNegative "leak conductance"

    /// <summary>Sodium reversal potential E_Na = 50 mV.</summary>
    let SodiumReversal =
        parameter "E_Na" (50.0 * mV) ValueRange.any "sodium reversal potential"

    /// <summary>Potassium reversal potential E_K = −77 mV.</summary>
    let PotassiumReversal =
        parameter "E_K" (-77.0 * mV) ValueRange.any "potassium reversal potential"

    /// <summary>Leak reversal potential E_L = −54.387 mV.</summary>
    let LeakReversal =
        parameter "E_L" (-54.387 * mV) ValueRange.any "leak reversal potential"

    /// <summary>A spike is counted when V crosses this potential upward: 0 mV.</summary>
    let DetectionThreshold =
        parameter "V_detect" (0.0 * mV) ValueRange.any "spike detection potential"

    /// <summary>Injected current density I, in µA/cm².</summary>
    let Current = input "I" (uA / cm2) "injected current density"

    /// <summary>Membrane potential V (initial guess for the resting state).</summary>
    let Potential =
        state "V" mV (constant (-65.0 * mV)) (ValueRange.between -200.0 200.0) "membrane potential"

    /// <summary>Sodium activation m, in [0, 1].</summary>
    let SodiumActivation =
        state "m" one (constant (0.05 * one)) (ValueRange.between 0.0 1.0) "sodium activation"

    /// <summary>Sodium inactivation h, in [0, 1].</summary>
    let SodiumInactivation =
        state "h" one (constant (0.6 * one)) (ValueRange.between 0.0 1.0) "sodium inactivation"

    /// <summary>Potassium activation n, in [0, 1].</summary>
    let PotassiumActivation =
        state "n" one (constant (0.32 * one)) (ValueRange.between 0.0 1.0) "potassium activation"

    let private V = Potential

    /// <summary>Opening rate of m: (V + 40)/10 / (1 − e^(−(V + 40)/10)) per ms, 1 at V = −40 mV.</summary>
    let AlphaM =
        define "alpha_m" perMs ((1.0 * perMs) / exprel (-(V + 40.0 * mV) / (10.0 * mV))) "opening rate of m"

    /// <summary>Closing rate of m: 4 e^(−(V + 65)/18) per ms.</summary>
    let BetaM =
        define "beta_m" perMs ((4.0 * perMs) * exp (-(V + 65.0 * mV) / (18.0 * mV))) "closing rate of m"

    /// <summary>Opening rate of h: 0.07 e^(−(V + 65)/20) per ms.</summary>
    let AlphaH =
        define "alpha_h" perMs ((0.07 * perMs) * exp (-(V + 65.0 * mV) / (20.0 * mV))) "opening rate of h"

    /// <summary>Closing rate of h: 1 / (1 + e^(−(V + 35)/10)) per ms.</summary>
    let BetaH =
        define "beta_h" perMs ((1.0 * perMs) / (1.0 + exp (-(V + 35.0 * mV) / (10.0 * mV)))) "closing rate of h"

    /// <summary>Opening rate of n: 0.01 (V + 55) / (1 − e^(−(V + 55)/10)) per ms, 0.1 at V = −55 mV.</summary>
    let AlphaN =
        define "alpha_n" perMs ((0.1 * perMs) / exprel (-(V + 55.0 * mV) / (10.0 * mV))) "opening rate of n"

    /// <summary>Closing rate of n: 0.125 e^(−(V + 65)/80) per ms.</summary>
    let BetaN =
        define "beta_n" perMs ((0.125 * perMs) * exp (-(V + 65.0 * mV) / (80.0 * mV))) "closing rate of n"

    /// <summary>The model as equations.</summary>
    let equations: TypedModel<uA / cm2> =
        let m, h, n = SodiumActivation, SodiumInactivation, PotassiumActivation

        let sodium =
            define "I_Na" (uA / cm2) (SodiumConductance * (m * m * m * h) * (V - SodiumReversal)) "sodium current"

        let potassium =
            define
                "I_K"
                (uA / cm2)
                (PotassiumConductance * (n * n) * (n * n) * (V - PotassiumReversal))
                "potassium current"

        let leak =
            define "I_L" (uA / cm2) (LeakConductance * (V - LeakReversal)) "leak current"

        TypedModel.create
            "Hodgkin-Huxley"
            "squid giant axon membrane, per unit area, modern convention (rest near -65 mV)"
            "Hodgkin & Huxley, J. Physiol. 117 (1952) 500-544; Gerstner et al., Neuronal Dynamics (2014), ch. 2.2"
            Current
            [ dt V ((Current - (sodium + potassium + leak)) / Capacitance)
              dt m (AlphaM * (1.0 - m) - BetaM * m)
              dt h (AlphaH * (1.0 - h) - BetaH * h)
              dt n (AlphaN * (1.0 - n) - BetaN * n) ]
        |> TypedModel.withThreshold (V >. DetectionThreshold)
        |> TypedModel.startAtRest
        |> TypedModel.withParameterOrder [ "C_m"; "g_Na"; "g_K"; "g_L"; "E_Na"; "E_K"; "E_L"; "V_detect" ]

    /// <summary>The compiled model: four variables, conditionally linear (exponential Euler applies), no reset; it
    /// starts at its resting state (≈ −65.00 mV for the defaults).</summary>
    let model: Model<ParameterValues, float[], uA / cm2> = Equations.ofTyped equations

    /// <summary>The published defaults: C_m = 1 µF/cm², ḡ_Na = 120, ḡ_K = 36, g_L = 0.3 mS/cm², E_Na = 50,
    /// E_K = −77, E_L = −54.387 mV, spikes detected at 0 mV (Hodgkin &amp; Huxley 1952, modern convention).</summary>
    let defaults = Equations.defaults model

    /// <summary>The resting state (V, m, h, n) for the given parameters.</summary>
    let restingState (p: ParameterValues) : float[] = model.InitialState p
