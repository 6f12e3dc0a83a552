namespace NeuronDsl

open System

/// <summary>
/// Resolves names and checks dimensions, once, when a model is built: every equation, comparison and assignment must
/// be dimensionally consistent and functions such as exp take pure numbers. The result is plain arithmetic in known
/// units (<c>CheckedEquations</c>), with exact power-of-ten factors wherever units of one dimension meet.
/// </summary>
[<RequireQualifiedAccess>]
module Checker =
    /// <summary>What a name refers to.</summary>
    type private Symbol =
        | ParameterSymbol of ParameterDeclaration
        | StateSymbol of StateDeclaration
        | InputSymbol of InputDeclaration
        | DefinitionSymbol of Definition
        | TimeSymbol

    /// <summary>An expression's type: a value in a unit, or a condition.</summary>
    type private Kind =
        | Value of PhysicalUnit
        | Condition

    exception private CheckFailure of ModelError

    let private fail item kind token message =
        raise (
            CheckFailure
                { Item = item
                  Kind = kind
                  Token = token
                  Message = message }
        )

    let private ms = PhysicalUnit.named "ms"

    /// <summary>"mV (kg m^2 s^-3 A^-1)": a unit with its dimension, for messages.</summary>
    let describeUnit (u: PhysicalUnit) =
        sprintf "%O (%O)" u (PhysicalUnit.dimension u)

    /// <summary>The expression, converted from one unit to another of the same dimension.</summary>
    let private convert (e: Expr) (source: PhysicalUnit) (target: PhysicalUnit) =
        match PhysicalUnit.conversion source target with
        | Some 1.0 -> e
        | Some factor -> Binary(Multiply, e, Expr.number factor)
        | None -> invalidOp "convert: dimensions differ"

    let private sameDimension (a: PhysicalUnit) (b: PhysicalUnit) =
        PhysicalUnit.dimension a = PhysicalUnit.dimension b

    let private describeItem (item: ModelItem) =
        match item with
        | WholeModel -> "the model"
        | ParameterItem n -> sprintf "parameter %s" n
        | StateItem n -> sprintf "initial value of %s" n
        | InputItem n -> sprintf "input %s" n
        | DefinitionItem n -> sprintf "definition of %s" n
        | DerivativeItem n -> sprintf "d%s/dt" n
        | ThresholdItem -> "threshold"
        | ResetItem k -> sprintf "reset statement %d" (k + 1)
        | RefractoryItem -> "refractory period"
        | RequirementItem k -> sprintf "requirement %d" (k + 1)

    /// <summary>Lowers one expression: checks it, returns the arithmetic and its kind.</summary>
    let rec private lower (symbols: Map<string, Symbol>) (item: ModelItem) (e: Expr) : Expr * Kind =
        let here = describeItem item
        let go = lower symbols item

        let value (e: Expr) =
            match go e with
            | lowered, Value u -> lowered, u
            | _ -> fail item NotAValue None (sprintf "%s: a condition is used where a value is expected" here)

        let condition (e: Expr) =
            match go e with
            | lowered, Condition -> lowered
            | _, Value u ->
                fail item NotAValue None (sprintf "%s: a value in %O is used where a condition is expected" here u)

        let pureNumber (what: string) (e: Expr) =
            let lowered, u = value e

            if not (PhysicalUnit.dimension u).IsNone then
                fail item UnitMismatch None (sprintf "%s: %s takes a pure number; got %s" here what (describeUnit u))

            convert lowered u PhysicalUnit.one

        // a and b of one dimension; b converted to a's unit.
        let matched (what: string) (a: Expr) (b: Expr) =
            let la, ua = value a
            let lb, ub = value b

            if not (sameDimension ua ub) then
                fail
                    item
                    UnitMismatch
                    None
                    (sprintf "%s: %s of %s and %s" here what (describeUnit ua) (describeUnit ub))

            la, convert lb ub ua, ua

        match e with
        | Number(v, u) ->
            if not (Double.IsFinite v) then
                fail item InvalidValue None (sprintf "%s: the number %g is not finite" here v)

            e, Value u
        | Name n ->
            match Map.tryFind n symbols with
            | Some(ParameterSymbol p) -> e, Value p.Unit
            | Some(StateSymbol s) -> e, Value s.Unit
            | Some(InputSymbol i) -> e, Value i.Unit
            | Some(DefinitionSymbol d) -> e, Value d.Unit
            | Some TimeSymbol -> e, Value ms
            | None -> fail item UnknownName (Some n) (sprintf "%s: unknown name '%s'" here n)
        | Negate a ->
            let la, ua = value a
            Negate la, Value ua
        | Binary((Add | Subtract) as op, a, b) ->
            let la, lb, u = matched (if op = Add then "a sum" else "a difference") a b

            Binary(op, la, lb), Value u
        | Binary(Multiply, a, b) ->
            let la, ua = value a
            let lb, ub = value b
            Binary(Multiply, la, lb), Value(ua * ub)
        | Binary(Divide, a, b) ->
            let la, ua = value a
            let lb, ub = value b

            if Interpreter.tryConstant lb = Some 0.0 then
                fail item DivisionByZero None (sprintf "%s: division by a constant zero" here)

            Binary(Divide, la, lb), Value(ua / ub)
        | Binary(Power, a, b)
        | Call(Pow, [ a; b ]) -> power symbols item a b
        | Call(f, args) when args.Length <> Expr.arity f ->
            fail
                item
                WrongArgumentCount
                (Some(Expr.functionName f))
                (sprintf "%s: %s takes %d argument(s); got %d" here (Expr.functionName f) (Expr.arity f) args.Length)
        | Call((Min | Max) as f, [ a; b ]) ->
            let la, lb, u = matched (Expr.functionName f) a b
            Call(f, [ la; lb ]), Value u
        | Call(Abs, [ a ]) ->
            let la, u = value a
            Call(Abs, [ la ]), Value u
        | Call(Sqrt, [ a ]) ->
            let la, u = value a

            if (PhysicalUnit.dimension u).IsNone then
                Call(Sqrt, [ convert la u PhysicalUnit.one ]), Value PhysicalUnit.one
            elif u.Factors |> List.forall (fun (_, k) -> k % 2 = 0) then
                Call(Sqrt, [ la ]), Value(PhysicalUnit.OfParts(u.Factors |> List.map (fun (s, k) -> s, k / 2)))
            else
                fail item UnitMismatch None (sprintf "%s: sqrt of %s, which is not a square" here (describeUnit u))
        | Call(f, args) ->
            let lowered = args |> List.map (pureNumber (Expr.functionName f))
            Call(f, lowered), Value PhysicalUnit.one
        | Compare(op, a, b) ->
            let la, lb, _ = matched "a comparison" a b
            Compare(op, la, lb), Condition
        | Logical(op, a, b) -> Logical(op, condition a, condition b), Condition
        | Not a -> Not(condition a), Condition
        | Conditional(c, a, b) ->
            let lc = condition c
            let la, lb, u = matched "the two branches of a conditional" a b
            Conditional(lc, la, lb), Value u

    /// <summary>a ** b: b a pure number; a constant integer when a has a dimension.</summary>
    and private power symbols item a b =
        let la, ua =
            match lower symbols item a with
            | l, Value u -> l, u
            | _ -> fail item NotAValue None (sprintf "%s: a condition cannot be raised to a power" (describeItem item))

        let lb, ub =
            match lower symbols item b with
            | l, Value u -> l, u
            | _ -> fail item NotAValue None (sprintf "%s: a condition cannot be an exponent" (describeItem item))

        if not (PhysicalUnit.dimension ub).IsNone then
            fail
                item
                UnitMismatch
                None
                (sprintf "%s: an exponent must be a pure number; got %s" (describeItem item) (describeUnit ub))

        let lb = convert lb ub PhysicalUnit.one

        if (PhysicalUnit.dimension ua).IsNone then
            Binary(Power, convert la ua PhysicalUnit.one, lb), Value PhysicalUnit.one
        else
            match Interpreter.tryConstant lb with
            | Some k when k = Math.Round k && abs k <= 64.0 -> Binary(Power, la, lb), Value(ua.Power(int k))
            | _ ->
                fail
                    item
                    UnitMismatch
                    None
                    (sprintf
                        "%s: %s raised to a power that is not a constant integer"
                        (describeItem item)
                        (describeUnit ua))

    /// <summary>Collects the first error of each item and goes on with the next item.</summary>
    type private Errors() =
        let found = ResizeArray<ModelError>()
        member _.List = List.ofSeq found
        member _.Add(e: ModelError) = found.Add e

        member _.Try(action: unit -> 'T) : 'T option =
            try
                Some(action ())
            with CheckFailure e ->
                found.Add e
                None

    let private declaredNames (m: Equations) =
        [ for p in m.Parameters -> p.Name, ParameterItem p.Name, ParameterSymbol p
          for s in m.States -> s.Name, StateItem s.Name, StateSymbol s
          for i in m.Inputs -> i.Name, InputItem i.Name, InputSymbol i
          for d in m.Definitions -> d.Name, DefinitionItem d.Name, DefinitionSymbol d ]

    /// <summary>The symbol table; duplicate names and a declared "t" are reported.</summary>
    let private symbolTable (errors: Errors) (m: Equations) =
        let mutable table = Map.ofList [ "t", TimeSymbol ]

        for name, item, symbol in declaredNames m do
            if table.ContainsKey name then
                let message =
                    if name = "t" then
                        "'t' is the simulation time and cannot be declared"
                    else
                        sprintf "'%s' is declared twice" name

                errors.Add
                    { Item = item
                      Kind = DuplicateName
                      Token = Some name
                      Message = message }
            else
                table <- table.Add(name, symbol)

        table

    /// <summary>Definitions in dependency order; a cycle is reported once.</summary>
    let private orderDefinitions (errors: Errors) (m: Equations) : Definition list =
        let byName = m.Definitions |> List.map (fun d -> d.Name, d) |> Map.ofList
        let mutable finished = Set.empty
        let mutable order = []

        let rec visit (path: string list) (d: Definition) =
            if List.contains d.Name path then
                let cycle = List.rev (d.Name :: path) |> List.skipWhile ((<>) d.Name)

                fail
                    (DefinitionItem d.Name)
                    CircularDefinition
                    (Some d.Name)
                    (sprintf "definitions refer to each other in a cycle: %s" (String.Join(" -> ", cycle)))
            elif not (finished.Contains d.Name) then
                for n in Expr.names d.Value do
                    match Map.tryFind n byName with
                    | Some used -> visit (d.Name :: path) used
                    | None -> ()

                finished <- finished.Add d.Name
                order <- d :: order

        for d in m.Definitions do
            errors.Try(fun () -> visit [] d) |> ignore

        List.rev order

    /// <summary>A value expression of the given dimension, converted to the target unit.</summary>
    let private lowerTo symbols item (what: string) (target: PhysicalUnit) (e: Expr) =
        match lower symbols item e with
        | lowered, Value u when sameDimension u target -> convert lowered u target
        | _, Value u ->
            fail
                item
                UnitMismatch
                None
                (sprintf "%s: %s must be in %s; got %s" (describeItem item) what (describeUnit target) (describeUnit u))
        | _, Condition ->
            fail item NotAValue None (sprintf "%s: %s is a condition; expected a value" (describeItem item) what)

    /// <summary>Fails unless the expression uses parameters only (initial values, refractory period).</summary>
    let private parametersOnly symbols item (what: string) (e: Expr) =
        for n in Expr.names e do
            match Map.tryFind n symbols with
            | Some(ParameterSymbol _)
            | None -> ()
            | Some _ ->
                fail
                    item
                    InvalidValue
                    (Some n)
                    (sprintf "%s: %s may use parameters only; '%s' is not one" (describeItem item) what n)

    let private checkParameter (p: ParameterDeclaration) =
        if not (ValueRange.contains p.Range p.Default) then
            fail
                (ParameterItem p.Name)
                InvalidValue
                (Some p.Name)
                (sprintf
                    "parameter %s: default %g %O; expected %s"
                    p.Name
                    p.Default
                    p.Unit
                    (ValueRange.describe p.Range))

    let private rates symbols (errors: Errors) (m: Equations) (states: StateDeclaration[]) =
        let isState n =
            states |> Array.exists (fun s -> s.Name = n)

        for d in m.Derivatives do
            if not (isState d.Variable) then
                errors.Add
                    { Item = DerivativeItem d.Variable
                      Kind = DerivativeOfUndeclared
                      Token = Some d.Variable
                      Message = sprintf "d%s/dt: '%s' is not a declared state variable" d.Variable d.Variable }

        states
        |> Array.map (fun s ->
            let item = DerivativeItem s.Name

            match m.Derivatives |> List.filter (fun d -> d.Variable = s.Name) with
            | [ d ] -> errors.Try(fun () -> lowerTo symbols item "the rate" (s.Unit / ms) d.Rate)
            | [] ->
                errors.Add
                    { Item = StateItem s.Name
                      Kind = MissingDerivative
                      Token = Some s.Name
                      Message = sprintf "state variable %s has no differential equation d%s/dt" s.Name s.Name }

                None
            | _ ->
                errors.Add
                    { Item = item
                      Kind = DuplicateName
                      Token = Some s.Name
                      Message = sprintf "d%s/dt is defined twice" s.Name }

                None)

    /// <summary>Every name an expression uses, directly or through definitions.</summary>
    let private reachable (m: Equations) (e: Expr) =
        let definitions = m.Definitions |> List.map (fun d -> d.Name, d.Value) |> Map.ofList

        let rec walk (seen: Set<string>) (names: string list) =
            match names with
            | [] -> seen
            | n :: rest when seen.Contains n -> walk seen rest
            | n :: rest ->
                let more =
                    Map.tryFind n definitions |> Option.map Expr.names |> Option.defaultValue []

                walk (seen.Add n) (more @ rest)

        walk Set.empty (Expr.names e)

    /// <summary>Spikes and resets are events on the state: they may not depend on the input or on t.</summary>
    let private stateOnly (m: Equations) item (what: string) (e: Expr) =
        let inputs = m.Inputs |> List.map (fun i -> i.Name)

        match reachable m e |> Seq.tryFind (fun n -> n = "t" || List.contains n inputs) with
        | Some n ->
            fail
                item
                InvalidValue
                (Some n)
                (sprintf "%s: %s may use state variables and parameters, not '%s'" (describeItem item) what n)
        | None -> ()

    let private spikeFunction symbols (threshold: Expr) =
        match threshold with
        | Compare((Greater | GreaterOrEqual | Less | LessOrEqual) as op, _, _) ->
            match lower symbols ThresholdItem threshold with
            | Compare(_, a, b), _ ->
                match op with
                | Greater
                | GreaterOrEqual -> Binary(Subtract, a, b)
                | _ -> Binary(Subtract, b, a)
            | _ -> invalidOp "a comparison lowers to a comparison"
        | _ ->
            fail
                ThresholdItem
                NotAComparison
                None
                "threshold: expected one comparison with <, <=, > or >= (for example V > V_th)"

    let private resetStatement symbols (states: StateDeclaration[]) (k: int) (r: ResetStatement) =
        let item = ResetItem k

        match Array.tryFindIndex (fun (s: StateDeclaration) -> s.Name = r.Target) states with
        | None when not (Map.containsKey r.Target symbols) ->
            fail item UnknownName (Some r.Target) (sprintf "reset: unknown name '%s'" r.Target)
        | None ->
            fail
                item
                AssignmentToNonState
                (Some r.Target)
                (sprintf "reset: '%s' is not a state variable; only state variables can be reset" r.Target)
        | Some index ->
            let s = states[index]

            let value =
                match r.Operator with
                | Assign -> lowerTo symbols item "the new value" s.Unit r.Value
                | AddAssign -> Binary(Add, Name s.Name, lowerTo symbols item "the increment" s.Unit r.Value)
                | SubtractAssign -> Binary(Subtract, Name s.Name, lowerTo symbols item "the decrement" s.Unit r.Value)
                | MultiplyAssign ->
                    Binary(Multiply, Name s.Name, lowerTo symbols item "the factor" PhysicalUnit.one r.Value)
                | DivideAssign ->
                    Binary(Divide, Name s.Name, lowerTo symbols item "the divisor" PhysicalUnit.one r.Value)

            index, value

    let private initialValue symbols (s: StateDeclaration) =
        let item = StateItem s.Name
        parametersOnly symbols item "the initial value" s.Initial
        lowerTo symbols item "the initial value" s.Unit s.Initial

    let private refractory symbols (m: Equations) =
        match m.Refractory with
        | None -> Expr.number 0.0
        | Some period ->
            parametersOnly symbols RefractoryItem "the period" period
            lowerTo symbols RefractoryItem "the period" ms period

    let private requirement symbols (k: int) (condition: Expr) =
        let item = RequirementItem k
        parametersOnly symbols item "a requirement" condition

        match lower symbols item condition with
        | lowered, Condition -> condition, lowered
        | _, Value u ->
            fail
                item
                NotAComparison
                None
                (sprintf "requirement %d: expected a condition on parameters; got a value in %O" (k + 1) u)

    /// <summary>
    /// Checks a model: names resolve, nothing is declared twice, every state has one differential equation, units agree
    /// everywhere, the threshold is one comparison, resets assign to state variables, definitions have no cycles.
    /// </summary>
    /// <param name="m">The model as data.</param>
    /// <returns>The checked model, or every error found (the first in each item).</returns>
    let check (m: Equations) : Result<CheckedEquations, ModelError list> =
        let errors = Errors()

        if m.States.IsEmpty then
            errors.Add
                { Item = WholeModel
                  Kind = EmptyModel
                  Token = None
                  Message = "the model declares no state variable; expected at least one (state V : mV = ...)" }

        if m.Inputs.Length > 1 then
            errors.Add
                { Item = InputItem m.Inputs[1].Name
                  Kind = InvalidValue
                  Token = Some m.Inputs[1].Name
                  Message = sprintf "%d inputs declared; a model is driven by at most one input" m.Inputs.Length }

        let symbols = symbolTable errors m

        for p in m.Parameters do
            errors.Try(fun () -> checkParameter p) |> ignore

        let states = Array.ofList m.States

        let definitions =
            orderDefinitions errors m
            |> List.choose (fun d ->
                errors.Try(fun () -> d.Name, lowerTo symbols (DefinitionItem d.Name) "the value" d.Unit d.Value))

        let rates = rates symbols errors m states

        let spike =
            m.Threshold
            |> Option.bind (fun t ->
                errors.Try(fun () ->
                    stateOnly m ThresholdItem "the threshold" t
                    spikeFunction symbols t))

        let reset =
            m.Reset
            |> List.mapi (fun k r ->
                errors.Try(fun () ->
                    stateOnly m (ResetItem k) "a reset statement" r.Value
                    resetStatement symbols states k r))

        let period = errors.Try(fun () -> refractory symbols m)

        let initial =
            states |> Array.map (fun s -> errors.Try(fun () -> initialValue symbols s))

        let requirements =
            m.Requirements
            |> List.mapi (fun k r -> errors.Try(fun () -> requirement symbols k r))

        match errors.List with
        | [] ->
            Ok
                { Source = m
                  States = states
                  Parameters = Array.ofList m.Parameters
                  Input = List.tryHead m.Inputs
                  Definitions = Array.ofList definitions
                  Rates = rates |> Array.map Option.get
                  SpikeFunction = spike
                  Reset = reset |> List.map Option.get |> Array.ofList
                  Refractory = Option.get period
                  Clamped =
                    states
                    |> Array.indexed
                    |> Array.filter (fun (_, s) ->
                        m.Derivatives
                        |> List.exists (fun d -> d.Variable = s.Name && d.UnlessRefractory))
                    |> Array.map fst
                  Initial = initial |> Array.map Option.get
                  Requirements = requirements |> List.map Option.get |> Array.ofList }
        | found -> Error found
