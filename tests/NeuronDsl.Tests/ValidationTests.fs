module NeuronDsl.Tests.ValidationTests

open Expecto
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models

let private lif = LeakyIntegrateAndFire.defaults

let private run (p: ParameterValues) =
    Problem.create LeakyIntegrateAndFire.model p (Input.constant 100.0<pA>) 10.0<ms>
    |> Simulation.run (Solver.rungeKutta4 0.1<ms>)

[<Tests>]
let tests =
    testList
        "Validation"
        [ testList
              "solvers"
              [ testCase "rejects dt <= 0"
                <| fun () -> expectArgument "dt" (fun () -> Solver.rungeKutta4 0.0<ms>)
                testCase "rejects a negative dt"
                <| fun () -> expectArgument "dt" (fun () -> Solver.euler -0.1<ms>)
                testCase "rejects a NaN dt"
                <| fun () -> expectArgument "dt" (fun () -> Solver.heun (nan * 1.0<ms>))
                testCase "rejects a relative tolerance <= 0"
                <| fun () ->
                    expectArgument "Relative" (fun () ->
                        DormandPrince.create
                            { DormandPrince.defaults with
                                Relative = 0.0 })
                testCase "rejects an absolute tolerance <= 0"
                <| fun () ->
                    expectArgument "Absolute" (fun () ->
                        DormandPrince.create
                            { DormandPrince.defaults with
                                Absolute = -1e-9 })
                testCase "rejects exponential Euler for a model without linearisation"
                <| fun () ->
                    let problem =
                        Problem.create
                            Tests.ClosureQuadraticIntegrateAndFire.model
                            Tests.ClosureQuadraticIntegrateAndFire.defaults
                            (Input.constant 1.0)
                            10.0<ms>

                    expectArgument "solver" (fun () -> Simulation.run (Solver.exponentialEuler 0.1<ms>) problem)
                testCase "rejects exact integration for an input that is not piecewise constant"
                <| fun () ->
                    let problem =
                        Problem.create
                            LeakyIntegrateAndFire.model
                            lif
                            (Input.ramp 0.0<pA> 1.0<pA> 0.0<ms> 5.0<ms>)
                            10.0<ms>

                    expectArgument "input" (fun () -> Simulation.run (Solver.exact 0.1<ms>) problem) ]
          testList
              "problems"
              [ testCase "rejects a negative duration"
                <| fun () ->
                    expectArgument "duration" (fun () ->
                        Problem.create LeakyIntegrateAndFire.model lif Input.zero -1.0<ms>
                        |> Simulation.run (Solver.exact 0.1<ms>))
                testCase "rejects a NaN initial state"
                <| fun () ->
                    expectArgument "initialState" (fun () ->
                        Problem.create LeakyIntegrateAndFire.model lif Input.zero 1.0<ms>
                        |> Problem.withInitialState [| nan |]
                        |> Simulation.run (Solver.exact 0.1<ms>))
                testCase "rejects an infinite initial gating variable"
                <| fun () ->
                    expectArgument "initialState" (fun () ->
                        Problem.create HodgkinHuxley.model HodgkinHuxley.defaults Input.zero 1.0<ms>
                        |> Problem.withInitialState [| -65.0; infinity; 0.6; 0.3 |]
                        |> Simulation.run (Solver.rungeKutta4 0.1<ms>))
                testCase "rejects an unknown recorded variable"
                <| fun () ->
                    expectArgument "Recording.Variables" (fun () ->
                        Problem.create LeakyIntegrateAndFire.model lif Input.zero 1.0<ms>
                        |> Problem.withRecording
                            { Variables = [ "W" ]
                              Interval = EveryStep }
                        |> Simulation.run (Solver.exact 0.1<ms>))
                testCase "rejects a recording interval <= 0"
                <| fun () ->
                    expectArgument "Recording.Interval" (fun () ->
                        Problem.create LeakyIntegrateAndFire.model lif Input.zero 1.0<ms>
                        |> Problem.withRecording
                            { Variables = []
                              Interval = Every 0.0<ms> }
                        |> Simulation.run (Solver.exact 0.1<ms>)) ]
          testList
              "parameters"
              [ testCase "rejects a capacitance <= 0"
                <| fun () -> expectArgument "C" (fun () -> run (lif |> Parameters.set "C" -200.0))
                testCase "rejects a resistance <= 0"
                <| fun () -> expectArgument "R" (fun () -> run (lif |> Parameters.set "R" 0.0))
                testCase "rejects a threshold at or below the reset"
                <| fun () -> expectArgument "V_th" (fun () -> run (lif |> Parameters.set "V_th" -70.0))
                testCase "rejects a negative refractory period"
                <| fun () -> expectArgument "t_ref" (fun () -> run (lif |> Parameters.set "t_ref" -1.0))
                testCase "rejects a NaN resting potential"
                <| fun () -> expectArgument "E_L" (fun () -> run (lif |> Parameters.set "E_L" nan))
                testCase "rejects an infinite reset potential"
                <| fun () -> expectArgument "V_reset" (fun () -> run (lif |> Parameters.set "V_reset" infinity))
                testCase "rejects an integrate-and-fire capacitance <= 0"
                <| fun () ->
                    expectArgument "C" (fun () ->
                        Problem.create
                            IntegrateAndFire.model
                            (IntegrateAndFire.defaults |> Parameters.set "C" 0.0)
                            Input.zero
                            1.0<ms>)
                testCase "rejects a Hodgkin–Huxley capacitance <= 0"
                <| fun () ->
                    expectArgument "C_m" (fun () ->
                        Problem.create
                            HodgkinHuxley.model
                            (HodgkinHuxley.defaults |> Parameters.set "C_m" 0.0)
                            Input.zero
                            1.0<ms>)
                testCase "rejects a negative Hodgkin–Huxley conductance"
                <| fun () ->
                    expectArgument "g_Na" (fun () ->
                        Problem.create
                            HodgkinHuxley.model
                            (HodgkinHuxley.defaults |> Parameters.set "g_Na" -1.0)
                            Input.zero
                            1.0<ms>)
                testCase "names the value and the valid range in the message"
                <| fun () ->
                    let e =
                        Expect.throwsC (fun () -> run (lif |> Parameters.set "C" -200.0) |> ignore) id

                    Expect.stringContains e.Message "C = -200 pF" "value"
                    Expect.stringContains e.Message "expected a finite number > 0 pF" "range" ] ]
