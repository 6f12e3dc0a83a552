module NeuronDsl.Tests.ExponentialIntegrateAndFireTests

open Expecto
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models
open NeuronDsl.Tests.ReferenceSpikes

let private model = ExponentialIntegrateAndFire.model
let private p = ExponentialIntegrateAndFire.defaults

let private spikes (solver: Solver) (current: float<uA / cm2>) (duration: float<ms>) =
    let solution =
        Problem.create model p (Input.constant current) duration
        |> Problem.withRecording { Variables = []; Interval = NoTrace }
        |> Simulation.run solver

    Expect.equal solution.Status Completed "status"
    solution.Spikes |> Array.map float

/// Interspike interval under a constant current, by quadrature of dt = C dV / F(V) from V_reset to V_peak (composite
/// Simpson, 200 000 panels; its error, ≲ 1e-9 ms here, is checked by halving the panels) plus t_ref.
let private quadratureInterval (current: float) =
    let get n = p[n]
    let c, gL, eL, vT, deltaT = get "C", get "g_L", get "E_L", get "V_T", get "Delta_T"

    let f v =
        1.0 / ((-gL * (v - eL) + gL * deltaT * exp ((v - vT) / deltaT) + current) / c)

    let simpson panels =
        let a, b = get "V_reset", get "V_peak"
        let h = (b - a) / float panels

        let inner =
            Seq.sum (seq { for k in 1 .. panels - 1 -> (if k % 2 = 1 then 4.0 else 2.0) * f (a + float k * h) })

        h / 3.0 * (f a + inner + f b)

    let fine, coarse = simpson 200_000, simpson 100_000
    Expect.isLessThan (abs (fine - coarse)) 1e-9 "quadrature converged"
    get "t_ref" + fine

[<Tests>]
let tests =
    testList
        "Models"
        [ testList
              "ExponentialIntegrateAndFire"
              [ testCase "fires just above its rheobase g_L (V_T - E_L - Δ_T) and not just below"
                <| fun () ->
                    let rheobase = ExponentialIntegrateAndFire.rheobase p
                    Expect.floatClose Accuracy.veryHigh (float rheobase) (0.1 * (-59.9 + 65.0 - 3.48)) "0.162 µA/cm²"
                    // Just above the saddle-node the first spike takes ~π τ / √(ε) longer; 2 s is ample at ±1%.
                    let below = spikes (Solver.rungeKutta4 0.01<ms>) (0.99 * rheobase) 2000.0<ms>
                    let above = spikes (Solver.rungeKutta4 0.01<ms>) (1.01 * rheobase) 2000.0<ms>
                    Expect.isEmpty below "no spike at 0.99 rheobase"
                    Expect.isGreaterThan above.Length 2 "spikes at 1.01 rheobase"
                testCase
                    "its interspike interval matches the quadrature of C dV / F(V) to 1e-5 ms with RK4 at dt = 0.01 ms"
                <| fun () ->
                    // Reference error ≲ 1e-9 ms (Simpson, checked by halving). RK4 with the growth-limited substeps
                    // near V_peak is accurate to ~1e-6 ms per interval at dt = 0.01 ms; 1e-5 ms leaves a margin.
                    for current in [ 0.5; 1.0; 2.0 ] do
                        let isi =
                            spikes (Solver.rungeKutta4 0.01<ms>) (current * 1.0<uA / cm2>) 200.0<ms>
                            |> intervals

                        let expected = quadratureInterval current
                        Expect.isGreaterThan isi.Length 3 "several intervals"

                        for x in isi do
                            Expect.floatClose
                                { absolute = 1e-5; relative = 0.0 }
                                x
                                expected
                                (sprintf "interval at %g µA/cm²" current)
                testCase "its printed equations parse back to the same equations"
                <| fun () ->
                    let text = ModelPrinter.print ExponentialIntegrateAndFire.equations.Equations

                    Expect.equal
                        (Equations.parseOrThrow text)
                        ExponentialIntegrateAndFire.equations.Equations
                        "round trip" ] ]
