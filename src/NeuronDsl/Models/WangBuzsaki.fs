namespace NeuronDsl.Models

open NeuronDsl
open NeuronDsl.Units

/// <summary>
/// Wang–Buzsáki (1996) fast-spiking hippocampal interneuron, per unit area:
/// C dV/dt = I − g_Na m∞³ h (V − E_Na) − g_K n⁴ (V − E_K) − g_L (V − E_L), with instantaneous sodium activation
/// m∞ = α_m/(α_m + β_m) and dx/dt = φ (α_x (1 − x) − β_x x) for x = h, n, φ = 5.
/// A spike is an upward crossing of the detection potential; there is no reset.
/// </summary>
/// <remarks>
/// Wang &amp; Buzsáki, J. Neurosci. 16 (1996) 6402–6413, Materials and Methods: α_m = 0.1 (V + 35)/(1 − e^(−(V + 35)/10)),
/// β_m = 4 e^(−(V + 60)/18), α_h = 0.07 e^(−(V + 58)/20), β_h = 1/(1 + e^(−(V + 28)/10)),
/// α_n = 0.01 (V + 34)/(1 − e^(−(V + 34)/10)), β_n = 0.125 e^(−(V + 44)/80), all per ms. Firing starts at an
/// arbitrarily low rate (class I) near I = 0.16 µA/cm². The 0/0 points of α_m and α_n are written with exprel.
/// </remarks>
[<RequireQualifiedAccess>]
module WangBuzsaki =
    let private perMs = one / ms

    /// <summary>Membrane capacitance per area C_m = 1 µF/cm², &gt; 0.</summary>
    let Capacitance =
        parameter "C_m" (1.0 * uF / cm2) ValueRange.positive "membrane capacitance per area"

    /// <summary>Maximal sodium conductance g_Na = 35 mS/cm², ≥ 0.</summary>
    let SodiumConductance =
        parameter "g_Na" (35.0 * mS / cm2) ValueRange.nonNegative "maximal sodium conductance"

    /// <summary>Sodium reversal potential E_Na = 55 mV.</summary>
    let SodiumReversal =
        parameter "E_Na" (55.0 * mV) ValueRange.any "sodium reversal potential"

    /// <summary>Maximal potassium conductance g_K = 9 mS/cm², ≥ 0.</summary>
    let PotassiumConductance =
        parameter "g_K" (9.0 * mS / cm2) ValueRange.nonNegative "maximal potassium conductance"

    /// <summary>Potassium reversal potential E_K = −90 mV.</summary>
    let PotassiumReversal =
        parameter "E_K" (-90.0 * mV) ValueRange.any "potassium reversal potential"

    /// <summary>Leak conductance g_L = 0.1 mS/cm², ≥ 0.</summary>
    let LeakConductance =
        parameter "g_L" (0.1 * mS / cm2) ValueRange.nonNegative "leak conductance"

    /// <summary>Leak reversal potential E_L = −65 mV.</summary>
    let LeakReversal =
        parameter "E_L" (-65.0 * mV) ValueRange.any "leak reversal potential"

    /// <summary>Temperature factor of the h and n kinetics φ = 5, &gt; 0.</summary>
    let TemperatureFactor =
        parameter "phi" (5.0 * one) ValueRange.positive "temperature factor of the h and n kinetics"

    /// <summary>A spike is counted when V crosses this potential upward: 0 mV.</summary>
    let DetectionThreshold =
        parameter "V_detect" (0.0 * mV) ValueRange.any "spike detection potential"

    /// <summary>Injected current density I, in µA/cm².</summary>
    let Current = input "I" (uA / cm2) "injected current density"

    /// <summary>Membrane potential V (initial guess for the resting state).</summary>
    let Potential =
        state "V" mV (constant (-64.0 * mV)) (ValueRange.between -200.0 200.0) "membrane potential"

    /// <summary>Sodium inactivation h, in [0, 1].</summary>
    let SodiumInactivation =
        state "h" one (constant (0.78 * one)) (ValueRange.between 0.0 1.0) "sodium inactivation"

    /// <summary>Potassium activation n, in [0, 1].</summary>
    let PotassiumActivation =
        state "n" one (constant (0.09 * one)) (ValueRange.between 0.0 1.0) "potassium activation"

    let private V = Potential

    /// <summary>Opening rate of m: 0.1 (V + 35) / (1 − e^(−(V + 35)/10)) per ms, 1 at V = −35 mV.</summary>
    let AlphaM =
        define "alpha_m" perMs ((1.0 * perMs) / exprel (-(V + 35.0 * mV) / (10.0 * mV))) "opening rate of m"

    /// <summary>Closing rate of m: 4 e^(−(V + 60)/18) per ms.</summary>
    let BetaM =
        define "beta_m" perMs ((4.0 * perMs) * exp (-(V + 60.0 * mV) / (18.0 * mV))) "closing rate of m"

    /// <summary>Instantaneous sodium activation m∞ = α_m / (α_m + β_m).</summary>
    let SodiumActivation =
        define "m_inf" one (AlphaM / (AlphaM + BetaM)) "sodium activation (instantaneous)"

    /// <summary>Opening rate of h: 0.07 e^(−(V + 58)/20) per ms.</summary>
    let AlphaH =
        define "alpha_h" perMs ((0.07 * perMs) * exp (-(V + 58.0 * mV) / (20.0 * mV))) "opening rate of h"

    /// <summary>Closing rate of h: 1 / (1 + e^(−(V + 28)/10)) per ms.</summary>
    let BetaH =
        define "beta_h" perMs ((1.0 * perMs) / (1.0 + exp (-(V + 28.0 * mV) / (10.0 * mV)))) "closing rate of h"

    /// <summary>Opening rate of n: 0.01 (V + 34) / (1 − e^(−(V + 34)/10)) per ms, 0.1 at V = −34 mV.</summary>
    let AlphaN =
        define "alpha_n" perMs ((0.1 * perMs) / exprel (-(V + 34.0 * mV) / (10.0 * mV))) "opening rate of n"

    /// <summary>Closing rate of n: 0.125 e^(−(V + 44)/80) per ms.</summary>
    let BetaN =
        define "beta_n" perMs ((0.125 * perMs) * exp (-(V + 44.0 * mV) / (80.0 * mV))) "closing rate of n"

    /// <summary>The model as equations.</summary>
    let equations: TypedModel<uA / cm2> =
        let m, h, n, phi =
            SodiumActivation, SodiumInactivation, PotassiumActivation, TemperatureFactor

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
            "Wang-Buzsaki"
            "fast-spiking hippocampal interneuron, per unit area, instantaneous sodium activation"
            "Wang & Buzsaki, J. Neurosci. 16 (1996) 6402-6413"
            Current
            [ dt V ((Current - (sodium + potassium + leak)) / Capacitance)
              dt h (phi * (AlphaH * (1.0 - h) - BetaH * h))
              dt n (phi * (AlphaN * (1.0 - n) - BetaN * n)) ]
        |> TypedModel.withThreshold (V >. DetectionThreshold)
        |> TypedModel.startAtRest

    /// <summary>The compiled model: three variables, no reset; it starts at its resting state (≈ −64 mV for the
    /// defaults).</summary>
    let model: Model<ParameterValues, float[], uA / cm2> = Equations.ofTyped equations

    /// <summary>The published defaults (Wang &amp; Buzsáki 1996).</summary>
    let defaults = Equations.defaults model
