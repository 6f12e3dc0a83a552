namespace NeuronDsl

/// <summary>
/// Symbolic differentiation of checked expressions (see <c>CheckedEquations</c>): the diagonal of the Jacobian for
/// exponential Euler and the full Jacobian for Newton's method, with no hand-written derivative anywhere.
/// </summary>
/// <remarks>
/// Definitions are inlined first (chain rule through them); common sub-expressions that this duplicates are
/// evaluated once by the compiler. A term that does not depend on the variable contributes nothing, structurally:
/// d(a·b)/dx with a free of x is a·b', never 0·b + a·b' (which would be NaN where b is infinite). Piecewise functions
/// are differentiated on the branch they choose: min and max on the chosen argument (the first on a tie), abs as
/// −a' where a &lt; 0 and a' elsewhere, a conditional as the conditional of the branches' derivatives.
/// </remarks>
[<RequireQualifiedAccess>]
module Differentiation =
    let private number = Expr.number
    let private add a b = Binary(Add, a, b)
    let private sub a b = Binary(Subtract, a, b)
    let private mul a b = Binary(Multiply, a, b)
    let private div a b = Binary(Divide, a, b)

    /// <summary>Every definition replaced by its expression, recursively.</summary>
    /// <param name="definitions">Definitions in dependency order (as in <c>CheckedEquations.Definitions</c>).</param>
    /// <param name="e">An expression that may use them.</param>
    /// <returns>The expression over states, parameters, the input and t only.</returns>
    let inlineDefinitions (definitions: (string * Expr)[]) (e: Expr) : Expr =
        let table =
            definitions
            |> Array.fold
                (fun (known: Map<string, Expr>) (name, value) ->
                    let resolved =
                        value
                        |> Expr.substitute (fun n -> Map.tryFind n known |> Option.defaultValue (Name n))

                    Map.add name resolved known)
                Map.empty

        e
        |> Expr.substitute (fun n -> Map.tryFind n table |> Option.defaultValue (Name n))

    // exprel'(x) = Σ_k (k+1)/(k+2)! x^k; 18 terms leave a truncation below 1e-17 for |x| ≤ 1.
    let private seriesCoefficients =
        Array.init 18 (fun k -> float (k + 1) / Seq.fold (*) 1.0 (Seq.map float [ 1 .. k + 2 ]))

    /// <summary>
    /// d/dx exprel(x) = (x e^x − e^x + 1)/x², with the limit 1/2 at x = 0, as an expression of the model language
    /// (so compiled code and the interpreter evaluate the same operations).
    /// </summary>
    /// <remarks>
    /// Three forms, each free of cancellation where it is used: for |x| &lt; 1 the Taylor series (18 terms, Horner,
    /// truncation &lt; 1e-17 relative, rounding a few ulp); for x ≥ 1, exprel(x)(1 − 1/x) + 1/x, a sum of two positive
    /// terms that overflows only where the true value does; for x ≤ −1, (e^x − exprel(x))/x, where e^x &lt; exprel(x)
    /// so the difference loses at most a factor (e^x + exprel x)/(exprel x − e^x) ≤ 3.8 at x = −1. Relative error
    /// within ~10 ulp everywhere (checked against the closed form in the tests).
    /// </remarks>
    /// <param name="x">The argument (a pure number).</param>
    /// <returns>The derivative's expression.</returns>
    let exprelDerivative (x: Expr) : Expr =
        let series =
            Array.foldBack
                (fun c acc -> add (number c) (mul x acc))
                seriesCoefficients[..16]
                (number seriesCoefficients[17])

        let exprel = Call(Exprel, [ x ])
        let inverse = div (number 1.0) x
        let above = add (mul exprel (sub (number 1.0) inverse)) inverse
        let below = div (sub (Call(Exp, [ x ])) exprel) x

        Conditional(
            Compare(Less, Call(Abs, [ x ]), number 1.0),
            series,
            Conditional(Compare(GreaterOrEqual, x, number 1.0), above, below)
        )

    /// <summary>f'(a)·a' for one-argument functions; None when a' is None.</summary>
    let private unaryChain (f: MathFunction) (a: Expr) (da: Expr) : Expr =
        let outer =
            match f with
            | Exp -> Call(Exp, [ a ])
            | Log -> div (number 1.0) a
            | Sqrt -> div (number 0.5) (Call(Sqrt, [ a ]))
            | Sin -> Call(Cos, [ a ])
            | Cos -> Negate(Call(Sin, [ a ]))
            | Tanh ->
                let t = Call(Tanh, [ a ])
                sub (number 1.0) (mul t t)
            | Exprel -> exprelDerivative a
            | Abs
            | Pow
            | Min
            | Max -> invalidOp "not a smooth one-argument function"

        mul outer da

    /// <summary>d(a^b) from a, b and their derivatives (None: zero).</summary>
    let private power (a: Expr) (b: Expr) (da: Expr option) (db: Expr option) : Expr option =
        let ab = Binary(Power, a, b)

        match da, db with
        | None, None -> None
        | Some da, None -> Some(mul (mul b (Binary(Power, a, sub b (number 1.0)))) da)
        | None, Some db -> Some(mul (mul ab (Call(Log, [ a ]))) db)
        | Some da, Some db -> Some(mul ab (add (mul db (Call(Log, [ a ]))) (div (mul b da) a)))

    /// <summary>
    /// The derivative of an expression with respect to a name, or <c>None</c> when the expression does not depend
    /// on it (the derivative is structurally zero).
    /// </summary>
    /// <param name="variable">The name (a state variable, the input, or a parameter).</param>
    /// <param name="e">An expression without definitions (see <c>inlineDefinitions</c>).</param>
    /// <returns>The derivative's expression, or None for zero.</returns>
    let rec tryDerivative (variable: string) (e: Expr) : Expr option =
        let d = tryDerivative variable

        match e with
        | Number _ -> None
        | Name n -> if n = variable then Some(number 1.0) else None
        | Negate a -> d a |> Option.map Negate
        | Binary((Add | Subtract) as op, a, b) ->
            match d a, d b with
            | None, None -> None
            | Some da, None -> Some da
            | None, Some db -> Some(if op = Add then db else Negate db)
            | Some da, Some db -> Some(Binary(op, da, db))
        | Binary(Multiply, a, b) ->
            match d a, d b with
            | None, None -> None
            | Some da, None -> Some(mul da b)
            | None, Some db -> Some(mul a db)
            | Some da, Some db -> Some(add (mul da b) (mul a db))
        | Binary(Divide, a, b) ->
            match d a, d b with
            | None, None -> None
            | Some da, None -> Some(div da b)
            | dA, Some db ->
                let quotientPart = Negate(div (mul (div a b) db) b)

                Some(
                    match dA with
                    | Some da -> add (div da b) quotientPart
                    | None -> quotientPart
                )
        | Binary(Power, a, b)
        | Call(Pow, [ a; b ]) -> power a b (d a) (d b)
        | Call(Abs, [ a ]) ->
            d a
            |> Option.map (fun da -> Conditional(Compare(Less, a, number 0.0), Negate da, da))
        | Call(Min, [ a; b ]) -> branches (Compare(LessOrEqual, a, b)) (d a) (d b)
        | Call(Max, [ a; b ]) -> branches (Compare(GreaterOrEqual, a, b)) (d a) (d b)
        | Call(f, [ a ]) -> d a |> Option.map (unaryChain f a)
        | Conditional(c, a, b) -> branches c (d a) (d b)
        | Call _ -> invalidArg "e" "a function with the wrong number of arguments"
        | Compare _
        | Logical _
        | Not _ -> invalidArg "e" "a condition has no derivative"

    and private branches (condition: Expr) (da: Expr option) (db: Expr option) : Expr option =
        match da, db with
        | None, None -> None
        | _ ->
            let orZero = Option.defaultValue (number 0.0)
            Some(Conditional(condition, orZero da, orZero db))

    /// <summary>The derivative of an expression with respect to a name; the number 0 where it does not depend on
    /// it.</summary>
    /// <param name="variable">The name.</param>
    /// <param name="e">An expression without definitions.</param>
    /// <returns>The derivative, simplified.</returns>
    /// <example><c>Differentiation.derivative "x" (Binary(Multiply, Name "x", Name "x"))</c> // evaluates to x·1 + x·1 before simplification, x + x after</example>
    let derivative (variable: string) (e: Expr) : Expr =
        tryDerivative variable e
        |> Option.map Simplify.expression
        |> Option.defaultValue (number 0.0)

    /// <summary>The rates with every definition inlined.</summary>
    let private inlinedRates (model: CheckedEquations) =
        model.Rates |> Array.map (inlineDefinitions model.Definitions)

    /// <summary>∂rate_i/∂state_i for every state i (per ms): the diagonal of the Jacobian, for exponential Euler.</summary>
    /// <param name="model">A checked model.</param>
    /// <returns>One expression per state, over states, parameters, the input and t.</returns>
    let diagonal (model: CheckedEquations) : Expr[] =
        inlinedRates model
        |> Array.mapi (fun i rate -> derivative model.States[i].Name rate)

    /// <summary>The full Jacobian ∂rate_i/∂state_j (per ms), row i, column j, for Newton's method.</summary>
    /// <param name="model">A checked model.</param>
    /// <returns>An n × n array of expressions.</returns>
    let jacobian (model: CheckedEquations) : Expr[,] =
        let rates = inlinedRates model
        Array2D.init rates.Length rates.Length (fun i j -> derivative model.States[j].Name rates[i])
