module NeuronDsl.Tests.RegressionTests

open System
open System.Globalization
open System.IO
open Expecto

/// Spike times must agree to this many ms (absolute): ~35 ulp at 200 ms, far below any solver's error.
let private tolerance = 1e-12

/// One row of cases.csv.
type private Recorded =
    { Key: string list
      Status: string
      SpikeCount: int }

/// Rows of a recorded file (copied beside the test binaries), split at commas, after checking its header.
let private rows (file: string) (header: string) =
    let path = Path.Combine(AppContext.BaseDirectory, RegressionCases.dataFolder, file)
    let lines = File.ReadAllLines path

    if lines.Length = 0 || lines[0] <> header then
        failtestf "%s: expected the header %s" path header

    lines[1..] |> Array.map (fun line -> line.Split ',' |> List.ofArray)

let private recordedCases =
    lazy
        (rows RegressionCases.casesFile RegressionCases.casesHeader
         |> Array.map (fun fields ->
             let key = List.take 5 fields

             key.Head,
             { Key = key
               Status = fields[5]
               SpikeCount = int fields[6] })
         |> dict)

let private recordedSpikes =
    lazy
        (rows RegressionCases.spikesFile RegressionCases.spikesHeader
         |> Array.groupBy List.head
         |> Array.map (fun (id, spikes) ->
             id,
             spikes
             |> Array.map (fun fields -> int fields[5], Double.Parse(fields[6], CultureInfo.InvariantCulture)))
         |> dict)

let private matchesRecording (case: RegressionCases.Case) =
    testCase (sprintf "%s gives the recorded spikes" case.Id)
    <| fun () ->
        let recorded =
            match recordedCases.Value.TryGetValue case.Id with
            | true, r -> r
            | false, _ -> failtestf "%s is not in %s; run record.fsx" case.Id RegressionCases.casesFile

        Expect.equal recorded.Key (RegressionCases.columns case) "model, solver, step and input as recorded"

        let expected =
            match recordedSpikes.Value.TryGetValue case.Id with
            | true, spikes -> spikes
            | false, _ -> [||]

        Expect.equal (Array.map fst expected) [| 0 .. recorded.SpikeCount - 1 |] "spikes.csv agrees with cases.csv"
        let outcome = case.Run()
        Expect.equal outcome.Status recorded.Status "status"
        Expect.equal outcome.Spikes.Length recorded.SpikeCount "number of spikes"

        for k, time in expected do
            let actual = outcome.Spikes[k]

            if not (abs (actual - time) <= tolerance) then
                failtestf
                    "spike %d at %s ms; recorded %s ms (difference %g ms, tolerance %g ms)"
                    k
                    (RegressionCases.roundTrip actual)
                    (RegressionCases.roundTrip time)
                    (actual - time)
                    tolerance

[<Tests>]
let tests =
    testList
        "Regression"
        [ yield! RegressionCases.all |> List.map matchesRecording
          testCase "every recorded case is still defined"
          <| fun () ->
              let defined = RegressionCases.all |> List.map (fun c -> c.Id) |> set
              let recorded = set recordedCases.Value.Keys + set recordedSpikes.Value.Keys
              Expect.equal (Set.toList (recorded - defined)) [] "recorded cases missing from RegressionCases.all" ]
