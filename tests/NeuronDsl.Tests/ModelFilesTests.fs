module NeuronDsl.Tests.ModelFilesTests

open System.IO
open Expecto
open NeuronDsl
open NeuronDsl.Models

/// The repository's models/ folder: up from the test binary to the folder holding NeuronDsl.sln.
let private modelsFolder =
    let rec up (dir: DirectoryInfo) =
        if isNull dir then
            invalidOp (sprintf "no NeuronDsl.sln above %s" System.AppContext.BaseDirectory)
        elif File.Exists(Path.Combine(dir.FullName, "NeuronDsl.sln")) then
            Path.Combine(dir.FullName, "models")
        else
            up dir.Parent

    lazy (up (DirectoryInfo System.AppContext.BaseDirectory))

[<Tests>]
let tests =
    testList
        "ModelFiles"
        [ for entry in Catalogue.all ->
              testCase (sprintf "models/%s.model parses to the catalogue's equations" entry.Name)
              <| fun () ->
                  let path = Path.Combine(modelsFolder.Value, entry.Name + ".model")

                  Expect.isTrue
                      (File.Exists path)
                      (sprintf "%s is missing; regenerate with: dotnet fsi models/regenerate.fsx" path)

                  match Equations.parse (File.ReadAllText path) with
                  | Error errors ->
                      failtestf
                          "%s does not parse: %s"
                          path
                          (errors |> List.map (fun e -> e.Format()) |> String.concat "\n")
                  | Ok parsed ->
                      Expect.equal
                          parsed
                          entry.Equations.Source
                          (sprintf
                              "%s differs from the F# model; regenerate with: dotnet fsi models/regenerate.fsx"
                              path) ]
