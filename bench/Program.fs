module NeuronDsl.Benchmarks.Program

open BenchmarkDotNet.Running

/// <c>populations</c>: plain timings for bench/populations/compare.py; anything else goes to BenchmarkDotNet.
[<EntryPoint>]
let main argv =
    if argv = [| "populations" |] then
        PopulationTimings.run ()
    else
        BenchmarkSwitcher.FromAssembly(typeof<HodgkinHuxleyOneSecond>.Assembly).Run(argv)
        |> ignore

    0
