/// Brunel's (2000) mean-field theory of model A, for the regime tests: the stationary rate ν solves
/// 1/ν = t_ref + τ√π ∫ from (V_r − μ)/σ to (θ − μ)/σ of e^(u²)(1 + erf u) du (eq. 21, Siegert's formula), with
/// μ = C_E J τ (ν_ext + ν(1 − gγ)) and σ² = J² C_E τ (ν_ext + ν(1 + g²γ)), γ = C_I/C_E = 1/4 (eqs. 4–5). Computed
/// here by Gauss–Legendre quadrature and Brent's root search (Math.NET), not by the simulator.
module NeuronDsl.Tests.BrunelMeanField

open System
open MathNet.Numerics

let private tau, refractory, threshold, reset = 0.02, 0.002, 20.0, 10.0

/// e^(x²) erfc(x) for x ≥ 0 without overflow: directly below 5, else its asymptotic series to eight terms (the
/// first term left out is below 1e-8 of the sum there).
let private scaledErfc (x: float) =
    if x < 5.0 then
        exp (x * x) * SpecialFunctions.Erfc x
    else
        let mutable term = 1.0
        let mutable sum = 1.0

        for k in 1..7 do
            term <- -term * float (2 * k - 1) / (2.0 * x * x)
            sum <- sum + term

        sum / (x * sqrt Math.PI)

/// The rate (Hz) of a LIF neuron under white noise of mean μ and standard deviation σ (mV), eq. 21.
let private siegert (mu: float) (sigma: float) =
    // e^(u²)(1 + erf u) = e^(u²) erfc(−u): finite for the large negative u of strong drive.
    let integrand (u: float) =
        if u <= 0.0 then
            scaledErfc -u
        else
            exp (u * u) * (1.0 + SpecialFunctions.Erf u)

    let area =
        Integrate.GaussLegendre(Func<float, float> integrand, (reset - mu) / sigma, (threshold - mu) / sigma, 64)

    1.0 / (refractory + tau * sqrt Math.PI * area)

/// The stationary rate (Hz) of the network of C_E excitatory inputs of J (mV) per neuron, relative inhibition g and
/// external drive η.
let rate (ce: int) (j: float) (g: float) (eta: float) =
    let external = eta * threshold / (j * float ce * tau)
    let gamma = 0.25

    let mismatch (nu: float) =
        let mu = float ce * j * tau * (external + nu * (1.0 - g * gamma))
        let variance = j * j * float ce * tau * (external + nu * (1.0 + g * g * gamma))
        siegert mu (sqrt variance) - nu

    RootFinding.Brent.FindRoot(Func<float, float> mismatch, 1e-3, 1.0 / refractory - 1e-3, 1e-9, 200)
