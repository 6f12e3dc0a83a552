namespace NeuronDsl.Benchmarks

open BenchmarkDotNet.Attributes
open BenchmarkDotNet.Engines
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models

/// Hand-written baselines for the population benchmarks of issue 8, measured in the same run: plain F# loops over
/// arrays on one thread, no library.
module HandWrittenPopulation =
    /// LIF with exact decay on the grid, threshold checked on the grid, reset and a refractory counter: the loop that
    /// C -O3 and Brian2 run (spikes on the grid, not located). Returns the number of spikes.
    let leaky (currents: float[]) (dt: float) (steps: int) =
        let n = currents.Length
        let tau, r, rest, threshold, reset = 10.0, 0.01, -65.0, -50.0, -65.0
        let refractorySteps = int (2.0 / dt)
        let decay = exp (-dt / tau)
        let v = Array.create n rest
        let steady = currents |> Array.map (fun i -> rest + r * i)
        let refractory = Array.zeroCreate<int> n
        let mutable spikes = 0

        for _ in 1..steps do
            for i in 0 .. n - 1 do
                if refractory[i] > 0 then
                    refractory[i] <- refractory[i] - 1
                else
                    let v1 = steady[i] + (v[i] - steady[i]) * decay

                    if v1 > threshold then
                        spikes <- spikes + 1
                        v[i] <- reset
                        refractory[i] <- refractorySteps
                    else
                        v[i] <- v1

        spikes

    /// Hodgkin–Huxley RK4 for each current, one neuron after the other (<c>HandWritten.rungeKutta4</c>).
    let hodgkinHuxley (currents: float[]) (dt: float) (steps: int) =
        let mutable sum = 0.0

        for i in currents do
            sum <- sum + HandWritten.rungeKutta4 i dt steps

        sum

/// Issue 8's LIF case: 100 000 neurons, 1 s at dt 0.1 ms, exact, τ = 10 ms, R = 10 MΩ, E_L = V_reset = −65 mV,
/// V_th = −50 mV, t_ref = 2 ms, currents 1–3 nA spread linearly.
[<SimpleJob(RunStrategy.Monitoring, launchCount = 1, warmupCount = 1, iterationCount = 3)>]
[<MemoryDiagnoser>]
type LeakyIntegrateAndFirePopulation() =
    let n = 100000

    let currents = Array.init n (fun i -> 1000.0 + 2000.0 * float i / float (n - 1))

    let population =
        [ "R", 0.01
          "C", 1000.0
          "E_L", -65.0
          "V_reset", -65.0
          "V_th", -50.0
          "t_ref", 2.0 ]
        |> List.fold
            (fun p (name, value) -> p |> Population.withParameter name (Values.shared value))
            (Population.create LeakyIntegrateAndFire.model n)
        |> Population.withInput (Inputs.constantPerNeuron (currents |> Array.map (fun c -> c * 1.0<pA>)))

    /// The same currents plus an Ornstein–Uhlenbeck current per neuron (mean 0, σ = 100 pA, τ = 5 ms).
    let noisy =
        population
        |> Population.withInput (
            Inputs.constantPlusNoise
                (currents |> Array.map (fun c -> c * 1.0<pA>))
                (Noise.ornsteinUhlenbeck 0.0<pA> 100.0<pA> 5.0<ms>)
        )

    [<Benchmark(Description = "population, exact, spikes located, all cores")>]
    member _.Population() =
        (population |> Population.run (Solver.exact 0.1<ms>) 1000.0<ms>).Spikes.Length

    [<Benchmark(Description = "population, exact, spikes located, one thread")>]
    member _.PopulationOneThread() =
        (population
         |> Population.withParallelism 1
         |> Population.run (Solver.exact 0.1<ms>) 1000.0<ms>)
            .Spikes.Length

    [<Benchmark(Description = "population, exact, spikes located, OU noise current, one thread")>]
    member _.PopulationOneThreadNoise() =
        (noisy
         |> Population.withParallelism 1
         |> Population.run (Solver.exact 0.1<ms>) 1000.0<ms>)
            .Spikes.Length

    [<Benchmark(Baseline = true, Description = "hand-written loop, spikes on the grid, one thread")>]
    member _.HandWritten() =
        HandWrittenPopulation.leaky currents 0.1 10000

/// Issue 8's HH case: 10 000 neurons, 100 ms at dt 0.01 ms from rest, currents 2–20 µA/cm² spread linearly.
[<SimpleJob(RunStrategy.Monitoring, launchCount = 1, warmupCount = 0, iterationCount = 1)>]
[<MemoryDiagnoser>]
type HodgkinHuxleyPopulation() =
    let n = 10000

    let currents = Array.init n (fun i -> 2.0 + 18.0 * float i / float (n - 1))

    let population =
        Population.create HodgkinHuxley.model n
        |> Population.withInput (Inputs.constantPerNeuron (currents |> Array.map (fun c -> c * 1.0<uA / cm2>)))

    [<Benchmark(Description = "population, exponential Euler, all cores")>]
    member _.ExponentialEuler() =
        (population |> Population.run (Solver.exponentialEuler 0.01<ms>) 100.0<ms>).Spikes.Length

    [<Benchmark(Description = "population, RK4, all cores")>]
    member _.RungeKutta4() =
        (population |> Population.run (Solver.rungeKutta4 0.01<ms>) 100.0<ms>).Spikes.Length

    [<Benchmark(Baseline = true, Description = "hand-written RK4 loop, one thread")>]
    member _.HandWritten() =
        HandWrittenPopulation.hodgkinHuxley currents 0.01 10000
