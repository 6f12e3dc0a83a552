module NeuronDsl.Tests.ReadmeTests

open System
open System.IO
open Expecto
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models

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

/// The lines of a source file between "// README:begin NAME" and "// README:end NAME".
let private block (file: string) (name: string) =
    let source =
        File.ReadAllLines(Path.Combine(repositoryRoot (), "tests", "NeuronDsl.Tests", file))

    let first =
        source |> Array.findIndex (fun l -> l.Trim() = "// README:begin " + name)

    let last = source |> Array.findIndex (fun l -> l.Trim() = "// README:end " + name)
    significant source[first + 1 .. last - 1]

let private expectInReadme (example: string) (what: string) =
    let readme =
        significant (File.ReadAllLines(Path.Combine(repositoryRoot (), "README.md")))

    Expect.stringContains readme example what

/// The README's first F# example, compiled here.
let private simulateExample () =
    // README:begin simulate
    let solution =
        Problem.create LeakyIntegrateAndFire.model LeakyIntegrateAndFire.defaults (Input.constant 300.0<pA>) 1000.0<ms>
        |> Simulation.run (Solver.exact 0.1<ms>)
    // solution.Spikes : float<ms>[], solution.Trace["V"], solution.Status = Completed
    // README:end simulate
    solution

[<Tests>]
let tests =
    testList
        "README"
        [ testCase "shows the simulation example exactly as it is compiled here"
          <| fun () -> expectInReadme (block "ReadmeTests.fs" "simulate") "README's F# simulation example"

          testCase "the simulation example fires 49 times in its second, as the LIF closed form says"
          <| fun () ->
              // From rest at 300 pA: first spike at 20 ln 3 ms, then every 2 + 20 ln 2.5 ms, so 49 spikes by 1 s.
              let solution = simulateExample ()
              Expect.equal solution.Status Completed "completed"
              Expect.equal solution.Spikes.Length 49 "spikes"

          testCase "shows the quadratic integrate-and-fire model exactly as it is compiled and tested"
          <| fun () -> expectInReadme (block "QuadraticIntegrateAndFire.fs" "qif") "README's F# model example" ]
