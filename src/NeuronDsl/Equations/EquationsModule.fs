namespace NeuronDsl

open System
open NeuronDsl.Units

/// <summary>Checking and compiling models written as equations, for the simulation engine.</summary>
[<RequireQualifiedAccess; CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module Equations =
    /// <summary>
    /// Checks a model: names resolve, every state has one differential equation, units agree everywhere, the
    /// threshold is one comparison, resets assign to state variables, definitions have no cycles.
    /// </summary>
    /// <returns>The checked model, or every error found.</returns>
    let check (m: Equations) : Result<CheckedEquations, ModelError list> = Checker.check m

    /// <summary>The checked model, or an <c>ArgumentException</c> listing every error.</summary>
    /// <exception cref="System.ArgumentException">The model has errors (ParamName "equations").</exception>
    let checkOrThrow (m: Equations) : CheckedEquations =
        match check m with
        | Ok c -> c
        | Error errors ->
            let lines = errors |> List.map (fun e -> e.Message)
            invalidArg "equations" (sprintf "model %s: %s" m.Name (String.Join("; ", lines)))

    let private kernels (m: CheckedEquations) = Compiler.compile m

    let private initialState (compiled: CompiledEquations) (p: ParameterValues) =
        let m = compiled.Checked
        let y = Array.zeroCreate<float> m.States.Length
        compiled.Initial.Invoke(p.Array, y)

        match m.Source.Start with
        | InitialValues -> y
        | Rest ->
            let rates (state: float[]) (f: float[]) =
                compiled.Rates.Invoke(state, p.Array, 0.0, 0.0, f)

            match RestingState.find rates y with
            | Some rest -> rest
            | None ->
                invalidArg
                    "parameters"
                    (sprintf "%s has no resting state near its initial values for %O" m.Source.Name p)

    /// <summary>Each parameter in its range, then every requirement met; the error names the first parameter of the
    /// failed requirement, and every parameter it uses with its value.</summary>
    let private validate (m: CheckedEquations) (p: ParameterValues) =
        Parameters.validate p

        for written, lowered in m.Requirements do
            if Interpreter.evaluate (fun n -> p[n]) lowered = 0.0 then
                let names = Expr.names written

                let values =
                    names
                    |> List.map (fun n ->
                        let d = m.Parameters |> Array.find (fun d -> d.Name = n)
                        sprintf "%s = %s %O" n (p[n].ToString("R", Globalization.CultureInfo.InvariantCulture)) d.Unit)

                invalidArg
                    names.Head
                    (sprintf
                        "%s requires %s; got %s"
                        m.Source.Name
                        (ModelPrinter.printExpr written)
                        (String.Join(", ", values)))

    let private variables (m: CheckedEquations) =
        m.States
        |> Array.map (fun s ->
            { Name = s.Name
              Unit = (if s.Unit = PhysicalUnit.one then "" else string s.Unit)
              Description = s.Description })
        |> List.ofArray

    /// <summary>
    /// Compiles a checked model for the simulation engine: its state is a vector of the state variables in model
    /// order, its parameters are <c>ParameterValues</c>, and its input is in the unit <c>'Input</c>.
    /// </summary>
    let compileChecked (m: CheckedEquations) : Model<ParameterValues, float[], 'Input> =
        // Compiled to .NET code on first use, not when the model is defined: a tool that lists the catalogue, or a
        // process that runs one model, compiles only what it runs. The functions take the parameters first and
        // return the per-step function, so a simulation fetches the kernels once per run, not at every step.
        let compiled = lazy (kernels m)
        let n = m.States.Length

        { Name = m.Source.Name
          Variables = variables m
          Load = id
          Store =
            fun s y ->
                if not (obj.ReferenceEquals(s, y)) then
                    Array.blit s 0 y 0 n
          Derivative =
            fun p ->
                let rates = compiled.Value.Rates
                let values = p.Array
                fun i t y dydt -> rates.Invoke(y, values, float i, float t, dydt)
          Linearised =
            Some(
                LinearisationFunction(fun p i t y dydt diagonal ->
                    compiled.Value.Linearised.Invoke(y, p.Array, i, t, dydt, diagonal))
            )
          Propagate =
            if Linearity.isLinear m then
                Some(fun p ->
                    let flow = compiled.Value.ExactFlow.Value
                    let values = p.Array
                    fun i h y0 y1 -> flow.Invoke(values, float i, float h, y0, y1))
            else
                None
          SpikeFunction =
            match m.SpikeFunction with
            | Some _ ->
                fun p ->
                    let g = compiled.Value.SpikeFunction.Value
                    let values = p.Array
                    fun y -> g.Invoke(y, values, nan, nan)
            | None -> fun _ _ -> -1.0
          Reset =
            if m.Reset.Length = 0 then
                None
            else
                Some(fun p y ->
                    let copy = Array.copy y
                    compiled.Value.Reset.Value.Invoke(copy, p.Array, nan, nan)
                    copy)
          Refractory = fun p -> LanguagePrimitives.FloatWithMeasure(compiled.Value.Refractory.Invoke p.Array)
          Clamped = List.ofArray m.Clamped
          Validate = validate m
          InitialState = fun p -> initialState compiled.Value p
          Equations = Some m }

    /// <summary>Checks and compiles a model; see <c>compileChecked</c>.</summary>
    /// <exception cref="System.ArgumentException">The model has errors.</exception>
    let compile (m: Equations) : Model<ParameterValues, float[], 'Input> = compileChecked (checkOrThrow m)

    /// <summary>Checks and compiles a model written with the typed F# builder.</summary>
    /// <exception cref="System.ArgumentException">The model has errors.</exception>
    let ofTyped (m: TypedModel<'Input>) : Model<ParameterValues, float[], 'Input> = compile m.Equations

    /// <summary>The published defaults of a compiled model's parameters.</summary>
    /// <exception cref="System.ArgumentException">The model was not built from equations.</exception>
    let defaults (model: Model<ParameterValues, float[], 'Input>) : ParameterValues =
        match model.Equations with
        | Some m -> Parameters.defaults m
        | None -> invalidArg "model" (sprintf "%s was not built from equations" model.Name)

    /// Checks a parsed model and places the checker's errors in its text.
    let private checkParsed (parsed: ParsedModel) : Result<Equations, ParseError list> =
        match Checker.check parsed.Equations with
        | Ok _ -> Ok parsed.Equations
        | Error errors ->
            errors
            |> List.map (ModelParser.locate parsed)
            |> List.sortBy (fun e -> e.Line, e.Column)
            |> Error

    /// <summary>Parses a text, then checks the model; errors from either step carry positions in the text.</summary>
    /// <param name="file">The file name to put in errors (it is not opened).</param>
    /// <param name="text">The model text.</param>
    /// <returns>The model, or the errors sorted by position. Never throws.</returns>
    let parseNamed (file: string) (text: string) : Result<Equations, ParseError list> =
        ModelParser.parse file text |> Result.bind checkParsed

    /// <summary>Parses a model text and checks it: names, dimensions, derivatives, threshold, reset.</summary>
    /// <param name="text">The model text (see docs/model-language.md).</param>
    /// <returns>The checked model as data, or every error with its line and column. Never throws.</returns>
    /// <example>
    /// <code>
    /// Equations.parse "model \"m\"\nstate x : 1 = 0\ndx/dt = -x / ms" |> Result.isOk // evaluates to true
    /// </code>
    /// </example>
    let parse (text: string) : Result<Equations, ParseError list> = parseNamed "" text

    /// <summary>Parses and checks a model text, throwing when it has errors.</summary>
    /// <param name="text">The model text.</param>
    /// <returns>The checked model as data.</returns>
    /// <exception cref="ModelTextException">The text has errors; <c>Errors</c> lists them with their positions.</exception>
    let parseOrThrow (text: string) : Equations =
        match parse text with
        | Ok m -> m
        | Error errors -> raise (ModelTextException errors)

    /// <summary>
    /// Parses the bytes of a model file, which must be UTF-8 text, then checks the model: <c>parseNamed</c> for files,
    /// so that a binary file is an error in the list rather than a decoding exception.
    /// </summary>
    /// <param name="file">The file name to put in errors (it is not opened).</param>
    /// <param name="bytes">The file's contents.</param>
    /// <returns>The model, or the errors sorted by position; bytes that are not UTF-8 text give one EmptyModel
    /// error. Never throws.</returns>
    let parseBytes (file: string) (bytes: byte[]) : Result<Equations, ParseError list> =
        ModelParser.parseBytes file bytes |> Result.bind checkParsed

    /// <summary>
    /// The model with these values as its parameters' defaults, for example to print a model with the values a
    /// program has set.
    /// </summary>
    /// <param name="values">Values of this model's parameters, in their declared units.</param>
    /// <param name="m">The model.</param>
    /// <returns>The same model with every parameter named in <paramref name="values"/> defaulting to its value.</returns>
    let withDefaults (values: ParameterValues) (m: Equations) : Equations =
        let value (p: ParameterDeclaration) =
            match values.Parameters |> List.tryFindIndex (fun d -> d.Name = p.Name) with
            | Some _ -> values[p.Name]
            | None -> p.Default

        { m with
            Parameters = m.Parameters |> List.map (fun p -> { p with Default = value p }) }
