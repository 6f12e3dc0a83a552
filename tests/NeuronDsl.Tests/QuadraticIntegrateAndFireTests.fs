module NeuronDsl.Tests.QuadraticIntegrateAndFireTests

open Expecto
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Tests.ReferenceSpikes


let private p = NeuronDsl.Models.QuadraticIntegrateAndFire.defaults

let private spikes (solver: Solver) (current: float<pA>) (duration: float<ms>) =
    let solution =
        Problem.create NeuronDsl.Models.QuadraticIntegrateAndFire.model p (Input.constant current) duration
        |> Problem.withRecording { Variables = []; Interval = NoTrace }
        |> Simulation.run solver

    Expect.equal solution.Status Completed "status"
    solution.Spikes |> Array.map float

[<Tests>]
let tests =
    testList
        "Models"
        [ testList
              "QuadraticIntegrateAndFire"
              [ testCase "fires just above its rheobase g_L (V_c - E_L)/4 = 50 pA and not just below"
                <| fun () ->
                    let rheobase = NeuronDsl.Models.QuadraticIntegrateAndFire.rheobase p
                    Expect.floatClose Accuracy.veryHigh (float rheobase) 50.0 "rheobase"
                    // At 1.01 rheobase the interval is ≈ 1.17 s (the closed form); 5 s shows repetitive firing.
                    let below = spikes (Solver.rungeKutta4 0.01<ms>) (0.99 * rheobase) 5000.0<ms>
                    let above = spikes (Solver.rungeKutta4 0.01<ms>) (1.01 * rheobase) 5000.0<ms>
                    Expect.isEmpty below "no spike at 0.99 rheobase"
                    Expect.isGreaterThan above.Length 2 "spikes at 1.01 rheobase"
                testCase "its period matches the closed form (C ΔV/(g_L q)) Δarctan to 1e-6 ms with RK4 at dt = 0.01 ms"
                <| fun () ->
                    // The closed form is exact; RK4's spike-time error is O(dt^4): the quadratic upswing is slow
                    // enough at V_peak = 0 mV (h·λ = dt·2 g_L (V − V_m)/(C ΔV) ≤ 0.003) that no substep is needed.
                    for current in [ 100.0<pA>; 200.0<pA>; 400.0<pA> ] do
                        let isi = spikes (Solver.rungeKutta4 0.01<ms>) current 500.0<ms> |> intervals
                        let expected = float (NeuronDsl.Models.QuadraticIntegrateAndFire.interval p current)
                        Expect.isGreaterThan isi.Length 1 "several intervals"

                        for x in isi do
                            Expect.floatClose
                                { absolute = 1e-6; relative = 0.0 }
                                x
                                expected
                                (sprintf "interval at %g pA" (float current))
                testCase "its printed equations parse back to the same equations"
                <| fun () ->
                    let equations = NeuronDsl.Models.QuadraticIntegrateAndFire.equations.Equations
                    Expect.equal (Equations.parseOrThrow (ModelPrinter.print equations)) equations "round trip" ] ]
