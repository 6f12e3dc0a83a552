module NeuronDsl.Benchmarks.Program

open BenchmarkDotNet.Running

[<EntryPoint>]
let main argv =
    BenchmarkSwitcher.FromAssembly(typeof<HodgkinHuxleyOneSecond>.Assembly).Run(argv)
    |> ignore

    0
