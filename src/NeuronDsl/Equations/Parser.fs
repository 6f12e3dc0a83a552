namespace NeuronDsl

open System
open System.Text
open FParsec

/// <summary>A model read from text, with where each of its items is written.</summary>
type ParsedModel =
    {
        /// <summary>The model.</summary>
        Equations: Equations
        /// <summary>The file name given to the parser.</summary>
        File: string
        /// <summary>The text that was parsed (without a leading byte-order mark); spans index into it.</summary>
        Text: string
        /// <summary>Every item of the model with its span, in file order (an item declared twice appears twice).</summary>
        Items: (ModelItem * SourceSpan) list
    }

/// <summary>
/// Reads the text form of the model language (see docs/model-language.md) into <c>Equations</c>. Syntax errors,
/// unknown units, repeated single statements and wrong argument counts are reported with their position; names and
/// dimensions are left to the checker. No exception escapes, whatever the input.
/// </summary>
[<RequireQualifiedAccess>]
module ModelParser =
    open ModelGrammar

    /// <summary>Expressions may nest at most this deep (parentheses, operators, calls, and chains such as
    /// a + b + c + …), so that no input can exhaust the stack of the parser or of anything that walks the
    /// expression later.</summary>
    [<Literal>]
    let MaxDepth = ModelGrammar.MaxDepth

    // ---- from statements to the model ----------------------------------------------------------------------

    let private span (text: string) (start: int64) (finish: int64) : SourceSpan =
        let offset = int start
        let mutable last = int finish

        while last > offset && (text[last - 1] = ' ' || text[last - 1] = '\t') do
            last <- last - 1

        let line, column = SourceText.position text offset

        { Line = line
          Column = column
          Offset = offset
          Length = last - offset }

    let private singleName (s: Statement) =
        match s with
        | ModelStatement _ -> Some "model"
        | DescriptionStatement _ -> Some "description"
        | CitationStatement _ -> Some "citation"
        | ThresholdStatement _ -> Some "threshold"
        | RefractoryStatement _ -> Some "refractory"
        | StartStatement _ -> Some "start"
        | _ -> None

    /// Errors of the statement list as a whole: it is empty, does not start with model, repeats a single statement.
    let private structureErrors (file: string) (text: string) (statements: Located<Statement> list) =
        let at (s: Located<Statement>) =
            SourceText.errorAt file text (int s.Start)

        match statements with
        | [] -> [ SourceText.errorAt file text 0 EmptyModel "the model is empty; expected 'model \"name\"' first" ]
        | first :: _ ->
            let missingModel =
                match first.Value with
                | ModelStatement _ -> []
                | _ -> [ at first SyntaxError "expected 'model \"name\"' as the first statement" ]

            let repeated =
                statements
                |> List.choose (fun s -> singleName s.Value |> Option.map (fun n -> n, s))
                |> List.groupBy fst
                |> List.collect (fun (n, group) ->
                    let firstLine = fst (SourceText.position text (int (snd group.Head).Start))

                    group.Tail
                    |> List.map (fun (_, s) ->
                        at s DuplicateName (sprintf "a second '%s' statement; the first is on line %d" n firstLine)))

            missingModel @ repeated

    /// Bare unit symbols that are not declared names are numbers: "x / ms" is x / (1 ms).
    let private resolveBareUnits (declared: Set<string>) (e: Expr) =
        e
        |> Expr.substitute (fun n ->
            if declared.Contains n || n = "t" then
                Name n
            else
                match ModelGrammar.resolveUnit n with
                | Some u -> Number(1.0, u)
                | None -> Name n)

    let private itemOf (s: Statement) =
        match s with
        | ModelStatement _ -> Some WholeModel
        | ParameterStatement p -> Some(ParameterItem p.Name)
        | InputStatement i -> Some(InputItem i.Name)
        | StateStatement s -> Some(StateItem s.Name)
        | DefineStatement d -> Some(DefinitionItem d.Name)
        | DerivativeStatement d -> Some(DerivativeItem d.Variable)
        | ThresholdStatement _ -> Some ThresholdItem
        | RefractoryStatement _ -> Some RefractoryItem
        | DescriptionStatement _
        | CitationStatement _
        | ResetStatements _
        | RequireStatement _
        | StartStatement _ -> None

    let private items (text: string) (statements: Located<Statement> list) =
        let resets =
            statements
            |> List.collect (fun s ->
                match s.Value with
                | ResetStatements rs -> rs
                | _ -> [])
            |> List.mapi (fun k r -> (ResetItem k, span text r.Start r.End), r.Start)

        let requirements =
            statements
            |> List.filter (fun s ->
                match s.Value with
                | RequireStatement _ -> true
                | _ -> false)
            |> List.mapi (fun k s -> (RequirementItem k, span text s.Start s.End), s.Start)

        let others =
            statements
            |> List.choose (fun s -> itemOf s.Value |> Option.map (fun i -> (i, span text s.Start s.End), s.Start))

        others @ resets @ requirements |> List.sortBy snd |> List.map fst

    let private assemble (statements: Statement list) : Equations =
        let pick f = statements |> List.choose f
        let single f = pick f |> List.tryHead

        let m =
            { Name =
                single (function
                    | ModelStatement n -> Some n
                    | _ -> None)
                |> Option.defaultValue ""
              Description =
                single (function
                    | DescriptionStatement d -> Some d
                    | _ -> None)
                |> Option.defaultValue ""
              Citation =
                single (function
                    | CitationStatement c -> Some c
                    | _ -> None)
                |> Option.defaultValue ""
              Parameters =
                pick (function
                    | ParameterStatement p -> Some p
                    | _ -> None)
              States =
                pick (function
                    | StateStatement s -> Some s
                    | _ -> None)
              Inputs =
                pick (function
                    | InputStatement i -> Some i
                    | _ -> None)
              Definitions =
                pick (function
                    | DefineStatement d -> Some d
                    | _ -> None)
              Derivatives =
                pick (function
                    | DerivativeStatement d -> Some d
                    | _ -> None)
              Threshold =
                single (function
                    | ThresholdStatement e -> Some e
                    | _ -> None)
              Reset =
                statements
                |> List.collect (function
                    | ResetStatements rs -> rs |> List.map (fun r -> r.Value)
                    | _ -> [])
              Refractory =
                single (function
                    | RefractoryStatement e -> Some e
                    | _ -> None)
              Start =
                single (function
                    | StartStatement s -> Some s
                    | _ -> None)
                |> Option.defaultValue InitialValues
              Requirements =
                pick (function
                    | RequireStatement e -> Some e
                    | _ -> None) }

        let declared =
            Set.ofList (
                (m.Parameters |> List.map (fun p -> p.Name))
                @ (m.States |> List.map (fun s -> s.Name))
                @ (m.Inputs |> List.map (fun i -> i.Name))
                @ (m.Definitions |> List.map (fun d -> d.Name))
            )

        let r = resolveBareUnits declared

        { m with
            States = m.States |> List.map (fun s -> { s with Initial = r s.Initial })
            Definitions = m.Definitions |> List.map (fun d -> { d with Value = r d.Value })
            Derivatives = m.Derivatives |> List.map (fun d -> { d with Rate = r d.Rate })
            Threshold = Option.map r m.Threshold
            Reset = m.Reset |> List.map (fun s -> { s with Value = r s.Value })
            Refractory = Option.map r m.Refractory
            Requirements = m.Requirements |> List.map r }

    // ---- failures ------------------------------------------------------------------------------------------

    let private isNestedOrCompound (m: ErrorMessage) =
        m.Type = ErrorMessageType.NestedError || m.Type = ErrorMessageType.CompoundError

    /// The most telling position and messages: the top level, or where a backtracking parser really failed.
    let rec private innermost (position: Position) (messages: ErrorMessageList) =
        let all = ErrorMessageList.ToSortedArray messages

        match all |> Array.filter (isNestedOrCompound >> not), all with
        | [||], _ ->
            all
            |> Array.tryPick (function
                | Error.NestedError(p, _, ms) -> Some(p, ms)
                | Error.CompoundError(_, p, _, ms) -> Some(p, ms)
                | _ -> None)
            |> Option.map (fun (p, ms) -> innermost p ms)
            |> Option.defaultValue (position, [||])
        | direct, _ -> position, direct

    let private joinAlternatives (items: string list) =
        match items with
        | [] -> ""
        | [ one ] -> one
        | many -> String.Join(", ", List.take (many.Length - 1) many) + " or " + List.last many

    let private found (text: string) (offset: int) =
        if offset >= text.Length then
            "end of file"
        else
            match text[offset] with
            | '\n'
            | '\r' -> "end of line"
            | c when Char.IsControl c || Char.IsSurrogate c -> sprintf "character U+%04X" (int c)
            | c -> sprintf "'%c'" c

    /// One readable line from FParsec's error: what was found and what was expected.
    let private syntaxError (file: string) (text: string) (error: ParserError) =
        let position, messages = innermost error.Position error.Messages
        let offset = int position.Index

        let expected =
            messages
            |> Array.choose (function
                | Error.Expected label when label <> "" -> Some label
                | Error.ExpectedString s -> Some("'" + s + "'")
                | Error.ExpectedStringCI s -> Some("'" + s + "'")
                | _ -> None)
            |> Array.distinct
            |> List.ofArray

        let notes =
            messages
            |> Array.choose (function
                | Error.Message m when not (String.IsNullOrWhiteSpace m) -> Some m
                | _ -> None)
            |> Array.distinct
            |> List.ofArray

        let message =
            match notes, expected with
            | [], [] -> sprintf "unexpected %s" (found text offset)
            | [], _ -> sprintf "unexpected %s; expected %s" (found text offset) (joinAlternatives expected)
            | _, [] -> String.Join("; ", notes)
            | _, _ -> sprintf "%s; expected %s" (String.Join("; ", notes)) (joinAlternatives expected)

        SourceText.errorAt file text offset SyntaxError message

    let private pendingErrors (file: string) (text: string) (state: State) =
        state.Errors
        |> List.rev
        |> List.map (fun p -> SourceText.errorAt file text (int p.Offset) p.Kind p.Message)

    /// The first control character that text files do not hold, if any.
    let private binaryCharacter (text: string) =
        text
        |> Seq.tryFindIndex (fun c -> Char.IsControl c && c <> '\t' && c <> '\n' && c <> '\r')

    let private sortErrors (errors: ParseError list) =
        errors |> List.distinct |> List.sortBy (fun e -> e.Line, e.Column)

    let private run (file: string) (text: string) : Result<ParsedModel, ParseError list> =
        match binaryCharacter text with
        | Some offset ->
            let message =
                sprintf "this is not model text (control character U+%04X); is it a binary file?" (int text[offset])

            Result.Error [ SourceText.errorAt file text offset EmptyModel message ]
        | None ->
            match runParserOnString ModelGrammar.modelText { Depth = 0; Errors = [] } file text with
            | Failure(_, error, state) ->
                Result.Error(sortErrors (pendingErrors file text state @ [ syntaxError file text error ]))
            | Success(statements, state, _) ->
                match pendingErrors file text state @ structureErrors file text statements with
                | [] ->
                    Result.Ok
                        { Equations = assemble (statements |> List.map (fun s -> s.Value))
                          File = file
                          Text = text
                          Items = items text statements }
                | errors -> Result.Error(sortErrors errors)

    /// Runs f on a thread of its own with a 64 MB stack, so that MaxDepth levels of nesting fit whatever the
    /// caller's stack (thread-pool threads have 1.5 MB); exceptions are passed back to the caller.
    let private onLargeStack (f: unit -> 'T) : 'T =
        let outcome =
            ref (Choice2Of2(InvalidOperationException "the parser thread did not finish" :> exn))

        let work () =
            outcome.Value <-
                try
                    Choice1Of2(f ())
                with e ->
                    Choice2Of2 e

        let thread = Threading.Thread(work, 64 * 1024 * 1024)
        thread.Start()
        thread.Join()

        match outcome.Value with
        | Choice1Of2 result -> result
        | Choice2Of2 e -> raise e

    /// <summary>Reads a model from text.</summary>
    /// <param name="file">The file name to put in errors (any string; it is not opened).</param>
    /// <param name="text">The model text; a leading byte-order mark is skipped.</param>
    /// <returns>
    /// The model with the position of each item, or the errors found, sorted by position. Never throws: any input
    /// gives one or the other.
    /// </returns>
    /// <example>
    /// <code>
    /// ModelParser.parse "lif.model" "model \"x\"\nparameter C = 200 pF" |> Result.map (fun p -> p.Equations.Name)
    /// // evaluates to Ok "x"
    /// </code>
    /// </example>
    let parse (file: string) (text: string) : Result<ParsedModel, ParseError list> =
        let file = if isNull file then "" else file
        let text = if isNull text then "" else text
        let text = if text.StartsWith '\uFEFF' then text.Substring 1 else text

        try
            onLargeStack (fun () -> run file text)
        with e ->
            Result.Error [ SourceText.errorAt file text 0 SyntaxError ("the parser failed: " + e.Message) ]

    /// <summary>Reads a model from the bytes of a file, which must be UTF-8 text.</summary>
    /// <param name="file">The file name to put in errors.</param>
    /// <param name="bytes">The file's contents.</param>
    /// <returns>As <c>parse</c>; bytes that are not UTF-8 give one EmptyModel error at the first bad byte.</returns>
    let parseBytes (file: string) (bytes: byte[]) : Result<ParsedModel, ParseError list> =
        let bytes = if isNull bytes then [||] else bytes
        let strict = UTF8Encoding(false, true)

        try
            parse file (strict.GetString bytes)
        with :? DecoderFallbackException as e ->
            let good = max 0 (min bytes.Length e.Index)
            let prefix = Encoding.UTF8.GetString(bytes, 0, good)
            let bad = if good < bytes.Length then int bytes[good] else 0

            let message =
                sprintf "this is not UTF-8 text (byte 0x%02X); is it a binary file?" bad

            Result.Error
                [ SourceText.errorAt (if isNull file then "" else file) prefix prefix.Length EmptyModel message ]

    let private isWordAt (text: string) (index: int) (length: int) =
        (index = 0 || not (ModelGrammar.isNameChar text[index - 1]))
        && (index + length >= text.Length
            || not (ModelGrammar.isNameChar text[index + length]))

    /// The offset of token inside the span: as a whole word if it is one, else anywhere.
    let private findToken (text: string) (s: SourceSpan) (token: string) =
        let inside = text.Substring(s.Offset, s.Length)

        let rec whole (from: int) =
            match inside.IndexOf(token, from, StringComparison.Ordinal) with
            | -1 -> None
            | i when isWordAt text (s.Offset + i) token.Length -> Some(s.Offset + i)
            | i -> whole (i + 1)

        if String.IsNullOrEmpty token then
            None
        else
            whole 0
            |> Option.orElse (
                match inside.IndexOf(token, StringComparison.Ordinal) with
                | -1 -> None
                | i -> Some(s.Offset + i)
            )

    /// <summary>
    /// Places an error found later in a parsed model (by the checker) in its text: at its token inside the item's
    /// span when it has one, else at the start of the item; an item that is not written (a missing derivative) is
    /// placed at the model statement.
    /// </summary>
    /// <param name="parsed">The parsed model the error is about.</param>
    /// <param name="error">The error.</param>
    /// <returns>The error with its file, line and column.</returns>
    let locate (parsed: ParsedModel) (error: ModelError) : ParseError =
        let spans =
            parsed.Items |> List.filter (fun (i, _) -> i = error.Item) |> List.map snd

        let chosen =
            match spans with
            | [] -> parsed.Items |> List.tryFind (fun (i, _) -> i = WholeModel) |> Option.map snd
            | _ when error.Kind = DuplicateName -> Some(List.last spans)
            | first :: _ -> Some first

        let offset =
            match chosen, error.Token with
            | None, _ -> 0
            | Some s, Some token -> findToken parsed.Text s token |> Option.defaultValue s.Offset
            | Some s, None -> s.Offset

        SourceText.errorAt parsed.File parsed.Text offset error.Kind error.Message
