module NeuronDsl.Tests.ModelTextTests

open System
open System.IO
open Expecto
open FsCheck
open FsCheck.FSharp
open NeuronDsl

/// Random models that use every statement, every expression case, units from the table and awkward numbers.
module private RandomModels =
    let private reserved =
        set
            [ "t"
              "if"
              "then"
              "else"
              "and"
              "or"
              "not"
              "in"
              "unless"
              "cite"
              "inf"
              "nan" ]
        + set (Expr.functions |> List.map Expr.functionName)

    /// Names, some of them unit symbols (V, m, ms): declared names shadow units in expressions.
    let name: Gen<string> =
        let first = Gen.elements ([ 'a' .. 'z' ] @ [ 'A' .. 'Z' ] @ [ '_' ])
        let rest = Gen.elements ([ 'a' .. 'z' ] @ [ 'A' .. 'Z' ] @ [ '0' .. '9' ] @ [ '_' ])

        let random =
            Gen.map2
                (fun c cs -> String(Array.ofList (c :: cs)))
                first
                (Gen.choose (0, 6) |> Gen.bind (fun n -> Gen.listOfLength n rest))

        Gen.frequency
            [ 8, random
              1, Gen.elements [ "V"; "m"; "ms"; "S"; "cm2"; "E_L"; "define"; "model" ] ]
        |> Gen.filter (reserved.Contains >> not)

    let unit: Gen<PhysicalUnit> =
        let factor =
            Gen.map2
                (fun (u: NamedUnit) k -> (PhysicalUnit.named u.Symbol).Power k)
                (Gen.elements PhysicalUnit.table)
                (Gen.elements [ -3; -2; -1; 1; 1; 1; 2; 3 ])

        Gen.choose (0, 3)
        |> Gen.bind (fun n -> Gen.listOfLength n factor)
        |> Gen.map (List.fold (*) PhysicalUnit.one)

    let number: Gen<float> =
        let bits =
            Gen.map2
                (fun (hi: int) (lo: int) -> BitConverter.Int64BitsToDouble((int64 hi <<< 32) ||| int64 (uint32 lo)))
                (Gen.choose (Int32.MinValue, Int32.MaxValue))
                (Gen.choose (Int32.MinValue, Int32.MaxValue))
            |> Gen.filter Double.IsFinite

        Gen.oneof
            [ Gen.choose (-100, 100) |> Gen.map float
              Gen.elements
                  [ 0.0
                    -0.0
                    0.1
                    -70.0
                    1e-300
                    -1e-300
                    5e-324
                    1e300
                    Double.MaxValue
                    -Double.MaxValue
                    Double.Epsilon
                    infinity
                    -infinity
                    123456789.123456789
                    1.0 / 3.0 ]
              bits ]

    let text: Gen<string> =
        Gen.elements (
            [ 'a' .. 'z' ]
            @ [ ' '; '"'; '\\'; '#'; ';'; '\n'; '\t'; '\u0001'; 'µ'; 'é'; '–'; '{' ]
        )
        |> Gen.listOf
        |> Gen.map (fun cs -> String(Array.ofList cs))

    let rec expr (names: string list) (size: int) : Gen<Expr> =
        let leaf =
            Gen.oneof
                [ Gen.map2 (fun v u -> Number(v, u)) number unit
                  Gen.elements ("t" :: names) |> Gen.map Name ]

        if size <= 0 then
            leaf
        else
            let sub = expr names (size / 2)

            let call =
                Gen.elements Expr.functions
                |> Gen.bind (fun f -> Gen.listOfLength (Expr.arity f) sub |> Gen.map (fun args -> Call(f, args)))

            Gen.oneof
                [ leaf
                  Gen.map Negate sub
                  Gen.map3
                      (fun op a b -> Binary(op, a, b))
                      (Gen.elements [ Add; Subtract; Multiply; Divide; Power ])
                      sub
                      sub
                  call
                  Gen.map3
                      (fun c a b -> Compare(c, a, b))
                      (Gen.elements [ Less; LessOrEqual; Greater; GreaterOrEqual; Equal; NotEqual ])
                      sub
                      sub
                  Gen.map3 (fun op a b -> Logical(op, a, b)) (Gen.elements [ And; Or ]) sub sub
                  Gen.map Not sub
                  Gen.map3 (fun c a b -> Conditional(c, a, b)) sub sub sub ]

    let range: Gen<ValueRange> =
        let side = Gen.optionOf (number |> Gen.filter Double.IsFinite)

        gen {
            let! lo = side
            let! loIn = Gen.elements [ true; false ]
            let! hi = side
            let! hiIn = Gen.elements [ true; false ]

            return
                { Minimum = lo
                  MinimumInclusive = loIn || lo.IsNone
                  Maximum = hi
                  MaximumInclusive = hiIn || hi.IsNone }
        }

    let private upTo n (g: Gen<'T>) =
        Gen.choose (0, n) |> Gen.bind (fun k -> Gen.listOfLength k g)

    let equations: Gen<Equations> =
        gen {
            let! parameterNames = upTo 4 name
            let! stateNames = upTo 3 name
            let! inputNames = upTo 2 name
            let! definitionNames = upTo 3 name
            let names = parameterNames @ stateNames @ inputNames @ definitionNames
            let e = Gen.sized (fun s -> expr names (min s 12))

            let! parameters =
                parameterNames
                |> List.map (fun n ->
                    gen {
                        let! v = number
                        let! u = unit
                        let! r = range
                        let! d = text
                        let! c = text

                        return
                            { Name = n
                              Unit = u
                              Default = v
                              Range = r
                              Description = d
                              Citation = c }
                    })
                |> Gen.sequenceToList

            let! states =
                stateNames
                |> List.map (fun n ->
                    Gen.map4
                        (fun u i r d ->
                            { Name = n
                              Unit = u
                              Initial = i
                              Bounds = r
                              Description = d })
                        unit
                        e
                        range
                        text)
                |> Gen.sequenceToList

            let! inputs =
                inputNames
                |> List.map (fun n -> Gen.map2 (fun u d -> { Name = n; Unit = u; Description = d }) unit text)
                |> Gen.sequenceToList

            let! definitions =
                definitionNames
                |> List.map (fun n ->
                    Gen.map3
                        (fun u v d ->
                            { Name = n
                              Unit = u
                              Value = v
                              Description = d })
                        unit
                        e
                        text)
                |> Gen.sequenceToList

            let! derivatives =
                upTo
                    3
                    (Gen.map3
                        (fun v r u ->
                            { Variable = v
                              Rate = r
                              UnlessRefractory = u })
                        name
                        e
                        (Gen.elements [ true; false ]))

            let! reset =
                upTo
                    3
                    (Gen.map3
                        (fun t o v -> { Target = t; Operator = o; Value = v })
                        name
                        (Gen.elements [ Assign; AddAssign; SubtractAssign; MultiplyAssign; DivideAssign ])
                        e)

            let! modelName = text
            let! description = text
            let! citation = text
            let! threshold = Gen.optionOf e
            let! refractory = Gen.optionOf e
            let! start = Gen.elements [ InitialValues; Rest ]
            let! requirements = upTo 2 e

            return
                { Name = modelName
                  Description = description
                  Citation = citation
                  Parameters = parameters
                  States = states
                  Inputs = inputs
                  Definitions = definitions
                  Derivatives = derivatives
                  Threshold = threshold
                  Reset = reset
                  Refractory = refractory
                  Start = start
                  Requirements = requirements }
        }

let private parse (text: string) = ModelParser.parse "test.model" text

let private parsed (text: string) =
    match parse text with
    | Ok p -> p.Equations
    | Error errors -> failtestf "expected a model, got:\n%s" (String.Join("\n", errors |> List.map string))

/// The single error of a text, checked on its fields.
let private expectError (text: string) (line: int) (column: int) (kind: ModelErrorKind) =
    match parse text with
    | Ok _ -> failtest "expected an error, but the text parsed"
    | Error [ e ] ->
        Expect.equal (e.Kind, e.Line, e.Column) (kind, line, column) (e.Format())
        Expect.equal e.File "test.model" "file"
    | Error errors -> failtestf "expected one error, got:\n%s" (String.Join("\n", errors |> List.map string))

/// The expression of "threshold ..." in a model that declares x, y, V and m.
let private expression (text: string) =
    let m =
        parsed (
            "model \"e\"\nparameter x = 1\nparameter y = 2\nparameter V = 3 mV\nparameter m = 4\nthreshold "
            + text
        )

    m.Threshold.Value

let private ms = PhysicalUnit.named "ms"
let private mV = PhysicalUnit.named "mV"

[<Tests>]
let tests =
    testList
        "ModelText"
        [ testList
              "round trip"
              [ testProp "print then parse gives the model back" RandomModels.equations (fun m ->
                    let text = ModelPrinter.print m
                    Expect.equal (parse text |> Result.map (fun p -> p.Equations)) (Ok m) text)

                for sample, title in List.zip ModelTextSamples.all [ "LIF"; "HH"; "Izhikevich" ] do
                    testCase (sprintf "%s: parse, print, parse is a fixed point" title)
                    <| fun () ->
                        let first = parsed sample
                        let printed = ModelPrinter.print first
                        Expect.equal (parsed printed) first printed
                        Expect.equal (ModelPrinter.print (parsed printed)) printed "printing twice" ]

          testList
              "expressions"
              [ testCase "a number takes the unit written after it"
                <| fun () -> Expect.equal (expression "200 pF") (Number(200.0, PhysicalUnit.named "pF")) ""
                testCase "0.1/ms is one number in 1/ms"
                <| fun () -> Expect.equal (expression "0.1/ms") (Number(0.1, PhysicalUnit.one / ms)) ""
                testCase "mS/cm^2 and mS/cm2 are the same unit"
                <| fun () -> Expect.equal (expression "120 mS/cm2") (expression "120 mS/cm^2") ""
                testCase "a unit standing alone is 1 of that unit"
                <| fun () -> Expect.equal (expression "x / ms") (Binary(Divide, Name "x", Number(1.0, ms))) ""
                testCase "a declared name shadows a unit symbol"
                <| fun () -> Expect.equal (expression "V * m") (Binary(Multiply, Name "V", Name "m")) ""
                testCase "-70 mV is a negative literal"
                <| fun () -> Expect.equal (expression "-70 mV") (Number(-70.0, mV)) ""
                testCase "-x**2 is -(x**2)"
                <| fun () -> Expect.equal (expression "-x**2") (Negate(Binary(Power, Name "x", Expr.number 2.0))) ""
                testCase "-2 ** 2 is -(2 ** 2)"
                <| fun () ->
                    Expect.equal (expression "-2 ^ 2") (Negate(Binary(Power, Expr.number 2.0, Expr.number 2.0))) ""
                testCase "** is right-associative"
                <| fun () ->
                    Expect.equal
                        (expression "x ** y ** 2")
                        (Binary(Power, Name "x", Binary(Power, Name "y", Expr.number 2.0)))
                        ""
                testCase "* binds tighter than +, and - is left-associative"
                <| fun () ->
                    Expect.equal
                        (expression "x - y - x * y")
                        (Binary(Subtract, Binary(Subtract, Name "x", Name "y"), Binary(Multiply, Name "x", Name "y")))
                        ""
                testCase "if binds loosest, and above not, comparisons"
                <| fun () ->
                    Expect.equal
                        (expression "if not x < y and t > 1 ms then x else y + 1")
                        (Conditional(
                            Logical(
                                And,
                                Not(Compare(Less, Name "x", Name "y")),
                                Compare(Greater, Name "t", Number(1.0, ms))
                            ),
                            Name "x",
                            Binary(Add, Name "y", Expr.number 1.0)
                        ))
                        ""
                testCase "functions take their arguments"
                <| fun () ->
                    Expect.equal
                        (expression "pow(x, 2) + exprel(y)")
                        (Binary(Add, Call(Pow, [ Name "x"; Expr.number 2.0 ]), Call(Exprel, [ Name "y" ])))
                        "" ]

          testList
              "statements"
              [ testCase "ranges are read in the parameter's unit, with or without a unit"
                <| fun () ->
                    let m = parsed "model \"r\"\nparameter C = 200 pF in (0.1 nF, 300]"
                    Expect.equal m.Parameters.Head.Range.Minimum (Some 100.0) "0.1 nF in pF"
                    Expect.equal m.Parameters.Head.Range.Maximum (Some 300.0) "300 pF"
                    Expect.isFalse m.Parameters.Head.Range.MinimumInclusive "open below"
                testCase "reset statements keep their order across lines"
                <| fun () ->
                    let m = parsed "model \"r\"\nreset v = c; u += d\nreset w /= 2"

                    Expect.equal
                        (m.Reset |> List.map (fun r -> r.Target, r.Operator))
                        [ "v", Assign; "u", AddAssign; "w", DivideAssign ]
                        ""
                testCase "every item has its span"
                <| fun () ->
                    match parse ModelTextSamples.izhikevich with
                    | Ok p ->
                        let spanOf item =
                            p.Items |> List.find (fst >> (=) item) |> snd

                        let reset1 = spanOf (ResetItem 1)
                        Expect.equal (reset1.Line, reset1.Column) (9, 14) "u += d"
                        Expect.equal (p.Text.Substring(reset1.Offset, reset1.Length)) "u += d" "its text"
                        let b = spanOf (ParameterItem "b")
                        Expect.equal (b.Line, b.Column) (2, 24) "parameter b"
                    | Error e -> failtestf "%A" e
                testCase "a checker error is placed at its token inside the item"
                <| fun () ->
                    match parse ModelTextSamples.leakyIntegrateAndFire with
                    | Ok p ->
                        let error =
                            { Item = DerivativeItem "V"
                              Kind = UnknownName
                              Token = Some "I_L"
                              Message = "unknown name 'I_L'" }

                        let located = ModelParser.locate p error

                        Expect.equal
                            (located.Line, located.Column, located.Kind)
                            (17, 14, UnknownName)
                            (located.Format())

                        let noToken = ModelParser.locate p { error with Token = None }
                        Expect.equal (noToken.Line, noToken.Column) (17, 1) "the item's start"
                    | Error e -> failtestf "%A" e ]

          testList
              "bad input"
              [ testCase "a syntax error points at the unexpected character"
                <| fun () -> expectError "model \"x\"\nthreshold V >> 2" 2 14 SyntaxError
                testCase "an unknown unit points at the unit"
                <| fun () -> expectError "model \"x\"\nparameter C = 200 pX" 2 19 UnknownUnit
                testCase "a second threshold is a duplicate"
                <| fun () -> expectError "model \"x\"\nthreshold V > 1\n\nthreshold V > 2" 4 1 DuplicateName
                testCase "a second model statement is a duplicate"
                <| fun () -> expectError "model \"x\"; model \"y\"" 1 12 DuplicateName
                testCase "a function with the wrong number of arguments"
                <| fun () -> expectError "model \"x\"\ndefine y = 2 * exp(1, 2) : 1" 2 16 WrongArgumentCount
                testCase "an unclosed parenthesis is reported at the end of the line"
                <| fun () -> expectError "model \"x\"\nthreshold (V > 1\nstart rest" 2 17 SyntaxError
                testCase "an empty file" <| fun () -> expectError "" 1 1 EmptyModel
                testCase "a file of comments and blank lines"
                <| fun () -> expectError "# nothing\n\n   # here\n" 1 1 EmptyModel
                testCase "a binary file"
                <| fun () -> expectError "model \"x\"\nthreshold \u0000\u0001" 2 11 EmptyModel
                testCase "bytes that are not UTF-8"
                <| fun () ->
                    match ModelParser.parseBytes "b.model" [| 109uy; 10uy; 0xFFuy; 0xFEuy |] with
                    | Error [ e ] -> Expect.equal (e.Kind, e.Line, e.Column) (EmptyModel, 2, 1) (e.Format())
                    | other -> failtestf "%A" other
                testCase "a model that does not start with model"
                <| fun () -> expectError "\nparameter x = 1\nmodel \"x\"" 2 1 SyntaxError
                testCase "a deeply nested expression"
                <| fun () ->
                    let deep = String.replicate 1000 "(" + "x" + String.replicate 1000 ")"
                    expectError ("model \"x\"\nthreshold " + deep) 2 (12 + ModelParser.MaxDepth) SyntaxError
                testCase "a very long chain is too deep too"
                <| fun () -> expectError ("model \"x\"\nthreshold x" + String.replicate 100000 " + x") 2 11 SyntaxError
                testCase "errors format as file:line:column with a caret"
                <| fun () ->
                    match parse "model \"x\"\n\tthreshold V >> 2" with
                    | Error [ e ] ->
                        Expect.equal
                            (e.Format().Split('\n'))
                            [| "test.model:2:15: " + e.Message; "\tthreshold V >> 2"; "\t             ^" |]
                            ""
                    | other -> failtestf "%A" other ]

          testList
              "Equations.parse"
              [ for sample, title in List.zip ModelTextSamples.all [ "LIF"; "HH"; "Izhikevich" ] do
                    testCase (sprintf "%s parses and checks" title)
                    <| fun () -> Expect.isOk (Equations.parse sample) (sprintf "%A" (Equations.parse sample))

                testCase "checker errors carry the line and column of their token"
                <| fun () ->
                    let text =
                        "model \"x\"\nparameter a = 1 mV\nstate V : mV = a\ndV/dt = (a - V) / ms + b\nreset a = 2 mV"

                    match Equations.parse text with
                    | Error errors ->
                        Expect.equal
                            (errors |> List.map (fun e -> e.Kind, e.Line, e.Column))
                            [ UnknownName, 4, 24; AssignmentToNonState, 5, 7 ]
                            (String.Join("\n", errors |> List.map string))
                    | Ok _ -> failtest "expected errors"
                testCase "syntax errors come back before any check"
                <| fun () ->
                    match Equations.parse "model \"x\"\nstate V : mV = (1" with
                    | Error [ e ] -> Expect.equal (e.Kind, e.Line, e.Column) (SyntaxError, 2, 18) (e.Format())
                    | other -> failtestf "%A" other
                testCase "the throwing form throws the same errors"
                <| fun () ->
                    let text = "model \"x\"\nstate V : mV = 0 mV\ndV/dt = V"

                    let thrown =
                        Expect.throwsC (fun () -> Equations.parseOrThrow text |> ignore) (fun e -> e)

                    match thrown, Equations.parse text with
                    | :? ModelTextException as e, Error errors -> Expect.equal e.Errors errors "same errors"
                    | other -> failtestf "%A" other ]

          testList
              "docs/model-language.md"
              [ testCase "every model in it parses"
                <| fun () ->
                    let doc =
                        File.ReadAllText(Path.Combine(ReadmeTests.repositoryRoot (), "docs", "model-language.md"))

                    let blocks =
                        doc.Split("```model\n")
                        |> Array.skip 1
                        |> Array.map (fun b -> b.Split("```")[0])

                    Expect.equal blocks.Length 3 "three examples"

                    for b in blocks do
                        parsed b |> ignore
                testCase "its unit table lists every unit"
                <| fun () ->
                    let doc =
                        File.ReadAllText(Path.Combine(ReadmeTests.repositoryRoot (), "docs", "model-language.md"))

                    for u in PhysicalUnit.table do
                        Expect.stringContains doc (sprintf "| `%s` | %s |" u.Symbol u.Name) u.Symbol ]

          testList
              "fuzz"
              [ testCase "no exception escapes for 3000 random and mutated files"
                <| fun () ->
                    let random = Random 20261126

                    for _ in 1..3000 do
                        let input = ModelTextFuzz.input random ModelTextSamples.all
                        let result = ModelTextFuzz.parse input
                        let outcome = ModelTextFuzz.outcome result
                        Expect.notEqual outcome "internal failure" (sprintf "%A" result)
                        Expect.notEqual outcome "error without errors" (sprintf "%A" input)

                        match result with
                        | Error errors ->
                            for e in errors do
                                Expect.isTrue (e.Line >= 1 && e.Column >= 1) (e.Format())
                        | Ok _ -> () ] ]
