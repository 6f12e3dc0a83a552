module NeuronDsl.Tests.NoiseInputTests

open System
open Expecto
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models
open NeuronDsl.Tests

/// Neurons per statistical test: the variance estimator's standard error is √(2/N) ≈ 1 % of the variance.
let private neurons = 20000

let private dt = 0.1<ms>

/// The state V of every neuron at step k (k·dt), from a run that ends there (the initial state for k = 0).
let private voltagesAt (k: int) (population: Population<'I>) =
    let duration = float (max 1 k) * dt
    let all = Array.init population.Count id

    let solution =
        population
        |> Population.withMonitor (StateMonitor(all, [ "V" ], duration))
        |> Population.run (Solver.exact dt) duration

    Expect.isEmpty solution.Spikes "the threshold is out of reach"
    let sample = if k = 0 then 0 else 1
    solution.States.Head.Values[0] |> Array.map (fun samples -> samples[sample])

/// The perfect integrator C dV/dt = I with its threshold out of reach: exact integration gives
/// V(t_(k+1)) = V(t_k) + I_k·dt/C, so the current every neuron received during step k is C·ΔV/dt.
let private integrators (input: PopulationInput<pA>) =
    Population.create IntegrateAndFire.model neurons
    |> Population.withParameter "V_th" (Values.shared 1e12)
    |> Population.withInput input
    |> Population.withSeed 11u

let private currentsAt (k: int) (population: Population<pA>) =
    let capacitance = 200.0 // the model's default C, pF
    let before = voltagesAt k population
    let after = voltagesAt (k + 1) population
    Array.map2 (fun v0 v1 -> capacitance * (v1 - v0) / float dt) before after

/// Mean μ and variance σ² of normal samples, each within 5 standard errors (σ/√N; σ²√(2/(N − 1))).
let private expectNormalMoments (what: string) (mean: float) (variance: float) (xs: float[]) =
    let n = float xs.Length
    expectWithinFiveSigma (what + " mean") (sqrt (variance / n)) mean (sampleMean xs)

    let unbiased = sampleVariance xs * n / (n - 1.0)
    expectWithinFiveSigma (what + " variance") (variance * sqrt (2.0 / (n - 1.0))) variance unbiased

/// The lag-one correlation E[(x − μ)(y − μ)]/σ² of pairs from a stationary normal process with known μ and σ²,
/// within 5 standard errors: the product of two standard normals of correlation ρ has variance 1 + ρ².
let private expectLagOne (mean: float) (variance: float) (rho: float) (xs: float[]) (ys: float[]) =
    let products = Array.map2 (fun x y -> (x - mean) * (y - mean) / variance) xs ys
    let standardError = sqrt ((1.0 + rho * rho) / float xs.Length)
    expectWithinFiveSigma "lag-one correlation" standardError rho (sampleMean products)

let private ornsteinUhlenbeckTests =
    testList
        "OrnsteinUhlenbeck"
        [ testCase "has mean μ and variance σ² across neurons at the start and 50 ms later"
          <| fun () ->
              let population = integrators (Inputs.ornsteinUhlenbeck 100.0<pA> 30.0<pA> 0.2<ms>)

              for k in [ 0; 500 ] do
                  currentsAt k population
                  |> expectNormalMoments (sprintf "current at step %d" k) 100.0 900.0

          testCase "has lag-one correlation e^(−dt/τ) (Euler–Maruyama's 1 − dt/τ is 13 standard errors off)"
          <| fun () ->
              let population = integrators (Inputs.ornsteinUhlenbeck 100.0<pA> 30.0<pA> 0.2<ms>)
              let now, next = currentsAt 300 population, currentsAt 301 population
              expectLagOne 100.0 900.0 (exp (-0.1 / 0.2)) now next

          testCase "adds a constant per neuron to the mean"
          <| fun () ->
              let constants =
                  Array.init neurons (fun j -> if j % 2 = 0 then 0.0<pA> else 500.0<pA>)

              let noise = Noise.ornsteinUhlenbeck 100.0<pA> 30.0<pA> 2.0<ms>

              let currents =
                  currentsAt 40 (integrators (Inputs.constantPlusNoise constants noise))

              let even, odd =
                  currents |> Array.indexed |> Array.partition (fun (j, _) -> j % 2 = 0)

              expectNormalMoments "even neurons" 100.0 900.0 (Array.map snd even)
              expectNormalMoments "odd neurons" 600.0 900.0 (Array.map snd odd) ]

let private whiteNoiseTests =
    testList
        "White"
        [ testCase "has variance σ²/dt per step and no correlation between steps"
          <| fun () ->
              let sigma = 20.0 // pA·√ms

              let population =
                  integrators (Inputs.whiteNoise -50.0<pA> (sigma * 1.0<pA ms^(1/2)>))

              let now, next = currentsAt 7 population, currentsAt 8 population
              let variance = sigma * sigma / float dt
              expectNormalMoments "current" -50.0 variance now
              expectLagOne -50.0 variance 0.0 now next ]

/// LIF (τ = RC = 20 ms, R = 0.1 GΩ) with its threshold out of reach, started at its mean E_L + Rμ.
let private membranes (input: PopulationInput<pA>) =
    Population.create LeakyIntegrateAndFire.model neurons
    |> Population.withParameter "V_th" (Values.shared 1e12)
    |> Population.withInitial "V" (Values.shared (-70.0 + 0.1 * 50.0))
    |> Population.withInput input
    |> Population.withSeed 5u

/// Exact integration of the LIF over a step with input I_n held: v_(n+1) = a·v_n + (1 − a)·R·I_n, a = e^(−dt/τ), for
/// the deviation v from the mean; 200 ms = 10 τ leaves e^(−10) of the start.
let private membraneTests =
    let a = exp (-0.1 / 20.0)
    let r = 0.1

    testList
        "LeakyIntegrateAndFire driven by noise"
        [ testCase "white noise: stationary variance R²σ²(1 − a)/((1 + a)dt) across neurons (exact solver)"
          <| fun () ->
              let sigma = 300.0 // pA·√ms; the continuous limit R²σ²/(2τ) is 22.5 mV²

              let v =
                  voltagesAt 2000 (membranes (Inputs.whiteNoise 50.0<pA> (sigma * 1.0<pA ms^(1/2)>)))

              let variance = r * r * sigma * sigma * (1.0 - a) / ((1.0 + a) * float dt)
              expectNormalMoments "V" -65.0 variance v

          testCase "OU drive: stationary variance of the AR(1) pair, b²s²(1 + ac)/((1 − ac)(1 − a²)), b = (1 − a)R"
          <| fun () ->
              let s, tau = 40.0, 5.0

              let v =
                  voltagesAt 2000 (membranes (Inputs.ornsteinUhlenbeck 50.0<pA> (s * 1.0<pA>) (tau * 1.0<ms>)))

              let c = exp (-0.1 / tau)
              let b = (1.0 - a) * r
              let variance = b * b * s * s * (1.0 + a * c) / ((1.0 - a * c) * (1.0 - a * a))
              expectNormalMoments "V" -65.0 variance v ]

/// LIF neurons above rheobase (200 pA) with OU noise: they fire irregularly.
let private firing (count: int) =
    Population.create LeakyIntegrateAndFire.model count
    |> Population.withInput (Inputs.ornsteinUhlenbeck 250.0<pA> 100.0<pA> 5.0<ms>)
    |> Population.withMonitor (StateMonitor([| 0; 77; count - 1 |], [ "V" ], 0.5<ms>))
    |> Population.withSeed 3u

let private fingerprint (solution: PopulationSolution) =
    solution.Spikes
    |> Array.map (fun s -> s.Neuron, BitConverter.DoubleToInt64Bits(float s.Time)),
    solution.States
    |> List.map (fun r -> r.Values |> Array.map (Array.map (Array.map BitConverter.DoubleToInt64Bits)))

let private determinismTests =
    let run solver parallelism chunk population =
        population
        |> Population.withParallelism parallelism
        |> Population.withChunkSize chunk
        |> Population.run solver 100.0<ms>
        |> fingerprint

    testList
        "determinism"
        [ testCase "gives bit-identical spikes and traces for 1, 2 and 8 threads and any chunk size"
          <| fun () ->
              for name, solver in [ "exact", Solver.exact dt; "rk4", Solver.rungeKutta4 0.05<ms> ] do
                  let reference = run solver 1 4096 (firing 301)
                  Expect.isGreaterThan (Array.length (fst reference)) 100 (name + ": the neurons fire")

                  for parallelism in [ 1; 2; 8 ] do
                      for chunk in [ 3; 64 ] do
                          Expect.equal
                              (run solver parallelism chunk (firing 301))
                              reference
                              (sprintf "%s, %d threads, chunks of %d" name parallelism chunk)

          testCase "the same seed twice gives the same run, another seed another run"
          <| fun () ->
              let once = run (Solver.exact dt) 2 64 (firing 301)
              Expect.equal (run (Solver.exact dt) 2 64 (firing 301)) once "same seed"
              let other = run (Solver.exact dt) 2 64 (firing 301 |> Population.withSeed 4u)
              Expect.notEqual (fst other) (fst once) "another seed: other spikes"
              Expect.notEqual (snd other) (snd once) "another seed: other traces" ]

let private networkOf (seed: uint32) (population: Population<pA>) =
    Network.create seed
    |> Network.withPopulation "cells" population
    |> Network.withSpikeTrains "input" 3 [ 0, 10.0<ms>; 1, 20.0<ms>; 2, 30.0<ms> ]
    |> Network.withProjection
        "input"
        "cells"
        "V"
        { Connector = Connector.AllToAll Autapses.Allowed
          Weights = SynapseValues.Constant 2.0<mV>
          Delays = SynapseValues.Constant 1.0<ms> }

let private networkTests =
    let spikesOf (parallelism: int) (seed: uint32) =
        firing 301
        |> Population.withParallelism parallelism
        |> networkOf seed
        |> Network.run (Solver.exact dt) 100.0<ms>
        |> fun s -> s.Populations["cells"] |> fingerprint

    testList
        "networks"
        [ testCase "draw from the network's seed: bit-identical for 1, 2 and 8 threads, other for another seed"
          <| fun () ->
              let reference = spikesOf 1 9u

              for parallelism in [ 2; 8 ] do
                  Expect.equal (spikesOf parallelism 9u) reference (sprintf "%d threads" parallelism)

              Expect.notEqual (fst (spikesOf 2 10u)) (fst reference) "another network seed"

          testCase "a population alone draws the noise of the first group of a network of its seed"
          <| fun () ->
              let alone = firing 301 |> Population.run (Solver.exact dt) 100.0<ms> |> fingerprint

              let grouped =
                  Network.create 3u
                  |> Network.withPopulation "cells" (firing 301)
                  |> Network.run (Solver.exact dt) 100.0<ms>

              Expect.equal (fingerprint grouped.Populations["cells"]) alone "same noise" ]

let private pA' (x: float) : float<pA> = LanguagePrimitives.FloatWithMeasure x

/// The error names the field (ParamName; an element's array for "currents[1]"), its value and what was expected.
let private expectRejected (name: string) (value: string) (build: unit -> 'T) =
    try
        build () |> ignore
        failtestf "%s = %s accepted" name value
    with :? ArgumentException as e ->
        Expect.equal e.ParamName (name.Split('[')[0]) "names the field"
        Expect.stringContains e.Message (sprintf "%s = %s" name value) "gives the value"
        Expect.stringContains e.Message "expected" "says what is expected"

let private validationTests =
    testList
        "validation"
        [ testCase "rejects σ < 0, τ ≤ 0 and non-finite values, naming the field and value"
          <| fun () ->
              expectRejected "sigma" "-1" (fun () -> Inputs.ornsteinUhlenbeck 0.0<pA> -1.0<pA> 5.0<ms>)
              expectRejected "tau" "0" (fun () -> Inputs.ornsteinUhlenbeck 0.0<pA> 1.0<pA> 0.0<ms>)
              expectRejected "tau" "-2" (fun () -> Inputs.ornsteinUhlenbeck 0.0<pA> 1.0<pA> -2.0<ms>)
              expectRejected "mean" "NaN" (fun () -> Inputs.ornsteinUhlenbeck (pA' nan) 1.0<pA> 5.0<ms>)
              expectRejected "sigma" "Infinity" (fun () -> Inputs.ornsteinUhlenbeck 0.0<pA> (pA' infinity) 5.0<ms>)
              expectRejected "sigma" "-3" (fun () -> Inputs.whiteNoise 0.0<pA> -3.0<pA ms^(1/2)>)
              expectRejected "mean" "-Infinity" (fun () -> Inputs.whiteNoise (pA' -infinity) 1.0<pA ms^(1/2)>)

          testCase "rejects constants that are not one per neuron or not finite"
          <| fun () ->
              let noise = Noise.white 0.0<pA> 1.0<pA ms^(1/2)>
              expectRejected "currents[1]" "NaN" (fun () -> Inputs.constantPlusNoise [| 1.0<pA>; (pA' nan) |] noise)

              Expect.throwsT<ArgumentException>
                  (fun () ->
                      Population.create LeakyIntegrateAndFire.model 3
                      |> Population.withInput (Inputs.constantPlusNoise [| 1.0<pA>; 2.0<pA> |] noise)
                      |> ignore)
                  "two constants for three neurons" ]

let private stepRuleTests =
    testList
        "stepRule"
        [ testCase "keeps 1 − e^(−2dt/τ) accurate when dt ≪ τ and tends to 1 when dt ≫ τ"
          <| fun () ->
              let struct (a, s, s0) =
                  Noise.stepRule 1e-9<ms> (Noise.ornsteinUhlenbeck 0.0<pA> 1.0<pA> 1.0<ms>)
              // 1 − e^(−2·10⁻⁹) = 2·10⁻⁹ (1 − 10⁻⁹ + …); computing 1 − a² from a would lose 7 of its digits.
              Expect.isLessThan (abs (s * s / 2e-9 - 1.0)) 1e-8 "s² = 1 − e^(−2dt/τ) to 10⁻⁸"
              Expect.equal s0 1.0 "stationary start"
              Expect.floatClose Accuracy.veryHigh a (1.0 - 1e-9) "a = e^(−dt/τ)"

              let struct (a, s, _) =
                  Noise.stepRule 1e6<ms> (Noise.ornsteinUhlenbeck 0.0<pA> 2.0<pA> 1.0<ms>)

              Expect.equal (a, s) (0.0, 2.0) "independent draws of the stationary law" ]

let private allocationTests =
    testList
        "allocation"
        [ testCase "allocates nothing per step (LIF, OU current, 64 neurons, no spikes)"
          <| fun () ->
              let run (duration: float<ms>) =
                  let population =
                      Population.create LeakyIntegrateAndFire.model 64
                      |> Population.withInput (Inputs.ornsteinUhlenbeck 0.0<pA> 10.0<pA> 5.0<ms>)
                      |> Population.withParallelism 1
                      |> Population.withChunkSize 16

                  // One worker: Parallel.For runs it on this thread, so this thread's count is the run's.
                  let before = GC.GetAllocatedBytesForCurrentThread()
                  let solution = population |> Population.run (Solver.exact dt) duration
                  Expect.isEmpty solution.Spikes "subthreshold"
                  GC.GetAllocatedBytesForCurrentThread() - before, solution.Steps

              run 2.0<ms> |> ignore
              let short, shortSteps = run 10.0<ms>
              let long, longSteps = run 100.0<ms>
              let perStep = float (long - short) / float (longSteps - shortSteps)
              Expect.isLessThan perStep 1.0 (sprintf "bytes per step (%d vs %d bytes)" long short) ]

[<Tests>]
let tests =
    testList
        "NoiseInput"
        [ ornsteinUhlenbeckTests
          whiteNoiseTests
          membraneTests
          determinismTests
          networkTests
          validationTests
          stepRuleTests
          allocationTests ]
