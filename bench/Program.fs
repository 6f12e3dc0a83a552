module NeuronDsl.Benchmarks.Program

open BenchmarkDotNet.Running

/// <c>populations [PREFIX]</c>: plain timings for bench/populations/compare.py (the cases whose name starts with
/// PREFIX); anything else goes to BenchmarkDotNet.
[<EntryPoint>]
let main argv =
    if argv.Length >= 1 && argv[0] = "populations" then
        PopulationTimings.run (if argv.Length > 1 then argv[1] else "")
    else
        BenchmarkSwitcher.FromAssembly(typeof<HodgkinHuxleyOneSecond>.Assembly).Run(argv)
        |> ignore

    0
