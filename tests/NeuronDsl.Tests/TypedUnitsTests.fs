module NeuronDsl.Tests.TypedUnitsTests

open System
open System.Diagnostics
open System.IO
open Expecto

/// Type-checks an F# script against the built library with `dotnet fsi`; returns the exit code and its output.
let private typeCheck (body: string) =
    let library = typeof<NeuronDsl.Equations>.Assembly.Location
    let folder = Directory.CreateTempSubdirectory("neurondsl-typed-")

    try
        let script = Path.Combine(folder.FullName, "model.fsx")

        let header =
            [ sprintf "#r @\"%s\"" library
              "open NeuronDsl"
              "open NeuronDsl.Units"
              "let C = parameter \"C\" (200.0 * pF) ValueRange.positive \"\""
              "let gL = parameter \"g_L\" (10.0 * nS) ValueRange.positive \"\""
              "let EL = parameter \"E_L\" (-70.0 * mV) ValueRange.any \"\""
              "let I = input \"I\" pA \"\""
              "let V = state \"V\" mV EL ValueRange.any \"\"" ]

        File.WriteAllLines(script, header @ [ body ])

        let start =
            ProcessStartInfo("dotnet", RedirectStandardOutput = true, RedirectStandardError = true)

        for a in [ "fsi"; "--quiet"; "--exec"; script ] do
            start.ArgumentList.Add a

        use p = Process.Start start
        let output = p.StandardOutput.ReadToEndAsync()
        let error = p.StandardError.ReadToEndAsync()
        p.WaitForExit()
        p.ExitCode, output.Result + error.Result
    finally
        folder.Delete true

[<Tests>]
let tests =
    // The typed front-end's promise is a compile-time one, so it is tested by compiling: the same equation with the
    // units right type-checks and runs, and with one term wrong it is rejected by the F# compiler.
    testSequenced
    <| testList
        "Typed units"
        [ testCase "dV/dt = (I - gL (V - EL)) / C type-checks and builds a model"
          <| fun () ->
              let code, output =
                  typeCheck
                      "let m = TypedModel.create \"lif\" \"\" \"\" I [ dt V ((I - gL * (V - EL)) / C) ] |> Equations.ofTyped\nprintfn \"%s\" m.Name"

              Expect.equal code 0 output
              Expect.stringContains output "lif" "the script ran"
          testCase "dV/dt = (I - gL V) / C with V in place of V - EL still type-checks (same units)"
          <| fun () ->
              let code, output =
                  typeCheck "let r = dt V ((I - gL * V) / C)\nprintfn \"%s\" r.Equation.Variable"

              Expect.equal code 0 output
          testCase "dV/dt = (I - (V - EL)) / C does not compile: a current minus a potential"
          <| fun () ->
              let code, output = typeCheck "let r = dt V ((I - (V - EL)) / C)"
              Expect.notEqual code 0 "rejected"
              // pA - mV matches no overload of (-) on terms: FS0043, a type error at the subtraction.
              Expect.stringContains output "error FS0043: No overloads match for method 'op_Subtraction'" "no pA - mV"
          testCase "dV/dt = I - gL (V - EL) does not compile: a current is not a rate of the potential"
          <| fun () ->
              let code, output = typeCheck "let r = dt V (I - gL * (V - EL))"
              Expect.notEqual code 0 "rejected"
              Expect.stringContains output "FS0001" "a type (unit) mismatch"
          testCase "exp of a potential does not compile"
          <| fun () ->
              let code, output = typeCheck "let r = exp V"
              Expect.notEqual code 0 "rejected"
              Expect.stringContains output "FS0001" "exp takes a pure number" ]
