namespace NeuronDsl.Benchmarks

open System.Threading
open BenchmarkDotNet.Attributes
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models

/// One neuron, 1 s of biological time at dt = 0.01 ms (100 000 steps), no trace kept: the cost of a solver, the
/// model adapter and event detection. Each subclass adds the baseline its rows are compared with.
[<AbstractClass; MemoryDiagnoser>]
type OneSecond<'P, 'S, [<Measure>] 'I>(problem: Problem<'P, 'S, 'I>) =
    let problem =
        problem |> Problem.withRecording { Variables = []; Interval = NoTrace }

    member _.Run(solver: Solver) =
        Simulation.stream SimulationObserver.ignore CancellationToken.None solver problem
        |> snd

    [<Benchmark(Description = "rk4")>]
    member this.RungeKutta4() = this.Run(Solver.rungeKutta4 0.01<ms>)

    [<Benchmark(Description = "exponential-euler")>]
    member this.ExponentialEuler() =
        this.Run(Solver.exponentialEuler 0.01<ms>)

    [<Benchmark(Description = "euler")>]
    member this.Euler() = this.Run(Solver.euler 0.01<ms>)

    [<Benchmark(Description = "heun")>]
    member this.Heun() = this.Run(Solver.heun 0.01<ms>)

    [<Benchmark(Description = "dopri5 (rtol 1e-6)")>]
    member this.DormandPrince() =
        this.Run(DormandPrince.create DormandPrince.defaults)

/// Hodgkin–Huxley at 10 µA/cm², against a hand-written RK4 loop measured in the same run.
type HodgkinHuxleyOneSecond() =
    inherit
        OneSecond<ParameterValues, float[], uA / cm2>(
            Problem.create
                HodgkinHuxley.model
                HodgkinHuxley.defaults
                (Input.step 10.0<uA / cm2> 0.0<ms> 1000.0<ms>)
                1000.0<ms>
        )

    [<Benchmark(Baseline = true, Description = "hand-written RK4 loop")>]
    member _.HandWrittenRungeKutta4() =
        HandWritten.rungeKutta4 10.0 0.01 100_000

/// One LIF neuron firing at ~50 Hz (300 pA), against the library's exact integration.
type LeakyIntegrateAndFireOneSecond() =
    inherit
        OneSecond<ParameterValues, float[], pA>(
            Problem.create
                LeakyIntegrateAndFire.model
                LeakyIntegrateAndFire.defaults
                (Input.constant 300.0<pA>)
                1000.0<ms>
        )

    [<Benchmark(Baseline = true, Description = "exact")>]
    member this.Exact() = this.Run(Solver.exact 0.01<ms>)
