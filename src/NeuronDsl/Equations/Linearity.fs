namespace NeuronDsl

/// <summary>
/// A model whose rates are linear in the states and the input: dy/dt = A(p)·y + b(p) + c(p)·I, with A, b and c
/// expressions of the parameters only (in the states' units per ms).
/// </summary>
type LinearForm =
    {
        /// <summary>A[i, j] = ∂rate_i/∂state_j, an expression of parameters.</summary>
        Matrix: Expr[,]
        /// <summary>b[i], the rate at zero state and zero input.</summary>
        Offset: Expr[]
        /// <summary>c[i] = ∂rate_i/∂I (0 for a model without input).</summary>
        InputGain: Expr[]
    }

/// <summary>
/// Detects models that integrate exactly under piecewise-constant input: every rate linear in the states, with
/// coefficients that depend on parameters only, and the input entering additively. A rate that uses t, or that
/// uses a state or the input inside a function, a power, a conditional, a product of two such terms or a divisor,
/// is not eligible (HH, Izhikevich).
/// </summary>
[<RequireQualifiedAccess>]
module Linearity =
    /// <summary>An affine combination: coefficient of each state or input name, plus a constant (None: 0).</summary>
    type private Affine =
        { Terms: Map<string, Expr>
          Constant: Expr option }

    let private constant (e: Expr) =
        { Terms = Map.empty; Constant = Some e }

    let private mapAffine (f: Expr -> Expr) (a: Affine) =
        { Terms = Map.map (fun _ c -> f c) a.Terms
          Constant = Option.map f a.Constant }

    let private combine (op: BinaryOperator) (a: Affine) (b: Affine) =
        let join (x: Expr option) (y: Expr option) =
            match x, y with
            | None, None -> None
            | Some x, None -> Some x
            | None, Some y -> Some(if op = Add then y else Negate y)
            | Some x, Some y -> Some(Binary(op, x, y))

        let keys = Seq.append (Map.keys a.Terms) (Map.keys b.Terms) |> Seq.distinct

        { Terms =
            keys
            |> Seq.choose (fun k ->
                join (Map.tryFind k a.Terms) (Map.tryFind k b.Terms)
                |> Option.map (fun c -> k, c))
            |> Map.ofSeq
          Constant = join a.Constant b.Constant }

    /// <summary>e as an affine combination of the variables, or None.</summary>
    let rec private affine (isVariable: string -> bool) (isParameter: string -> bool) (e: Expr) : Affine option =
        let go = affine isVariable isParameter
        let isConstant (a: Affine) = Map.isEmpty a.Terms

        match e with
        | Number _ -> Some(constant e)
        | Name n when isVariable n ->
            Some
                { Terms = Map.ofList [ n, Expr.number 1.0 ]
                  Constant = None }
        | Name n when isParameter n -> Some(constant e)
        | Name _ -> None
        | Negate a -> go a |> Option.map (mapAffine Negate)
        | Binary((Add | Subtract) as op, a, b) -> Option.map2 (combine op) (go a) (go b)
        | Binary(Multiply, a, b) ->
            match go a, go b with
            | Some x, Some y when isConstant x ->
                let k = Option.defaultValue (Expr.number 0.0) x.Constant
                Some(mapAffine (fun c -> Binary(Multiply, k, c)) y)
            | Some x, Some y when isConstant y ->
                let k = Option.defaultValue (Expr.number 0.0) y.Constant
                Some(mapAffine (fun c -> Binary(Multiply, c, k)) x)
            | _ -> None
        | Binary(Divide, a, b) ->
            match go a, go b with
            | Some x, Some y when isConstant y && y.Constant.IsSome ->
                Some(mapAffine (fun c -> Binary(Divide, c, y.Constant.Value)) x)
            | _ -> None
        | _ when Expr.names e |> List.forall isParameter -> Some(constant e)
        | _ -> None

    /// <summary>
    /// The linear form of a model's rates, or None when some rate is not linear in the states and input with
    /// parameter-only coefficients (or uses t).
    /// </summary>
    /// <param name="model">A checked model.</param>
    /// <returns>A, b and c as simplified expressions of the parameters.</returns>
    let tryLinear (model: CheckedEquations) : LinearForm option =
        let states = model.States |> Array.map (fun s -> s.Name)
        let input = model.Input |> Option.map (fun i -> i.Name)
        let parameters = model.Parameters |> Array.map (fun p -> p.Name) |> Set.ofArray

        let isVariable n =
            Array.contains n states || Some n = input

        let forms =
            model.Rates
            |> Array.map (
                Differentiation.inlineDefinitions model.Definitions
                >> affine isVariable parameters.Contains
            )

        if forms |> Array.forall Option.isSome then
            let forms = forms |> Array.map Option.get

            let coefficient (a: Affine) (name: string) =
                Map.tryFind name a.Terms
                |> Option.map Simplify.expression
                |> Option.defaultValue (Expr.number 0.0)

            Some
                { Matrix = Array2D.init states.Length states.Length (fun i j -> coefficient forms[i] states[j])
                  Offset =
                    forms
                    |> Array.map (fun a ->
                        a.Constant
                        |> Option.map Simplify.expression
                        |> Option.defaultValue (Expr.number 0.0))
                  InputGain =
                    forms
                    |> Array.map (fun a ->
                        match input with
                        | Some i -> coefficient a i
                        | None -> Expr.number 0.0) }
        else
            None

    /// <summary>True when the model integrates exactly (see <c>tryLinear</c>).</summary>
    /// <param name="model">A checked model.</param>
    /// <returns>Whether its rates are linear.</returns>
    let isLinear (model: CheckedEquations) = (tryLinear model).IsSome
