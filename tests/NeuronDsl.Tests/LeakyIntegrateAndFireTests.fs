module NeuronDsl.Tests.LeakyIntegrateAndFireTests

open Expecto
open FsCheck.FSharp
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models
open NeuronDsl.Tests.Generators

type private P = ParameterValues

let private lif = LeakyIntegrateAndFire.model

/// Parameters, an input between 1.05 and 5 times the rheobase, and a step size.
let private firing =
    gen {
        let! p = leakyIntegrateAndFire
        let! factor = floatBetween 1.05 5.0
        let! dt = step
        return p, factor * LeakyIntegrateAndFire.rheobase p, dt
    }

/// Closed-form spike times starting at V_reset: t_k = k·T + (k−1)·t_ref, T = τ ln((RI + E_L − V_reset)/(RI + E_L − V_th)).
let private closedForm (p: P) (i: float<pA>) (count: int) =
    let isi =
        LeakyIntegrateAndFire.interval p i
        - (Parameters.get LeakyIntegrateAndFire.Refractory p)

    Array.init count (fun k ->
        float (k + 1) * isi
        + float k * (Parameters.get LeakyIntegrateAndFire.Refractory p))

let private fromReset (p: P) (input: Input<pA>) duration =
    Problem.create lif p input duration
    |> Problem.withInitialState [| p["V_reset"] |]

[<Tests>]
let tests =
    testList
        "Models"
        [ testList
              "LeakyIntegrateAndFire"
              [ testProp "exact integration matches the closed-form spike times to 1e-9 ms for any dt" firing
                <| fun (p, i, dt) ->
                    let duration = 10.0 * LeakyIntegrateAndFire.interval p i

                    let solution =
                        Simulation.run (Solver.exact dt) (fromReset p (Input.constant i) duration)

                    let expected = closedForm p i solution.Spikes.Length
                    Expect.isGreaterThanOrEqual solution.Spikes.Length 9 "about ten spikes"

                    Array.iteri2
                        (fun k (t: float<ms>) e ->
                            Expect.floatClose
                                { absolute = 1e-9; relative = 0.0 }
                                (float t)
                                (float e)
                                (sprintf "spike %d" k))
                        solution.Spikes
                        expected
                testCase "fires at the closed-form rate above the rheobase"
                <| fun () ->
                    let p = LeakyIntegrateAndFire.defaults

                    let solution =
                        Simulation.run (Solver.exact 0.1<ms>) (fromReset p (Input.constant 300.0<pA>) 2000.0<ms>)

                    Expect.floatClose
                        Accuracy.high
                        (float (SpikeTrain.steadyRate 20 solution.Spikes))
                        (float (LeakyIntegrateAndFire.firingRate p 300.0<pA>))
                        "rate"
                testCase "RK4 at dt = 0.1 ms matches the closed form to 1e-6 ms"
                <| fun () ->
                    // RK4's global error for the exponential is ≈ n (dt/τ)⁵/120 · ΔV ≈ 1e-11 mV; the located crossing
                    // inherits it divided by dV/dt, far below 1e-6 ms.
                    let p = LeakyIntegrateAndFire.defaults

                    let solution =
                        Simulation.run (Solver.rungeKutta4 0.1<ms>) (fromReset p (Input.constant 300.0<pA>) 500.0<ms>)

                    Array.iteri2
                        (fun k (t: float<ms>) e ->
                            Expect.floatClose
                                { absolute = 1e-6; relative = 0.0 }
                                (float t)
                                (float e)
                                (sprintf "spike %d" k))
                        solution.Spikes
                        (closedForm p 300.0<pA> solution.Spikes.Length)
                testProp
                    "never fires at or below the rheobase"
                    (Gen.zip leakyIntegrateAndFire (floatBetween 0.0 0.9999))
                <| fun (p, fraction) ->
                    let i = fraction * LeakyIntegrateAndFire.rheobase p
                    let duration = 20.0 * LeakyIntegrateAndFire.timeConstant p

                    for solver in [ Solver.exact 1.0<ms>; Solver.rungeKutta4 0.1<ms> ] do
                        let solution = Simulation.run solver (fromReset p (Input.constant i) duration)

                        Expect.isEmpty
                            solution.Spikes
                            (sprintf "%s: no spike at %.4f of the rheobase" solver.Name fraction)
                testCase "does not fire at exactly the rheobase, however long it runs"
                <| fun () ->
                    // V approaches V_th from below and, after rounding, may equal it: reaching is not crossing.
                    let p = LeakyIntegrateAndFire.defaults
                    let i = LeakyIntegrateAndFire.rheobase p

                    Expect.equal
                        ((Parameters.get LeakyIntegrateAndFire.RestingPotential p)
                         + (Parameters.get LeakyIntegrateAndFire.Resistance p) * i)
                        (Parameters.get LeakyIntegrateAndFire.Threshold p)
                        "R·I_th + E_L is V_th exactly here"

                    for solver in
                        [ Solver.exact 1.0<ms>
                          Solver.rungeKutta4 0.1<ms>
                          Solver.exponentialEuler 0.1<ms> ] do
                        let solution = Simulation.run solver (fromReset p (Input.constant i) 5000.0<ms>)
                        Expect.isEmpty solution.Spikes (sprintf "%s: no spike at the rheobase" solver.Name)
                testProp
                    "without input V decays monotonically to E_L, never overshooting, along the exponential"
                    (Gen.zip leakyIntegrateAndFire (floatBetween 0.0 1.0))
                <| fun (p, u) ->
                    let tau = LeakyIntegrateAndFire.timeConstant p
                    // Start anywhere from 30 mV below rest up to just below threshold.
                    let v0 =
                        (Parameters.get LeakyIntegrateAndFire.RestingPotential p) - 30.0<mV>
                        + u
                          * ((Parameters.get LeakyIntegrateAndFire.Threshold p)
                             - 1e-6<mV>
                             - (Parameters.get LeakyIntegrateAndFire.RestingPotential p)
                             + 30.0<mV>)

                    let dt = tau / 20.0

                    let problem =
                        Problem.create lif p Input.zero (5.0 * tau)
                        |> Problem.withInitialState [| float v0 |]
                        |> Problem.withRecording
                            { Variables = [ "V" ]
                              Interval = EveryStep }

                    let solution = Simulation.run (Solver.rungeKutta4 dt) problem
                    let v = solution.Trace["V"]

                    let distance =
                        v
                        |> Array.map (fun x ->
                            (x - float (Parameters.get LeakyIntegrateAndFire.RestingPotential p))
                            * float (sign (v0 - (Parameters.get LeakyIntegrateAndFire.RestingPotential p))))

                    Expect.isEmpty solution.Spikes "no spike"

                    for k in 1 .. v.Length - 1 do
                        Expect.isLessThanOrEqual distance[k] distance[k - 1] "moves toward E_L"
                        Expect.isGreaterThanOrEqual distance[k] 0.0 "never overshoots E_L"
                    // RK4's amplification per step differs from e^(−h/τ) by at most (h/τ)⁵/120, so after n steps the
                    // error is at most n·(1/20)⁵/120·|V0 − E_L|, plus rounding.
                    let bound (k: int) =
                        (float k * (0.05 ** 5.0) / 120.0 + 1e-13)
                        * abs (float (v0 - (Parameters.get LeakyIntegrateAndFire.RestingPotential p)))

                    Array.iteri2
                        (fun k (t: float<ms>) x ->
                            let exact =
                                (Parameters.get LeakyIntegrateAndFire.RestingPotential p)
                                + (v0 - (Parameters.get LeakyIntegrateAndFire.RestingPotential p))
                                  * exp (-t / tau)

                            Expect.isLessThanOrEqual (abs (x - float exact)) (bound k) (sprintf "sample %d" k))
                        solution.Trace.Times
                        v
                testProp "after every spike V is V_reset, stays there for t_ref, and never exceeds V_th" firing
                <| fun (p, i, dt) ->
                    let dt = min dt 1.0<ms>

                    let problem =
                        fromReset p (Input.constant i) (5.0 * LeakyIntegrateAndFire.interval p i)
                        |> Problem.withRecording
                            { Variables = [ "V" ]
                              Interval = EveryStep }

                    let solution = Simulation.run (Solver.rungeKutta4 dt) problem
                    let times, v = solution.Trace.Times, solution.Trace["V"]
                    Expect.isNonEmpty solution.Spikes "fires"

                    for k in 0 .. v.Length - 1 do
                        Expect.isLessThanOrEqual
                            v[k]
                            (float (Parameters.get LeakyIntegrateAndFire.Threshold p))
                            "below threshold"

                    for spike in solution.Spikes do
                        let atSpike = Array.findIndex ((=) spike) times

                        Expect.equal
                            v[atSpike]
                            (float (Parameters.get LeakyIntegrateAndFire.ResetPotential p))
                            "reset at the spike time"

                        for k in atSpike .. v.Length - 1 do
                            if times[k] <= spike + (Parameters.get LeakyIntegrateAndFire.Refractory p) then
                                Expect.equal
                                    v[k]
                                    (float (Parameters.get LeakyIntegrateAndFire.ResetPotential p))
                                    "clamped during the refractory period"
                testProp "interpolated samples never exceed V_th either" firing
                <| fun (p, i, _) ->
                    let problem =
                        fromReset p (Input.constant i) (5.0 * LeakyIntegrateAndFire.interval p i)

                    let solution = Simulation.run (Solver.rungeKutta4 0.1<ms>) problem

                    Expect.all
                        solution.Trace["V"]
                        (fun v -> v <= float (Parameters.get LeakyIntegrateAndFire.Threshold p))
                        "all samples at or below threshold"
                testProp "spike count does not decrease as the input grows" (Gen.zip firing (floatBetween 1.0 2.0))
                <| fun ((p, i, dt), factor) ->
                    let count current =
                        (Simulation.run (Solver.exact dt) (fromReset p (Input.constant current) 200.0<ms>))
                            .Spikes.Length

                    Expect.isGreaterThanOrEqual (count (factor * i)) (count i) "more input, at least as many spikes" ] ]
