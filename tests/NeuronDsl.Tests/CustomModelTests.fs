module NeuronDsl.Tests.CustomModelTests

open Expecto
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Tests

type private Qif = ClosureQuadraticIntegrateAndFire.Parameters

[<Tests>]
let tests =
    testList
        "Models"
        [ testList
              "QuadraticIntegrateAndFire (user-defined)"
              [ testCase "runs through Dormand–Prince with the analytic period to 1e-6 ms"
                <| fun () ->
                    // Tolerance 1e-11 per step over ~1000 steps keeps the global error below 1e-8 in v; the period
                    // inherits it divided by dv/dt at the peak (≈ 10/ms), so 1e-6 ms leaves a wide margin.
                    let p = ClosureQuadraticIntegrateAndFire.defaults
                    let input = 4.0

                    let problem =
                        Problem.create ClosureQuadraticIntegrateAndFire.model p (Input.constant input) 200.0<ms>

                    let solver =
                        DormandPrince.create
                            { DormandPrince.defaults with
                                Relative = 1e-11
                                Absolute = 1e-11 }

                    let solution = Simulation.run solver problem
                    let period = ClosureQuadraticIntegrateAndFire.period p input
                    Expect.isGreaterThan solution.Spikes.Length 3 "fires repeatedly"

                    solution.Spikes
                    |> Array.iteri (fun k t ->
                        Expect.floatClose
                            { absolute = 1e-6; relative = 0.0 }
                            (float t)
                            (float (float (k + 1) * period))
                            (sprintf "spike %d" k))
                testCase "runs through RK4 with every interval within 1e-5 ms of the analytic period"
                <| fun () ->
                    // RK4's error ∝ dt⁴: at dt = 0.01 ms and τ = 10 ms the per-period error is ~1e-8 ms in this regime.
                    let p = ClosureQuadraticIntegrateAndFire.defaults

                    let problem =
                        Problem.create ClosureQuadraticIntegrateAndFire.model p (Input.constant 4.0) 100.0<ms>

                    let solution = Simulation.run (Solver.rungeKutta4 0.01<ms>) problem
                    let intervals = SpikeTrain.intervals solution.Spikes
                    Expect.isNonEmpty intervals "fires repeatedly"

                    Expect.all
                        intervals
                        (fun isi -> abs (float (isi - ClosureQuadraticIntegrateAndFire.period p 4.0)) < 1e-5)
                        "every interval"
                testCase "its own validation runs before the first step"
                <| fun () ->
                    let p =
                        { ClosureQuadraticIntegrateAndFire.defaults with
                            TimeConstant = 0.0<ms> }

                    expectArgument "TimeConstant" (fun () ->
                        Problem.create ClosureQuadraticIntegrateAndFire.model p (Input.constant 1.0) 10.0<ms>) ] ]
