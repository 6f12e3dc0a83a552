module NeuronDsl.Tests.IntegrateAndFireTests

open Expecto
open FsCheck.FSharp
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models
open NeuronDsl.Tests.Generators

/// Random parameters, a current from 10 pA to 2 nA, and a step size.
let private cases =
    Gen.map3 (fun p i dt -> p, i, dt) integrateAndFire (floatBetween 10.0 2000.0 |> Gen.map (fun i -> i * 1.0<pA>)) step

[<Tests>]
let tests =
    testList
        "Models"
        [ testList
              "IntegrateAndFire"
              [
                // dV/dt is constant between spikes, so every method integrates it exactly and every dense output
                // (linear, Hermite, exact flow) is exact: only rounding remains. The exact flow is applied from the
                // start of each segment, so its rounding does not accumulate: 1e-9 ms for any dt. Step-by-step methods
                // round V at each step, by at most a few ulps of |V| (4ε|V|), which accumulates over the steps taken
                // and becomes a time error after division by dV/dt = I/C.
                let check (solver: Solver) (p: ParameterValues) (i: float<pA>) (accumulates: bool) =
                    let period =
                        (Parameters.get IntegrateAndFire.Capacitance p)
                        * ((Parameters.get IntegrateAndFire.Threshold p)
                           - (Parameters.get IntegrateAndFire.ResetPotential p))
                        / i

                    let duration = 10.0 * (period + (Parameters.get IntegrateAndFire.Refractory p))

                    let solution =
                        Simulation.run solver (Problem.create IntegrateAndFire.model p (Input.constant i) duration)

                    let expected k =
                        float (k + 1) * period
                        + float k * (Parameters.get IntegrateAndFire.Refractory p)

                    let roundingPerStep =
                        4.0 * 2.220446049250313e-16 * 80.0<mV>
                        / (i / (Parameters.get IntegrateAndFire.Capacitance p))

                    Expect.isGreaterThanOrEqual solution.Spikes.Length 9 "about ten spikes"

                    solution.Spikes
                    |> Array.iteri (fun k t ->
                        let steps =
                            if accumulates then
                                float (t / solver.Step) + float k
                            else
                                0.0

                        let tolerance = 1e-9<ms> + steps * roundingPerStep

                        Expect.floatClose
                            { absolute = float tolerance
                              relative = 0.0 }
                            (float t)
                            (float (expected k))
                            (sprintf "spike %d" k))

                testProp "exact: spike k is at k·C·ΔV/I + (k−1)·t_ref to 1e-9 ms for any dt" cases
                <| fun (p, i, dt) -> check (Solver.exact dt) p i false

                for create in [ Solver.euler; Solver.rungeKutta4 ] do
                    testProp
                        (sprintf
                            "%s: spike k is at k·C·ΔV/I + (k−1)·t_ref up to accumulated rounding"
                            (create 1.0<ms>).Name)
                        cases
                    <| fun (p, i, dt) -> check (create dt) p i true

                testCase "fires at 1 / (t_ref + C·ΔV / I)"
                <| fun () ->
                    let p = IntegrateAndFire.defaults

                    let solution =
                        Simulation.run
                            (Solver.exact 0.1<ms>)
                            (Problem.create IntegrateAndFire.model p (Input.constant 300.0<pA>) 1000.0<ms>)

                    let rate = SpikeTrain.steadyRate 10 solution.Spikes

                    Expect.floatClose
                        Accuracy.high
                        (float rate)
                        (float (IntegrateAndFire.firingRate p 300.0<pA>))
                        "rate"

                testCase "never fires without input"
                <| fun () ->
                    let solution =
                        Simulation.run
                            (Solver.exact 1.0<ms>)
                            (Problem.create IntegrateAndFire.model IntegrateAndFire.defaults Input.zero 1000.0<ms>)

                    Expect.isEmpty solution.Spikes "no spikes" ] ]
