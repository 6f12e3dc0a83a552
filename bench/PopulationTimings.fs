/// Wall-clock timings of issue 8's population cases for the same-session comparison with Brian2
/// (bench/populations/compare.py): each case once to warm up (compile, JIT), then the best of three runs, with the
/// hand-written one-thread loops of PopulationBenchmarks measured in the same process as the baseline.
module NeuronDsl.Benchmarks.PopulationTimings

open System.Diagnostics
open NeuronDsl
open NeuronDsl.Units

let private best (runs: int) (f: unit -> 'a) =
    f () |> ignore

    Seq.init runs (fun _ ->
        let watch = Stopwatch.StartNew()
        let result = f ()
        watch.Elapsed.TotalSeconds, box result)
    |> Seq.minBy fst

/// The COBA benchmark for 1 s with a spike delivery (Brian2 delivers on the grid); its spike count.
let private coba (delivery: SpikeDelivery) () =
    let solution =
        CobaNetwork.create 2u System.Environment.ProcessorCount
        |> Network.withDelivery delivery
        |> Network.run (Solver.exponentialEuler 0.1<ms>) 1000.0<ms>

    box solution.Spikes.Length

/// Prints one line per case: name, seconds (best of three), what it returned (spike count or a checksum).
let run (only: string) =
    let lif = LeakyIntegrateAndFirePopulation()
    let hh = HodgkinHuxleyPopulation()

    let cases: (string * (unit -> obj)) list =
        [ "lif_population", (fun () -> box (lif.Population()))
          "lif_population_one_thread", (fun () -> box (lif.PopulationOneThread()))
          "lif_population_ou_one_thread", (fun () -> box (lif.PopulationOneThreadNoise()))
          "lif_hand_written_one_thread", (fun () -> box (lif.HandWritten()))
          "hh_exponential_euler_population", (fun () -> box (hh.ExponentialEuler()))
          "hh_rk4_population", (fun () -> box (hh.RungeKutta4()))
          "hh_rk4_hand_written_one_thread", (fun () -> box (hh.HandWritten()))
          "coba_exponential_euler_network", coba SpikeDelivery.Precise
          "coba_exponential_euler_network_grid", coba SpikeDelivery.Grid ]

    for name, f in cases |> List.filter (fun (name, _) -> name.StartsWith only) do
        let seconds, result = best 3 f
        printfn "%s %.4f %O" name seconds result
