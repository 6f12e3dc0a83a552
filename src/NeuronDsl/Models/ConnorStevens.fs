namespace NeuronDsl.Models

open NeuronDsl
open NeuronDsl.Units

/// <summary>
/// Connor–Stevens (1977) neuron with the transient potassium A-current, per unit area, as in Dayan &amp; Abbott:
/// C dV/dt = I − g_L (V − E_L) − g_Na m³h (V − E_Na) − g_K n⁴ (V − E_K) − g_A a³b (V − E_A),
/// dx/dt = α_x(V)(1 − x) − β_x(V) x for x = m, h, n and dx/dt = (x∞(V) − x)/τ_x(V) for x = a, b.
/// A spike is an upward crossing of the detection potential; there is no reset.
/// </summary>
/// <remarks>
/// Connor &amp; Stevens, J. Physiol. 213 (1971) 31–53; Connor, Walter &amp; McKown, Biophys. J. 18 (1977) 81–102;
/// in the form and with the parameters of Dayan &amp; Abbott, Theoretical Neuroscience (2001), ch. 6.2 and its
/// appendix (c_m = 10 nF/mm², g_L = 0.003, g_Na = 1.2, g_K = 0.2, g_A = 0.477 mS/mm², here per cm²):
/// α_m = 0.38 (V + 29.7)/(1 − e^(−0.1 (V + 29.7))), β_m = 15.2 e^(−0.0556 (V + 54.7)),
/// α_h = 0.266 e^(−0.05 (V + 48)), β_h = 3.8/(1 + e^(−0.1 (V + 18))),
/// α_n = 0.02 (V + 45.7)/(1 − e^(−0.1 (V + 45.7))), β_n = 0.25 e^(−0.0125 (V + 55.7)) per ms;
/// a∞ = (0.0761 e^(0.0314 (V + 94.22))/(1 + e^(0.0346 (V + 1.17))))^(1/3), τ_a = 0.3632 + 1.158/(1 + e^(0.0497 (V + 55.96))) ms,
/// b∞ = (1 + e^(0.0688 (V + 53.3)))^(−4), τ_b = 1.24 + 2.678/(1 + e^(0.0624 (V + 50))) ms.
/// The A-current lets the neuron fire at arbitrarily low rates (class I).
/// </remarks>
[<RequireQualifiedAccess>]
module ConnorStevens =
    let private perMs = one / ms
    let private perMV = one / mV

    /// <summary>Membrane capacitance per area C_m = 1 µF/cm² (10 nF/mm²), &gt; 0.</summary>
    let Capacitance =
        parameter "C_m" (1.0 * uF / cm2) ValueRange.positive "membrane capacitance per area"

    /// <summary>Leak conductance g_L = 0.3 mS/cm² (0.003 mS/mm²), ≥ 0.</summary>
    let LeakConductance =
        parameter "g_L" (0.3 * mS / cm2) ValueRange.nonNegative "leak conductance"

    /// <summary>Maximal sodium conductance g_Na = 120 mS/cm² (1.2 mS/mm²), ≥ 0.</summary>
    let SodiumConductance =
        parameter "g_Na" (120.0 * mS / cm2) ValueRange.nonNegative "maximal sodium conductance"

    /// <summary>Maximal delayed-rectifier potassium conductance g_K = 20 mS/cm² (0.2 mS/mm²), ≥ 0.</summary>
    let PotassiumConductance =
        parameter "g_K" (20.0 * mS / cm2) ValueRange.nonNegative "maximal delayed-rectifier conductance"

    /// <summary>Maximal A-current conductance g_A = 47.7 mS/cm² (0.477 mS/mm²), ≥ 0.</summary>
    let ACurrentConductance =
        parameter "g_A" (47.7 * mS / cm2) ValueRange.nonNegative "maximal A-current conductance"

    /// <summary>Leak reversal potential E_L = −17 mV.</summary>
    let LeakReversal =
        parameter "E_L" (-17.0 * mV) ValueRange.any "leak reversal potential"

    /// <summary>Sodium reversal potential E_Na = 55 mV.</summary>
    let SodiumReversal =
        parameter "E_Na" (55.0 * mV) ValueRange.any "sodium reversal potential"

    /// <summary>Potassium reversal potential E_K = −72 mV.</summary>
    let PotassiumReversal =
        parameter "E_K" (-72.0 * mV) ValueRange.any "potassium reversal potential"

    /// <summary>A-current reversal potential E_A = −75 mV.</summary>
    let ACurrentReversal =
        parameter "E_A" (-75.0 * mV) ValueRange.any "A-current reversal potential"

    /// <summary>A spike is counted when V crosses this potential upward: 0 mV.</summary>
    let DetectionThreshold =
        parameter "V_detect" (0.0 * mV) ValueRange.any "spike detection potential"

    /// <summary>Injected current density I, in µA/cm².</summary>
    let Current = input "I" (uA / cm2) "injected current density"

    /// <summary>Membrane potential V (initial guess for the resting state).</summary>
    let Potential =
        state "V" mV (constant (-68.0 * mV)) (ValueRange.between -200.0 200.0) "membrane potential"

    /// <summary>Sodium activation m, in [0, 1].</summary>
    let SodiumActivation =
        state "m" one (constant (0.01 * one)) (ValueRange.between 0.0 1.0) "sodium activation"

    /// <summary>Sodium inactivation h, in [0, 1].</summary>
    let SodiumInactivation =
        state "h" one (constant (0.97 * one)) (ValueRange.between 0.0 1.0) "sodium inactivation"

    /// <summary>Delayed-rectifier activation n, in [0, 1].</summary>
    let PotassiumActivation =
        state "n" one (constant (0.16 * one)) (ValueRange.between 0.0 1.0) "delayed-rectifier activation"

    /// <summary>A-current activation a, in [0, 1].</summary>
    let ACurrentActivation =
        state "a" one (constant (0.54 * one)) (ValueRange.between 0.0 1.0) "A-current activation"

    /// <summary>A-current inactivation b, in [0, 1].</summary>
    let ACurrentInactivation =
        state "b" one (constant (0.29 * one)) (ValueRange.between 0.0 1.0) "A-current inactivation"

    let private V = Potential

    /// <summary>Opening rate of m: 0.38 (V + 29.7)/(1 − e^(−0.1 (V + 29.7))) per ms, 3.8 at V = −29.7 mV.</summary>
    let AlphaM =
        define "alpha_m" perMs ((3.8 * perMs) / exprel ((-0.1 * perMV) * (V + 29.7 * mV))) "opening rate of m"

    /// <summary>Closing rate of m: 15.2 e^(−0.0556 (V + 54.7)) per ms.</summary>
    let BetaM =
        define "beta_m" perMs ((15.2 * perMs) * exp ((-0.0556 * perMV) * (V + 54.7 * mV))) "closing rate of m"

    /// <summary>Opening rate of h: 0.266 e^(−0.05 (V + 48)) per ms.</summary>
    let AlphaH =
        define "alpha_h" perMs ((0.266 * perMs) * exp ((-0.05 * perMV) * (V + 48.0 * mV))) "opening rate of h"

    /// <summary>Closing rate of h: 3.8/(1 + e^(−0.1 (V + 18))) per ms.</summary>
    let BetaH =
        define "beta_h" perMs ((3.8 * perMs) / (1.0 + exp ((-0.1 * perMV) * (V + 18.0 * mV)))) "closing rate of h"

    /// <summary>Opening rate of n: 0.02 (V + 45.7)/(1 − e^(−0.1 (V + 45.7))) per ms, 0.2 at V = −45.7 mV.</summary>
    let AlphaN =
        define "alpha_n" perMs ((0.2 * perMs) / exprel ((-0.1 * perMV) * (V + 45.7 * mV))) "opening rate of n"

    /// <summary>Closing rate of n: 0.25 e^(−0.0125 (V + 55.7)) per ms.</summary>
    let BetaN =
        define "beta_n" perMs ((0.25 * perMs) * exp ((-0.0125 * perMV) * (V + 55.7 * mV))) "closing rate of n"

    /// <summary>Steady-state A-current activation a∞ = (0.0761 e^(0.0314 (V + 94.22))/(1 + e^(0.0346 (V + 1.17))))^(1/3).</summary>
    let ASteadyState =
        define
            "a_inf"
            one
            ((0.0761 * exp ((0.0314 * perMV) * (V + 94.22 * mV))
              / (1.0 + exp ((0.0346 * perMV) * (V + 1.17 * mV))))
             ** (1.0 / 3.0))
            "steady-state A-current activation"

    /// <summary>Time constant of a: 0.3632 + 1.158/(1 + e^(0.0497 (V + 55.96))) ms.</summary>
    let ATimeConstant =
        define
            "tau_a"
            ms
            (0.3632 * ms + (1.158 * ms) / (1.0 + exp ((0.0497 * perMV) * (V + 55.96 * mV))))
            "time constant of a"

    /// <summary>Steady-state A-current inactivation b∞ = (1 + e^(0.0688 (V + 53.3)))^(−4).</summary>
    let BSteadyState =
        define
            "b_inf"
            one
            ((1.0 / (1.0 + exp ((0.0688 * perMV) * (V + 53.3 * mV)))) ** 4.0)
            "steady-state A-current inactivation"

    /// <summary>Time constant of b: 1.24 + 2.678/(1 + e^(0.0624 (V + 50))) ms.</summary>
    let BTimeConstant =
        define
            "tau_b"
            ms
            (1.24 * ms + (2.678 * ms) / (1.0 + exp ((0.0624 * perMV) * (V + 50.0 * mV))))
            "time constant of b"

    /// <summary>The model as equations.</summary>
    let equations: TypedModel<uA / cm2> =
        let m, h, n = SodiumActivation, SodiumInactivation, PotassiumActivation
        let a, b = ACurrentActivation, ACurrentInactivation

        let leak =
            define "I_L" (uA / cm2) (LeakConductance * (V - LeakReversal)) "leak current"

        let sodium =
            define "I_Na" (uA / cm2) (SodiumConductance * (m * m * m * h) * (V - SodiumReversal)) "sodium current"

        let potassium =
            define
                "I_K"
                (uA / cm2)
                (PotassiumConductance * (n * n) * (n * n) * (V - PotassiumReversal))
                "delayed-rectifier current"

        let aCurrent =
            define "I_A" (uA / cm2) (ACurrentConductance * (a * a * a * b) * (V - ACurrentReversal)) "A-current"

        TypedModel.create
            "Connor-Stevens"
            "sodium, delayed-rectifier and transient A-type potassium currents, per unit area (class I firing)"
            "Connor, Walter & McKown, Biophys. J. 18 (1977) 81-102; Dayan & Abbott, Theoretical Neuroscience (2001), ch. 6.2"
            Current
            [ dt V ((Current - (leak + sodium + potassium + aCurrent)) / Capacitance)
              dt m (AlphaM * (1.0 - m) - BetaM * m)
              dt h (AlphaH * (1.0 - h) - BetaH * h)
              dt n (AlphaN * (1.0 - n) - BetaN * n)
              dt a ((ASteadyState - a) / ATimeConstant)
              dt b ((BSteadyState - b) / BTimeConstant) ]
        |> TypedModel.withThreshold (V >. DetectionThreshold)
        |> TypedModel.startAtRest

    /// <summary>The compiled model: six variables, no reset; it starts at its resting state (≈ −68 mV for the
    /// defaults).</summary>
    let model: Model<ParameterValues, float[], uA / cm2> = Equations.ofTyped equations

    /// <summary>The published defaults (Dayan &amp; Abbott 2001, ch. 6.2), per cm².</summary>
    let defaults = Equations.defaults model
