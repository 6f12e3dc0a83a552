module NeuronDsl.Tests.SimulationTests

open System
open System.Threading
open System.Threading.Tasks
open Expecto
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models
open NeuronDsl.Tests

let private hhProblem duration =
    Problem.create HodgkinHuxley.model HodgkinHuxley.defaults (Input.step 10.0<uA / cm2> 5.0<ms> 400.0<ms>) duration

let private bits (values: float[]) =
    values |> Array.map BitConverter.DoubleToInt64Bits

/// Hodgkin–Huxley at its defaults under 10 µA/cm² from rest.
let private hhAt10 (duration: float<ms>) =
    Problem.create HodgkinHuxley.model HodgkinHuxley.defaults (Input.constant 10.0<uA / cm2>) duration

[<Tests>]
let tests =
    testList
        "Simulation"
        [ testList
              "run"
              [ testCase "gives bit-identical results for the same inputs, serially and on many threads"
                <| fun () ->
                    let solver = DormandPrince.create DormandPrince.defaults

                    let once () =
                        Simulation.run solver (hhProblem 100.0<ms>)

                    let first = once ()

                    let parallelRuns =
                        Array.init 8 (fun _ -> Task.Run(fun () -> once ()))
                        |> Array.map (fun t -> t.Result)

                    for other in Array.append [| once () |] parallelRuns do
                        Expect.equal
                            (bits (Array.map float other.Spikes))
                            (bits (Array.map float first.Spikes))
                            "spikes"

                        for k in 0 .. first.Trace.Values.Length - 1 do
                            Expect.equal (bits other.Trace.Values[k]) (bits first.Trace.Values[k]) "trace"
                testCase "samples every interval from 0 to the duration"
                <| fun () ->
                    let solution =
                        Simulation.run
                            (Solver.rungeKutta4 0.01<ms>)
                            (hhProblem 10.0<ms>
                             |> Problem.withRecording
                                 { Variables = [ "V"; "n" ]
                                   Interval = Every 0.25<ms> })

                    Expect.equal solution.Trace.Times.Length 41 "0, 0.25, …, 10 ms"

                    Expect.equal
                        (solution.Trace.Variables |> List.map (fun v -> v.Name))
                        [ "V"; "n" ]
                        "chosen variables"

                    solution.Trace.Times
                    |> Array.iteri (fun j t ->
                        Expect.floatClose Accuracy.veryHigh (float t) (0.25 * float j) "sample time")
                testCase "samples between grid points agree with a finer run"
                <| fun () ->
                    // Samples at 0.1 ms from steps of 0.03 ms are Hermite-interpolated (error O(dt⁴)); a run at
                    // 0.001 ms is the reference. Subthreshold, so errors stay at the 1e-6 mV level.
                    let problem =
                        Problem.create
                            HodgkinHuxley.model
                            HodgkinHuxley.defaults
                            (Input.step 1.0<uA / cm2> 1.0<ms> 20.0<ms>)
                            20.0<ms>

                    let coarse = Simulation.run (Solver.rungeKutta4 0.03<ms>) problem
                    let fine = Simulation.run (Solver.rungeKutta4 0.001<ms>) problem
                    Array.iter2 (fun a b -> Expect.isLessThan (abs (a - b)) 1e-5 "V") coarse.Trace["V"] fine.Trace["V"]
                testCase "samples through spikes of a model without reset agree with a finer run"
                <| fun () ->
                    // Hodgkin–Huxley keeps stepping after a spike, so the samples that follow the crossing inside the same step
                    // come from that step's dense output. Dormand–Prince takes steps of ~0.01–0.1 ms; sampling every
                    // 0.005 ms puts samples after every crossing. At tolerance 1e-10 the dense output is within ~1e-5 mV
                    // of RK4 at 0.001 ms (whose own error is ~1e-7 mV); a sample taken from the wrong place in the step
                    // would be off by the slope (up to 500 mV/ms) times a step, i.e. by millivolts. 0.01 mV separates them.
                    let problem =
                        Problem.create
                            HodgkinHuxley.model
                            HodgkinHuxley.defaults
                            (Input.step 10.0<uA / cm2> 1.0<ms> 30.0<ms>)
                            30.0<ms>
                        |> Problem.withRecording
                            { Variables = [ "V" ]
                              Interval = Every 0.005<ms> }

                    let tight =
                        { DormandPrince.defaults with
                            Relative = 1e-10
                            Absolute = 1e-10 }

                    let coarse = Simulation.run (DormandPrince.create tight) problem
                    let fine = Simulation.run (Solver.rungeKutta4 0.001<ms>) problem
                    Expect.equal coarse.Spikes.Length 2 "two spikes in 29 ms"
                    Expect.equal coarse.Trace.Times fine.Trace.Times "same sample times"

                    Array.iteri2
                        (fun k a b ->
                            Expect.isLessThan (abs (a - b)) 0.01 (sprintf "V at %g ms" (float coarse.Trace.Times[k])))
                        coarse.Trace["V"]
                        fine.Trace["V"]
                testCase "grid timing reports spikes at the end of the crossing step, for comparisons"
                <| fun () ->
                    let p = LeakyIntegrateAndFire.defaults

                    let problem =
                        Problem.create LeakyIntegrateAndFire.model p (Input.constant 300.0<pA>) 100.0<ms>

                    let located = Simulation.run (Solver.exact 0.1<ms>) problem

                    let grid =
                        Simulation.run
                            { Solver.exact 0.1<ms> with
                                SpikeTiming = OnGrid }
                            problem

                    Expect.equal grid.Spikes.Length located.Spikes.Length "same count"
                    // From the same start, a grid spike can only come later, by less than one step (plus rounding).
                    Expect.isTrue
                        (grid.Spikes[0] >= located.Spikes[0]
                         && grid.Spikes[0] - located.Spikes[0] <= 0.1<ms> + 1e-9<ms>)
                        "first spike"
                    // After each spike both restart at their own spike time, so each interval is longer by less than a step.
                    Array.iter2
                        (fun (g: float<ms>) (l: float<ms>) ->
                            Expect.isTrue
                                (g >= l && g - l <= 0.1<ms> + 1e-9<ms>)
                                (sprintf "interval %g vs %g ms" (float g) (float l)))
                        (SpikeTrain.intervals grid.Spikes)
                        (SpikeTrain.intervals located.Spikes) ]
          testList
              "stream"
              [ testCase "sends the same samples and spikes as run"
                <| fun () ->
                    let solver = Solver.rungeKutta4 0.01<ms>
                    let problem = hhProblem 50.0<ms>
                    let solution = Simulation.run solver problem
                    let times = ResizeArray()
                    let spikes = ResizeArray()

                    let observer =
                        { SimulationObserver.ignore with
                            OnSample = fun t sample -> times.Add(t, Array.copy sample)
                            OnSpike = spikes.Add }

                    let status, steps = Simulation.stream observer CancellationToken.None solver problem
                    Expect.equal status Completed "completed"
                    Expect.equal steps solution.Steps "steps"
                    Expect.equal (spikes.ToArray()) solution.Spikes "spikes"
                    Expect.equal (times |> Seq.map fst |> Array.ofSeq) solution.Trace.Times "times"
                    Expect.equal (times |> Seq.map (fun (_, s) -> s[0]) |> Array.ofSeq) solution.Trace["V"] "V"
                testCase "stops with OperationCanceledException when cancelled"
                <| fun () ->
                    use cancel = new CancellationTokenSource()

                    let observer =
                        { SimulationObserver.ignore with
                            OnProgress =
                                fun t ->
                                    if t > 10.0<ms> then
                                        cancel.Cancel() }

                    Expect.throwsT<OperationCanceledException>
                        (fun () ->
                            Simulation.stream
                                observer
                                cancel.Token
                                (Solver.rungeKutta4 0.01<ms>)
                                (hhProblem 100000.0<ms>)
                            |> ignore)
                        "cancelled" ]
          testList
              "divergence"
              [ testCase "ends with Diverged naming the time and the variable when the state blows up"
                <| fun () ->
                    // Without a spike, τ dv/dt = v² + 1 from v = 0 reaches infinity at t = τ·π/2 ≈ 15.71 ms.
                    let noSpike =
                        { ClosureQuadraticIntegrateAndFire.model with
                            SpikeFunction = (fun _ _ -> -1.0)
                            Reset = None }

                    let problem =
                        Problem.create noSpike ClosureQuadraticIntegrateAndFire.defaults (Input.constant 1.0) 100.0<ms>
                        |> Problem.withInitialState 0.0

                    let solution = Simulation.run (Solver.rungeKutta4 0.01<ms>) problem

                    match solution.Status with
                    | Diverged(time, variable, value, last) ->
                        Expect.equal variable "v" "variable"
                        Expect.isFalse (Double.IsFinite value) "value"
                        Expect.isTrue (time > 15.0<ms> && time < 16.5<ms>) (sprintf "time %g ms near τπ/2" (float time))
                        Expect.all last (fun (_, x) -> Double.IsFinite x) "last finite state"
                    | other -> failtestf "expected Diverged, got %A" other

                    Expect.all solution.Trace["v"] Double.IsFinite "no NaN handed back in the trace"
                testCase "ends with Diverged naming the input current when it becomes NaN"
                <| fun () ->
                    let input =
                        Input.ofFunction "NaN after 5 ms" (fun t -> if t < 5.0<ms> then 100.0<pA> else nan * 1.0<pA>)

                    let problem =
                        Problem.create LeakyIntegrateAndFire.model LeakyIntegrateAndFire.defaults input 20.0<ms>

                    match (Simulation.run (Solver.rungeKutta4 0.1<ms>) problem).Status with
                    | Diverged(time, variable, _, _) ->
                        Expect.equal variable "input current" "variable"
                        Expect.isTrue (time >= 5.0<ms> && time < 5.2<ms>) "time"
                    | other -> failtestf "expected Diverged, got %A" other
                testCase "ends with Diverged naming the spike function when it is NaN"
                <| fun () ->
                    let model =
                        { LeakyIntegrateAndFire.model with
                            SpikeFunction = fun p s -> if s[0] > -60.0 then nan else s[0] - p["V_th"] }

                    let problem =
                        Problem.create model LeakyIntegrateAndFire.defaults (Input.constant 300.0<pA>) 100.0<ms>

                    match (Simulation.run (Solver.rungeKutta4 0.1<ms>) problem).Status with
                    | Diverged(time, variable, value, _) ->
                        Expect.equal variable "spike function" "variable"
                        Expect.isTrue (Double.IsNaN value) "value"
                        Expect.isTrue (time > 0.0<ms> && time < 100.0<ms>) "time"
                    | other -> failtestf "expected Diverged, got %A" other
                testCase "ends with Diverged naming the variable when the reset yields NaN"
                <| fun () ->
                    let model =
                        { LeakyIntegrateAndFire.model with
                            Reset = Some(fun _ _ -> [| nan |]) }

                    let problem =
                        Problem.create model LeakyIntegrateAndFire.defaults (Input.constant 300.0<pA>) 100.0<ms>

                    let solution = Simulation.run (Solver.exact 0.1<ms>) problem

                    match solution.Status with
                    | Diverged(time, variable, value, last) ->
                        Expect.equal variable "V" "variable"
                        Expect.isTrue (Double.IsNaN value) "value"
                        Expect.equal time solution.Spikes[0] "at the spike"
                        Expect.all last (fun (_, x) -> Double.IsFinite x) "last finite state"
                    | other -> failtestf "expected Diverged, got %A" other
                testCase "ends with Diverged naming the rate when Dormand-Prince is fed a NaN derivative"
                <| fun () ->
                    let model =
                        { ClosureQuadraticIntegrateAndFire.model with
                            Derivative = fun _ _ _ y dydt -> dydt[0] <- if y[0] > -5.0 then nan else 1.0 }

                    let problem =
                        Problem.create model ClosureQuadraticIntegrateAndFire.defaults (Input.constant 0.0) 100.0<ms>

                    match (Simulation.run (DormandPrince.create DormandPrince.defaults) problem).Status with
                    | Diverged(time, variable, value, _) ->
                        Expect.equal variable "dv/dt" "variable"
                        Expect.isTrue (Double.IsNaN value) "value"
                        Expect.floatClose Accuracy.medium (float time) 5.0 "v passes -5 at t = 5 ms"
                    | other -> failtestf "expected Diverged, got %A" other ]
          testList
              "declared bounds"
              [ testCase "a fixed-step run that pushes a gate out of [0, 1] stops with OutOfBounds, naming it"
                <| fun () ->
                    // Euler at dt = 0.1 ms is unstable for HH's fast sodium activation (τ_m ≈ 0.1 ms in a spike):
                    // m overshoots 1. Exponential Euler is exact on each gate's linear part and stays inside.
                    let problem = hhAt10 100.0<ms>

                    match (Simulation.run (Solver.euler 0.1<ms>) problem).Status with
                    | OutOfBounds(time, variable, value, lo, hi, last) ->
                        Expect.equal variable "m" "the gate"
                        Expect.equal (lo, hi) (0.0, 1.0) "its declared bounds"
                        Expect.isGreaterThan value 1.01 "beyond the 1 % margin"
                        Expect.isTrue (time > 0.0<ms> && time < 100.0<ms>) "time"
                        Expect.all last (fun (_, x) -> Double.IsFinite x) "the state before the step"
                    | other -> failtestf "expected OutOfBounds, got %A" other

                    let stable = Simulation.run (Solver.exponentialEuler 0.1<ms>) problem

                    Expect.equal stable.Status Completed "exponential Euler keeps the gates in [0, 1]"
                testCase "no spike is counted from the step that left the bounds"
                <| fun () ->
                    let solution = Simulation.run (Solver.rungeKutta4 0.3<ms>) (hhAt10 100.0<ms>)

                    match solution.Status with
                    | OutOfBounds(time, _, _, _, _, _) ->
                        Expect.all solution.Spikes (fun t -> t < time) "every spike before the unstable step"
                    | other -> failtestf "expected OutOfBounds, got %A" other
                testCase "RK4 at dt = 0.01 ms keeps Hodgkin-Huxley inside its bounds for 1 s at 10 µA/cm²"
                <| fun () ->
                    let problem =
                        hhAt10 1000.0<ms>
                        |> Problem.withRecording { Variables = []; Interval = NoTrace }

                    Expect.equal (Simulation.run (Solver.rungeKutta4 0.01<ms>) problem).Status Completed "completed" ]
          testList
              "threshold at the start"
              [ testCase "a state starting above threshold fires at t = 0"
                <| fun () ->
                    let problem =
                        Problem.create
                            LeakyIntegrateAndFire.model
                            LeakyIntegrateAndFire.defaults
                            (Input.constant 0.0<pA>)
                            50.0<ms>
                        |> Problem.withInitialState [| -40.0 |]

                    let solution = Simulation.run (Solver.exact 0.1<ms>) problem
                    Expect.equal solution.Spikes [| 0.0<ms> |] "one spike, at t = 0"
                    Expect.equal solution.Status Completed "completed"
                    Expect.isLessThan (Array.last solution.Trace["V"]) -50.0 "reset below threshold"
                testCase "a resting potential above threshold fires repeatedly from t = 0"
                <| fun () ->
                    let parameters = LeakyIntegrateAndFire.defaults |> Parameters.set "E_L" -45.0

                    let problem =
                        Problem.create LeakyIntegrateAndFire.model parameters (Input.constant 0.0<pA>) 100.0<ms>

                    let solution = Simulation.run (Solver.rungeKutta4 0.01<ms>) problem
                    Expect.equal solution.Spikes[0] 0.0<ms> "first spike at t = 0"
                    Expect.isGreaterThan solution.Spikes.Length 3 "keeps firing" ]
          testList
              "recording"
              [ testCase "rejects an interval too small to resolve instead of recording an empty trace"
                <| fun () ->
                    let problem =
                        Problem.create
                            LeakyIntegrateAndFire.model
                            LeakyIntegrateAndFire.defaults
                            (Input.constant 100.0<pA>)
                            1000.0<ms>
                        |> Problem.withRecording
                            { Recording.defaults with
                                Interval = Every 1e-320<ms> }

                    expectArgument "Recording.Interval" (fun () -> Simulation.run (Solver.exact 0.1<ms>) problem) ]
          testList
              "time grid"
              [ testCase "50 ms at dt = 0.01 ms takes 5000 steps and ends exactly at 50 ms"
                <| fun () ->
                    let problem =
                        Problem.create
                            LeakyIntegrateAndFire.model
                            LeakyIntegrateAndFire.defaults
                            (Input.constant 100.0<pA>)
                            50.0<ms>
                        |> Problem.withRecording
                            { Recording.defaults with
                                Interval = EveryStep }

                    let solution = Simulation.run (Solver.rungeKutta4 0.01<ms>) problem
                    let times = solution.Trace.Times
                    Expect.equal solution.Steps 5000L "steps"
                    Expect.equal times.Length 5001 "one sample per step and t = 0"
                    Expect.equal (Array.last times) 50.0<ms> "last sample at the duration"
                    Expect.isTrue (Array.pairwise times |> Array.forall (fun (a, b) -> b > a)) "strictly increasing"
                    // Step k at k·dt, not the sum of k steps.
                    Expect.equal times[4321] (4321.0 * 0.01<ms>) "sample 4321" ]
          testList
              "model exceptions"
              [ testCase "an exception in the derivative is wrapped with the time and state, the original inside"
                <| fun () ->
                    let model =
                        { ClosureQuadraticIntegrateAndFire.model with
                            Derivative =
                                fun _ _ _ y dydt ->
                                    if y[0] > 0.0 then
                                        raise (InvalidOperationException "boom")

                                    dydt[0] <- 1.0 }

                    let problem =
                        Problem.create model ClosureQuadraticIntegrateAndFire.defaults (Input.constant 0.0) 100.0<ms>

                    try
                        Simulation.run (Solver.rungeKutta4 0.01<ms>) problem |> ignore
                        failtest "expected a ModelException"
                    with :? ModelException as e ->
                        Expect.isTrue (e.InnerException :? InvalidOperationException) "inner exception kept"
                        Expect.floatClose Accuracy.low (float e.Time) 10.0 "v passes 0 at t = 10 ms"
                        Expect.equal (e.State |> List.map fst) [ "v" ] "state names the variables"
                testCase "an exception thrown by the observer passes through unwrapped"
                <| fun () ->
                    let observer =
                        { SimulationObserver.ignore with
                            OnSpike = fun _ -> raise (System.IO.IOException "disk full") }

                    let problem =
                        Problem.create
                            LeakyIntegrateAndFire.model
                            LeakyIntegrateAndFire.defaults
                            (Input.constant 300.0<pA>)
                            100.0<ms>

                    Expect.throwsT<System.IO.IOException>
                        (fun () ->
                            Simulation.stream observer CancellationToken.None (Solver.exact 0.1<ms>) problem
                            |> ignore)
                        "observer's exception" ] ]
