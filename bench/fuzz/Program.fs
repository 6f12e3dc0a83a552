/// Feeds the model-language parser random bytes and mutated model files, and counts what comes back.
/// Usage: dotnet run -c Release -- [count = 100000] [seed = 20261126] [workers = 2]
module NeuronDsl.Fuzz.Program

open System
open System.Collections.Concurrent
open System.Diagnostics
open System.Threading.Tasks
open NeuronDsl.Tests

let private argument (argv: string[]) (index: int) (fallback: int) =
    if argv.Length > index then int argv[index] else fallback

[<EntryPoint>]
let main argv =
    let count = argument argv 0 100_000
    let seed = argument argv 1 20261126
    let workers = argument argv 2 2
    let random = Random seed

    let inputs =
        Array.init count (fun _ -> ModelTextFuzz.input random ModelTextSamples.all)

    let outcomes = ConcurrentDictionary<string, int>()
    let escaped = ConcurrentBag<string>()
    let clock = Stopwatch.StartNew()

    Parallel.For(
        0,
        count,
        ParallelOptions(MaxDegreeOfParallelism = workers),
        fun i ->
            try
                let outcome = ModelTextFuzz.outcome (ModelTextFuzz.parse inputs[i])
                outcomes.AddOrUpdate(outcome, 1, fun _ n -> n + 1) |> ignore
            with e ->
                escaped.Add(sprintf "input %d: %s" i (e.GetType().Name))
    )
    |> ignore

    let bytes =
        inputs
        |> Array.sumBy (function
            | Choice1Of2 b -> int64 b.Length
            | Choice2Of2 s -> int64 s.Length)

    printfn
        "%d inputs (%d MB, seed %d) in %.1f s on %d workers"
        count
        (bytes / 1_000_000L)
        seed
        clock.Elapsed.TotalSeconds
        workers

    for KeyValue(outcome, n) in outcomes |> Seq.sortByDescending (fun kv -> kv.Value) do
        printfn "  %-22s %7d" outcome n

    printfn "  %-22s %7d" "escaped exceptions" escaped.Count

    for e in Seq.truncate 10 escaped do
        printfn "    %s" e

    if escaped.IsEmpty && not (outcomes.ContainsKey "internal failure") then
        0
    else
        1
