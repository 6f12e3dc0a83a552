namespace NeuronDsl

open System
open NeuronDsl.Units

/// <summary>A fluctuating current, one independent realisation per neuron, held constant over each step of the
/// solver (like NEST's <c>noise_generator</c>): an input to the model, not a change to its equations, so exact
/// integration stays exact for the drawn current.</summary>
[<RequireQualifiedAccess; NoComparison>]
type Noise<[<Measure>] 'Input> =
    /// <summary>The Ornstein–Uhlenbeck current τ dI = (μ − I) dt + σ √(2τ) dW: mean μ, stationary standard deviation
    /// σ, correlation time τ (autocorrelation σ² e^(−|s|/τ)). Each step advances it by the exact transition
    /// I(t + dt) = μ + (I(t) − μ) e^(−dt/τ) + σ √(1 − e^(−2dt/τ)) ξ with ξ standard normal, exact in distribution for
    /// any dt (Gillespie 1996, Phys. Rev. E 54, 2084); Euler–Maruyama, I + (μ − I) dt/τ + σ √(2dt/τ) ξ, is its expansion
    /// to first order in dt/τ. It starts from its stationary distribution, normal with mean μ and deviation σ, so its
    /// statistics do not depend on time.</summary>
    | OrnsteinUhlenbeck of Mean: float<'Input> * Sigma: float<'Input> * Tau: float<ms>
    /// <summary>Gaussian white noise μ + σ ξ(t), with ⟨ξ(t) ξ(t')⟩ = δ(t − t') and σ in input unit · √ms: the step's
    /// current is μ + σ/√dt · ξ_n, variance σ²/dt, independent between steps (the Euler–Maruyama discretisation: its
    /// integral over a step has variance σ² dt, as the integral of white noise). The drawn values grow as dt shrinks;
    /// what a neuron integrates from them converges.</summary>
    | White of Mean: float<'Input> * Sigma: float<'Input ms^(1/2)>

/// <summary>Building and discretising <c>Noise</c> currents.</summary>
[<RequireQualifiedAccess>]
module Noise =
    let private check (name: string) (value: float) (expected: string) (ok: bool) =
        if not (Double.IsFinite value && ok) then
            invalidArg name (sprintf "%s = %g; expected %s" name value expected)

    /// <summary>An Ornstein–Uhlenbeck current (see <c>Noise.OrnsteinUhlenbeck</c>).</summary>
    /// <param name="mean">μ, in the input unit, finite.</param>
    /// <param name="sigma">σ, the stationary standard deviation, in the input unit, finite and ≥ 0.</param>
    /// <param name="tau">τ, the correlation time, ms, finite and &gt; 0.</param>
    /// <exception cref="System.ArgumentException">A value out of range; the message names it.</exception>
    /// <example><c>Noise.ornsteinUhlenbeck 100.0&lt;pA&gt; 20.0&lt;pA&gt; 5.0&lt;ms&gt;</c> // evaluates to OrnsteinUhlenbeck(100.0, 20.0, 5.0)</example>
    let ornsteinUhlenbeck (mean: float<'Input>) (sigma: float<'Input>) (tau: float<ms>) : Noise<'Input> =
        check "mean" (float mean) "a finite current" true

        check
            "sigma"
            (float sigma)
            "a finite standard deviation >= 0"
            (sigma >= LanguagePrimitives.FloatWithMeasure 0.0)

        check "tau" (float tau) "a finite correlation time > 0 ms" (tau > 0.0<ms>)
        Noise.OrnsteinUhlenbeck(mean, sigma, tau)

    /// <summary>A white-noise current (see <c>Noise.White</c>).</summary>
    /// <param name="mean">μ, in the input unit, finite.</param>
    /// <param name="sigma">σ, in input unit · √ms, finite and ≥ 0.</param>
    /// <exception cref="System.ArgumentException">A value out of range; the message names it.</exception>
    /// <example><c>Noise.white 0.0&lt;pA&gt; 50.0&lt;pA ms^(1/2)&gt;</c> // evaluates to White(0.0, 50.0)</example>
    let white (mean: float<'Input>) (sigma: float<'Input ms^(1/2)>) : Noise<'Input> =
        check "mean" (float mean) "a finite current" true
        check "sigma" (float sigma) "a finite intensity >= 0 (input unit * sqrt ms)" (float sigma >= 0.0)
        Noise.White(mean, sigma)

    /// <summary>The mean μ of a noise current.</summary>
    let mean (noise: Noise<'Input>) : float<'Input> =
        match noise with
        | Noise.OrnsteinUhlenbeck(mean, _, _)
        | Noise.White(mean, _) -> mean

    /// <summary>The step rule of a noise current on a grid of step dt, as the deviation from the mean follows it:
    /// x_0 = s0·ξ_0 and x_n = a·x_(n−1) + s·ξ_n, returned as (a, s, s0). Ornstein–Uhlenbeck: a = e^(−dt/τ),
    /// s = σ √(1 − a²), s0 = σ (stationary start); white noise: a = 0 and s = s0 = σ/√dt.</summary>
    /// <param name="dt">The step, ms, &gt; 0.</param>
    /// <param name="noise">The noise current.</param>
    /// <example><c>Noise.stepRule 0.25&lt;ms&gt; (Noise.white 0.0&lt;pA&gt; 1.0&lt;pA ms^(1/2)&gt;)</c> // evaluates to struct (0.0, 2.0, 2.0)</example>
    let stepRule (dt: float<ms>) (noise: Noise<'Input>) : struct (float * float * float) =
        match noise with
        | Noise.OrnsteinUhlenbeck(_, sigma, tau) ->
            let a = exp (-dt / tau)
            // 1 − a² = −expm1(−2dt/τ), by Kahan's trick so that it keeps its digits when dt ≪ τ.
            let x = -2.0 * dt / tau
            let u = exp x

            let oneMinusSquare =
                if u = 1.0 then -x
                elif u = 0.0 then 1.0
                else (1.0 - u) * x / log u

            struct (a, float sigma * sqrt oneMinusSquare, float sigma)
        | Noise.White(_, sigma) ->
            let s = float sigma / sqrt (float dt)
            struct (0.0, s, s)

    /// <summary>The random stream of the noise currents of a population: seed and group (its position in a network,
    /// 0 for a population run alone) give stream 2^30 + group, apart from the streams of projections (their index)
    /// and of Poisson groups (2^31 + group).</summary>
    /// <example><c>Noise.stream 7u 2</c> // evaluates to { Seed = 7u; Stream = 1073741826u }</example>
    let stream (seed: uint32) (group: int) =
        RandomStream.create seed (0x40000000u + uint32 group)
