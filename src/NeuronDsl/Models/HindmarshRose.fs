namespace NeuronDsl.Models

open NeuronDsl
open NeuronDsl.Units

/// <summary>
/// Hindmarsh–Rose (1984) bursting neuron, dimensionless with time in ms:
/// T dx/dt = y − a x³ + b x² − z + I, T dy/dt = c − d x² − y, T dz/dt = r (s (x − x_R) − z).
/// x is the membrane potential, y the fast recovery and z the slow adaptation current that starts and ends bursts.
/// A spike is an upward crossing of the detection level by x; there is no reset.
/// </summary>
/// <remarks>
/// Hindmarsh &amp; Rose, Proc. R. Soc. Lond. B 221 (1984) 87–102, with their defaults a = 1, b = 3, c = 1, d = 5,
/// s = 4, x_R = −8/5, r = 0.001; with T = 1 ms the dimensionless time is the time in ms. The model bursts for
/// I around 1.3–3 (I = 2: regular bursts).
/// </remarks>
[<RequireQualifiedAccess>]
module HindmarshRose =
    /// <summary>Cubic coefficient a = 1 of the fast subsystem, &gt; 0.</summary>
    let CubicCoefficient =
        parameter "a" (1.0 * one) ValueRange.positive "cubic coefficient of dx/dt"

    /// <summary>Quadratic coefficient b = 3 of the fast subsystem.</summary>
    let QuadraticCoefficient =
        parameter "b" (3.0 * one) ValueRange.any "quadratic coefficient of dx/dt"

    /// <summary>Constant drive c = 1 of the recovery variable.</summary>
    let RecoveryOffset =
        parameter "c" (1.0 * one) ValueRange.any "constant term of dy/dt"

    /// <summary>Quadratic coefficient d = 5 of the recovery variable.</summary>
    let RecoveryCoefficient =
        parameter "d" (5.0 * one) ValueRange.any "quadratic coefficient of dy/dt"

    /// <summary>Rate of the slow adaptation current r = 0.001, &gt; 0 (small: bursts are long).</summary>
    let AdaptationRate =
        parameter "r" (0.001 * one) ValueRange.positive "rate of the slow adaptation current z"

    /// <summary>Coupling of the adaptation current to x, s = 4.</summary>
    let AdaptationCoupling =
        parameter "s" (4.0 * one) ValueRange.any "coupling of z to x"

    /// <summary>Resting level of x seen by the adaptation current, x_R = −1.6 (−8/5).</summary>
    let AdaptationRest =
        parameter "x_R" (-1.6 * one) ValueRange.any "resting level of x for the adaptation current"

    /// <summary>Time unit T = 1 ms: one dimensionless time unit, &gt; 0.</summary>
    let TimeUnit =
        parameter "T" (1.0 * ms) ValueRange.positive "time scale (one dimensionless time unit)"

    /// <summary>A spike is counted when x crosses this level upward: 1.</summary>
    let DetectionLevel =
        parameter "x_detect" (1.0 * one) ValueRange.any "spike detection level of x"

    /// <summary>Injected current I (dimensionless).</summary>
    let Current = input "I" one "injected current (dimensionless)"

    /// <summary>Membrane potential x (dimensionless; initial guess for the resting state).</summary>
    let Potential =
        state "x" one (constant (-1.6 * one)) (ValueRange.between -10.0 10.0) "membrane potential (dimensionless)"

    /// <summary>Fast recovery variable y (initial guess for the resting state).</summary>
    let Recovery =
        state "y" one (constant (-11.8 * one)) (ValueRange.between -200.0 10.0) "fast recovery variable"

    /// <summary>Slow adaptation current z (initial guess for the resting state).</summary>
    let Adaptation =
        state "z" one (constant (0.0 * one)) (ValueRange.between -10.0 10.0) "slow adaptation current"

    /// <summary>The model as equations.</summary>
    let equations: TypedModel<1> =
        let a, b, c, d =
            CubicCoefficient, QuadraticCoefficient, RecoveryOffset, RecoveryCoefficient

        let r, s, xR, T = AdaptationRate, AdaptationCoupling, AdaptationRest, TimeUnit
        let I, x, y, z = Current, Potential, Recovery, Adaptation

        TypedModel.create
            "Hindmarsh-Rose"
            "three-variable bursting model: T dx/dt = y - a x^3 + b x^2 - z + I, T dy/dt = c - d x^2 - y, T dz/dt = r (s (x - x_R) - z)"
            "Hindmarsh & Rose, Proc. R. Soc. Lond. B 221 (1984) 87-102"
            I
            [ dt x ((y - a * x * x * x + b * x * x - z + I) / T)
              dt y ((c - d * x * x - y) / T)
              dt z (r * (s * (x - xR) - z) / T) ]
        |> TypedModel.withThreshold (x >. DetectionLevel)
        |> TypedModel.startAtRest

    /// <summary>The compiled model: three variables, no reset; it starts at its resting state (x* ≈ −1.6 for the
    /// defaults).</summary>
    let model: Model<ParameterValues, float[], 1> = Equations.ofTyped equations

    /// <summary>The published defaults (Hindmarsh &amp; Rose 1984).</summary>
    let defaults = Equations.defaults model
