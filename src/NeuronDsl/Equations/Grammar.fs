namespace NeuronDsl

open System
open System.Globalization
open FParsec

/// <summary>
/// The grammar of the model language's text form, as FParsec parsers: statements as they are written, with their
/// positions, and the errors that do not stop parsing (unknown units, argument counts) kept in the parser's state.
/// <c>ModelParser</c> turns the result into <c>Equations</c> and errors.
/// </summary>
module internal ModelGrammar =
    /// Expressions may nest at most this deep (parentheses, operators, calls, chains such as a + b + c + …).
    [<Literal>]
    let MaxDepth = 200

    /// An error that does not stop parsing, at a character offset.
    type Pending =
        { Offset: int64
          Kind: ModelErrorKind
          Message: string }

    /// The parser's state: how deep the expression being read is, and the errors recorded so far (newest first).
    type State = { Depth: int; Errors: Pending list }

    type P<'T> = Parser<'T, State>

    /// A parsed piece with the offsets of its first character and of the character after it (trailing blanks included).
    type Located<'T> = { Value: 'T; Start: int64; End: int64 }

    /// One statement as written.
    type Statement =
        | ModelStatement of string
        | DescriptionStatement of string
        | CitationStatement of string
        | ParameterStatement of ParameterDeclaration
        | InputStatement of InputDeclaration
        | StateStatement of StateDeclaration
        | DefineStatement of Definition
        | DerivativeStatement of DifferentialEquation
        | ThresholdStatement of Expr
        | ResetStatements of Located<ResetStatement> list
        | RefractoryStatement of Expr
        | StartStatement of StartState
        | RequireStatement of Expr

    // ---- errors recorded while parsing goes on -------------------------------------------------------------

    let private record (offset: int64) (kind: ModelErrorKind) (message: string) : P<unit> =
        updateUserState (fun s ->
            { s with
                Errors =
                    { Offset = offset
                      Kind = kind
                      Message = message }
                    :: s.Errors })

    /// Runs p one level deeper, failing fatally past MaxDepth; p always follows a consumed token.
    let private nested (p: P<'T>) : P<'T> =
        fun stream ->
            let state = stream.UserState

            if state.Depth >= MaxDepth then
                Reply(FatalError, messageError (sprintf "expression nested more than %d levels deep" MaxDepth))
            else
                stream.UserState <- { state with Depth = state.Depth + 1 }
                let reply = p stream

                if reply.Status = Ok then
                    stream.UserState <-
                        { stream.UserState with
                            Depth = stream.UserState.Depth - 1 }

                reply

    // ---- lexical pieces ------------------------------------------------------------------------------------

    let isNameStart c = isAsciiLetter c || c = '_'
    let isNameChar c = isAsciiLetter c || isDigit c || c = '_'

    let private functionsByName =
        Expr.functions |> List.map (fun f -> Expr.functionName f, f) |> Map.ofList

    /// Words that cannot be names: they end or join expressions.
    let private keywords =
        set
            [ "if"
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
        + (functionsByName |> Map.keys |> Set.ofSeq)

    let private ws: P<unit> = skipManySatisfy (fun c -> c = ' ' || c = '\t')
    let private word: P<string> = many1Satisfy2L isNameStart isNameChar "a name"

    let private keywordNoSpace (k: string) : P<unit> =
        attempt (pstring k >>. notFollowedBy (satisfy isNameChar)) <?> ("'" + k + "'")

    let private keyword (k: string) : P<unit> = keywordNoSpace k .>> ws
    let private symbol (s: string) : P<unit> = skipString s .>> ws

    /// A name that is not a reserved word.
    let private name: P<string> =
        attempt (
            word
            >>= fun s ->
                if keywords.Contains s then
                    fail "a reserved word"
                else
                    preturn s
        )
        .>> ws
        <?> "a name"

    /// A name being declared: not a reserved word, and not t.
    let private declaredName: P<string> =
        getPosition .>>. name
        >>= fun (pos, n) ->
            if n = "t" then
                record pos.Index DuplicateName "'t' is the time and cannot be declared" >>% n
            else
                preturn n

    let private stringLiteral: P<string> =
        let plain = manySatisfy (fun c -> c <> '"' && c <> '\\' && c <> '\n' && c <> '\r')

        let hex4 =
            manyMinMaxSatisfyL 4 4 isHex "four hexadecimal digits"
            |>> fun h -> string (char (Int32.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture)))

        let escape =
            skipChar '\\'
            >>. ((anyOf "\"\\nrt"
                  |>> function
                      | 'n' -> "\n"
                      | 'r' -> "\r"
                      | 't' -> "\t"
                      | c -> string c)
                 <|> (skipChar 'u' >>. hex4)
                 <?> "an escape: \\\" \\\\ \\n \\r \\t or \\uXXXX")

        between (skipChar '"') (skipChar '"' <?> "a closing '\"'") (stringsSepBy plain (escape <?> ""))
        .>> ws
        <?> "a string in double quotes"

    // ---- numbers and units ---------------------------------------------------------------------------------

    let private unsignedNumber: P<float> =
        (regex @"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
         |>> fun s -> Double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture))
        <|> (keywordNoSpace "inf" >>% Double.PositiveInfinity)
        <|> (keywordNoSpace "nan" >>% Double.NaN)
        <?> "a number"

    let private signedNumber: P<float> =
        (skipChar '-' >>. ws >>. unsignedNumber |>> (~-))
        <|> (skipChar '+' >>. ws >>. unsignedNumber)
        <|> unsignedNumber

    /// A unit symbol from the table, or one followed by a power written as digits (cm2 = cm^2).
    let resolveUnit (symbol: string) : PhysicalUnit option =
        match PhysicalUnit.tryFindNamed symbol with
        | Some _ -> Some(PhysicalUnit.named symbol)
        | None ->
            let stem = symbol.TrimEnd([| '0' .. '9' |])
            let digits = symbol.Substring stem.Length

            match PhysicalUnit.tryFindNamed stem with
            | Some _ when digits.Length > 0 && digits.Length <= 2 ->
                Some((PhysicalUnit.named stem).Power(Int32.Parse(digits, CultureInfo.InvariantCulture)))
            | _ -> None

    let private unitSymbols =
        PhysicalUnit.table
        |> List.map (fun u -> u.Symbol)
        |> fun s -> String.Join(", ", s)

    /// A unit symbol; an unknown one is recorded and read as 1 so that parsing goes on.
    let private unitSymbol: P<PhysicalUnit> =
        getPosition .>>. word
        >>= fun (pos, s) ->
            match resolveUnit s with
            | Some u -> preturn u
            | None ->
                record pos.Index UnknownUnit (sprintf "unknown unit '%s'; units are %s" s unitSymbols)
                >>% PhysicalUnit.one

    /// ^k written right after a unit, k an integer of at most three digits.
    let private unitPower: P<int option> =
        opt (
            attempt (
                skipChar '^' >>. regex "-?[0-9]{1,3}"
                |>> fun s -> Int32.Parse(s, CultureInfo.InvariantCulture)
            )
        )
        <?> ""

    let private raised (u: PhysicalUnit, k: int option) =
        match k with
        | Some k -> u.Power k
        | None -> u

    let private combine (u: PhysicalUnit) (op: char, f: PhysicalUnit) = if op = '*' then u * f else u / f

    /// In a declaration: mV, 1, mS/cm^2, 1/ms, pF*mV/ms, 1/(ms*mV), with or without spaces.
    let private declaredUnit: P<PhysicalUnit> =
        let term, termRef = createParserForwardedToRef<PhysicalUnit, State>()

        let product =
            term .>>. many (attempt (ws >>. anyOf "*/" .>> ws) .>>. term)
            |>> fun (first, rest) -> List.fold combine first rest

        termRef.Value <-
            (attempt (skipChar '1' >>. notFollowedBy digit) >>% PhysicalUnit.one)
            <|> (skipChar '(' >>. nested (ws >>. product .>> ws .>> skipChar ')') .>>. unitPower
                 |>> raised)
            <|> (unitSymbol .>>. unitPower |>> raised)
            <?> "a unit"

        product .>> ws

    let private startsUnit: P<unit> =
        lookAhead (word >>= fun s -> if keywords.Contains s then fail "" else preturn ())

    /// The unit after a number in a declaration or range: none, "pF", "/ms", "mS/cm^2", "mS / cm^2".
    let private unitAfterNumber: P<PhysicalUnit option> =
        let head =
            opt (attempt (ws >>. startsUnit) >>. unitSymbol .>>. unitPower |>> raised <?> "")

        let tail =
            many (
                attempt (ws >>. anyOf "*/" .>> ws .>> startsUnit)
                .>>. (unitSymbol .>>. unitPower |>> raised)
            )

        head .>>. tail
        |>> fun (h, t) ->
            match h, t with
            | None, [] -> None
            | _ -> Some(List.fold combine (defaultArg h PhysicalUnit.one) t)

    /// The unit of a literal in an expression: a symbol after the number ("200 pF"), continued by * or / and
    /// symbols written without spaces ("120 mS/cm^2", "0.1/ms"). "x / ms" is a division, not a unit.
    let private literalUnit: P<PhysicalUnit> =
        let tight =
            attempt (
                anyOf "*/" .>>. word
                >>= fun (op, s) ->
                    match resolveUnit s with
                    | Some u -> preturn (op, u)
                    | None -> fail ""
            )
            .>>. unitPower
            |>> fun ((op, u), k) -> op, raised (u, k)
            <?> "an operator"

        let head =
            opt (attempt (ws >>. startsUnit) >>. unitSymbol .>>. unitPower |>> raised <?> "")

        head .>>. many tight
        |>> fun (h, t) -> List.fold combine (defaultArg h PhysicalUnit.one) t

    // ---- expressions ---------------------------------------------------------------------------------------

    let private operator (p: P<'T>) : P<'T> = p .>> ws <?> "an operator"

    let private leftChain (operand: P<Expr>) (op: P<'Op>) (build: 'Op -> Expr -> Expr -> Expr) : P<Expr> =
        operand .>>. many (operator op .>>. operand)
        |>> fun (first, rest) -> List.fold (fun acc (o, r) -> build o acc r) first rest

    let private expressionForward = createParserForwardedToRef<Expr, State>()
    let private expression: P<Expr> = fst expressionForward
    let private expressionRef = snd expressionForward
    let private unaryForward = createParserForwardedToRef<Expr, State>()
    let private unary: P<Expr> = fst unaryForward
    let private unaryRef = snd unaryForward

    let private literal: P<float * PhysicalUnit> =
        unsignedNumber .>>. literalUnit .>> ws

    let private arguments: P<Expr list> =
        skipChar '(' >>. ws >>. nested (sepBy expression (symbol ","))
        .>> (skipChar ')' <?> "')'")
        .>> ws

    let private call (f: MathFunction) : P<Expr> =
        getPosition .>> word .>> ws
        .>>. (arguments <?> sprintf "'(' after %s" (Expr.functionName f))
        >>= fun (pos, args) ->
            let expected = Expr.arity f

            if List.length args = expected then
                preturn (Call(f, args))
            else
                record
                    pos.Index
                    WrongArgumentCount
                    (sprintf
                        "%s takes %d argument%s, not %d"
                        (Expr.functionName f)
                        expected
                        (if expected = 1 then "" else "s")
                        (List.length args))
                >>% Call(f, args)

    /// A name, or a call of a function; a name followed by '(' is an unknown function.
    let private nameOrCall: P<Expr> =
        lookAhead word
        >>= fun s ->
            match Map.tryFind s functionsByName with
            | Some f -> call f
            | None when keywords.Contains s -> fail "a reserved word"
            | None ->
                getPosition .>> word .>> ws .>>. opt (arguments <?> "")
                >>= fun (pos, args) ->
                    match args with
                    | None -> preturn (Name s)
                    | Some _ ->
                        let known = String.Join(", ", Map.keys functionsByName)

                        record pos.Index UnknownName (sprintf "unknown function '%s'; functions are %s" s known)
                        >>% Name s

    let private atom: P<Expr> =
        choice
            [ literal |>> Number
              skipChar '(' >>. ws >>. nested expression .>> (skipChar ')' <?> "')'") .>> ws
              nameOrCall ]
        <?> "a number, a name or '('"

    let private powerOperator: P<unit> = operator (skipString "**" <|> skipChar '^')

    let private power: P<Expr> =
        atom .>>. opt (powerOperator >>. nested unary)
        |>> function
            | a, Some b -> Binary(BinaryOperator.Power, a, b)
            | a, None -> a

    /// -70 mV is a negative literal; -2 ** 2 is -(2 ** 2), as -x ** 2 is -(x ** 2).
    let private negativeLiteral: P<Expr> =
        literal .>>. opt (powerOperator >>. nested unary)
        |>> function
            | (v, u), None -> Number(-v, u)
            | (v, u), Some b -> Negate(Binary(BinaryOperator.Power, Number(v, u), b))

    unaryRef.Value <-
        (attempt (
            skipChar '-'
            >>. ws
            >>. followedBy (digit <|> pchar '.' <|> (keywordNoSpace "inf" >>% ' '))
         )
         >>. negativeLiteral)
        <|> (skipChar '-' >>. ws >>. nested unary |>> Negate)
        <|> power
        <?> "a number, a name, '(' or '-'"

    let private multiplicative: P<Expr> =
        let op =
            (attempt (skipChar '*' >>. notFollowedBy (skipChar '*')) >>% Multiply)
            <|> (skipChar '/' >>% Divide)

        leftChain unary op (fun o a b -> Binary(o, a, b))

    let private additive: P<Expr> =
        let op = (skipChar '+' >>% Add) <|> (skipChar '-' >>% Subtract)
        leftChain multiplicative op (fun o a b -> Binary(o, a, b))

    let private comparison: P<Expr> =
        let op =
            choice
                [ skipString "<=" >>% LessOrEqual
                  skipString ">=" >>% GreaterOrEqual
                  skipString "==" >>% Equal
                  skipString "!=" >>% NotEqual
                  skipChar '<' >>% Less
                  skipChar '>' >>% Greater ]

        additive .>>. opt (operator op .>>. additive)
        |>> function
            | a, Some(o, b) -> Compare(o, a, b)
            | a, None -> a

    let private negationForward = createParserForwardedToRef<Expr, State>()
    let private negation: P<Expr> = fst negationForward
    let private negationRef = snd negationForward

    negationRef.Value <- (keyword "not" >>. nested negation |>> Not) <|> comparison

    let private conjunction: P<Expr> =
        leftChain negation (keywordNoSpace "and") (fun () a b -> Logical(And, a, b))

    let private disjunction: P<Expr> =
        leftChain conjunction (keywordNoSpace "or") (fun () a b -> Logical(Or, a, b))

    expressionRef.Value <-
        (keyword "if"
         >>. nested (
             expression .>> keyword "then" .>>. expression .>> keyword "else" .>>. expression
             |>> fun ((c, a), b) -> Conditional(c, a, b)
         ))
        <|> disjunction
        <?> "an expression"

    /// The tree's depth, without recursion (a long chain a + b + c + … is as deep as it is long).
    let private depth (e: Expr) =
        let stack = Collections.Generic.Stack<Expr * int>()
        stack.Push((e, 1))
        let mutable deepest = 0

        while stack.Count > 0 do
            let node, d = stack.Pop()
            deepest <- max deepest d

            for child in Expr.children node do
                stack.Push((child, d + 1))

        deepest

    /// A whole expression, with its depth checked.
    let private topExpression: P<Expr> =
        getPosition .>>. expression
        >>= fun (pos, e) ->
            if depth e > MaxDepth then
                record pos.Index SyntaxError (sprintf "expression nested more than %d levels deep" MaxDepth)
                >>% e
            else
                preturn e

    // ---- statements ----------------------------------------------------------------------------------------

    let private located (p: P<'T>) : P<Located<'T>> =
        pipe3 getPosition p getPosition (fun a v b ->
            { Value = v
              Start = a.Index
              End = b.Index })

    let private description: P<string> = opt stringLiteral |>> Option.defaultValue ""

    /// A bound written with or without a unit, converted exactly to the declared unit; ±inf is no bound.
    let private bound (declared: PhysicalUnit) : P<float option> =
        getPosition .>>. signedNumber .>>. unitAfterNumber .>> ws
        >>= fun ((pos, v), written) ->
            let value = if Double.IsInfinity v then None else Some v

            match written with
            | None -> preturn value
            | Some u when u = declared -> preturn value
            | Some u when PhysicalUnit.dimension u = PhysicalUnit.dimension declared ->
                let k = PhysicalUnit.power10 u - PhysicalUnit.power10 declared

                let scaled x =
                    if k >= 0 then
                        x * PhysicalUnit.scale k
                    else
                        x / PhysicalUnit.scale -k

                preturn (Option.map scaled value)
            | Some u ->
                record pos.Index UnitMismatch (sprintf "the bound is in %O; expected a value in %O" u declared)
                >>% value

    let private rangeOf lo loIn hi hiIn =
        { Minimum = lo
          MinimumInclusive = loIn || lo.IsNone
          Maximum = hi
          MaximumInclusive = hiIn || hi.IsNone }

    /// in [a, b], (a, b], [a, b) or (a, b).
    let private interval (declared: PhysicalUnit) : P<ValueRange> =
        keyword "in" >>. anyOf "[(" .>> ws .>>. bound declared .>> symbol ","
        .>>. bound declared
        .>>. (anyOf "])" <?> "']' or ')'")
        .>> ws
        |>> fun (((opening, lo), hi), closing) -> rangeOf lo (opening = '[') hi (closing = ']')

    /// > n, >= n, < n, <= n, or an interval.
    let private range (declared: PhysicalUnit) : P<ValueRange> =
        let side (op: string) = symbol op >>. bound declared

        choice
            [ side ">=" |>> fun b -> rangeOf b true None true
              side ">" |>> fun b -> rangeOf b false None true
              side "<=" |>> fun b -> rangeOf None true b true
              side "<" |>> fun b -> rangeOf None true b false
              interval declared ]

    let private parameter: P<Statement> =
        parse {
            let! n = keyword "parameter" >>. declaredName .>> symbol "="
            let! value = signedNumber
            let! u = unitAfterNumber |>> Option.defaultValue PhysicalUnit.one
            do! ws
            let! r = opt (range u) |>> Option.defaultValue ValueRange.any
            let! d = description
            let! c = opt (keyword "cite" >>. stringLiteral) |>> Option.defaultValue ""

            return
                ParameterStatement
                    { Name = n
                      Unit = u
                      Default = value
                      Range = r
                      Description = d
                      Citation = c }
        }

    let private input: P<Statement> =
        keyword "input" >>. declaredName .>> symbol ":"
        .>>. declaredUnit
        .>>. description
        |>> fun ((n, u), d) -> InputStatement { Name = n; Unit = u; Description = d }

    let private state: P<Statement> =
        parse {
            let! n = keyword "state" >>. declaredName .>> symbol ":"
            let! u = declaredUnit .>> symbol "="
            let! initial = topExpression
            let! bounds = opt (interval u) |>> Option.defaultValue ValueRange.any
            let! d = description

            return
                StateStatement
                    { Name = n
                      Unit = u
                      Initial = initial
                      Bounds = bounds
                      Description = d }
        }

    let private define: P<Statement> =
        keyword "define" >>. declaredName .>> symbol "=" .>>. topExpression
        .>> symbol ":"
        .>>. declaredUnit
        .>>. description
        |>> fun (((n, e), u), d) ->
            DefineStatement
                { Name = n
                  Unit = u
                  Value = e
                  Description = d }

    /// dX/dt = rate [unless refractory].
    let private derivative: P<Statement> =
        let variable =
            word
            >>= fun w ->
                let v = w.Substring 1

                if v.Length > 0 && isNameStart v[0] && not (keywords.Contains v) then
                    preturn v
                else
                    fail "dX/dt with X a name"

        variable .>> ws .>> symbol "/" .>> keyword "dt" .>> symbol "="
        .>>. topExpression
        .>>. opt (keyword "unless" >>. keyword "refractory")
        |>> fun ((v, rate), unless) ->
            DerivativeStatement
                { Variable = v
                  Rate = rate
                  UnlessRefractory = unless.IsSome }

    let private assignmentOperator: P<AssignmentOperator> =
        choice
            [ skipString "+=" >>% AddAssign
              skipString "-=" >>% SubtractAssign
              skipString "*=" >>% MultiplyAssign
              skipString "/=" >>% DivideAssign
              attempt (skipChar '=' >>. notFollowedBy (skipChar '=')) >>% Assign ]
        .>> ws
        <?> "'=', '+=', '-=', '*=' or '/='"

    let private assignment: P<Located<ResetStatement>> =
        located (
            name .>>. assignmentOperator .>>. topExpression
            |>> fun ((target, op), value) ->
                { Target = target
                  Operator = op
                  Value = value }
        )

    /// reset v = a; u += d (further statements after ';' while they are assignments).
    let private reset: P<Statement> =
        let next =
            attempt (skipChar ';' >>. ws >>. followedBy (name >>. assignmentOperator))
            >>. assignment

        keyword "reset" >>. assignment .>>. many next
        |>> fun (first, rest) -> ResetStatements(first :: rest)

    let private start: P<Statement> =
        keyword "start"
        >>. ((keyword "rest" >>% Rest) <|> (keyword "initial" >>% InitialValues)
             <?> "'rest' or 'initial'")
        |>> StartStatement

    let private statementNames =
        "model, description, citation, parameter, input, state, define, dX/dt, threshold, reset, refractory, start or require"

    let private statement: P<Statement> =
        lookAhead (word .>> ws .>>. opt (skipChar '/'))
        >>= fun (w, slash) ->
            match w with
            | _ when slash.IsSome && w.StartsWith 'd' -> derivative
            | "model" -> keyword "model" >>. stringLiteral |>> ModelStatement
            | "description" -> keyword "description" >>. stringLiteral |>> DescriptionStatement
            | "citation" -> keyword "citation" >>. stringLiteral |>> CitationStatement
            | "parameter" -> parameter
            | "input" -> input
            | "state" -> state
            | "define" -> define
            | "threshold" -> keyword "threshold" >>. topExpression |>> ThresholdStatement
            | "reset" -> reset
            | "refractory" -> keyword "refractory" >>. topExpression |>> RefractoryStatement
            | "start" -> start
            | "require" -> keyword "require" >>. topExpression |>> RequireStatement
            | _ when w.StartsWith 'd' && w.Length > 1 -> derivative
            | _ -> fail ("a statement: " + statementNames)
            <?> ("a statement: " + statementNames)

    let private comment: P<unit> =
        skipChar '#' >>. skipManySatisfy (fun c -> c <> '\n' && c <> '\r')

    let private blank: P<unit> =
        skipMany (
            choice
                [ skipMany1Satisfy (fun c -> c = ' ' || c = '\t')
                  comment
                  skipNewline
                  skipChar ';' ]
        )

    let private statementEnd: P<unit> =
        (skipChar ';' <|> (optional comment >>. (skipNewline <|> eof)))
        <?> "the end of the statement"

    let modelText: P<Located<Statement> list> =
        blank >>. many (located statement .>> ws .>> statementEnd .>> blank) .>> eof
