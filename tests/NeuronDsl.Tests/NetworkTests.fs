module NeuronDsl.Tests.NetworkTests

open System
open Expecto
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models

// Tolerances. Exact integration composes the propagator of one step; each step rounds at the last bit of the state,
// so after n ≤ 10⁴ steps a state of magnitude M is within about n·eps·M of the closed form: 1e4·eps·100 mV for
// voltages near −70 mV (as in the synaptic models' tests). Arrival and spike times on the grid are k·dt, computed as
// float k * dt: equal to the expected grid time to an ulp of the time (1e-12 ms is far above it).
let private eps = 2.220446049250313e-16
let private exactVoltage = 1e4 * eps * 100.0

/// ∫₀ˢ e^(−(s−u)/τm) e^(−u/τs) du: the leaky membrane's response to a current decaying with τs, per unit of current/C.
let private twoExponential (tauM: float) (tauS: float) (s: float) =
    let k = 1.0 / tauS - 1.0 / tauM
    let x = -k * s

    let exprel =
        if abs x < 1e-5 then
            1.0 + x / 2.0 + x * x / 6.0
        else
            Double.ExpM1 x / x

    s * exp (-s / tauM) * exprel

let private synapses connector (weight: float<'W>) (delay: float<ms>) : SynapseSpec<'W> =
    { Connector = connector
      Weights = SynapseValues.Constant weight
      Delays = SynapseValues.Constant delay }

/// LIF neurons (E_L = V_reset = −70 mV, V_th = −55 mV, t_ref = 2 ms) that a kick of 30 mV makes fire at once.
let private kicked (n: int) =
    Population.create LeakyIntegrateAndFire.model n
    |> Population.withParameter "E_L" (Values.shared -70.0)
    |> Population.withParameter "V_reset" (Values.shared -70.0)
    |> Population.withParameter "V_th" (Values.shared -55.0)
    |> Population.withParameter "t_ref" (Values.shared 2.0)

/// Integrate-and-fire neurons with no input and an unreachable threshold, sampled every 0.1 ms: V counts the arrivals
/// (from −65 mV, 1 mV each at a weight of 1 mV).
let private counters (n: int) =
    Population.create IntegrateAndFire.model n
    |> Population.withParameter "V_th" (Values.shared 1e9)
    |> Population.withMonitor (StateMonitor(Array.init n id, [ "V" ], 0.1<ms>))

/// The message of the ArgumentException f throws ("" if it does not throw).
let private messageOf (f: unit -> 'a) =
    try
        f () |> ignore
        ""
    with :? ArgumentException as e ->
        e.Message

let private timesOf (solution: NetworkSolution) (group: string) =
    solution.Spikes
    |> Array.filter (fun s -> s.Group = group)
    |> Array.map (fun s -> s.Neuron, float s.Time)

/// One source spike at `spikeAt` through a synapse of 1.5 ms onto an exponential-current LIF: V and I_syn at every
/// 0.1 ms sample against the two-exponential closed form of a weight arriving at `arrival`.
let private pspMatchesClosedForm (delivery: SpikeDelivery) (spikeAt: float<ms>) (arrival: float) =
    let w = 300.0
    let p = LeakyIntegrateAndFireExponentialSynapse.defaults
    let tauM, tauS, c, eL = p["tau_m"], p["tau_syn"], p["C_m"], p["E_L"]

    let target =
        Population.create LeakyIntegrateAndFireExponentialSynapse.model 1
        |> Population.withMonitor (StateMonitor([| 0 |], [ "V"; "I_syn" ], 0.1<ms>))

    let solution =
        Network.create 1u
        |> Network.withDelivery delivery
        |> Network.withSpikeTrains "input" 1 [ 0, spikeAt ]
        |> Network.withPopulation "cell" target
        |> Network.withProjection "input" "cell" "I_syn" (synapses Connector.OneToOne w 1.5<ms>)
        |> Network.run (Solver.exact 0.1<ms>) 40.0<ms>

    let recording = solution.Populations["cell"].States.Head
    Expect.equal solution.Deliveries 1L "one synaptic event"

    let vs, iSyns = recording.Values[0][0], recording.Values[1][0]

    for s in 0 .. recording.Times.Length - 1 do
        let t = float recording.Times[s]
        let since = t - arrival

        // A sample at a step start is the state before that step's arrivals (the left limit).
        let v, iSyn =
            if since < 1e-9 then
                eL, 0.0
            else
                eL + w / c * twoExponential tauM tauS (max 0.0 since), w * exp (-(max 0.0 since) / tauS)

        Expect.isLessThanOrEqual
            (abs (vs[s] - v))
            exactVoltage
            (sprintf "V at %g ms: %.15g, closed form %.15g" t vs[s] v)

        Expect.isLessThanOrEqual (abs (iSyns[s] - iSyn)) (1e4 * eps * w) (sprintf "I_syn at %g ms" t)

/// A spike source at 0.35 ms → a (delay 1.0 ms) → b (2.0 ms) → c (0.5 ms), each kicked 30 mV (15 mV above
/// threshold) by the one before: each neuron fires once, at the expected time to 1e-12 ms.
let private chainFiresAt (delivery: SpikeDelivery) (expected: (string * float) list) =
    let kick (delay: float<ms>) =
        synapses Connector.OneToOne 30.0<mV> delay

    let solution =
        Network.create 1u
        |> Network.withDelivery delivery
        |> Network.withSpikeTrains "source" 1 [ 0, 0.35<ms> ]
        |> Network.withPopulation "a" (kicked 1)
        |> Network.withPopulation "b" (kicked 1)
        |> Network.withPopulation "c" (kicked 1)
        |> Network.withProjection "source" "a" "V" (kick 1.0<ms>)
        |> Network.withProjection "a" "b" "V" (kick 2.0<ms>)
        |> Network.withProjection "b" "c" "V" (kick 0.5<ms>)
        |> Network.run (Solver.exact 0.1<ms>) 10.0<ms>

    for group, time in expected do
        let times = timesOf solution group
        Expect.equal times.Length 1 (sprintf "%s fires once" group)
        Expect.isLessThanOrEqual (abs (snd times[0] - time)) 1e-12 (sprintf "%s at %g ms" group time)

[<Tests>]
let tests =
    testList
        "Network"
        [ testCase "a spike arrives after its delay and gives the two-exponential PSP of the closed form"
          <| fun () ->
              // Spike at 1.0 ms, delay 1.5 ms: arrival at 2.5 ms, a grid point of dt = 0.1 ms.
              pspMatchesClosedForm SpikeDelivery.Precise 1.0<ms> 2.5

          testCase "a spike arrives at spike time + delay inside the step and gives the closed-form PSP"
          <| fun () ->
              // Spike at 1.03 ms, delay 1.5 ms: arrival at 2.53 ms, inside the step from 2.5 to 2.6 ms; the exact flow
              // is composed over [2.5, 2.53] and [2.53, 2.6], so the tolerance is that of the grid case.
              pspMatchesClosedForm SpikeDelivery.Precise 1.03<ms> 2.53

          testCase "grid delivery moves an arrival inside a step to the next step start"
          <| fun () ->
              // Spike at 1.03 ms, delay 1.5 ms: 2.53 ms is delivered at 2.6 ms.
              pspMatchesClosedForm SpikeDelivery.Grid 1.03<ms> 2.6

          testCase "a chain with delays fires at every arrival time, to 1e-12 ms"
          <| fun () ->
              // source (0.35 ms) → a (delay 1.0) → b (delay 2.0) → c (delay 0.5): a kick of 30 mV puts each neuron
              // 15 mV above threshold when it arrives: 1.35 ms, then 3.35 ms, then 3.85 ms, none on the grid. The
              // times are sums of three doubles, so within a few ulps (1e-15 ms) of these decimals.
              chainFiresAt SpikeDelivery.Precise [ "a", 1.35; "b", 3.35; "c", 3.85 ]

          testCase "a chain with grid delivery fires at the first step start after every arrival, to 1e-12 ms"
          <| fun () ->
              // As above, each arrival moved to the first grid point at or after it: ceil((0.35 + 1.0)/0.1)·0.1
              // = 1.4 ms, then 3.4 ms, then 3.9 ms.
              chainFiresAt SpikeDelivery.Grid [ "a", 1.4; "b", 3.4; "c", 3.9 ]

          testCase "a kick during the refractory period leaves the clamped potential alone"
          <| fun () ->
              // Kicks at 1.0 ms (fires, V = −70 mV until 3.0 ms) and at 2.0 ms (ignored): V stays at E_L.
              let target =
                  kicked 1 |> Population.withMonitor (StateMonitor([| 0 |], [ "V" ], 0.5<ms>))

              let solution =
                  Network.create 1u
                  |> Network.withSpikeTrains "source" 1 [ 0, 0.5<ms>; 0, 1.5<ms> ]
                  |> Network.withPopulation "cell" target
                  |> Network.withProjection "source" "cell" "V" (synapses Connector.OneToOne 30.0<mV> 0.5<ms>)
                  |> Network.run (Solver.exact 0.1<ms>) 6.0<ms>

              Expect.equal
                  (timesOf solution "cell"
                   |> Array.map snd
                   |> Array.map (fun t -> Math.Round(t, 9)))
                  [| 1.0 |]
                  "one spike"

              let v = solution.Populations["cell"].States.Head.Values[0][0]
              Expect.all v (fun x -> abs (x + 70.0) <= exactVoltage) "V at E_L throughout (rest, reset, rest)"

          testCase "kicks onto sixteen neurons at once fire, are ignored while refractory, or decay as the closed form"
          <| fun () ->
              // Blocks of eight neurons receive their increments together. Grid delivery, delay 0.5 ms. Strong kicks
              // (30 mV, 15 mV above threshold) reach the even neurons at 1.0 ms (they fire there and are held at
              // −70 mV until 3.0 ms) and every neuron at 2.0 ms (the even ones, refractory, ignore it; the odd ones
              // fire). Weak kicks (5 mV) reach every neuron at 4.0 ms at rest: V = −70 + 5·e^(−(t − 4)/τ) with
              // τ = R·C = 20 ms, sampled every 0.1 ms (a sample at 4.0 ms is the left limit, −70 mV).
              let n = 16

              let strong =
                  [ for i in 0..2 .. n - 1 -> i, 0.5<ms> ] @ [ for i in 0 .. n - 1 -> i, 1.5<ms> ]

              let solution =
                  Network.create 1u
                  |> Network.withDelivery SpikeDelivery.Grid
                  |> Network.withSpikeTrains "strong" n strong
                  |> Network.withSpikeTrains "weak" n [ for i in 0 .. n - 1 -> i, 3.5<ms> ]
                  |> Network.withPopulation
                      "cell"
                      (kicked n
                       |> Population.withMonitor (StateMonitor(Array.init n id, [ "V" ], 0.1<ms>)))
                  |> Network.withProjection "strong" "cell" "V" (synapses Connector.OneToOne 30.0<mV> 0.5<ms>)
                  |> Network.withProjection "weak" "cell" "V" (synapses Connector.OneToOne 5.0<mV> 0.5<ms>)
                  |> Network.run (Solver.exact 0.1<ms>) 8.0<ms>

              let spikes = timesOf solution "cell"

              for i in 0 .. n - 1 do
                  let times = spikes |> Array.filter (fun (j, _) -> j = i) |> Array.map snd
                  let expected = if i % 2 = 0 then 1.0 else 2.0
                  Expect.equal times.Length 1 (sprintf "neuron %d fires once" i)
                  Expect.isLessThanOrEqual (abs (times.[0] - expected)) 1e-12 (sprintf "neuron %d at %g ms" i expected)

              let recording = solution.Populations["cell"].States.Head

              for i in 0 .. n - 1 do
                  for s in 0 .. recording.Times.Length - 1 do
                      let t = float recording.Times[s]

                      let v =
                          if t > 4.0 + 1e-9 then
                              -70.0 + 5.0 * exp (-(t - 4.0) / 20.0)
                          else
                              -70.0

                      let actual = recording.Values[0].[i].[s]

                      Expect.isLessThanOrEqual
                          (abs (actual - v))
                          exactVoltage
                          (sprintf "neuron %d, V at %g ms: %.15g, closed form %.15g" i t actual v)

          testCase "gives bit-identical spikes for 1, 2 and 8 threads and any chunk size; another seed differs"
          <| fun () ->
              let run (seed: uint32) (parallelism: int) (chunk: int) =
                  let drive =
                      let stream = RandomStream.create seed 99u

                      [ for k in 0..399 -> k % 50, 100.0<ms> * RandomStream.uniform k 0L 0 stream ]

                  let cells =
                      kicked 200
                      |> Population.withInput (
                          Inputs.constantPerNeuron (Array.init 200 (fun i -> float (i % 7) * 20.0<pA>))
                      )
                      |> Population.withChunkSize chunk
                      |> Population.withParallelism parallelism

                  let solution =
                      Network.create seed
                      |> Network.withSpikeTrains "drive" 50 drive
                      |> Network.withPopulation "cells" cells
                      |> Network.withProjection
                          "drive"
                          "cells"
                          "V"
                          (synapses (Connector.FixedProbability(0.2, Autapses.Allowed)) 8.0<mV> 1.0<ms>)
                      |> Network.withProjection
                          "cells"
                          "cells"
                          "V"
                          { Connector = Connector.FixedProbability(0.05, Autapses.Excluded)
                            Weights = SynapseValues.Uniform(0.5<mV>, 3.0<mV>)
                            Delays = SynapseValues.Uniform(1.0<ms>, 3.0<ms>) }
                      |> Network.run (Solver.exact 0.1<ms>) 100.0<ms>

                  solution.Spikes
                  |> Array.map (fun s -> s.Group, s.Neuron, BitConverter.DoubleToInt64Bits(float s.Time))

              let reference = run 7u 1 1024

              Expect.isGreaterThan
                  (reference |> Array.filter (fun (g, _, _) -> g = "cells")).Length
                  100
                  "the cells fire"

              for parallelism in [ 2; 8 ] do
                  for chunk in [ 8; 64 ] do
                      Expect.equal
                          (run 7u parallelism chunk)
                          reference
                          (sprintf "%d threads, chunks of %d" parallelism chunk)

              Expect.notEqual (run 8u 2 64) reference "another seed, another network"

          testCase "on the grid, a Poisson source's arrivals per step are independent Poisson numbers of mean rate × dt"
          <| fun () ->
              // 400 sources at 5 kHz one-to-one (1 mV, delay 1 ms = 10 steps) onto integrate-and-fire neurons with no
              // input and an unreachable threshold: V counts the arrivals, and V(t_k+1) − V(t_k) is step k's count,
              // a whole number. Spikes of step m arrive at m + 11, so steps 11 to 499 hold 400 × 489 = 195 600 counts
              // of mean μ = 0.5. Each check is at 5 σ for that n: the mean (σ = √(μ/n) = 0.0016), the variance
              // (σ = √((μ + 2μ²)/n) = 0.0023), the correlation of consecutive counts (σ = 1/√n = 0.0023), and a χ² of
              // the counts 0, 1, 2, 3, ≥ 4 against Poisson(0.5) (4 degrees of freedom; 30 has probability 5e-6).
              let n = 400

              let counters = counters n

              let solution =
                  Network.create 5u
                  |> Network.withDelivery SpikeDelivery.Grid
                  |> Network.withPoissonSources "drive" n 5000.0<Hz>
                  |> Network.withPopulation "counters" counters
                  |> Network.withProjection "drive" "counters" "V" (synapses Connector.OneToOne 1.0<mV> 1.0<ms>)
                  |> Network.run (Solver.exact 0.1<ms>) 50.0<ms>

              let v = solution.Populations["counters"].States.Head.Values[0]

              let counts =
                  Array.init n (fun i -> Array.init 489 (fun k -> v[i][k + 12] - v[i][k + 11]))

              let all = Array.concat counts
              Expect.isTrue (all |> Array.forall (fun c -> c = floor c && c >= 0.0)) "whole numbers"

              // Each count is the public draw RandomStream.poisson of its address (source i, step k, draw 0) in the
              // group's count stream (the seed, stream 2^31 + 2^30 + the group's index): the engine's table search
              // must give what the sequential inversion gives.
              let stream = RandomStream.create 5u 0xC0000000u

              for i in 0 .. n - 1 do
                  for k in 0..488 do
                      let drawn = RandomStream.poisson 0.5 i (int64 k) 0 stream
                      let arrived = counts.[i].[k]

                      if arrived <> float drawn then
                          failtestf "source %d, step %d: %g arrivals, the draw is %d" i k arrived drawn

              Expect.equal (Array.sum all) (float solution.Deliveries) "every delivery counted once"
              let mu, size = 0.5, float all.Length
              let mean = Array.average all
              let variance = (all |> Array.sumBy (fun c -> (c - mean) ** 2.0)) / (size - 1.0)
              Expect.isLessThan (abs (mean - mu)) (5.0 * sqrt (mu / size)) "mean"
              Expect.isLessThan (abs (variance - mu)) (5.0 * sqrt ((mu + 2.0 * mu * mu) / size)) "variance"

              let lagged =
                  counts
                  |> Array.collect (fun c -> Array.init (c.Length - 1) (fun k -> (c[k] - mu) * (c[k + 1] - mu)))

              Expect.isLessThan (abs (Array.average lagged / mu)) (5.0 / sqrt size) "consecutive steps uncorrelated"

              let pmf k =
                  exp -mu * mu ** float k / float (List.fold (*) 1 [ 1..k ])

              let expected =
                  [| for k in 0..3 -> size * pmf k |]
                  |> fun e -> Array.append e [| size - Array.sum e |]

              let observed =
                  Array.init 5 (fun k -> all |> Array.filter (fun c -> min 4 (int c) = k) |> Array.length)

              let chi2 =
                  Array.map2 (fun (o: int) e -> (float o - e) ** 2.0 / e) observed expected
                  |> Array.sum

              Expect.isLessThan chi2 30.0 (sprintf "χ² = %g for %A against %A" chi2 observed expected)

          testCase "on the grid, a Poisson group's projections with whole-step and other delays carry the same spikes"
          <| fun () ->
              // One group of 100 sources at 2 kHz one-to-one onto two sets of counters (integrate-and-fire neurons with
              // an unreachable threshold: V counts the arrivals), with delays of 10 steps (a) and 10.5 steps (b). A
              // sample at t_k holds the arrivals before step k: a spike at t reaches a's counters from step
              // floor(t/dt) + 11 and b's from ceil(t/dt + 10.5), so with one realisation b's count at k is at most
              // a's, and a's at most b's at k + 1, for every neuron and sample. Two independent realisations of
              // ~100 spikes per neuron break it at once.
              let n = 100

              let counters = counters n

              let solution =
                  Network.create 9u
                  |> Network.withDelivery SpikeDelivery.Grid
                  |> Network.withPoissonSources "drive" n 2000.0<Hz>
                  |> Network.withPopulation "a" counters
                  |> Network.withPopulation "b" counters
                  |> Network.withProjection "drive" "a" "V" (synapses Connector.OneToOne 1.0<mV> 1.0<ms>)
                  |> Network.withProjection "drive" "b" "V" (synapses Connector.OneToOne 1.0<mV> 1.05<ms>)
                  |> Network.run (Solver.exact 0.1<ms>) 50.0<ms>

              let a = solution.Populations["a"].States.Head.Values[0]
              let b = solution.Populations["b"].States.Head.Values[0]
              let arrivals = a |> Array.sumBy (fun v -> Array.last v - v[0])
              Expect.isGreaterThan arrivals (float n * 80.0) "the sources fired"

              for i in 0 .. n - 1 do
                  for k in 0 .. a[i].Length - 2 do
                      let before, here, after = b[i][k], a[i][k], b[i][k + 1]

                      if not (before <= here && here <= after) then
                          failtestf "neuron %d, sample %d: b %g, a %g, b next %g" i k before here after

          testCase "on the grid, per-step Poisson counts are the same for any thread count and chunk size"
          <| fun () ->
              // One group through whole-step delays of 1 and 2 ms onto two sets of counters: every sample of every
              // counter, the Poisson spike count and the deliveries, bit for bit.
              let run (parallelism: int) (chunk: int) =
                  let counters =
                      counters 150
                      |> Population.withChunkSize chunk
                      |> Population.withParallelism parallelism

                  let solution =
                      Network.create 4u
                      |> Network.withDelivery SpikeDelivery.Grid
                      |> Network.withPoissonSources "drive" 150 3000.0<Hz>
                      |> Network.withPopulation "a" counters
                      |> Network.withPopulation "b" counters
                      |> Network.withProjection "drive" "a" "V" (synapses Connector.OneToOne 1.0<mV> 1.0<ms>)
                      |> Network.withProjection "drive" "b" "V" (synapses Connector.OneToOne 0.5<mV> 2.0<ms>)
                      |> Network.run (Solver.exact 0.1<ms>) 20.0<ms>

                  let samples (name: string) =
                      solution.Populations[name].States.Head.Values[0]
                      |> Array.map (Array.map BitConverter.DoubleToInt64Bits)

                  samples "a", samples "b", solution.PoissonSpikes["drive"], solution.Deliveries

              let reference = run 1 1024
              let _, _, spikes, deliveries = reference
              Expect.isGreaterThan deliveries (spikes / 2L) "most spikes arrive"

              for parallelism in [ 2; 8 ] do
                  for chunk in [ 7; 64 ] do
                      Expect.equal
                          (run parallelism chunk)
                          reference
                          (sprintf "%d threads, chunks of %d" parallelism chunk)

          testCase "on the grid, counts and spike times count a last partial step and arrivals past the end alike"
          <| fun () ->
              // dt = 1 ms, 2.5 ms: steps of 1, 1 and 0.5 ms. 20 000 sources at 1 kHz one-to-one with a delay of one
              // step: Poisson(2.5 n) spikes (σ ≈ 224), of which only step 0's arrive before the end (step 2):
              // Poisson(n) deliveries (σ ≈ 141). A constant delay takes the per-step counts; the same delay given per
              // synapse takes the spike times. Both at 5 σ.
              let n = 20000

              let run (delays: SynapseValues<ms>) =
                  let solution =
                      Network.create 6u
                      |> Network.withDelivery SpikeDelivery.Grid
                      |> Network.withPoissonSources "drive" n 1000.0<Hz>
                      |> Network.withPopulation
                          "counters"
                          (Population.create IntegrateAndFire.model n
                           |> Population.withParameter "V_th" (Values.shared 1e9))
                      |> Network.withProjection
                          "drive"
                          "counters"
                          "V"
                          { Connector = Connector.OneToOne
                            Weights = SynapseValues.Constant 1.0<mV>
                            Delays = delays }
                      |> Network.run (Solver.exact 1.0<ms>) 2.5<ms>

                  float solution.PoissonSpikes["drive"], float solution.Deliveries

              for label, delays in
                  [ "counts", SynapseValues.Constant 1.0<ms>
                    "spike times", SynapseValues.Uniform(1.0<ms>, 1.0<ms>) ] do
                  let spikes, deliveries = run delays
                  Expect.isLessThan (abs (spikes - 2.5 * float n)) (5.0 * sqrt (2.5 * float n)) (label + ": spikes")
                  Expect.isLessThan (abs (deliveries - float n)) (5.0 * sqrt (float n)) (label + ": deliveries")

          testCase "Poisson sources drive their targets at their rate, the same for any thread count"
          <| fun () ->
              // 200 sources at 50 Hz for 2 s, one-to-one: the spike count is Poisson(20 000); checked at 5 σ (σ = √20 000
              // ≈ 141), and every spike is delivered once.
              let run (parallelism: int) =
                  Network.create 3u
                  |> Network.withPoissonSources "background" 200 50.0<Hz>
                  |> Network.withPopulation "cells" (kicked 200 |> Population.withParallelism parallelism)
                  |> Network.withProjection "background" "cells" "V" (synapses Connector.OneToOne 2.0<mV> 1.5<ms>)
                  |> Network.run (Solver.exact 0.1<ms>) 2000.0<ms>

              let solution = run 1
              let count = solution.PoissonSpikes["background"]
              Expect.isLessThan (abs (float count - 20000.0)) (5.0 * sqrt 20000.0) "Poisson(20 000), 5 σ"
              // Spikes within 1.5 ms of the end arrive after it and are not delivered: about 200 × 50 Hz × 1.5 ms = 15.
              Expect.isLessThanOrEqual solution.Deliveries count "no spike delivered twice"
              Expect.isGreaterThan solution.Deliveries (count - 100L) "every spike delivered, but the last 1.5 ms'"

              let spikes (s: NetworkSolution) =
                  s.Spikes
                  |> Array.map (fun x -> x.Neuron, BitConverter.DoubleToInt64Bits(float x.Time))

              Expect.equal (spikes (run 2)) (spikes solution) "bit-identical on 2 threads"

          testCase "the COBA benchmark sustains its activity at Brian2's rate, with either delivery"
          <| fun () ->
              // Brian2 2.5.1 (cpp_standalone, bench/populations/compare.py, this machine, 2026-11-26) ran the same
              // network (its own random connectivity and initial state) to 75 519 spikes in 1 s: 18.9 Hz per neuron,
              // delivering on the grid. The network is chaotic, so only statistics can agree: over seeds 2 to 6
              // NeuronDsl gave 69 908 to 79 745 spikes with grid delivery (±7 % around 74 800) and 68 095 to 82 050
              // with precise delivery (±9.3 % around 75 200), hence tolerances of ±15 % and ±19 %, twice those
              // spreads. (Seed 1's initial state is one from which the activity dies out: the benchmark is
              // bistable.) The second half of the run must hold half the spikes within the same tolerance: the
              // activity is sustained, not a transient.
              let brian = 75519.0

              for delivery, tolerance in [ SpikeDelivery.Grid, 0.15; SpikeDelivery.Precise, 0.19 ] do
                  let solution =
                      NeuronDsl.Benchmarks.CobaNetwork.create 2u Environment.ProcessorCount
                      |> Network.withDelivery delivery
                      |> Network.run (Solver.exponentialEuler 0.1<ms>) 1000.0<ms>

                  let total = float solution.Spikes.Length

                  let late =
                      solution.Spikes
                      |> Array.filter (fun s -> s.Time >= 500.0<ms>)
                      |> Array.length
                      |> float

                  Expect.isLessThan
                      (abs (total / brian - 1.0))
                      tolerance
                      (sprintf "%A: %g spikes, Brian2 %g" delivery total brian)

                  Expect.isLessThan
                      (abs (late / (brian / 2.0) - 1.0))
                      tolerance
                      (sprintf "%A: %g spikes after 500 ms" delivery late)

          testCase "refuses a delay shorter than the step, naming both"
          <| fun () ->
              let network =
                  Network.create 1u
                  |> Network.withSpikeTrains "source" 1 [ 0, 1.0<ms> ]
                  |> Network.withPopulation "cell" (kicked 1)
                  |> Network.withProjection "source" "cell" "V" (synapses Connector.OneToOne 1.0<mV> 0.05<ms>)

              let message =
                  messageOf (fun () -> Network.run (Solver.exact 0.1<ms>) 10.0<ms> network)

              Expect.stringContains message "0.05 ms" "names the delay"
              Expect.stringContains message "0.1 ms" "names the step"

          testCase "refuses delays whose ring buffers cannot fit, before it starts"
          <| fun () ->
              // 10⁶ targets × a 10⁵ ms delay at dt 0.01 ms: 10⁷ slots × 10⁶ neurons × 8 bytes = 8·10¹³ bytes.
              let network =
                  Network.create 1u
                  |> Network.withSpikeTrains "source" 1 [ 0, 1.0<ms> ]
                  |> Network.withPopulation "cells" (kicked 1000000)
                  |> Network.withProjection
                      "source"
                      "cells"
                      "V"
                      (synapses (Connector.Explicit([| 0 |], [| 0 |])) 1.0<mV> 100000.0<ms>)

              let message =
                  messageOf (fun () -> Network.run (Solver.exact 0.01<ms>) 1.0<ms> network)

              Expect.stringContains message "ring buffers need" "says what does not fit"
              Expect.stringContains message "100000 ms" "names the delay"

          testCase "refuses Poisson sources whose spikes of one window cannot be held, before it starts"
          <| fun () ->
              // 10¹⁴ Hz for a window of 10 steps of 0.1 ms: 10¹¹ spike times of the one source at once (8·10¹¹ bytes,
              // and more draws than a draw index holds); it would otherwise run out of memory or never end.
              let network =
                  Network.create 1u
                  |> Network.withDelivery SpikeDelivery.Grid
                  |> Network.withPoissonSources "drive" 1 1e14<Hz>
                  |> Network.withPopulation "cell" (kicked 1)
                  |> Network.withProjection "drive" "cell" "V" (synapses Connector.OneToOne 1.0<mV> 1.05<ms>)

              let message =
                  messageOf (fun () -> Network.run (Solver.exact 0.1<ms>) 1.0<ms> network)

              Expect.stringContains message "drive: 1e+14 Hz" "names the group and its rate"
              Expect.stringContains message "1e+11 spikes" "says what does not fit"

          testCase "refuses unknown groups and variables, naming what exists"
          <| fun () ->
              let network =
                  Network.create 1u
                  |> Network.withSpikeTrains "source" 1 [ 0, 1.0<ms> ]
                  |> Network.withPopulation "cell" (kicked 1)

              let spec = synapses Connector.OneToOne 1.0<mV> 1.0<ms>

              let unknown =
                  messageOf (fun () -> network |> Network.withProjection "nowhere" "cell" "V" spec)

              Expect.stringContains unknown "nowhere" "names the unknown group"
              Expect.stringContains unknown "source, cell" "lists the groups"

              let variable =
                  messageOf (fun () -> network |> Network.withProjection "source" "cell" "g" spec)

              Expect.stringContains variable "'g'" "names the variable"
              Expect.stringContains variable "V" "lists the states"

              let onSource =
                  messageOf (fun () -> network |> Network.withProjection "cell" "source" "V" spec)

              Expect.stringContains onSource "spike source" "a source cannot be a target" ]
