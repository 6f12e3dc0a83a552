namespace NeuronDsl.Models

open NeuronDsl
open NeuronDsl.Units

/// <summary>
/// Morris–Lecar (1981), barnacle muscle fibre reduced to two variables, per unit area:
/// C dV/dt = I − g_L (V − E_L) − g_Ca m∞(V) (V − E_Ca) − g_K w (V − E_K), dw/dt = φ (w∞(V) − w) / τ_w(V), with
/// m∞ = (1 + tanh((V − V1)/V2))/2, w∞ = (1 + tanh((V − V3)/V4))/2, τ_w = 1 / cosh((V − V3)/(2 V4)).
/// A spike is an upward crossing of the detection potential; there is no reset.
/// </summary>
/// <remarks>
/// Morris &amp; Lecar, Biophys. J. 35 (1981) 193–213, in the form and with the parameter sets of Rinzel &amp;
/// Ermentrout, "Analysis of neural excitability and oscillations", in Koch &amp; Segev (eds.), Methods in Neuronal
/// Modeling, 2nd ed. (MIT Press 1998), ch. 7, Table 7.1. The defaults are their Hopf set ("class2": repetitive
/// firing starts at a finite rate, I ≈ 88–98 µA/cm²); the preset "class1" is their saddle-node-on-invariant-circle
/// set (firing starts at an arbitrarily low rate, I ≈ 40 µA/cm²).
/// </remarks>
[<RequireQualifiedAccess>]
module MorrisLecar =
    let private perMs = one / ms

    /// <summary>Membrane capacitance per area C = 20 µF/cm², &gt; 0.</summary>
    let Capacitance =
        parameter "C" (20.0 * uF / cm2) ValueRange.positive "membrane capacitance per area"

    /// <summary>Leak conductance g_L = 2 mS/cm², ≥ 0.</summary>
    let LeakConductance =
        parameter "g_L" (2.0 * mS / cm2) ValueRange.nonNegative "leak conductance"

    /// <summary>Leak reversal potential E_L = −60 mV.</summary>
    let LeakReversal =
        parameter "E_L" (-60.0 * mV) ValueRange.any "leak reversal potential"

    /// <summary>Maximal calcium conductance g_Ca = 4.4 mS/cm² (4.0 in class 1), ≥ 0.</summary>
    let CalciumConductance =
        parameter "g_Ca" (4.4 * mS / cm2) ValueRange.nonNegative "maximal calcium conductance"

    /// <summary>Calcium reversal potential E_Ca = 120 mV.</summary>
    let CalciumReversal =
        parameter "E_Ca" (120.0 * mV) ValueRange.any "calcium reversal potential"

    /// <summary>Maximal potassium conductance g_K = 8 mS/cm², ≥ 0.</summary>
    let PotassiumConductance =
        parameter "g_K" (8.0 * mS / cm2) ValueRange.nonNegative "maximal potassium conductance"

    /// <summary>Potassium reversal potential E_K = −84 mV.</summary>
    let PotassiumReversal =
        parameter "E_K" (-84.0 * mV) ValueRange.any "potassium reversal potential"

    /// <summary>Half-activation potential of calcium V1 = −1.2 mV.</summary>
    let CalciumHalfActivation =
        parameter "V1" (-1.2 * mV) ValueRange.any "half-activation potential of m_inf"

    /// <summary>Slope of calcium activation V2 = 18 mV, &gt; 0.</summary>
    let CalciumSlope =
        parameter "V2" (18.0 * mV) ValueRange.positive "slope factor of m_inf"

    /// <summary>Half-activation potential of potassium V3 = 2 mV (12 in class 1).</summary>
    let PotassiumHalfActivation =
        parameter "V3" (2.0 * mV) ValueRange.any "half-activation potential of w_inf"

    /// <summary>Slope of potassium activation V4 = 30 mV (17.4 in class 1), &gt; 0.</summary>
    let PotassiumSlope =
        parameter "V4" (30.0 * mV) ValueRange.positive "slope factor of w_inf"

    /// <summary>Rate scale of the potassium gate φ = 0.04 per ms (0.067 in class 1), &gt; 0.</summary>
    let RateScale = parameter "phi" (0.04 * perMs) ValueRange.positive "rate scale of w"

    /// <summary>A spike is counted when V crosses this potential upward: 0 mV.</summary>
    let DetectionThreshold =
        parameter "V_detect" (0.0 * mV) ValueRange.any "spike detection potential"

    /// <summary>Injected current density I, in µA/cm².</summary>
    let Current = input "I" (uA / cm2) "injected current density"

    /// <summary>Membrane potential V (initial guess for the resting state).</summary>
    let Potential =
        state "V" mV (constant (-60.0 * mV)) (ValueRange.between -200.0 200.0) "membrane potential"

    /// <summary>Fraction of open potassium channels w, in [0, 1].</summary>
    let PotassiumActivation =
        state "w" one (constant (0.01 * one)) (ValueRange.between 0.0 1.0) "potassium activation"

    let private V = Potential

    /// <summary>Steady-state calcium activation m∞ = (1 + tanh((V − V1)/V2))/2, instantaneous.</summary>
    let CalciumActivation =
        define
            "m_inf"
            one
            (0.5 * (1.0 + tanh ((V - CalciumHalfActivation) / CalciumSlope)))
            "calcium activation (instantaneous)"

    /// <summary>Steady-state potassium activation w∞ = (1 + tanh((V − V3)/V4))/2.</summary>
    let PotassiumSteadyState =
        define
            "w_inf"
            one
            (0.5 * (1.0 + tanh ((V - PotassiumHalfActivation) / PotassiumSlope)))
            "steady-state potassium activation"

    /// <summary>Relaxation rate of w, φ cosh((V − V3)/(2 V4)) = φ / τ_w(V).</summary>
    let PotassiumRate =
        let x = (V - PotassiumHalfActivation) / (2.0 * PotassiumSlope)

        define "lambda_w" perMs (RateScale * (0.5 * (exp x + exp (-x)))) "relaxation rate of w, phi / tau_w"

    /// <summary>The model as equations.</summary>
    let equations: TypedModel<uA / cm2> =
        let w = PotassiumActivation

        let leak =
            define "I_L" (uA / cm2) (LeakConductance * (V - LeakReversal)) "leak current"

        let calcium =
            define "I_Ca" (uA / cm2) (CalciumConductance * CalciumActivation * (V - CalciumReversal)) "calcium current"

        let potassium =
            define "I_K" (uA / cm2) (PotassiumConductance * w * (V - PotassiumReversal)) "potassium current"

        TypedModel.create
            "Morris-Lecar"
            "two-variable calcium/potassium model per unit area; class II (Hopf) defaults, class I preset"
            "Morris & Lecar, Biophys. J. 35 (1981) 193-213; parameters of Rinzel & Ermentrout, in Methods in Neuronal Modeling, 2nd ed. (1998), ch. 7"
            Current
            [ dt V ((Current - (leak + calcium + potassium)) / Capacitance)
              dt w (PotassiumRate * (PotassiumSteadyState - w)) ]
        |> TypedModel.withThreshold (V >. DetectionThreshold)
        |> TypedModel.startAtRest

    /// <summary>The compiled model: two variables, no reset; it starts at its resting state (≈ −60.9 mV for the
    /// defaults).</summary>
    let model: Model<ParameterValues, float[], uA / cm2> = Equations.ofTyped equations

    /// <summary>The defaults: Rinzel &amp; Ermentrout's (1998) Hopf set, class II excitability.</summary>
    let defaults = Equations.defaults model

    /// <summary>Rinzel &amp; Ermentrout's (1998) Hopf set: the defaults, written out.</summary>
    let classII: (string * float) list =
        [ "g_Ca", 4.4; "V3", 2.0; "V4", 30.0; "phi", 0.04 ]

    /// <summary>Rinzel &amp; Ermentrout's (1998) saddle-node-on-invariant-circle set: class I excitability.</summary>
    let classI: (string * float) list =
        [ "g_Ca", 4.0; "V3", 12.0; "V4", 17.4; "phi", 0.067 ]
