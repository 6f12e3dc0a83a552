namespace NeuronDsl.Benchmarks

open System.Threading
open BenchmarkDotNet.Attributes
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models

/// One neuron, 1 s of biological time at dt = 0.01 ms (100 000 steps), no trace kept: the cost of the solvers,
/// the model adapter and event detection. Compare each row with the hand-written baseline of the same run.
[<MemoryDiagnoser>]
type HodgkinHuxleyOneSecond() =
    let problem =
        Problem.create HodgkinHuxley.model HodgkinHuxley.defaults (Input.step 10.0<uA / cm2> 0.0<ms> 1000.0<ms>) 1000.0<ms>
        |> Problem.withRecording { Variables = []; Interval = NoTrace }

    let run solver = Simulation.stream SimulationObserver.ignore CancellationToken.None solver problem |> snd

    [<Benchmark(Baseline = true, Description = "hand-written RK4 loop")>]
    member _.HandWrittenRungeKutta4() = HandWritten.rungeKutta4 10.0 0.01 100_000

    [<Benchmark(Description = "rk4")>]
    member _.RungeKutta4() = run (Solver.rungeKutta4 0.01<ms>)

    [<Benchmark(Description = "exponential-euler")>]
    member _.ExponentialEuler() = run (Solver.exponentialEuler 0.01<ms>)

    [<Benchmark(Description = "euler")>]
    member _.Euler() = run (Solver.euler 0.01<ms>)

    [<Benchmark(Description = "heun")>]
    member _.Heun() = run (Solver.heun 0.01<ms>)

    [<Benchmark(Description = "dopri5 (rtol 1e-6)")>]
    member _.DormandPrince() = run (DormandPrince.create DormandPrince.defaults)

/// One LIF neuron firing at ~50 Hz, 1 s at dt = 0.01 ms (100 000 steps), no trace kept.
[<MemoryDiagnoser>]
type LeakyIntegrateAndFireOneSecond() =
    let problem =
        Problem.create LeakyIntegrateAndFire.model LeakyIntegrateAndFire.defaults (Input.constant 300.0<pA>) 1000.0<ms>
        |> Problem.withRecording { Variables = []; Interval = NoTrace }

    let run solver = Simulation.stream SimulationObserver.ignore CancellationToken.None solver problem |> snd

    [<Benchmark(Baseline = true, Description = "exact")>]
    member _.Exact() = run (Solver.exact 0.01<ms>)

    [<Benchmark(Description = "rk4")>]
    member _.RungeKutta4() = run (Solver.rungeKutta4 0.01<ms>)

    [<Benchmark(Description = "exponential-euler")>]
    member _.ExponentialEuler() = run (Solver.exponentialEuler 0.01<ms>)

    [<Benchmark(Description = "euler")>]
    member _.Euler() = run (Solver.euler 0.01<ms>)

    [<Benchmark(Description = "heun")>]
    member _.Heun() = run (Solver.heun 0.01<ms>)

    [<Benchmark(Description = "dopri5 (rtol 1e-6)")>]
    member _.DormandPrince() = run (DormandPrince.create DormandPrince.defaults)
