module NeuronDsl.Tests.NotebookTests

open System
open System.Diagnostics
open System.IO
open System.Text.Json
open Expecto

/// Runs a command to completion in a folder; returns exit code and combined output.
let private execute (folder: string) (file: string) (arguments: string list) =
    let start =
        ProcessStartInfo(file, WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true)

    for a in arguments do
        start.ArgumentList.Add a

    use p = Process.Start start
    let output = p.StandardOutput.ReadToEndAsync()
    let error = p.StandardError.ReadToEndAsync()
    p.WaitForExit()
    p.ExitCode, output.Result + error.Result

/// The project's local tools (dotnet-repl) come from its own manifest, restored once per test run.
let private toolsRestored =
    lazy
        (let code, output =
            execute (ReadmeTests.repositoryRoot ()) "dotnet" [ "tool"; "restore" ]

         if code <> 0 then
             failwithf "dotnet tool restore failed:\n%s" output)

/// Error outputs recorded in an executed notebook.
let private errors (path: string) =
    use document = JsonDocument.Parse(File.ReadAllText path)

    [ for cell in document.RootElement.GetProperty("cells").EnumerateArray() do
          match cell.TryGetProperty "outputs" with
          | true, outputs ->
              for o in outputs.EnumerateArray() do
                  if o.GetProperty("output_type").GetString() = "error" then
                      yield o.GetRawText()
          | _ -> () ]

[<Tests>]
let tests =
    let folder = Path.Combine(ReadmeTests.repositoryRoot (), "notebooks")

    let notebooks =
        Directory.GetFiles(folder, "*.ipynb")
        |> Array.map Path.GetFileName
        |> Array.sort

    testList
        "Notebooks"
        [ testCase "there are notebooks to run"
          <| fun () -> Expect.isGreaterThanOrEqual notebooks.Length 3 "three notebooks"
          // Executing notebooks is slow (seconds each, with package restore) and they share the tool: run in order.
          testSequenced
          <| testList
              "run top to bottom without error"
              [ for notebook in notebooks do
                    testCase notebook
                    <| fun () ->
                        toolsRestored.Force()
                        Directory.CreateDirectory(Path.Combine(folder, "out")) |> ignore
                        let output = Path.Combine("out", notebook)

                        let code, log =
                            execute
                                folder
                                "dotnet"
                                [ "repl"
                                  "--run"
                                  notebook
                                  "--exit-after-run"
                                  "--default-kernel"
                                  "fsharp"
                                  "--output-path"
                                  output ]

                        Expect.equal code 0 (sprintf "dotnet repl exit code; log:\n%s" log)
                        Expect.isEmpty (errors (Path.Combine(folder, output))) "no cell failed" ] ]
