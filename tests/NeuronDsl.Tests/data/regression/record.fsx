// Records the spike times of every case in RegressionCases.fs into cases.csv and spikes.csv beside this script.
// Build the library first, then run from anywhere:
//     dotnet build src/NeuronDsl && dotnet fsi tests/NeuronDsl.Tests/data/regression/record.fsx
#r "../../../../src/NeuronDsl/bin/Debug/net10.0/NeuronDsl.dll"
#load "../../RegressionCases.fs"

open System.IO
open NeuronDsl.Tests

let folder = __SOURCE_DIRECTORY__
let cases = ResizeArray [ RegressionCases.casesHeader ]
let spikes = ResizeArray [ RegressionCases.spikesHeader ]

for case in RegressionCases.all do
    let outcome = case.Run()

    let key = String.concat "," (RegressionCases.columns case)

    cases.Add(sprintf "%s,%s,%d" key outcome.Status outcome.Spikes.Length)

    outcome.Spikes
    |> Array.iteri (fun k t -> spikes.Add(sprintf "%s,%d,%s" key k (RegressionCases.roundTrip t)))

    printfn "%-50s %-10s %4d spikes" case.Id outcome.Status outcome.Spikes.Length

let write (file: string) (lines: string seq) =
    File.WriteAllText(Path.Combine(folder, file), String.concat "\n" lines + "\n")

write RegressionCases.casesFile cases
write RegressionCases.spikesFile spikes
printfn "%d cases, %d spikes -> %s" (cases.Count - 1) (spikes.Count - 1) folder
