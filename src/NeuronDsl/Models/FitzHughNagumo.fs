namespace NeuronDsl.Models

open NeuronDsl
open NeuronDsl.Units

/// <summary>
/// FitzHugh–Nagumo, the two-variable reduction of Hodgkin–Huxley, dimensionless with time in ms:
/// T dv/dt = v − v³/3 − w + I, τ dw/dt = v + a − b w. A spike is an upward crossing of the detection level by v;
/// there is no reset.
/// </summary>
/// <remarks>
/// FitzHugh, Biophys. J. 1 (1961) 445–466; Nagumo, Arimoto &amp; Yoshizawa, Proc. IRE 50 (1962) 2061–2070; the form
/// and the defaults a = 0.7, b = 0.8, τ = 12.5 as in Gerstner et al., Neuronal Dynamics (2014), ch. 4.3 and
/// Izhikevich, Dynamical Systems in Neuroscience (2007), ch. 4. With T = 1 ms the dimensionless time is the time in
/// ms. The fixed point (v*, w*) solves v − v³/3 − (v + a)/b + I = 0, w* = (v* + a)/b; it loses stability (Hopf) where
/// v*² = 1 − b T/τ, at I_H = v*³/3 − v* + (v* + a)/b with v* = −√(1 − b T/τ) (I_H ≈ 0.3313 for the defaults).
/// </remarks>
[<RequireQualifiedAccess>]
module FitzHughNagumo =
    /// <summary>Offset of the recovery nullcline a = 0.7 (dimensionless).</summary>
    let Offset =
        parameter "a" (0.7 * one) ValueRange.any "offset of the recovery nullcline"

    /// <summary>Slope of the recovery nullcline b = 0.8 (dimensionless), ≥ 0.</summary>
    let Slope =
        parameter "b" (0.8 * one) ValueRange.nonNegative "recovery self-coupling (nullcline slope)"

    /// <summary>Time unit of the fast variable T = 1 ms: one dimensionless time unit, &gt; 0.</summary>
    let TimeUnit =
        parameter "T" (1.0 * ms) ValueRange.positive "time scale of v (one dimensionless time unit)"

    /// <summary>Recovery time constant τ = 12.5 ms (12.5 time units), &gt; 0.</summary>
    let RecoveryTimeConstant =
        parameter "tau" (12.5 * ms) ValueRange.positive "time constant of the recovery variable w"

    /// <summary>A spike is counted when v crosses this level upward: 1.</summary>
    let DetectionLevel =
        parameter "v_detect" (1.0 * one) ValueRange.any "spike detection level of v"

    /// <summary>Injected current I (dimensionless).</summary>
    let Current = input "I" one "injected current (dimensionless)"

    /// <summary>Fast, voltage-like variable v (initial guess for the resting state).</summary>
    let Potential =
        state "v" one (constant (-1.2 * one)) (ValueRange.between -10.0 10.0) "fast, voltage-like variable"

    /// <summary>Slow recovery variable w (initial guess for the resting state).</summary>
    let Recovery =
        state "w" one (constant (-0.6 * one)) (ValueRange.between -10.0 10.0) "slow recovery variable"

    /// <summary>The model as equations.</summary>
    let equations: TypedModel<1> =
        let a, b, T, tau, I, v, w =
            Offset, Slope, TimeUnit, RecoveryTimeConstant, Current, Potential, Recovery

        TypedModel.create
            "FitzHugh-Nagumo"
            "T dv/dt = v - v^3/3 - w + I, tau dw/dt = v + a - b w; a spike when v crosses v_detect upward"
            "FitzHugh, Biophys. J. 1 (1961) 445-466; Nagumo, Arimoto & Yoshizawa, Proc. IRE 50 (1962) 2061-2070; defaults as in Gerstner et al., Neuronal Dynamics (2014), ch. 4.3"
            I
            [ dt v ((v - v * v * v / 3.0 - w + I) / T); dt w ((v + a - b * w) / tau) ]
        |> TypedModel.withThreshold (v >. DetectionLevel)
        |> TypedModel.startAtRest

    /// <summary>The compiled model: two variables, no reset; it starts at its resting state (v* ≈ −1.1994 for the
    /// defaults).</summary>
    let model: Model<ParameterValues, float[], 1> = Equations.ofTyped equations

    /// <summary>The published defaults: a = 0.7, b = 0.8, T = 1 ms, τ = 12.5 ms, detection at v = 1.</summary>
    let defaults = Equations.defaults model
