module NeuronDsl.Tests.HodgkinHuxleyTests

open Expecto
open FsCheck.FSharp
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models
open NeuronDsl.Tests.Generators

let private hh = HodgkinHuxley.model
let private p = HodgkinHuxley.defaults

/// A rate function of the model (a definition such as "alpha_m") at a membrane potential, by the interpreter.
let private rateAt (name: string) (v: float<mV>) : float =
    let equations = hh.Equations.Value
    let definitions = Map.ofArray equations.Definitions

    let rec lookup n =
        if n = "V" then
            float v
        elif definitions.ContainsKey n then
            Interpreter.evaluate lookup definitions[n]
        else
            p[n]

    lookup name

/// A 500 ms step of the given amplitude from t = 0, simulated with RK4 at dt = 0.01 ms.
let private stepResponse (amplitude: float<uA / cm2>) =
    Problem.create hh p (Input.step amplitude 0.0<ms> 500.0<ms>) 500.0<ms>
    |> Problem.withRecording { Variables = []; Interval = NoTrace }
    |> Simulation.run (Solver.rungeKutta4 0.01<ms>)

[<Tests>]
let tests =
    testList
        "Models"
        [ testList
              "HodgkinHuxley"
              [ testCase "rests at -65.00 mV"
                <| fun () ->
                    let rest = HodgkinHuxley.restingState p

                    Expect.floatClose
                        { absolute = 0.005; relative = 0.0 }
                        rest[0]
                        -65.0
                        "resting potential to two decimals"
                testCase "the resting state is a fixed point"
                <| fun () ->
                    let rest = HodgkinHuxley.restingState p
                    let rates = Array.zeroCreate 4
                    hh.Derivative p 0.0<uA / cm2> 0.0<ms> rest rates
                    // Newton's method stops when its step is below 1e-14 relative: |dV/dt| ≲ g_total·1e-12 mV / C.
                    Expect.isLessThan (abs rates[0]) 1e-10 "dV/dt"
                    Expect.isLessThan (abs rates[1] + abs rates[2] + abs rates[3]) 1e-14 "gating at steady state"

                    let solution =
                        Simulation.run (Solver.rungeKutta4 0.01<ms>) (Problem.create hh p Input.zero 100.0<ms>)

                    Expect.all solution.Trace["V"] (fun v -> abs (v - rest[0]) < 1e-9) "stays at rest for 100 ms"
                testCase "the rate functions take their limits at their 0/0 points"
                <| fun () ->
                    Expect.floatClose Accuracy.veryHigh (rateAt "alpha_m" -40.0<mV>) 1.0 "alpha_m(-40 mV) = 1/ms"

                    Expect.floatClose Accuracy.veryHigh (rateAt "alpha_n" -55.0<mV>) 0.1 "alpha_n(-55 mV) = 0.1/ms"

                    let near = rateAt "alpha_m" (-40.0<mV> + 1e-9<mV>)
                    Expect.floatClose Accuracy.high (float near) 1.0 "continuous next to it"
                testCase "does not fire at 2.0 µA/cm² and fires at 2.5 µA/cm²"
                <| fun () ->
                    Expect.isEmpty (stepResponse 2.0<uA / cm2>).Spikes "no spike at 2.0"
                    Expect.isNonEmpty (stepResponse 2.5<uA / cm2>).Spikes "a spike at 2.5"
                testCase "fires repetitively at 6.5 µA/cm² but not at 6.0 µA/cm²"
                <| fun () ->
                    let late (s: Solution<_, _, _>) =
                        s.Spikes |> Array.filter (fun t -> t > 300.0<ms>)

                    Expect.isEmpty (late (stepResponse 6.0<uA / cm2>)) "no spike after 300 ms at 6.0"
                    Expect.isGreaterThan (late (stepResponse 6.5<uA / cm2>)).Length 5 "sustained firing at 6.5"
                testCase "fires at about 68 Hz at 10 µA/cm²"
                <| fun () ->
                    let solution = stepResponse 10.0<uA / cm2>
                    Expect.equal solution.Spikes.Length 35 "35 spikes in 500 ms"
                    let rate = SpikeTrain.steadyRate 10 solution.Spikes

                    Expect.floatClose
                        { absolute = 0.5; relative = 0.0 }
                        (float rate)
                        68.0
                        "68 Hz from the last ten intervals"
                testCase "RK4 at 0.01 ms and Dormand–Prince at 1e-10 agree on spike times to 1e-4 ms"
                <| fun () ->
                    let problem =
                        Problem.create hh p (Input.step 10.0<uA / cm2> 0.0<ms> 500.0<ms>) 200.0<ms>
                        |> Problem.withRecording { Variables = []; Interval = NoTrace }

                    let rk4 = Simulation.run (Solver.rungeKutta4 0.01<ms>) problem

                    let dopri =
                        Simulation.run
                            (DormandPrince.create
                                { DormandPrince.defaults with
                                    Relative = 1e-10
                                    Absolute = 1e-10 })
                            problem

                    Expect.equal rk4.Spikes.Length dopri.Spikes.Length "same count"

                    Array.iter2
                        (fun (a: float<ms>) b -> Expect.isLessThan (abs (float (a - b))) 1e-4 "spike time")
                        rk4.Spikes
                        dopri.Spikes
                testCase "exponential Euler converges to the same spike times at first order"
                <| fun () ->
                    let problem =
                        Problem.create hh p (Input.step 10.0<uA / cm2> 0.0<ms> 500.0<ms>) 50.0<ms>
                        |> Problem.withRecording { Variables = []; Interval = NoTrace }

                    let reference = (Simulation.run (Solver.rungeKutta4 0.005<ms>) problem).Spikes

                    let errorAt dt =
                        let spikes = (Simulation.run (Solver.exponentialEuler dt) problem).Spikes

                        Array.map2 (fun (a: float<ms>) b -> abs (float (a - b))) spikes reference
                        |> Array.max

                    let order = observedOrder (errorAt 0.01<ms>) (errorAt 0.005<ms>)
                    Expect.isTrue (abs (order - 1.0) <= 0.2) (sprintf "observed order %.3f" order)
                testPropSlow "gating variables stay in [0, 1] for any input" (floatBetween -10.0 100.0)
                <| fun amplitude ->
                    let problem =
                        Problem.create hh p (Input.step (amplitude * 1.0<uA / cm2>) 5.0<ms> 80.0<ms>) 100.0<ms>

                    let solution = Simulation.run (Solver.rungeKutta4 0.01<ms>) problem

                    for name in [ "m"; "h"; "n" ] do
                        Expect.all solution.Trace[name] (fun x -> x >= 0.0 && x <= 1.0) (sprintf "%s in [0, 1]" name) ] ]
