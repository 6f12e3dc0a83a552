namespace NeuronDsl.Tests

open System
open Expecto
open MathNet.Numerics.Distributions

/// <summary>
/// Goodness-of-fit helpers for the random-number and connectivity tests. Every test that uses them has a fixed seed,
/// so it is deterministic; the thresholds say how unlucky a correct generator would have to be to fail with that
/// seed. Moments are checked at 5 standard errors (two-sided p ≈ 5.7·10^-7) and distributions by chi-square or
/// Kolmogorov–Smirnov at p = 10^-6, the same level, while the errors these tests look for (a wrong constant, a
/// swapped word, a wrong acceptance test) move the statistics by hundreds of standard errors.
/// </summary>
[<AutoOpen>]
module Statistics =
    /// The p-value below which a goodness-of-fit test fails: about the two-sided tail beyond 5 standard errors.
    let goodnessOfFitThreshold = 1e-6

    let sampleMean (xs: float[]) = Array.average xs

    /// The variance with divisor n (the moment tests compare it with the population variance).
    let sampleVariance (xs: float[]) =
        let m = sampleMean xs
        xs |> Array.averageBy (fun x -> (x - m) * (x - m))

    /// Expects |actual − expected| ≤ 5 standard errors.
    let expectWithinFiveSigma (what: string) (standardError: float) (expected: float) (actual: float) =
        let z = (actual - expected) / standardError

        Expect.isLessThanOrEqual
            (abs z)
            5.0
            (sprintf "%s = %.9g, expected %.9g ± 5 × %.3g (z = %.2f)" what actual expected standardError z)

    /// The sample mean within 5 standard errors √(variance / n) of the expected mean.
    let expectMean (what: string) (mean: float) (variance: float) (xs: float[]) =
        expectWithinFiveSigma (what + " mean") (sqrt (variance / float xs.Length)) mean (sampleMean xs)

    /// The sample variance within 5 standard errors of the expected one; the standard error of the variance
    /// estimator is √((μ4 − σ⁴) / n) with μ4 the fourth central moment.
    let expectVariance (what: string) (variance: float) (fourthCentralMoment: float) (xs: float[]) =
        let standardError =
            sqrt ((fourthCentralMoment - variance * variance) / float xs.Length)

        expectWithinFiveSigma (what + " variance") standardError variance (sampleVariance xs)

    /// Pearson's chi-square p-value of observed counts against expected counts (dof = bins − 1).
    let chiSquarePValue (observed: float[]) (expected: float[]) =
        let statistic =
            Array.map2 (fun o e -> (o - e) * (o - e) / e) observed expected |> Array.sum

        1.0 - ChiSquared.CDF(float (observed.Length - 1), statistic)

    /// Expects the chi-square p-value above the threshold.
    let expectChiSquare (what: string) (observed: float[]) (expected: float[]) =
        let p = chiSquarePValue observed expected

        Expect.isGreaterThan
            p
            goodnessOfFitThreshold
            (sprintf "%s: chi-square p = %.3g over %d bins" what p observed.Length)

    /// Counts of an integer sample against a probability mass function. Bins are the k from lo to hi whose expected
    /// count is at least 5 (Cochran's rule for the chi-square approximation), and the tails below lo and above hi are
    /// pooled into the edge bins, so the bin probabilities sum to 1.
    let expectDiscreteFit (what: string) (cdf: int -> float) (lo: int) (hi: int) (sample: int[]) =
        let n = float sample.Length
        let bins = hi - lo + 1
        let observed = Array.zeroCreate<float> bins

        for k in sample do
            let bin = (min hi (max lo k)) - lo
            observed[bin] <- observed[bin] + 1.0

        let expected =
            Array.init bins (fun b ->
                let k = lo + b
                let below = if b = 0 then 0.0 else cdf (k - 1)
                let upTo = if b = bins - 1 then 1.0 else cdf k
                n * (upTo - below))

        Expect.isGreaterThanOrEqual (Array.min expected) 5.0 (sprintf "%s: every bin expects >= 5" what)
        expectChiSquare what observed expected

    /// The smallest and largest k whose expected count n·pmf(k) is at least 5.
    let binRange (pmf: int -> float) (n: int) (first: int) (last: int) =
        let inRange = [| first..last |] |> Array.filter (fun k -> float n * pmf k >= 5.0)
        inRange[0], inRange[inRange.Length - 1]

    /// The Kolmogorov–Smirnov p-value of a sample against a continuous CDF, with Stephens' finite-n correction
    /// (√n + 0.12 + 0.11/√n)·D and the asymptotic series 2 Σ (−1)^(k−1) exp(−2k²λ²).
    let ksPValue (cdf: float -> float) (sample: float[]) =
        let sorted = Array.sort sample
        let n = float sorted.Length
        let mutable d = 0.0

        for i in 0 .. sorted.Length - 1 do
            let f = cdf sorted[i]
            d <- max d (max (float (i + 1) / n - f) (f - float i / n))

        let lambda = (sqrt n + 0.12 + 0.11 / sqrt n) * d

        let series =
            [ 1..100 ]
            |> List.sumBy (fun k -> (if k % 2 = 1 then 2.0 else -2.0) * exp (-2.0 * float (k * k) * lambda * lambda))

        // Below λ = 0.2 the p-value exceeds 1 − 10^-20 and the series converges too slowly to sum.
        if lambda < 0.2 then 1.0 else min 1.0 (max 0.0 series)

    /// Expects the KS p-value above the threshold.
    let expectKolmogorovSmirnov (what: string) (cdf: float -> float) (sample: float[]) =
        let p = ksPValue cdf sample

        Expect.isGreaterThan
            p
            goodnessOfFitThreshold
            (sprintf "%s: Kolmogorov-Smirnov p = %.3g, n = %d" what p sample.Length)

    /// Expects the test to fail on a sample from the wrong distribution: shows the check has power.
    let expectRejects (what: string) (pValue: float) =
        Expect.isLessThan pValue goodnessOfFitThreshold (sprintf "%s: p = %.3g should be rejected" what pValue)

    /// Bits of doubles, for bit-identical comparisons.
    let doubleBits (xs: float[]) =
        xs |> Array.map BitConverter.DoubleToInt64Bits
