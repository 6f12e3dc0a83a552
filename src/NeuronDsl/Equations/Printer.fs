namespace NeuronDsl

open System
open System.Globalization
open System.Text

/// <summary>
/// Writes models and expressions in the text form of the model language, so that
/// <c>ModelParser.parse</c> reads back an equal model: statements in canonical order, the fewest parentheses the
/// precedence allows, and numbers written so that they read back exactly.
/// </summary>
[<RequireQualifiedAccess>]
module ModelPrinter =
    /// Precedence levels, loosest first: if, or, and, not, comparison, + -, * /, unary -, **, atoms.
    [<Literal>]
    let private ConditionalLevel = 0

    [<Literal>]
    let private OrLevel = 1

    [<Literal>]
    let private AndLevel = 2

    [<Literal>]
    let private NotLevel = 3

    [<Literal>]
    let private CompareLevel = 4

    [<Literal>]
    let private Additive = 5

    [<Literal>]
    let private Multiplicative = 6

    [<Literal>]
    let private Unary = 7

    [<Literal>]
    let private PowerLevel = 8

    [<Literal>]
    let private Atom = 9

    /// <summary>A number written so that it reads back exactly: shortest round-trip digits, inf, nan.</summary>
    /// <param name="x">The number.</param>
    /// <returns>For example "-70", "1E-300", "0.1", "inf", "-inf".</returns>
    let number (x: float) =
        if Double.IsNaN x then "nan"
        elif Double.IsPositiveInfinity x then "inf"
        elif Double.IsNegativeInfinity x then "-inf"
        else x.ToString("R", CultureInfo.InvariantCulture)

    let private factor (symbol: string, k: int) =
        if k = 1 then symbol else sprintf "%s^%d" symbol k

    let private parts (u: PhysicalUnit) =
        let up = u.Factors |> List.filter (fun (_, k) -> k > 0) |> List.map factor

        let down =
            u.Factors
            |> List.filter (fun (_, k) -> k < 0)
            |> List.map (fun (s, k) -> factor (s, -k))

        up, down

    /// <summary>A unit as written in declarations: "mV", "mS/cm^2", "1/ms", "pF*mV/ms", "1".</summary>
    /// <param name="u">The unit.</param>
    /// <returns>The unit's text, each denominator factor after its own '/'.</returns>
    let unitText (u: PhysicalUnit) =
        let up, down = parts u
        let numerator = if up.IsEmpty then "1" else String.Join("*", up)
        numerator + String.Join("", down |> List.map (fun d -> "/" + d))

    /// The text after a number: " mV", " mS/cm^2", "/ms" (no space, so that it stays the number's unit), or "".
    let private unitSuffix (u: PhysicalUnit) =
        match parts u with
        | [], [] -> ""
        | [], down -> String.Join("", down |> List.map (fun d -> "/" + d))
        | _ -> " " + unitText u

    let private literal (value: float, u: PhysicalUnit) = number value + unitSuffix u

    let private isNegativeLiteral (e: Expr) =
        match e with
        | Number(v, _) -> v < 0.0 || (v = 0.0 && Double.IsNegative v)
        | _ -> false

    let private level (e: Expr) =
        match e with
        | Number _ when isNegativeLiteral e -> Unary
        | Number _
        | Name _
        | Call _ -> Atom
        | Binary(BinaryOperator.Power, _, _) -> PowerLevel
        | Negate _ -> Unary
        | Binary((Multiply | Divide), _, _) -> Multiplicative
        | Binary((Add | Subtract), _, _) -> Additive
        | Compare _ -> CompareLevel
        | Not _ -> NotLevel
        | Logical(And, _, _) -> AndLevel
        | Logical(Or, _, _) -> OrLevel
        | Conditional _ -> ConditionalLevel

    let private binarySymbol (op: BinaryOperator) =
        match op with
        | Add -> "+"
        | Subtract -> "-"
        | Multiply -> "*"
        | Divide -> "/"
        | BinaryOperator.Power -> "**"

    let private comparisonSymbol (c: Comparison) =
        match c with
        | Less -> "<"
        | LessOrEqual -> "<="
        | Greater -> ">"
        | GreaterOrEqual -> ">="
        | Equal -> "=="
        | NotEqual -> "!="

    /// The expression, in parentheses when it binds looser than the context needs.
    let rec private show (minimum: int) (e: Expr) =
        let text = bare e
        if level e < minimum then "(" + text + ")" else text

    and private bare (e: Expr) =
        match e with
        | Number(v, u) -> literal (v, u)
        | Name n -> n
        | Negate inner -> "-" + negated inner
        | Binary(BinaryOperator.Power, a, b) -> show Atom a + " ** " + show Unary b
        | Binary(op, a, b) ->
            let own = level e
            show own a + " " + binarySymbol op + " " + show (own + 1) b
        | Call(f, args) ->
            Expr.functionName f
            + "("
            + String.Join(", ", args |> List.map (show ConditionalLevel))
            + ")"
        | Compare(c, a, b) -> show Additive a + " " + comparisonSymbol c + " " + show Additive b
        | Not inner -> "not " + show NotLevel inner
        | Logical(op, a, b) ->
            let own = level e
            show own a + (if op = And then " and " else " or ") + show (own + 1) b
        | Conditional(c, a, b) ->
            sprintf
                "if %s then %s else %s"
                (show ConditionalLevel c)
                (show ConditionalLevel a)
                (show ConditionalLevel b)

    /// After a unary minus: "-(2)" for a non-negative literal (else it would read as the literal −2), and a space
    /// before another minus.
    and private negated (inner: Expr) =
        match inner with
        | Number _ when not (isNegativeLiteral inner) -> "(" + bare inner + ")"
        | _ ->
            let text = show Unary inner
            if text.StartsWith '-' then " " + text else text

    /// <summary>One expression as text, with the fewest parentheses the precedence allows.</summary>
    /// <param name="e">The expression.</param>
    /// <returns>Text that <c>ModelParser</c> reads back to an equal expression, provided that its names are
    /// declared or are not unit symbols.</returns>
    /// <example>
    /// <code>
    /// ModelPrinter.printExpr (Binary(Divide, Name "x", Number(0.1, PhysicalUnit.one / PhysicalUnit.named "ms")))
    /// // evaluates to "x / 0.1/ms"
    /// </code>
    /// </example>
    let printExpr (e: Expr) = show ConditionalLevel e

    /// <summary>A string in double quotes, with \" \\ \n \r \t and \uXXXX escapes.</summary>
    /// <param name="s">The string.</param>
    /// <returns>The quoted string.</returns>
    let quoted (s: string) =
        let b = StringBuilder("\"")

        for c in s do
            match c with
            | '"' -> b.Append("\\\"") |> ignore
            | '\\' -> b.Append("\\\\") |> ignore
            | '\n' -> b.Append("\\n") |> ignore
            | '\r' -> b.Append("\\r") |> ignore
            | '\t' -> b.Append("\\t") |> ignore
            | c when Char.IsControl c -> b.AppendFormat("\\u{0:X4}", int c) |> ignore
            | c -> b.Append(c) |> ignore

        b.Append('"').ToString()

    let private withDescription (text: string) (description: string) =
        if String.IsNullOrEmpty description then
            text
        else
            text + " " + quoted description

    let private bound (x: float option) (infinite: string) =
        match x with
        | Some v -> number v
        | None -> infinite

    let private interval (r: ValueRange) =
        sprintf
            "in %s%s, %s%s"
            (if r.MinimumInclusive then "[" else "(")
            (bound r.Minimum "-inf")
            (bound r.Maximum "inf")
            (if r.MaximumInclusive then "]" else ")")

    let private parameterRange (r: ValueRange) =
        match r.Minimum, r.Maximum with
        | None, None -> ""
        | Some lo, None -> sprintf " %s %s" (if r.MinimumInclusive then ">=" else ">") (number lo)
        | None, Some hi -> sprintf " %s %s" (if r.MaximumInclusive then "<=" else "<") (number hi)
        | Some _, Some _ -> " " + interval r

    let private parameter (p: ParameterDeclaration) =
        let head =
            sprintf "parameter %s = %s%s" p.Name (number p.Default) (unitSuffix p.Unit)

        let text = withDescription (head + parameterRange p.Range) p.Description

        if String.IsNullOrEmpty p.Citation then
            text
        else
            text + " cite " + quoted p.Citation

    let private state (s: StateDeclaration) =
        let bounds =
            if s.Bounds.Minimum.IsNone && s.Bounds.Maximum.IsNone then
                ""
            else
                " " + interval s.Bounds

        withDescription
            (sprintf "state %s : %s = %s%s" s.Name (unitText s.Unit) (printExpr s.Initial) bounds)
            s.Description

    let private input (i: InputDeclaration) =
        withDescription (sprintf "input %s : %s" i.Name (unitText i.Unit)) i.Description

    let private definition (d: Definition) =
        withDescription (sprintf "define %s = %s : %s" d.Name (printExpr d.Value) (unitText d.Unit)) d.Description

    let private derivative (d: DifferentialEquation) =
        sprintf "d%s/dt = %s%s" d.Variable (printExpr d.Rate) (if d.UnlessRefractory then " unless refractory" else "")

    let private assignment (r: ResetStatement) =
        let op =
            match r.Operator with
            | Assign -> "="
            | AddAssign -> "+="
            | SubtractAssign -> "-="
            | MultiplyAssign -> "*="
            | DivideAssign -> "/="

        sprintf "%s %s %s" r.Target op (printExpr r.Value)

    /// <summary>
    /// A model as text in canonical order: model, description, citation, parameters, inputs, states, definitions,
    /// derivatives, threshold, reset, refractory, start, requirements. Empty descriptions and citations are left out.
    /// </summary>
    /// <param name="m">The model.</param>
    /// <returns>The text, one statement a line, ending in a line break.</returns>
    let print (m: Equations) =
        let optional (text: string) (value: string) =
            if String.IsNullOrEmpty value then
                []
            else
                [ text + " " + quoted value ]

        let lines =
            [ yield "model " + quoted m.Name
              yield! optional "description" m.Description
              yield! optional "citation" m.Citation
              yield! m.Parameters |> List.map parameter
              yield! m.Inputs |> List.map input
              yield! m.States |> List.map state
              yield! m.Definitions |> List.map definition
              yield! m.Derivatives |> List.map derivative
              yield! m.Threshold |> Option.map (fun t -> "threshold " + printExpr t) |> Option.toList
              if not m.Reset.IsEmpty then
                  yield "reset " + String.Join("; ", m.Reset |> List.map assignment)
              yield!
                  m.Refractory
                  |> Option.map (fun r -> "refractory " + printExpr r)
                  |> Option.toList
              if m.Start = Rest then
                  yield "start rest"
              yield! m.Requirements |> List.map (fun r -> "require " + printExpr r) ]

        String.Join("\n", lines) + "\n"
