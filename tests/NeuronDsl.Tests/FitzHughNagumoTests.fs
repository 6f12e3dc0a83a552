module NeuronDsl.Tests.FitzHughNagumoTests

open System
open Expecto
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models

let private fhn = FitzHughNagumo.model
let private p = FitzHughNagumo.defaults
let private a, b = p["a"], p["b"]
let private timeRatio = float p["T"] / float p["tau"]

/// The fixed point's v under a constant current, in closed form: v − v³/3 − (v + a)/b + I = 0 is the depressed
/// cubic v³ + P v + Q = 0 with P = 3 (1/b − 1) > 0 (one real root) and Q = 3 (a/b − I); Cardano's formula.
let private fixedPoint (current: float) =
    let P, Q = 3.0 * (1.0 / b - 1.0), 3.0 * (a / b - current)
    let root = sqrt (Q * Q / 4.0 + P * P * P / 27.0)
    Math.Cbrt(-Q / 2.0 + root) + Math.Cbrt(-Q / 2.0 - root)

/// The Hopf current: the trace of the Jacobian, (1 − v²)/T − b/τ, vanishes at v_H = −√(1 − b T/τ).
let private hopfCurrent =
    let v = -sqrt(1.0 - b * timeRatio)
    v * v * v / 3.0 - v + (v + a) / b

/// Spikes after 1500 ms of 2500 ms under a constant current, starting 1e-3 off the fixed point of that current.
let private lateSpikes (current: float) =
    let v = fixedPoint current

    Problem.create fhn p (Input.constant current) 2500.0<ms>
    |> Problem.withInitialState [| v + 1e-3; (v + a) / b |]
    |> Problem.withRecording { Variables = []; Interval = NoTrace }
    |> Simulation.run (Solver.rungeKutta4 0.01<ms>)
    |> fun s -> s.Spikes |> Array.filter (fun t -> t > 1500.0<ms>)

[<Tests>]
let tests =
    testList
        "Models"
        [ testList
              "FitzHughNagumo"
              [ testCase "rests at the closed-form fixed point"
                <| fun () ->
                    let rest = fhn.InitialState p
                    let v = fixedPoint 0.0
                    // Newton's method stops at a relative step below 1e-14; Cardano's formula is good to a few ulp.
                    Expect.floatClose { absolute = 1e-12; relative = 0.0 } rest[0] v "v* ≈ −1.19941"
                    Expect.floatClose { absolute = 1e-12; relative = 0.0 } rest[1] ((v + a) / b) "w* = (v* + a)/b"
                    Expect.floatClose { absolute = 1e-5; relative = 0.0 } v -1.19941 "v* to five decimals"
                testCase "oscillates just above the Hopf current and rests just below it"
                <| fun () ->
                    // I_H ≈ 0.33128 in closed form. 0.02 either side, the fixed point's growth rate is about
                    // ±0.016/ms (d trace/dI ≈ 1.6 per ms), so a 1e-3 perturbation has 1500 ms to grow to a full
                    // cycle or to decay to nothing: far from the bracket's edges either way.
                    Expect.floatClose { absolute = 1e-5; relative = 0.0 } hopfCurrent 0.33128 "I_H"
                    Expect.isEmpty (lateSpikes (hopfCurrent - 0.02)) "no spikes after 1500 ms at I_H − 0.02"
                    Expect.isGreaterThan (lateSpikes (hopfCurrent + 0.02)).Length 10 "oscillation at I_H + 0.02" ] ]
