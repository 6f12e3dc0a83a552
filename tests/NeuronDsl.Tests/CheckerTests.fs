module NeuronDsl.Tests.CheckerTests

open System
open Expecto
open NeuronDsl

/// The kind, line and column of every error in a model text, in position order.
let private errorsOf (text: string) =
    match Equations.parseNamed "bad.model" text with
    | Ok _ -> failtestf "expected errors in:\n%s" text
    | Error errors -> errors |> List.map (fun e -> e.Kind, e.Line, e.Column)

let private expectErrors (text: string) (expected: (ModelErrorKind * int * int) list) =
    Expect.equal (errorsOf text) expected text

/// A small valid model; each bad case below changes one line of it.
let private lines =
    [ "model \"lif\""
      "parameter C = 200 pF > 0"
      "parameter R = 0.1 Gohm > 0"
      "parameter E_L = -70 mV"
      "parameter V_th = -50 mV"
      "input I : pA"
      "state V : mV = E_L"
      "dV/dt = (I - (V - E_L) / R) / C"
      "threshold V > V_th"
      "reset V = E_L" ]

let private replacing (index: int) (line: string) =
    String.Join("\n", lines |> List.mapi (fun k l -> if k = index then line else l))

let private adding (line: string) = String.Join("\n", lines @ [ line ])

[<Tests>]
let tests =
    testList
        "Checker"
        [ testCase "the base model checks"
          <| fun () -> Expect.isOk (Equations.parse (String.Join("\n", lines))) "valid"
          testCase "an unknown identifier points at the name"
          <| fun () -> expectErrors (replacing 7 "dV/dt = (I - (V - E_X) / R) / C") [ UnknownName, 8, 19 ]
          testCase "a variable declared twice"
          <| fun () -> expectErrors (adding "state V : mV = E_L") [ DuplicateName, 11, 7 ]
          testCase "a parameter and a state with one name (reported at the state)"
          <| fun () -> expectErrors (adding "parameter V = 1 mV") [ DuplicateName, 7, 7 ]
          testCase "a derivative of an undeclared variable"
          <| fun () -> expectErrors (adding "dW/dt = V / ms") [ DerivativeOfUndeclared, 11, 2 ]
          testCase "a state without a differential equation"
          <| fun () -> expectErrors (adding "state W : mV = E_L") [ MissingDerivative, 11, 7 ]
          testCase "a threshold that is not a comparison"
          <| fun () -> expectErrors (replacing 8 "threshold V - V_th") [ NotAComparison, 9, 1 ]
          testCase "a threshold on equality is not a crossing"
          <| fun () -> expectErrors (replacing 8 "threshold V == V_th") [ NotAComparison, 9, 1 ]
          testCase "a unit mismatch in a sum"
          <| fun () -> expectErrors (replacing 7 "dV/dt = (I - (V - E_L)) / C") [ UnitMismatch, 8, 1 ]
          testCase "a rate in the wrong unit"
          <| fun () -> expectErrors (replacing 7 "dV/dt = (I - (V - E_L) / R)") [ UnitMismatch, 8, 1 ]
          testCase "exp of a potential"
          <| fun () -> expectErrors (adding "define x = exp(V) : 1") [ UnitMismatch, 11, 1 ]
          testCase "a reset assigning to a parameter"
          <| fun () -> expectErrors (replacing 9 "reset E_L = V") [ AssignmentToNonState, 10, 7 ]
          testCase "a reset assigning to the input"
          <| fun () -> expectErrors (replacing 9 "reset I = 1 pA") [ AssignmentToNonState, 10, 7 ]
          testCase "circular sub-expressions"
          <| fun () ->
              let text = adding "define a = b * 2 : mV\ndefine b = a + V : mV"
              let kinds = errorsOf text |> List.map (fun (k, _, _) -> k) |> List.distinct
              Expect.equal kinds [ CircularDefinition ] text
          testCase "a division by a constant zero"
          <| fun () -> expectErrors (replacing 7 "dV/dt = (I - (V - E_L) / R) / C / (2 - 2)") [ DivisionByZero, 8, 1 ]
          testCase "a threshold that depends on the input"
          <| fun () -> expectErrors (replacing 8 "threshold V > V_th + I * R") [ InvalidValue, 9, 22 ]
          testCase "an initial value that uses a state"
          <| fun () -> expectErrors (adding "state W : mV = V\ndW/dt = -W / ms") [ InvalidValue, 11, 16 ]
          testCase "a default outside its range"
          <| fun () -> expectErrors (replacing 1 "parameter C = -200 pF > 0") [ InvalidValue, 2, 11 ]
          testCase "a requirement that is a value, not a condition"
          <| fun () -> expectErrors (adding "require V_th - E_L") [ NotAComparison, 11, 1 ]
          testCase "declaring t"
          <| fun () -> expectErrors (adding "parameter t = 1 ms") [ DuplicateName, 11, 11 ]
          testCase "a model without state variables"
          <| fun () -> expectErrors "model \"empty\"\nparameter a = 1" [ EmptyModel, 1, 1 ]
          testCase "every error of a model is reported, each in its place"
          <| fun () ->
              let text = replacing 9 "reset E_L = V" |> fun t -> t.Replace("E_L) / R", "E_X) / R")
              expectErrors text [ UnknownName, 8, 19; AssignmentToNonState, 10, 7 ] ]
