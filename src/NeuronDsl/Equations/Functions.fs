namespace NeuronDsl

open System

/// <summary>
/// The numeric definitions of the model language's functions. The interpreter and the compiled code call these
/// same methods, so both give bit-identical results.
/// </summary>
type MathFunctions =
    /// <summary>exprel(x) = (e^x − 1)/x, exprel(0) = 1, to a few ulps for every x.</summary>
    /// <remarks>
    /// For |x| ≥ 1/2 the direct quotient: e^x − 1 then loses at most a factor e^x/|e^x − 1| ≤ 2.6 of exp's relative
    /// error, one exp in all. Nearer 0, where that factor grows like 1/|x|, Kahan's (e − 1)/log e, whose errors cancel
    /// (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., §1.14.1). The split keeps the log, the
    /// expensive part, to the narrow band where it is needed: for Hodgkin–Huxley's α_m and α_n, V within 5 mV of
    /// −40 and −55 mV.
    /// </remarks>
    /// <example><c>MathFunctions.Exprel 0.0</c> // evaluates to 1.0</example>
    static member Exprel(x: float) : float =
        let e = Math.Exp x

        if Math.Abs x >= 0.5 then
            if Double.IsPositiveInfinity e then e else (e - 1.0) / x
        elif e = 1.0 then
            1.0
        elif Double.IsNaN e then
            e
        else
            (e - 1.0) / Math.Log e

    /// <summary>1 when a condition holds, else 0: how conditions are represented as numbers.</summary>
    static member OfBool(b: bool) : float = if b then 1.0 else 0.0

/// <summary>Applying the language's functions to numbers.</summary>
[<RequireQualifiedAccess; CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module MathFunction =
    /// <summary>f applied to its arguments (already checked for arity).</summary>
    let apply (f: MathFunction) (args: float list) : float =
        match f, args with
        | Exp, [ x ] -> Math.Exp x
        | Log, [ x ] -> Math.Log x
        | Sqrt, [ x ] -> Math.Sqrt x
        | Abs, [ x ] -> Math.Abs x
        | Sin, [ x ] -> Math.Sin x
        | Cos, [ x ] -> Math.Cos x
        | Tanh, [ x ] -> Math.Tanh x
        | Exprel, [ x ] -> MathFunctions.Exprel x
        | Pow, [ x; y ] -> Math.Pow(x, y)
        | Min, [ x; y ] -> Math.Min(x, y)
        | Max, [ x; y ] -> Math.Max(x, y)
        | _ ->
            invalidArg
                "args"
                (sprintf "%s takes %d argument(s); got %d" (Expr.functionName f) (Expr.arity f) args.Length)
