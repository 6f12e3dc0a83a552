/// Brunel's (2000) model A in two of its published states, against its mean-field theory (BrunelMeanField).
module NeuronDsl.Tests.BrunelRegimeTests

open Expecto
open NeuronDsl
open NeuronDsl.Units

/// Mean rate (Hz per neuron) and mean CV of the interspike intervals (over neurons with ≥ 3 spikes) after a transient.
let private statistics (solution: NetworkSolution) (neurons: int) (transient: float) (duration: float) =
    // Poisson sources' spikes are counted, not kept: Spikes holds the two populations' spikes only.
    let spikes = solution.Spikes |> Array.filter (fun s -> float s.Time >= transient)

    let rate = float spikes.Length / float neurons / ((duration - transient) / 1000.0)

    let cvs =
        spikes
        |> Array.groupBy (fun s -> s.Group, s.Neuron)
        |> Array.filter (fun (_, xs) -> xs.Length >= 3)
        |> Array.map (fun (_, xs) ->
            let intervals =
                xs
                |> Array.map (fun s -> float s.Time)
                |> Array.pairwise
                |> Array.map (fun (a, b) -> b - a)

            let mean = Array.average intervals
            sqrt (intervals |> Array.averageBy (fun x -> (x - mean) ** 2.0)) / mean)

    rate, Array.average cvs

/// Runs the network at scale 2.5 (N_E = 4000, N_I = 1000, C_E = 400, C_I = 100, J = 0.25 mV, ε = 0.1 as published)
/// and returns (rate, CV, mean-field rate).
let private regime (g: float) (eta: float) (duration: float) =
    let scale = 2.5
    let ne, ni, ce, _, j = BrunelNetwork.sizes scale

    let solution =
        BrunelNetwork.create scale g eta 1u
        |> Network.run (Solver.exact 0.1<ms>) (duration * 1.0<ms>)

    let rate, cv = statistics solution (ne + ni) 50.0 duration
    rate, cv, BrunelMeanField.rate ce j g eta

// Tolerances. The mean-field rate is exact for N → ∞ and ε → 0; at ε = 0.1 two neurons share a tenth of their
// inputs, which correlates them (the population rate fluctuates visibly), and the theory's corrections are of order
// ε: hence ±10 % on the rate. (Measured on this machine: the published network at 38.96 Hz against 37.95 Hz, 2.7 %
// off, Brian2 at 37.5 Hz; this one at 43.9 against 42.7 Hz, and 329.4 against 327.7 Hz for SR.) The CV bounds are
// the states' definitions, an order of magnitude apart: regular firing (SR) below 0.1, irregular (AI) above 0.5.
[<Tests>]
let tests =
    testList
        "Brunel regimes"
        [ testCase "g = 5, eta = 2: asynchronous irregular, at the mean-field rate"
          <| fun () ->
              let rate, cv, theory = regime 5.0 2.0 250.0
              Expect.isLessThan (abs (rate / theory - 1.0)) 0.1 (sprintf "%.2f Hz; mean field %.2f Hz" rate theory)
              Expect.isGreaterThan cv 0.5 (sprintf "irregular: CV %.3f" cv)

          testCase "g = 3, eta = 2: synchronous regular, at the high mean-field rate"
          <| fun () ->
              let rate, cv, theory = regime 3.0 2.0 120.0
              Expect.isLessThan (abs (rate / theory - 1.0)) 0.1 (sprintf "%.2f Hz; mean field %.2f Hz" rate theory)
              Expect.isLessThan cv 0.1 (sprintf "regular: CV %.3f" cv) ]
