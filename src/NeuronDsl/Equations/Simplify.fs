namespace NeuronDsl

/// <summary>
/// Simplification of checked expressions that never changes a value, bit for bit, for any values of the names
/// (finite, infinite, NaN or signed zero).
/// </summary>
/// <remarks>
/// Two kinds of rewriting are done, bottom up:
/// <list type="bullet">
/// <item>Constant folding: a value sub-expression that uses no name becomes one <c>Number</c>, computed by the
/// <c>Interpreter</c>, so the folded number is exactly what evaluation would have produced.</item>
/// <item>Identities exact in IEEE 754 double arithmetic: x·1 = 1·x = x, x/1 = x, x − 0 = x, x + (−0) = (−0) + x = x,
/// −(−x) = x, and a conditional whose condition uses no name becomes the branch it selects.</item>
/// </list>
/// Not done, because they are not exact: x + 0 (−0 + 0 is +0), 0·x = 0 (x infinite or NaN, and the sign of zero),
/// x − x = 0 (x infinite), x·(−1) = −x (the sign of a NaN), and any reassociation such as (x·a)·b = x·(a·b).
/// Conditions are never folded to a number (they are not values); their value operands are.
/// </remarks>
[<RequireQualifiedAccess>]
module Simplify =
    let private isValue (e: Expr) =
        match e with
        | Compare _
        | Logical _
        | Not _ -> false
        | _ -> true

    let private bits (x: float) = System.BitConverter.DoubleToInt64Bits x

    /// <summary>True when the expression is the number with exactly these bits (so 0 and −0 differ).</summary>
    let private isExactly (value: float) (e: Expr) =
        match e with
        | Number(v, _) -> bits v = bits value
        | _ -> false

    /// <summary>One rewriting step at the root, children already simplified.</summary>
    let private identity (e: Expr) : Expr =
        match e with
        | Binary(Multiply, x, one)
        | Binary(Multiply, one, x) when isExactly 1.0 one -> x
        | Binary(Divide, x, one) when isExactly 1.0 one -> x
        | Binary(Subtract, x, zero) when isExactly 0.0 zero -> x
        | Binary(Add, x, negativeZero)
        | Binary(Add, negativeZero, x) when isExactly -0.0 negativeZero -> x
        | Negate(Negate x) -> x
        | Conditional(c, a, b) ->
            match Interpreter.tryConstant c with
            | Some truth -> if truth <> 0.0 then a else b
            | None -> e
        | _ -> e

    let private fold (e: Expr) : Expr =
        match e with
        | Number _
        | Name _ -> e
        | _ when isValue e ->
            match Interpreter.tryConstant e with
            | Some v -> Number(v, PhysicalUnit.one)
            | None -> identity e
        | _ -> e

    /// <summary>The expression with constants folded and exact identities applied; its value is unchanged, bit for
    /// bit, for every value of every name.</summary>
    /// <param name="e">A checked expression.</param>
    /// <returns>An expression that evaluates to the same bits everywhere.</returns>
    /// <example><c>Simplify.expression (Binary(Multiply, Name "x", Binary(Add, Expr.number 0.5, Expr.number 0.5)))</c> // evaluates to Name "x"</example>
    let rec expression (e: Expr) : Expr = fold (Expr.mapChildren expression e)
