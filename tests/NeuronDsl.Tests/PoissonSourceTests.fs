module NeuronDsl.Tests.PoissonSourceTests

open Expecto
open MathNet.Numerics.Distributions
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Tests

let private stream = RandomStream.create 1999u 5u

/// 20 Hz for 1 000 s in windows of 0.1 ms: about 20 000 spikes, most intervals spanning hundreds of windows.
let private rate = 0.02<1 / ms>
let private duration = 1_000_000.0<ms>

let private train =
    lazy (PoissonSource.spikeTrain rate 0.1<ms> duration 3 stream |> Array.map float)

let private intervals (times: float[]) =
    times |> Array.pairwise |> Array.map (fun (a, b) -> b - a)

[<Tests>]
let tests =
    testList
        "PoissonSource"
        [ testList
              "spikeTrain"
              [ // The count over T is Poisson(rate·T): standard deviation √(rate·T).
                test "the spike count is within 5 sigma of rate × duration" {
                    let expected = float rate * float duration
                    expectWithinFiveSigma "spikes" (sqrt expected) expected (float train.Value.Length)
                }

                // Intervals cross window boundaries: they are exponential only if restarting each window is exact.
                test "intervals are exponential with the rate (Kolmogorov-Smirnov)" {
                    let cdf x = 1.0 - exp (-float rate * x)
                    expectKolmogorovSmirnov "intervals" cdf (intervals train.Value)
                }

                // Power: with 20 000 intervals a 10 % rate error gives D ≈ 0.1/e ≈ 0.035, λ = √n·D ≈ 5, p ≈ 10^-21.
                test "the KS test rejects 1.1 times the rate" {
                    let cdf x = 1.0 - exp (-1.1 * float rate * x)
                    expectRejects "1.1 rate" (ksPValue cdf (intervals train.Value))
                }

                test "times increase strictly and stay in [0, duration)" {
                    let times = train.Value
                    Expect.isTrue (times |> Array.pairwise |> Array.forall (fun (a, b) -> a < b)) "increasing"
                    Expect.isTrue (times[0] >= 0.0 && times[times.Length - 1] < float duration) "range"
                }

                test "rate 0 gives no spikes" {
                    Expect.isEmpty (PoissonSource.spikeTrain 0.0<1 / ms> 1.0<ms> 1000.0<ms> 0 stream) "spikes"
                } ]

          testList
              "spikesInWindow"
              [ // Counts in 10 ms windows at 0.3 /ms are Poisson(3); 20 000 windows, chi-square over the pmf.
                test "counts per window follow Poisson(rate × length) (chi-square)" {
                    let counts =
                        Array.init 20_000 (fun w ->
                            (PoissonSource.spikesInWindow 0.3<1 / ms> 10.0<ms> (int64 w) 0 stream).Length)

                    let lo, hi = binRange (fun k -> Poisson.PMF(3.0, k)) counts.Length 0 40
                    expectDiscreteFit "window counts" (fun k -> Poisson.CDF(3.0, float k)) lo hi counts
                }

                test "a window is the same computed alone, again, or as part of the train" {
                    let window = 1234L
                    let alone = PoissonSource.spikesInWindow 5.0<1 / ms> 1.0<ms> window 7 stream
                    let again = PoissonSource.spikesInWindow 5.0<1 / ms> 1.0<ms> window 7 stream
                    Expect.equal again alone "again"

                    let fromTrain =
                        PoissonSource.spikeTrain 5.0<1 / ms> 1.0<ms> 2000.0<ms> 7 stream
                        |> Array.filter (fun t -> t >= 1234.0<ms> && t < 1235.0<ms>)

                    Expect.equal fromTrain alone "train"
                    Expect.isNonEmpty alone "5 expected spikes"
                }

                test "different sources give different trains" {
                    let a = PoissonSource.spikesInWindow 5.0<1 / ms> 10.0<ms> 0L 0 stream
                    let b = PoissonSource.spikesInWindow 5.0<1 / ms> 10.0<ms> 0L 1 stream
                    Expect.notEqual a b "sources 0 and 1"
                }

                test "rejects negative rates, non-positive windows and negative indices" {
                    expectArgument "rate" (fun () -> PoissonSource.spikesInWindow -1.0<1 / ms> 1.0<ms> 0L 0 stream)

                    expectArgument "windowLength" (fun () ->
                        PoissonSource.spikesInWindow 1.0<1 / ms> 0.0<ms> 0L 0 stream)

                    expectArgument "window" (fun () -> PoissonSource.spikesInWindow 1.0<1 / ms> 1.0<ms> -1L 0 stream)
                    expectArgument "source" (fun () -> PoissonSource.spikesInWindow 1.0<1 / ms> 1.0<ms> 0L -1 stream)
                    expectArgument "duration" (fun () -> PoissonSource.spikeTrain 1.0<1 / ms> 1.0<ms> -1.0<ms> 0 stream)
                } ] ]
