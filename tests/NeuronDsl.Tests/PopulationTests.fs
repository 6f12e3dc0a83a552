module NeuronDsl.Tests.PopulationTests

open System
open Expecto
open FsCheck.FSharp
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models
open NeuronDsl.Tests

/// The benchmark LIF of issue 8: τ = 10 ms (R = 10 MΩ, C = 1 nF), E_L = V_reset = −65 mV, V_th = −50 mV, t_ref = 2 ms.
let private benchmarkLif =
    [ "R", 0.01
      "C", 1000.0
      "E_L", -65.0
      "V_reset", -65.0
      "V_th", -50.0
      "t_ref", 2.0 ]

let private lifParameters =
    benchmarkLif
    |> List.fold (fun p (name, value) -> Parameters.set name value p) LeakyIntegrateAndFire.defaults

let private lifPopulation (currents: float<pA>[]) =
    benchmarkLif
    |> List.fold
        (fun population (name, value) -> population |> Population.withParameter name (Values.shared value))
        (Population.create LeakyIntegrateAndFire.model currents.Length)
    |> Population.withInput (Inputs.constantPerNeuron currents)

let private spread (first: float) (last: float) (n: int) =
    Array.init n (fun i -> first + (last - first) * float i / float (max 1 (n - 1)))

let private spikesOf (solution: PopulationSolution) (neuron: int) =
    solution.Spikes
    |> Array.filter (fun s -> s.Neuron = neuron)
    |> Array.map (fun s -> float s.Time)

let private expectSameTimes (tolerance: float) (what: string) (expected: float[]) (actual: float[]) =
    Expect.equal actual.Length expected.Length (sprintf "%s: number of spikes" what)

    for k in 0 .. expected.Length - 1 do
        Expect.isLessThanOrEqual
            (abs (actual[k] - expected[k]))
            tolerance
            (sprintf "%s: spike %d at %.15g ms, expected %.15g ms" what k actual[k] expected[k])

let private single solver (model: Model<ParameterValues, float[], 'I>) parameters (current: float<'I>) duration =
    Problem.create model parameters (Input.constant current) duration
    |> Problem.withRecording { Variables = []; Interval = NoTrace }
    |> Simulation.run solver

let private bits (values: float[]) =
    values |> Array.map BitConverter.DoubleToInt64Bits

/// Every neuron of a population against Simulation.run of the same model, solver and current.
let private againstSingle
    tolerance
    solver
    model
    parameters
    (population: Population<'I>)
    (currents: float<'I>[])
    duration
    =
    let solution = population |> Population.run solver duration
    Expect.equal solution.Status PopulationStatus.Completed "completed"

    for j in 0 .. currents.Length - 1 do
        let alone = single solver model parameters currents[j] duration

        expectSameTimes
            tolerance
            (sprintf "neuron %d (%g)" j (float currents[j]))
            (Array.map float alone.Spikes)
            (spikesOf solution j)

    solution

[<Tests>]
let tests =
    testList
        "Population"
        [ testList
              "run"
              [ testCase "N identical leaky integrate-and-fire neurons each give the single-neuron spike times (exact)"
                <| fun () ->
                    let currents = Array.create 64 1800.0<pA>

                    let solution =
                        againstSingle
                            1e-12
                            (Solver.exact 0.1<ms>)
                            LeakyIntegrateAndFire.model
                            lifParameters
                            (lifPopulation currents)
                            currents
                            200.0<ms>

                    Expect.isGreaterThan solution.Spikes.Length 64 "they fire"

                // The vector kernels use VectorExp.Exp and VectorLog.NearOne, within an ulp of Math's but not always
                // equal: the population is not the single-neuron engine bit for bit, but its spike times agree to
                // 1e-12 ms.
                testCase "N identical Hodgkin–Huxley neurons each give the single-neuron spike times (RK4)"
                <| fun () ->
                    let currents = Array.create 5 10.0<uA / cm2>

                    Population.create HodgkinHuxley.model 5
                    |> Population.withInput (Inputs.constantPerNeuron currents)
                    |> fun p ->
                        againstSingle
                            1e-12
                            (Solver.rungeKutta4 0.01<ms>)
                            HodgkinHuxley.model
                            HodgkinHuxley.defaults
                            p
                            currents
                            50.0<ms>
                    |> ignore

                testCase "N different currents give the N single-neuron spike times (LIF, exact)"
                <| fun () ->
                    let currents = spread 1000.0 3000.0 101 |> Array.map (fun c -> c * 1.0<pA>)

                    // Rounding of V (~1e-14 mV per step) moves a spike by that over the slope at threshold, which
                    // vanishes at the rheobase (1.5 nA): each interval to 1e-12 ms, or 1e-13 mV over the slope near
                    // it. Absolute times add the intervals' errors up.
                    let solution =
                        lifPopulation currents |> Population.run (Solver.exact 0.1<ms>) 300.0<ms>

                    let intervals (times: float[]) =
                        Array.append times[..0] (Array.pairwise times |> Array.map (fun (a, b) -> b - a))

                    for j in 0 .. currents.Length - 1 do
                        let slope = (0.01 * float currents[j] - 15.0) / 10.0
                        let tolerance = max 1e-12 (1e-13 / abs slope)

                        let alone =
                            single
                                (Solver.exact 0.1<ms>)
                                LeakyIntegrateAndFire.model
                                lifParameters
                                currents[j]
                                300.0<ms>

                        let expected = Array.map float alone.Spikes
                        let actual = spikesOf solution j

                        expectSameTimes
                            tolerance
                            (sprintf "intervals of neuron %d" j)
                            (intervals expected)
                            (intervals actual)

                        expectSameTimes
                            (float (max 1 expected.Length) * tolerance)
                            (sprintf "neuron %d" j)
                            expected
                            actual

                testCase
                    "a one-variable model free while refractory, with a parameter per neuron and N not a multiple of 8, gives the single-neuron spike times (exact)"
                <| fun () ->
                    // Columns are padded to a multiple of 8 for the vector kernel; a padding neuron that crosses is
                    // stepped alone like any other (it read past the crossing coefficients' columns before).
                    let model: Model<ParameterValues, float[], pA> =
                        ModelTextSamples.leakyIntegrateAndFire.Replace("unless refractory", "")
                        |> Equations.parseOrThrow
                        |> Equations.compile

                    let capacitances = spread 800.0 1200.0 13
                    let current = 2000.0<pA>

                    let solution =
                        benchmarkLif
                        |> List.fold
                            (fun population (name, value) ->
                                population |> Population.withParameter name (Values.shared value))
                            (Population.create model capacitances.Length)
                        |> Population.withParameter "C" (Values.perNeuron capacitances)
                        |> Population.withInput (Inputs.constantPerNeuron (Array.create capacitances.Length current))
                        |> Population.run (Solver.exact 0.1<ms>) 300.0<ms>

                    Expect.equal solution.Status PopulationStatus.Completed "completed"

                    for j in 0 .. capacitances.Length - 1 do
                        let parameters =
                            benchmarkLif @ [ "C", capacitances[j] ]
                            |> List.fold (fun p (name, value) -> Parameters.set name value p) (Equations.defaults model)

                        let alone = single (Solver.exact 0.1<ms>) model parameters current 300.0<ms>
                        let expected = Array.map float alone.Spikes
                        // As for the benchmark LIF above: 1e-13 mV over the slope at threshold per interval.
                        let slope = (0.01 * float current - 15.0) / (0.01 * capacitances[j])
                        let tolerance = max 1e-12 (1e-13 / abs slope)
                        Expect.isGreaterThan expected.Length 10 "the neuron fires"

                        expectSameTimes
                            (float expected.Length * tolerance)
                            (sprintf "neuron %d" j)
                            expected
                            (spikesOf solution j)

                testCase "N different currents give the N single-neuron spike times (LIF, exponential Euler)"
                <| fun () ->
                    let currents = spread 1000.0 3000.0 21 |> Array.map (fun c -> c * 1.0<pA>)

                    againstSingle
                        1e-12
                        (Solver.exponentialEuler 0.1<ms>)
                        LeakyIntegrateAndFire.model
                        lifParameters
                        (lifPopulation currents)
                        currents
                        300.0<ms>
                    |> ignore

                testCase
                    "exponential Euler's φ of a diagonal of shared parameters, computed once per call, equals it per lane"
                <| fun () ->
                    // The conductances' diagonal −1/τ is the same in every lane when τ is shared, so the kernel
                    // computes its φ before the loop; given per neuron (the same values) it is computed in each lane.
                    // Both must give the same bits: spikes, and every sample of V, g_e and g_i.
                    let n = 37

                    let population (tau: float -> NeuronValues) =
                        Population.create ConductanceBasedLeakyIntegrateAndFire.model n
                        |> Population.withParameter "tau_e" (tau 5.0)
                        |> Population.withParameter "tau_i" (tau 10.0)
                        |> Population.withInitial "g_e" (Values.perNeuron (Array.init n (fun j -> 2.0 + 0.5 * float j)))
                        |> Population.withInitial "g_i" (Values.perNeuron (Array.init n (fun j -> 0.1 * float j)))
                        |> Population.withInput (Inputs.constantPerNeuron (Array.init n (fun j -> 100.0<pA> * float j)))
                        |> Population.withMonitor (StateMonitor(Array.init n id, [ "V"; "g_e"; "g_i" ], 0.5<ms>))
                        |> Population.run (Solver.exponentialEuler 0.1<ms>) 100.0<ms>

                    let shared = population Values.shared
                    let perNeuron = population (fun v -> Values.perNeuron (Array.create n v))
                    Expect.isGreaterThan shared.Spikes.Length n "the neurons fire"

                    let spikeBits (s: PopulationSolution) =
                        s.Spikes
                        |> Array.map (fun x -> x.Neuron, BitConverter.DoubleToInt64Bits(float x.Time))

                    Expect.equal (spikeBits perNeuron) (spikeBits shared) "spikes"

                    let bits (s: PopulationSolution) =
                        s.States.Head.Values
                        |> Array.map (Array.map (Array.map BitConverter.DoubleToInt64Bits))

                    Expect.equal (bits perNeuron) (bits shared) "V, g_e and g_i at every sample"

                // The single-neuron engine restarts its grid at each spike and refractory end; the population stays on
                // t_k = k·dt. Up to the first reset both take the same steps; afterwards RK4's truncation error differs.
                testCase
                    "N different currents give the N single-neuron first spikes, later ones to RK4's error (LIF, RK4)"
                <| fun () ->
                    let currents = spread 1600.0 3000.0 15 |> Array.map (fun c -> c * 1.0<pA>)
                    let solver = Solver.rungeKutta4 0.1<ms>
                    let solution = lifPopulation currents |> Population.run solver 200.0<ms>

                    for j in 0 .. currents.Length - 1 do
                        let alone =
                            single solver LeakyIntegrateAndFire.model lifParameters currents[j] 200.0<ms>

                        let expected = Array.map float alone.Spikes
                        let actual = spikesOf solution j
                        expectSameTimes 1e-8 (sprintf "neuron %d" j) expected actual
                        expectSameTimes 1e-12 (sprintf "neuron %d, first spike" j) expected[..0] actual[..0]

                testCase
                    "a model clamped in part (V held, conductances free) is as accurate in a population as alone (RK4, exponential Euler)"
                <| fun () ->
                    // Refractory neurons of the conductance-based LIF keep integrating g_e and g_i while V is held: the
                    // vector kernel zeroes V's slope in those lanes. Alone, the engine restarts its grid at each spike
                    // and refractory end; in a population the grid is shared, so after the first spike the two differ
                    // by the method's error. Oracle: Dormand–Prince at rtol 1e-11. Tolerance: the population's error
                    // may be up to twice the single neuron's own RK4 error (both are RK4 errors of one ODE on grids of
                    // the same step), with a floor of 1e-9 ms for the reference's own error.
                    let m = ConductanceBasedLeakyIntegrateAndFire.model
                    let p = ConductanceBasedLeakyIntegrateAndFire.defaults
                    let initial = [| 20.0; 40.0; 60.0; 80.0 |]

                    let alone (solver: Solver) (ge: float) =
                        Problem.create m p (Input.constant 300.0<pA>) 200.0<ms>
                        |> Problem.withInitialState [| -60.0; ge; 10.0 |]
                        |> Problem.withRecording { Variables = []; Interval = NoTrace }
                        |> Simulation.run solver
                        |> fun s -> s.Spikes |> Array.map float

                    for method in [ Solver.rungeKutta4 0.1<ms>; Solver.exponentialEuler 0.1<ms> ] do
                        let solution =
                            Population.create m initial.Length
                            |> Population.withInput (Inputs.constantPerNeuron (Array.create initial.Length 300.0<pA>))
                            |> Population.withInitial "g_e" (Values.perNeuron initial)
                            |> Population.withInitial "g_i" (Values.shared 10.0)
                            |> Population.run method 200.0<ms>

                        for j in 0 .. initial.Length - 1 do
                            let reference =
                                alone
                                    (Solver.dormandPrince
                                        { DormandPrince.defaults with
                                            Relative = 1e-11
                                            Absolute = 1e-12 })
                                    initial[j]

                            let single = alone method initial[j]
                            let actual = spikesOf solution j
                            Expect.isGreaterThan reference.Length 10 "fires repeatedly, through refractory periods"
                            let own = Array.map2 (fun a b -> abs (a - b)) single reference |> Array.max

                            expectSameTimes
                                (max 1e-9 (2.0 * own))
                                (sprintf "%s, neuron %d" method.Name j)
                                reference
                                actual

                            expectSameTimes
                                1e-12
                                (sprintf "%s, neuron %d, first spike" method.Name j)
                                single[..0]
                                actual[..0]

                testCase "N different currents give the N single-neuron spike times (HH, RK4 and exponential Euler)"
                <| fun () ->
                    let currents = [| 2.0; 6.5; 10.0; 20.0 |] |> Array.map (fun c -> c * 1.0<uA / cm2>)

                    for solver in [ Solver.rungeKutta4 0.01<ms>; Solver.exponentialEuler 0.01<ms> ] do
                        Population.create HodgkinHuxley.model currents.Length
                        |> Population.withInput (Inputs.constantPerNeuron currents)
                        |> fun p ->
                            againstSingle 1e-12 solver HodgkinHuxley.model HodgkinHuxley.defaults p currents 60.0<ms>
                        |> ignore

                testCase "records the single-neuron trace to 1e-9 mV (HH, RK4)"
                <| fun () ->
                    let solver = Solver.rungeKutta4 0.01<ms>

                    let solution =
                        Population.create HodgkinHuxley.model 3
                        |> Population.withInput (Inputs.shared (Input.constant 10.0<uA / cm2>))
                        |> Population.withMonitor (StateMonitor([| 1 |], [ "V"; "n" ], 0.01<ms>))
                        |> Population.run solver 30.0<ms>

                    let alone =
                        Problem.create
                            HodgkinHuxley.model
                            HodgkinHuxley.defaults
                            (Input.constant 10.0<uA / cm2>)
                            30.0<ms>
                        |> Problem.withRecording
                            { Variables = [ "V"; "n" ]
                              Interval = Every 0.01<ms> }
                        |> Simulation.run solver

                    let recording = solution.States.Head
                    Expect.equal recording.Times alone.Trace.Times "sample times"
                    let recorded (v: int) = recording.Values[v][0]

                    let close (a: float[]) (b: float[]) =
                        Array.forall2 (fun (x: float) y -> abs (x - y) <= 1e-9) a b

                    Expect.isTrue (close (recorded 0) alone.Trace.Values[0]) "V"
                    Expect.isTrue (close (recorded 1) alone.Trace.Values[1]) "n"

                testCase "LIF spike times match the closed form for every neuron (exact)"
                <| fun () ->
                    let currents = spread 1000.0 3000.0 1001 |> Array.map (fun c -> c * 1.0<pA>)
                    let duration = 100.0

                    let solution =
                        lifPopulation currents
                        |> Population.run (Solver.exact 0.1<ms>) (duration * 1.0<ms>)

                    let tau = 10.0

                    for j in 0 .. currents.Length - 1 do
                        let drive = 0.01 * float currents[j]

                        let expected =
                            if drive <= 15.0 then
                                [||]
                            else
                                let first = tau * log (drive / (drive - 15.0))
                                let interval = float (LeakyIntegrateAndFire.interval lifParameters currents[j])

                                Array.unfold
                                    (fun k ->
                                        let t = first + float k * interval
                                        if t <= duration then Some(t, k + 1) else None)
                                    0

                        expectSameTimes 1e-10 (sprintf "neuron %d" j) expected (spikesOf solution j)

                testCase "gives bit-identical spikes and traces for 1, 2 and 8 threads and any chunk size"
                <| fun () ->
                    let currents = spread 1000.0 3000.0 500 |> Array.map (fun c -> c * 1.0<pA>)

                    let hh =
                        Population.create HodgkinHuxley.model 40
                        |> Population.withInput (
                            Inputs.constantPerNeuron (spread 2.0 20.0 40 |> Array.map (fun c -> c * 1.0<uA / cm2>))
                        )
                        |> Population.withMonitor (StateMonitor([| 0; 7; 39 |], [ "V"; "m" ], 0.1<ms>))

                    let lif =
                        lifPopulation currents
                        |> Population.withMonitor (StateMonitor([| 3; 250; 499 |], [ "V" ], 0.5<ms>))

                    let outcome (solution: PopulationSolution) =
                        solution.Spikes
                        |> Array.map (fun s -> s.Neuron, BitConverter.DoubleToInt64Bits(float s.Time)),
                        solution.States |> List.map (fun r -> r.Values |> Array.map (Array.map bits))

                    for name, run in
                        [ "LIF exact",
                          (fun p c ->
                              lif
                              |> Population.withParallelism p
                              |> Population.withChunkSize c
                              |> Population.run (Solver.exact 0.1<ms>) 100.0<ms>)
                          "HH RK4",
                          (fun p c ->
                              hh
                              |> Population.withParallelism p
                              |> Population.withChunkSize c
                              |> Population.run (Solver.rungeKutta4 0.01<ms>) 20.0<ms>) ] do
                        let reference = outcome (run 1 4096)

                        for parallelism in [ 1; 2; 8 ] do
                            for chunk in [ 3; 64 ] do
                                Expect.equal
                                    (outcome (run parallelism chunk))
                                    reference
                                    (sprintf "%s, %d threads, chunks of %d" name parallelism chunk)

                testCase "stops at the first non-finite state, naming the neuron"
                <| fun () ->
                    let solution =
                        lifPopulation [| 1800.0<pA>; nan * 1.0<pA>; 1800.0<pA> |]
                        |> Population.run (Solver.exact 0.1<ms>) 50.0<ms>

                    match solution.Status with
                    | PopulationStatus.Diverged(neuron, time, variable, _, _) ->
                        Expect.equal neuron 1 "neuron"
                        Expect.equal variable "V" "variable"
                        Expect.floatClose Accuracy.veryHigh (float time) 0.1 "time: the end of the first step"
                    | other -> failtestf "expected Diverged, got %A" other

                testCase "puts spikes on the grid with OnGrid timing"
                <| fun () ->
                    let currents = spread 1600.0 3000.0 9 |> Array.map (fun c -> c * 1.0<pA>)

                    let solution =
                        lifPopulation currents
                        |> Population.run (Interop.onGrid (Solver.exact 0.1<ms>)) 100.0<ms>

                    Expect.isNonEmpty solution.Spikes "fires"

                    for s in solution.Spikes do
                        let k = float s.Time / 0.1

                        Expect.isLessThan
                            (abs (k - round k))
                            1e-9
                            (sprintf "spike at %.15g ms is on the grid" (float s.Time))

                testCase "sorts spikes by time, then neuron, and bins the population rate"
                <| fun () ->
                    let currents = spread 1000.0 3000.0 300 |> Array.map (fun c -> c * 1.0<pA>)

                    let solution =
                        lifPopulation currents
                        |> Population.withChunkSize 16
                        |> Population.withMonitor (RateMonitor 10.0<ms>)
                        |> Population.run (Solver.exact 0.1<ms>) 100.0<ms>

                    let keys = solution.Spikes |> Array.map (fun s -> float s.Time, s.Neuron)
                    Expect.equal keys (Array.sort keys) "sorted"
                    let rate = solution.Rates.Head
                    Expect.equal rate.Rates.Length 10 "ten bins"
                    let total = rate.Rates |> Array.sumBy (fun r -> float r * 300.0 * 10.0 / 1000.0)
                    Expect.floatClose Accuracy.high total (float solution.Spikes.Length) "the bins hold every spike"

                testCase "reports progress from 0 to 1 and ends with 1"
                <| fun () ->
                    let reports = Collections.Concurrent.ConcurrentQueue<float>()
                    let currents = spread 1000.0 3000.0 300 |> Array.map (fun c -> c * 1.0<pA>)

                    let control =
                        { PopulationRunControl.None with
                            Progress = reports.Enqueue }

                    lifPopulation currents
                    |> Population.withChunkSize 64
                    |> Population.runWith control (Solver.exact 0.1<ms>) 100.0<ms>
                    |> ignore

                    let values = reports.ToArray()
                    // 1000 steps, reports every 64 steps of each of 5 chunks, then the final one.
                    Expect.isGreaterThan values.Length 5 "reports during the run"
                    Expect.all values (fun v -> v > 0.0 && v <= 1.0) "fractions in (0, 1]"
                    Expect.equal values[values.Length - 1] 1.0 "the last report is 1"

                testCase "a cancelled run throws OperationCanceledException"
                <| fun () ->
                    use source = new Threading.CancellationTokenSource()
                    let currents = spread 1000.0 3000.0 300 |> Array.map (fun c -> c * 1.0<pA>)

                    let control =
                        { Cancellation = source.Token
                          Progress = fun _ -> source.Cancel() }

                    Expect.throwsT<OperationCanceledException>
                        (fun () ->
                            lifPopulation currents
                            |> Population.runWith control (Solver.exact 0.1<ms>) 1000.0<ms>
                            |> ignore)
                        "cancelled at the first progress report" ]
          testList
              "column kernel"
              [ let hhStates =
                    gen {
                        let! v = Gen.choose (-90000, 30000) |> Gen.map (fun x -> float x / 1000.0)

                        let! gates =
                            Gen.arrayOfLength 3 (Gen.choose (0, 1000000) |> Gen.map (fun x -> float x / 1e6))

                        let! current = Gen.choose (0, 30000) |> Gen.map (fun x -> float x / 1000.0)
                        return [| v; gates[0]; gates[1]; gates[2] |], current
                    }

                for solver in [ Solver.rungeKutta4 0.01<ms>; Solver.exponentialEuler 0.01<ms> ] do
                    testProp
                        (sprintf
                            "one %s step agrees with the per-neuron step to 1e-12 on random Hodgkin–Huxley states"
                            solver.Name)
                        (Gen.arrayOfLength 8 hhStates)
                    <| fun cases ->
                        let count = cases.Length

                        let column k =
                            Values.perNeuron (cases |> Array.map (fun (y, _) -> (y: float[])[k]))

                        let solution =
                            [ "V"; "m"; "h"; "n" ]
                            |> List.indexed
                            |> List.fold
                                (fun p (k, name) -> p |> Population.withInitial name (column k))
                                (Population.create HodgkinHuxley.model count)
                            |> Population.withInput (
                                Inputs.constantPerNeuron (cases |> Array.map (fun (_, i) -> i * 1.0<uA / cm2>))
                            )
                            |> Population.withMonitor (
                                StateMonitor(Array.init count id, [ "V"; "m"; "h"; "n" ], 0.01<ms>)
                            )
                            |> Population.run solver 0.01<ms>

                        for j in 0 .. count - 1 do
                            let y, i = cases[j]

                            let alone =
                                Problem.create
                                    HodgkinHuxley.model
                                    HodgkinHuxley.defaults
                                    (Input.constant (i * 1.0<uA / cm2>))
                                    0.01<ms>
                                |> Problem.withInitialState y
                                |> Problem.withRecording
                                    { Variables = [ "V"; "m"; "h"; "n" ]
                                      Interval = Every 0.01<ms> }
                                |> Simulation.run solver

                            for k in 0..3 do
                                let population = solution.States.Head.Values[k][j]
                                let single = alone.Trace.Values[k]

                                Expect.isLessThanOrEqual
                                    (abs (population[1] - single[1]))
                                    (1e-12 * (1.0 + abs single[1]))
                                    (sprintf "variable %d of neuron %d from %A" k j y)

                testProp
                    "one exact step equals the exact flow on random LIF states and parameters"
                    (Gen.arrayOfLength 8 (Gen.choose (-70000, -50001)))
                <| fun potentials ->
                    let count = potentials.Length
                    let v0 = potentials |> Array.map (fun v -> float v / 1000.0)
                    let capacitance = Array.init count (fun j -> 100.0 + 50.0 * float j)

                    let solution =
                        lifPopulation (Array.create count 1600.0<pA>)
                        |> Population.withParameter "C" (Values.perNeuron capacitance)
                        |> Population.withInitial "V" (Values.perNeuron v0)
                        |> Population.withMonitor (StateMonitor(Array.init count id, [ "V" ], 0.1<ms>))
                        |> Population.run (Solver.exact 0.1<ms>) 0.1<ms>

                    for j in 0 .. count - 1 do
                        let p = lifParameters |> Parameters.set "C" capacitance[j]
                        let y1 = [| 0.0 |]
                        let y0 = [| v0[j] |]
                        LeakyIntegrateAndFire.model.Propagate.Value p 1600.0<pA> 0.1<ms> y0 y1
                        let recorded = solution.States.Head.Values[0]
                        let actual = recorded[j][1]

                        if y1[0] < -50.0 then
                            Expect.floatClose Accuracy.veryHigh actual y1[0] (sprintf "neuron %d from %g mV" j v0[j]) ]
          testList
              "shared input"
              [ testCase "a shared step on the grid gives the single-neuron spike times (HH, RK4)"
                <| fun () ->
                    let input = Input.step 10.0<uA / cm2> 5.0<ms> 40.0<ms>
                    let solver = Solver.rungeKutta4 0.01<ms>

                    let solution =
                        Population.create HodgkinHuxley.model 3
                        |> Population.withInput (Inputs.shared input)
                        |> Population.run solver 60.0<ms>

                    let alone =
                        Problem.create HodgkinHuxley.model HodgkinHuxley.defaults input 60.0<ms>
                        |> Problem.withRecording { Variables = []; Interval = NoTrace }
                        |> Simulation.run solver

                    Expect.isNonEmpty alone.Spikes "fires"

                    for j in 0..2 do
                        expectSameTimes
                            1e-12
                            (sprintf "neuron %d" j)
                            (Array.map float alone.Spikes)
                            (spikesOf solution j)

                testCase "a shared sine reads the input at every stage as the single-neuron engine does (HH, RK4)"
                <| fun () ->
                    let input = Input.sine 5.0<uA / cm2> 20.0<Hz> 0.0 8.0<uA / cm2>
                    let solver = Solver.rungeKutta4 0.01<ms>

                    let solution =
                        Population.create HodgkinHuxley.model 2
                        |> Population.withInput (Inputs.shared input)
                        |> Population.run solver 80.0<ms>

                    let alone =
                        Problem.create HodgkinHuxley.model HodgkinHuxley.defaults input 80.0<ms>
                        |> Problem.withRecording { Variables = []; Interval = NoTrace }
                        |> Simulation.run solver

                    Expect.isNonEmpty alone.Spikes "fires"

                    for j in 0..1 do
                        expectSameTimes
                            1e-12
                            (sprintf "neuron %d" j)
                            (Array.map float alone.Spikes)
                            (spikesOf solution j)

                testCase "rejects a shared input that jumps off the step grid"
                <| fun () ->
                    expectArgument "input" (fun () ->
                        Population.create HodgkinHuxley.model 2
                        |> Population.withInput (Inputs.shared (Input.step 10.0<uA / cm2> 5.005<ms> 40.0<ms>))
                        |> Population.run (Solver.rungeKutta4 0.01<ms>) 10.0<ms>)

                testCase "rejects an unknown parameter and a column of the wrong length"
                <| fun () ->
                    let population = Population.create LeakyIntegrateAndFire.model 3
                    expectArgument "name" (fun () -> population |> Population.withParameter "tau" (Values.shared 1.0))

                    expectArgument "C" (fun () ->
                        population |> Population.withParameter "C" (Values.perNeuron [| 1.0; 2.0 |])) ]
          testList
              "allocation"
              [ testCase "allocates nothing per step (HH RK4, 64 neurons, no spikes)"
                <| fun () ->
                    let run (duration: float<ms>) =
                        let population =
                            Population.create HodgkinHuxley.model 64
                            |> Population.withInput (Inputs.constantPerNeuron (Array.create 64 1.0<uA / cm2>))
                            |> Population.withParallelism 1
                            |> Population.withChunkSize 16

                        // One worker: Parallel.For runs it on this thread, so this thread's count is the run's.
                        let before = GC.GetAllocatedBytesForCurrentThread()
                        let solution = population |> Population.run (Solver.rungeKutta4 0.01<ms>) duration
                        Expect.isEmpty solution.Spikes "subthreshold"
                        GC.GetAllocatedBytesForCurrentThread() - before, solution.Steps

                    run 2.0<ms> |> ignore
                    let short, shortSteps = run 10.0<ms>
                    let long, longSteps = run 100.0<ms>
                    let perStep = float (long - short) / float (longSteps - shortSteps)
                    Expect.isLessThan perStep 1.0 (sprintf "bytes per step (%d vs %d bytes)" long short) ] ]
