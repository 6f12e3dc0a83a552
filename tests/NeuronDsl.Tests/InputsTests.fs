module NeuronDsl.Tests.InputsTests

open System
open Expecto
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models

[<Tests>]
let tests =
    testList
        "Input"
        [ testList
              "step"
              [ testCase "is zero before onset, the amplitude from onset, zero from offset"
                <| fun () ->
                    let input = Input.step 10.0<pA> 5.0<ms> 10.0<ms>
                    Expect.equal (input.Current 4.999<ms>) 0.0<pA> "before onset"
                    Expect.equal (input.Current 5.0<ms>) 10.0<pA> "at onset"
                    Expect.equal (input.Current 9.999<ms>) 10.0<pA> "before offset"
                    Expect.equal (input.Current 10.0<ms>) 0.0<pA> "at offset"
                    Expect.equal input.Breakpoints [| 5.0<ms>; 10.0<ms> |] "breakpoints"
                    Expect.isTrue input.PiecewiseConstant "piecewise constant"
                testCase "takes its left limit just below the offset"
                <| fun () ->
                    let input = Input.step 10.0<pA> 0.1<ms> 0.3<ms>

                    Expect.equal
                        (input.Current(LanguagePrimitives.FloatWithMeasure(Math.BitDecrement 0.3)))
                        10.0<pA>
                        "left limit"
                testCase "rejects an offset before its onset"
                <| fun () -> expectArgument "offset" (fun () -> Input.step 1.0<pA> 5.0<ms> 5.0<ms>)
                testCase "rejects a NaN amplitude"
                <| fun () -> expectArgument "amplitude" (fun () -> Input.step (nan * 1.0<pA>) 0.0<ms> 5.0<ms>) ]
          testList
              "pulses"
              [ testCase "is on during each pulse and off between them"
                <| fun () ->
                    let input = Input.pulses 2.0<pA> 1.0<ms> 5.0<ms> 10.0<ms> 30.0<ms>
                    let at t = input.Current(t * 1.0<ms>)

                    Expect.equal
                        [ at 9.9; at 10.0; at 10.9; at 11.0; at 15.5; at 25.5; at 30.5 ]
                        [ 0.0<pA>; 2.0<pA>; 2.0<pA>; 0.0<pA>; 2.0<pA>; 2.0<pA>; 0.0<pA> ]
                        "values"

                    Expect.equal input.Breakpoints.Length 8 "four pulses, two edges each"
                testCase "rejects a width longer than the period"
                <| fun () -> expectArgument "width" (fun () -> Input.pulses 1.0<pA> 6.0<ms> 5.0<ms> 0.0<ms> 10.0<ms>)
                testCase "rejects a train too long to hold instead of building it forever"
                <| fun () ->
                    expectArgument "period" (fun () -> Input.pulses 1.0<pA> 1e-297<ms> 1e-296<ms> 0.0<ms> 1000.0<ms>) ]
          testList
              "ramp"
              [ testCase "rises linearly between start and stop"
                <| fun () ->
                    let input = Input.ramp 0.0<pA> 100.0<pA> 10.0<ms> 20.0<ms>
                    Expect.floatClose Accuracy.veryHigh (float (input.Current 15.0<ms>)) 50.0 "midpoint"
                    Expect.equal (input.Current 5.0<ms>) 0.0<pA> "before"
                    Expect.equal (input.Current 25.0<ms>) 0.0<pA> "after" ]
          testList
              "sine"
              [ testCase "peaks a quarter period after a zero phase"
                <| fun () ->
                    let input = Input.sine 3.0<pA> 10.0<Hz> 0.0 1.0<pA>

                    Expect.floatClose
                        Accuracy.veryHigh
                        (float (input.Current 25.0<ms>))
                        4.0
                        "offset + amplitude at 25 ms for 10 Hz" ]
          testList
              "piecewiseLinear"
              [ testCase "interpolates between samples and holds outside them"
                <| fun () ->
                    let input =
                        Input.piecewiseLinear [ 0.0<ms>, 0.0<pA>; 10.0<ms>, 100.0<pA>; 20.0<ms>, 50.0<pA> ]

                    Expect.floatClose Accuracy.veryHigh (float (input.Current 5.0<ms>)) 50.0 "first segment"
                    Expect.floatClose Accuracy.veryHigh (float (input.Current 15.0<ms>)) 75.0 "second segment"
                    Expect.equal (input.Current 30.0<ms>) 50.0<pA> "held after"
                testCase "rejects times that do not increase"
                <| fun () ->
                    expectArgument "samples" (fun () -> Input.piecewiseLinear [ 1.0<ms>, 0.0<pA>; 1.0<ms>, 1.0<pA> ]) ]
          testList
              "discontinuities"
              [ testCase "RK4 steps onto a step's onset and offset instead of smearing them"
                <| fun () ->
                    // Onset and offset fall between grid points of dt = 0.1 ms. The exact solver is the oracle; RK4's
                    // error on a smooth exponential segment is ~ (dt/τ)⁴/120 · 20 mV ≈ 1e-10 mV, i.e. ≪ 1e-6 ms in time,
                    // whereas sampling the step on the grid would shift the onset by up to dt = 0.1 ms.
                    let p = LeakyIntegrateAndFire.defaults
                    let input = Input.step 400.0<pA> 10.05<ms> 60.03<ms>
                    let problem = Problem.create LeakyIntegrateAndFire.model p input 100.0<ms>
                    let exact = Simulation.run (Solver.exact 0.1<ms>) problem
                    let rk4 = Simulation.run (Solver.rungeKutta4 0.1<ms>) problem
                    Expect.isGreaterThan exact.Spikes.Length 2 "fires during the step"
                    Expect.equal rk4.Spikes.Length exact.Spikes.Length "same count"

                    Array.iter2
                        (fun (a: float<ms>) b -> Expect.isLessThan (abs (float (a - b))) 1e-6 "spike time")
                        rk4.Spikes
                        exact.Spikes

                testCase "every solver steps onto each edge of a pulse train"
                <| fun () ->
                    // Edges at 2.03 + 6.7k ms and 2.03 + 6.7k + 2.45 ms fall off the 0.1 ms grid. Against the exact
                    // solver, the error left is each method's own on smooth segments (measured: RK4 2e-11 ms, Heun 1e-5 ms,
                    // Dormand–Prince at 1e-9 3e-10 ms; bounds 50× above). Smearing an edge over a step costs up to 0.1 ms.
                    let p = LeakyIntegrateAndFire.defaults
                    let input = Input.pulses 1500.0<pA> 2.45<ms> 6.7<ms> 2.03<ms> 150.0<ms>
                    let problem = Problem.create LeakyIntegrateAndFire.model p input 150.0<ms>
                    let exact = Simulation.run (Solver.exact 0.1<ms>) problem
                    Expect.isGreaterThan exact.Spikes.Length 10 "fires on the pulses"

                    for solver, tolerance in
                        [ Solver.rungeKutta4 0.1<ms>, 1e-9
                          Solver.heun 0.1<ms>, 5e-4
                          DormandPrince.create
                              { DormandPrince.defaults with
                                  Relative = 1e-9
                                  Absolute = 1e-9 },
                          1e-5 ] do
                        let other = Simulation.run solver problem
                        Expect.equal other.Spikes.Length exact.Spikes.Length (sprintf "%s: same count" solver.Name)

                        Array.iter2
                            (fun (a: float<ms>) b ->
                                Expect.isLessThan
                                    (abs (float (a - b)))
                                    tolerance
                                    (sprintf "%s: spike time" solver.Name))
                            other.Spikes
                            exact.Spikes ] ]
