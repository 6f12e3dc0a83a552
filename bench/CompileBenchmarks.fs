namespace NeuronDsl.Benchmarks

open BenchmarkDotNet.Attributes
open NeuronDsl
open NeuronDsl.Tests

/// Compiling a model written as equations to delegates (every kernel, the symbolic diagonal and, for LIF, the exact
/// flow): issue 7 asks for less than 50 ms per model.
[<MemoryDiagnoser>]
type CompileEquations() =
    let lif = EquationModels.check EquationModels.leakyIntegrateAndFire
    let hh = EquationModels.check EquationModels.hodgkinHuxley

    [<Benchmark(Description = "LIF: compile")>]
    member _.LeakyIntegrateAndFire() = Compiler.compile lif

    [<Benchmark(Description = "HH: compile")>]
    member _.HodgkinHuxley() = Compiler.compile hh

    [<Benchmark(Description = "HH: check + compile")>]
    member _.HodgkinHuxleyFromEquations() =
        Compiler.compile (EquationModels.check EquationModels.hodgkinHuxley)
