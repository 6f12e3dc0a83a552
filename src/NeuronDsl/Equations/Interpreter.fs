namespace NeuronDsl

/// <summary>
/// Evaluates checked expressions by walking the tree: slow, obviously correct, the oracle that compiled code is
/// tested against. Conditions evaluate to 1 (true) or 0 (false).
/// </summary>
[<RequireQualifiedAccess>]
module Interpreter =
    /// <summary>The value of an expression, given the value of every name it uses.</summary>
    /// <param name="lookup">The value of a name (state, parameter, input, definition or t).</param>
    /// <param name="e">A checked expression (see <c>CheckedEquations</c>).</param>
    /// <returns>The raw number.</returns>
    /// <example><c>Interpreter.evaluate (fun _ -> 2.0) (Binary(Multiply, Name "x", Expr.number 3.0))</c> // evaluates to 6.0</example>
    let rec evaluate (lookup: string -> float) (e: Expr) : float =
        let go = evaluate lookup
        let truth (c: Expr) = go c <> 0.0

        match e with
        | Number(v, _) -> v
        | Name n -> lookup n
        | Negate a -> -(go a)
        | Binary(Add, a, b) -> go a + go b
        | Binary(Subtract, a, b) -> go a - go b
        | Binary(Multiply, a, b) -> go a * go b
        | Binary(Divide, a, b) -> go a / go b
        | Binary(Power, a, b) -> System.Math.Pow(go a, go b)
        | Call(f, args) -> MathFunction.apply f (List.map go args)
        | Compare(op, a, b) ->
            let x, y = go a, go b

            MathFunctions.OfBool(
                match op with
                | Less -> x < y
                | LessOrEqual -> x <= y
                | Greater -> x > y
                | GreaterOrEqual -> x >= y
                | Equal -> x = y
                | NotEqual -> x <> y
            )
        | Logical(And, a, b) -> MathFunctions.OfBool(truth a && truth b)
        | Logical(Or, a, b) -> MathFunctions.OfBool(truth a || truth b)
        | Not a -> MathFunctions.OfBool(not (truth a))
        | Conditional(c, a, b) -> if truth c then go a else go b

    /// <summary>The value of an expression that uses no names, or <c>None</c>.</summary>
    let tryConstant (e: Expr) : float option =
        if List.isEmpty (Expr.names e) then
            Some(evaluate (fun _ -> nan) e)
        else
            None
