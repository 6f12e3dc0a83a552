module NeuronDsl.Tests.ReadmeTests

open System
open System.IO
open Expecto

/// The repository root: the first folder above the test binaries that holds NeuronDsl.sln.
let repositoryRoot () =
    let rec up (d: DirectoryInfo) =
        if isNull d then
            failwith "NeuronDsl.sln not found above the test folder"
        elif File.Exists(Path.Combine(d.FullName, "NeuronDsl.sln")) then
            d.FullName
        else
            up d.Parent

    up (DirectoryInfo AppContext.BaseDirectory)

let private significant (lines: string seq) =
    lines
    |> Seq.map (fun l -> l.Trim())
    |> Seq.filter (fun l -> l.Length > 0)
    |> String.concat "\n"

[<Tests>]
let tests =
    testList
        "README"
        [ testCase "shows the quadratic integrate-and-fire model exactly as it is compiled and tested"
          <| fun () ->
              let root = repositoryRoot ()

              let source =
                  File.ReadAllLines(Path.Combine(root, "tests", "NeuronDsl.Tests", "QuadraticIntegrateAndFire.fs"))

              let first = source |> Array.findIndex (fun l -> l.Trim() = "// README:begin")
              let last = source |> Array.findIndex (fun l -> l.Trim() = "// README:end")
              let example = significant source[first + 1 .. last - 1]
              let readme = significant (File.ReadAllLines(Path.Combine(root, "README.md")))
              Expect.stringContains readme example "README's F# model example" ]
