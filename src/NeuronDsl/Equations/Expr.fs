namespace NeuronDsl

/// <summary>Arithmetic operators of the model language.</summary>
type BinaryOperator =
    /// <summary>a + b; both sides of one dimension.</summary>
    | Add
    /// <summary>a − b; both sides of one dimension.</summary>
    | Subtract
    /// <summary>a · b.</summary>
    | Multiply
    /// <summary>a / b.</summary>
    | Divide
    /// <summary>a ** b; b dimensionless, and a constant integer when a has a dimension.</summary>
    | Power

/// <summary>Functions of the model language. All take and return pure numbers except abs, min and max (any
/// dimension, the same for every argument) and sqrt (halves the exponents, which must be even).</summary>
type MathFunction =
    /// <summary>e^x.</summary>
    | Exp
    /// <summary>Natural logarithm.</summary>
    | Log
    /// <summary>Square root.</summary>
    | Sqrt
    /// <summary>Absolute value.</summary>
    | Abs
    /// <summary>Sine (radians).</summary>
    | Sin
    /// <summary>Cosine (radians).</summary>
    | Cos
    /// <summary>Hyperbolic tangent.</summary>
    | Tanh
    /// <summary>exprel(x) = (e^x − 1)/x with exprel(0) = 1, accurate near 0 (the 0/0 points of α_m and α_n).</summary>
    | Exprel
    /// <summary>pow(a, b) = a ** b.</summary>
    | Pow
    /// <summary>The smaller of two values of one dimension.</summary>
    | Min
    /// <summary>The larger of two values of one dimension.</summary>
    | Max

/// <summary>Comparison operators, for thresholds and conditionals.</summary>
type Comparison =
    /// <summary>a &lt; b.</summary>
    | Less
    /// <summary>a ≤ b.</summary>
    | LessOrEqual
    /// <summary>a &gt; b.</summary>
    | Greater
    /// <summary>a ≥ b.</summary>
    | GreaterOrEqual
    /// <summary>a = b (written ==).</summary>
    | Equal
    /// <summary>a ≠ b (written !=).</summary>
    | NotEqual

/// <summary>Logical connectives of conditions.</summary>
type LogicalOperator =
    /// <summary>Both.</summary>
    | And
    /// <summary>Either.</summary>
    | Or

/// <summary>
/// An expression of the model language: immutable data that the checker, printer, compiler, interpreter and
/// symbolic differentiation all read.
/// </summary>
/// <remarks>
/// A <c>Number</c> keeps the unit it was written in (200 pF stays 200 in pF); names refer to state variables,
/// parameters, inputs, named sub-expressions, or the time <c>t</c> (ms).
/// </remarks>
type Expr =
    /// <summary>A literal with its unit (<c>PhysicalUnit.one</c> for a pure number).</summary>
    | Number of Value: float * Unit: PhysicalUnit
    /// <summary>A state variable, parameter, input, sub-expression, or t.</summary>
    | Name of string
    /// <summary>−a.</summary>
    | Negate of Expr
    /// <summary>a op b.</summary>
    | Binary of BinaryOperator * Expr * Expr
    /// <summary>f(arguments).</summary>
    | Call of MathFunction * Expr list
    /// <summary>a cmp b, a condition.</summary>
    | Compare of Comparison * Expr * Expr
    /// <summary>a and b, a or b, on conditions.</summary>
    | Logical of LogicalOperator * Expr * Expr
    /// <summary>not a, on a condition.</summary>
    | Not of Expr
    /// <summary>if condition then a else b; a and b of one dimension.</summary>
    | Conditional of Condition: Expr * IfTrue: Expr * IfFalse: Expr

/// <summary>Reading expressions.</summary>
[<RequireQualifiedAccess>]
module Expr =
    /// <summary>The arity of each function.</summary>
    let arity (f: MathFunction) =
        match f with
        | Pow
        | Min
        | Max -> 2
        | _ -> 1

    /// <summary>The function's name as written in equations, for example "exprel".</summary>
    let functionName (f: MathFunction) =
        match f with
        | Exp -> "exp"
        | Log -> "log"
        | Sqrt -> "sqrt"
        | Abs -> "abs"
        | Sin -> "sin"
        | Cos -> "cos"
        | Tanh -> "tanh"
        | Exprel -> "exprel"
        | Pow -> "pow"
        | Min -> "min"
        | Max -> "max"

    /// <summary>Every function, for parsers and listings.</summary>
    let functions = [ Exp; Log; Sqrt; Abs; Sin; Cos; Tanh; Exprel; Pow; Min; Max ]

    /// <summary>The direct sub-expressions of an expression.</summary>
    let children (e: Expr) =
        match e with
        | Number _
        | Name _ -> []
        | Negate a
        | Not a -> [ a ]
        | Binary(_, a, b)
        | Compare(_, a, b)
        | Logical(_, a, b) -> [ a; b ]
        | Call(_, args) -> args
        | Conditional(c, a, b) -> [ c; a; b ]

    /// <summary>Every name an expression refers to, each once, in order of first appearance.</summary>
    let names (e: Expr) : string list =
        let rec walk (acc: string list) (e: Expr) =
            match e with
            | Name n -> if List.contains n acc then acc else n :: acc
            | other -> children other |> List.fold walk acc

        walk [] e |> List.rev

    /// <summary>The expression with <paramref name="f"/> applied to each direct sub-expression.</summary>
    let mapChildren (f: Expr -> Expr) (e: Expr) : Expr =
        match e with
        | Number _
        | Name _ -> e
        | Negate a -> Negate(f a)
        | Not a -> Not(f a)
        | Binary(op, a, b) -> Binary(op, f a, f b)
        | Compare(op, a, b) -> Compare(op, f a, f b)
        | Logical(op, a, b) -> Logical(op, f a, f b)
        | Call(fn, args) -> Call(fn, List.map f args)
        | Conditional(c, a, b) -> Conditional(f c, f a, f b)

    /// <summary>The expression with every name replaced by <paramref name="mapping"/>'s result.</summary>
    let rec substitute (mapping: string -> Expr) (e: Expr) : Expr =
        match e with
        | Name n -> mapping n
        | other -> mapChildren (substitute mapping) other

    /// <summary>A pure number.</summary>
    let number (value: float) = Number(value, PhysicalUnit.one)
