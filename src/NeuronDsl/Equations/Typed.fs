namespace NeuronDsl

open NeuronDsl.Units

/// <summary>Something a typed expression uses and that the model must declare.</summary>
type Declaration =
    /// <summary>A parameter.</summary>
    | DeclaredParameter of ParameterDeclaration
    /// <summary>A state variable.</summary>
    | DeclaredState of StateDeclaration
    /// <summary>An input.</summary>
    | DeclaredInput of InputDeclaration
    /// <summary>A named sub-expression.</summary>
    | DeclaredDefinition of Definition

/// <summary>A unit known both to the compiler (the measure <c>'u</c>) and at run time (<c>Value</c>).</summary>
[<NoComparison>]
type Unit<[<Measure>] 'u> =
    {
        /// <summary>The unit at run time.</summary>
        Value: PhysicalUnit
    }

    /// <summary>Product of units.</summary>
    static member (*)(a: Unit<'u>, b: Unit<'v>) : Unit<'u 'v> = { Value = a.Value * b.Value }
    /// <summary>Quotient of units.</summary>
    static member (/)(a: Unit<'u>, b: Unit<'v>) : Unit<'u / 'v> = { Value = a.Value / b.Value }
    /// <summary>A quantity: a number in this unit, for example <c>200.0 * pF</c>.</summary>
    static member (*)(value: float, u: Unit<'u>) : Quantity<'u> = { Value = value; Unit = u.Value }

/// <summary>A number with its unit, as written in a model (<c>-70.0 * mV</c>).</summary>
and [<NoComparison>] Quantity<[<Measure>] 'u> =
    {
        /// <summary>The number, in <c>Unit</c>.</summary>
        Value: float
        /// <summary>The unit it is written in.</summary>
        Unit: PhysicalUnit
    }

    /// <summary>The quantity divided by a unit: <c>120.0 * mS / cm2</c>.</summary>
    static member (/)(q: Quantity<'u>, u: Unit<'v>) : Quantity<'u / 'v> =
        { Value = q.Value
          Unit = q.Unit / u.Value }

    /// <summary>The quantity times a unit.</summary>
    static member (*)(q: Quantity<'u>, u: Unit<'v>) : Quantity<'u 'v> =
        { Value = q.Value
          Unit = q.Unit * u.Value }

/// <summary>
/// A typed expression of the model language: its unit is a type parameter, so <c>(I - gL * (V - EL)) / C</c> only
/// compiles when the units agree, and <c>exp V</c> does not compile for a potential.
/// </summary>
/// <remarks>It carries the untyped <c>Term</c> and the declarations it uses, which the model collects.</remarks>
[<NoComparison>]
type Term<[<Measure>] 'u> =
    {
        /// <summary>The untyped expression.</summary>
        Node: Expr
        /// <summary>Declarations of the names it uses.</summary>
        Uses: Declaration list
    }

    static member private Of(node: Expr, uses: Declaration list) : Term<'v> = { Node = node; Uses = uses }

    static member private Literal(q: Quantity<'v>) : Term<'v> =
        { Node = Number(q.Value, q.Unit)
          Uses = [] }

    static member private Pure(x: float) : Term<1> = { Node = Expr.number x; Uses = [] }

    static member private Join(op: BinaryOperator, a: Term<'a>, b: Term<'b>) : Term<'c> =
        { Node = Binary(op, a.Node, b.Node)
          Uses = a.Uses @ b.Uses }

    /// <summary>Sum.</summary>
    static member (+)(a: Term<'u>, b: Term<'u>) : Term<'u> = Term<'u>.Join(Add, a, b)

    /// <summary>Sum with a quantity.</summary>
    static member (+)(a: Term<'u>, b: Quantity<'u>) : Term<'u> =
        Term<'u>.Join(Add, a, Term<'u>.Literal b)

    /// <summary>Sum with a quantity.</summary>
    static member (+)(a: Quantity<'u>, b: Term<'u>) : Term<'u> =
        Term<'u>.Join(Add, Term<'u>.Literal a, b)

    /// <summary>Sum with a pure number.</summary>
    static member (+)(a: float, b: Term<1>) : Term<1> = Term<1>.Join(Add, Term<1>.Pure a, b)
    /// <summary>Sum with a pure number.</summary>
    static member (+)(a: Term<1>, b: float) : Term<1> = Term<1>.Join(Add, a, Term<1>.Pure b)
    /// <summary>Difference.</summary>
    static member (-)(a: Term<'u>, b: Term<'u>) : Term<'u> = Term<'u>.Join(Subtract, a, b)

    /// <summary>Difference with a quantity.</summary>
    static member (-)(a: Term<'u>, b: Quantity<'u>) : Term<'u> =
        Term<'u>.Join(Subtract, a, Term<'u>.Literal b)

    /// <summary>Difference with a quantity.</summary>
    static member (-)(a: Quantity<'u>, b: Term<'u>) : Term<'u> =
        Term<'u>.Join(Subtract, Term<'u>.Literal a, b)

    /// <summary>Difference with a pure number.</summary>
    static member (-)(a: float, b: Term<1>) : Term<1> =
        Term<1>.Join(Subtract, Term<1>.Pure a, b)

    /// <summary>Difference with a pure number.</summary>
    static member (-)(a: Term<1>, b: float) : Term<1> =
        Term<1>.Join(Subtract, a, Term<1>.Pure b)

    /// <summary>Product.</summary>
    static member (*)(a: Term<'u>, b: Term<'v>) : Term<'u 'v> = Term<'u>.Join(Multiply, a, b)

    /// <summary>Product with a quantity.</summary>
    static member (*)(a: Quantity<'v>, b: Term<'u>) : Term<'v 'u> =
        Term<'u>.Join(Multiply, Term<'v>.Literal a, b)

    /// <summary>Product with a quantity.</summary>
    static member (*)(a: Term<'u>, b: Quantity<'v>) : Term<'u 'v> =
        Term<'u>.Join(Multiply, a, Term<'v>.Literal b)

    /// <summary>Product with a pure number.</summary>
    static member (*)(a: float, b: Term<'u>) : Term<'u> =
        Term<'u>.Join(Multiply, Term<1>.Pure a, b)

    /// <summary>Product with a pure number.</summary>
    static member (*)(a: Term<'u>, b: float) : Term<'u> =
        Term<'u>.Join(Multiply, a, Term<1>.Pure b)

    /// <summary>Quotient.</summary>
    static member (/)(a: Term<'u>, b: Term<'v>) : Term<'u / 'v> = Term<'u>.Join(Divide, a, b)

    /// <summary>Quotient by a quantity.</summary>
    static member (/)(a: Term<'u>, b: Quantity<'v>) : Term<'u / 'v> =
        Term<'u>.Join(Divide, a, Term<'v>.Literal b)

    /// <summary>Quotient of a quantity.</summary>
    static member (/)(a: Quantity<'v>, b: Term<'u>) : Term<'v / 'u> =
        Term<'u>.Join(Divide, Term<'v>.Literal a, b)

    /// <summary>Quotient by a pure number.</summary>
    static member (/)(a: Term<'u>, b: float) : Term<'u> =
        Term<'u>.Join(Divide, a, Term<1>.Pure b)

    /// <summary>Quotient of a pure number.</summary>
    static member (/)(a: float, b: Term<'u>) : Term<1 / 'u> =
        Term<'u>.Join(Divide, Term<1>.Pure a, b)

    /// <summary>Negation.</summary>
    static member (~-)(a: Term<'u>) : Term<'u> = Term<'u>.Of(Negate a.Node, a.Uses)

    static member private Apply(f: MathFunction, a: Term<'a>) : Term<'b> =
        Term<'b>.Of(Call(f, [ a.Node ]), a.Uses)

    /// <summary>e^x of a pure number (F#'s <c>exp</c>).</summary>
    static member Exp(a: Term<1>) : Term<1> = Term<1>.Apply(Exp, a)
    /// <summary>Natural logarithm of a pure number (F#'s <c>log</c>).</summary>
    static member Log(a: Term<1>) : Term<1> = Term<1>.Apply(Log, a)
    /// <summary>Square root of a pure number (F#'s <c>sqrt</c>).</summary>
    static member Sqrt(a: Term<1>) : Term<1> = Term<1>.Apply(Sqrt, a)
    /// <summary>Absolute value (F#'s <c>abs</c>).</summary>
    static member Abs(a: Term<'u>) : Term<'u> = Term<'u>.Apply(Abs, a)
    /// <summary>Sine of a pure number (F#'s <c>sin</c>).</summary>
    static member Sin(a: Term<1>) : Term<1> = Term<1>.Apply(Sin, a)
    /// <summary>Cosine of a pure number (F#'s <c>cos</c>).</summary>
    static member Cos(a: Term<1>) : Term<1> = Term<1>.Apply(Cos, a)
    /// <summary>Hyperbolic tangent of a pure number (F#'s <c>tanh</c>).</summary>
    static member Tanh(a: Term<1>) : Term<1> = Term<1>.Apply(Tanh, a)
    /// <summary>A pure number to a power (F#'s <c>**</c>).</summary>
    static member Pow(a: Term<1>, k: float) : Term<1> = Term<1>.Join(Power, a, Term<1>.Pure k)
    /// <summary>A pure number to a power (F#'s <c>**</c>).</summary>
    static member Pow(a: Term<1>, k: Term<1>) : Term<1> = Term<1>.Join(Power, a, k)

/// <summary>A typed condition (a comparison, or conditions joined by and/or/not).</summary>
[<NoComparison>]
type Condition =
    {
        /// <summary>The untyped condition.</summary>
        Node: Expr
        /// <summary>Declarations of the names it uses.</summary>
        Uses: Declaration list
    }

/// <summary>A differential equation with the declarations it uses.</summary>
[<NoComparison>]
type TypedEquation =
    {
        /// <summary>The equation.</summary>
        Equation: DifferentialEquation
        /// <summary>Declarations of the names it uses.</summary>
        Uses: Declaration list
    }

/// <summary>A reset statement with the declarations it uses.</summary>
[<NoComparison>]
type TypedReset =
    {
        /// <summary>The statement.</summary>
        Statement: ResetStatement
        /// <summary>Declarations of the names it uses.</summary>
        Uses: Declaration list
    }

/// <summary>
/// The typed F# front-end of the model language: declarations that return typed expressions, the time <c>t</c>,
/// comparisons, functions, differential equations and reset statements.
/// </summary>
[<AutoOpen>]
module ModelLanguage =
    let private named (name: string) (declaration: Declaration) : Term<'u> =
        { Node = Name name
          Uses = [ declaration ] }

    /// <summary>A parameter with its default and valid range, for example
    /// <c>parameter "C" (200.0 * pF) ValueRange.positive "membrane capacitance"</c>.</summary>
    let parameter (name: string) (defaultValue: Quantity<'u>) (range: ValueRange) (description: string) : Term<'u> =
        DeclaredParameter
            { Name = name
              Unit = defaultValue.Unit
              Default = defaultValue.Value
              Range = range
              Description = description
              Citation = "" }
        |> named name

    /// <summary>An input, for example <c>input "I" pA "injected current"</c>.</summary>
    let input (name: string) (unit: Unit<'u>) (description: string) : Term<'u> =
        DeclaredInput
            { Name = name
              Unit = unit.Value
              Description = description }
        |> named name

    /// <summary>A state variable with its initial value and physically possible values.</summary>
    let state
        (name: string)
        (unit: Unit<'u>)
        (initial: Term<'u>)
        (bounds: ValueRange)
        (description: string)
        : Term<'u> =
        { Node = Name name
          Uses =
            DeclaredState
                { Name = name
                  Unit = unit.Value
                  Initial = initial.Node
                  Bounds = bounds
                  Description = description }
            :: initial.Uses }

    /// <summary>A named sub-expression, for example <c>define "I_L" pA ((V - E_L) / R) "leak current"</c>.</summary>
    let define (name: string) (unit: Unit<'u>) (value: Term<'u>) (description: string) : Term<'u> =
        { Node = Name name
          Uses =
            DeclaredDefinition
                { Name = name
                  Unit = unit.Value
                  Value = value.Node
                  Description = description }
            :: value.Uses }

    /// <summary>A constant, for example <c>constant (-65.0 * mV)</c>.</summary>
    let constant (q: Quantity<'u>) : Term<'u> =
        { Node = Number(q.Value, q.Unit)
          Uses = [] }

    /// <summary>The simulation time.</summary>
    let t: Term<ms> = { Node = Name "t"; Uses = [] }

    /// <summary>exprel(x) = (e^x − 1)/x, 1 at x = 0: writes α_m and α_n without their 0/0 points.</summary>
    let exprel (x: Term<1>) : Term<1> =
        { Node = Call(Exprel, [ x.Node ])
          Uses = x.Uses }

    let private call2 (f: MathFunction) (a: Term<'u>) (b: Term<'u>) : Term<'u> =
        { Node = Call(f, [ a.Node; b.Node ])
          Uses = a.Uses @ b.Uses }

    /// <summary>The smaller of two values.</summary>
    let minimum (a: Term<'u>) (b: Term<'u>) = call2 Min a b
    /// <summary>The larger of two values.</summary>
    let maximum (a: Term<'u>) (b: Term<'u>) = call2 Max a b

    let private compare (op: Comparison) (a: Term<'u>) (b: Term<'u>) : Condition =
        { Node = Compare(op, a.Node, b.Node)
          Uses = a.Uses @ b.Uses }

    /// <summary>a &gt; b.</summary>
    let (>.) (a: Term<'u>) (b: Term<'u>) = compare Greater a b
    /// <summary>a ≥ b.</summary>
    let (>=.) (a: Term<'u>) (b: Term<'u>) = compare GreaterOrEqual a b
    /// <summary>a &lt; b.</summary>
    let (<.) (a: Term<'u>) (b: Term<'u>) = compare Less a b
    /// <summary>a ≤ b.</summary>
    let (<=.) (a: Term<'u>) (b: Term<'u>) = compare LessOrEqual a b
    /// <summary>a = b.</summary>
    let (=.) (a: Term<'u>) (b: Term<'u>) = compare Equal a b

    /// <summary>Both conditions.</summary>
    let both (a: Condition) (b: Condition) =
        { Node = Logical(And, a.Node, b.Node)
          Uses = a.Uses @ b.Uses }

    /// <summary>Either condition.</summary>
    let either (a: Condition) (b: Condition) =
        { Node = Logical(Or, a.Node, b.Node)
          Uses = a.Uses @ b.Uses }

    /// <summary>if condition then a else b.</summary>
    let ifThenElse (condition: Condition) (a: Term<'u>) (b: Term<'u>) : Term<'u> =
        { Node = Conditional(condition.Node, a.Node, b.Node)
          Uses = condition.Uses @ a.Uses @ b.Uses }

    let private variableName (x: Term<'u>) =
        match x.Node with
        | Name n -> n
        | other -> invalidArg "variable" (sprintf "expected a state variable; got the expression %A" other)

    /// <summary>The differential equation d(x)/dt = rate; the rate's unit must be x's unit per ms.</summary>
    let dt (x: Term<'u>) (rate: Term<'u / ms>) : TypedEquation =
        { Equation =
            { Variable = variableName x
              Rate = rate.Node
              UnlessRefractory = false }
          Uses = x.Uses @ rate.Uses }

    /// <summary>The variable holds still during the refractory period.</summary>
    let unlessRefractory (e: TypedEquation) =
        { e with
            Equation =
                { e.Equation with
                    UnlessRefractory = true } }

    let private statement (op: AssignmentOperator) (x: Term<'u>) (value: Term<'v>) : TypedReset =
        { Statement =
            { Target = variableName x
              Operator = op
              Value = value.Node }
          Uses = x.Uses @ value.Uses }

    /// <summary>Reset statement x = value.</summary>
    let (<--) (x: Term<'u>) (value: Term<'u>) = statement Assign x value
    /// <summary>Reset statement x += value.</summary>
    let (+=) (x: Term<'u>) (value: Term<'u>) = statement AddAssign x value
    /// <summary>Reset statement x -= value.</summary>
    let (-=) (x: Term<'u>) (value: Term<'u>) = statement SubtractAssign x value
    /// <summary>Reset statement x *= factor.</summary>
    let ( *= ) (x: Term<'u>) (factor: Term<1>) = statement MultiplyAssign x factor

namespace NeuronDsl.Units

/// <summary>
/// Run-time units for the typed builder, one per measure, named like the measure so that a model reads
/// <c>200.0 * pF</c>; opening <c>NeuronDsl.Units</c> brings both.
/// </summary>
[<AutoOpen>]
module UnitValues =
    open NeuronDsl
    let private unit (symbol: string) : Unit<'u> = { Value = PhysicalUnit.named symbol }

    /// <summary>The unit of pure numbers.</summary>
    let one: Unit<1> = { Value = PhysicalUnit.one }
    /// <summary>Millisecond.</summary>
    let ms: Unit<ms> = unit "ms"
    /// <summary>Second.</summary>
    let s: Unit<s> = unit "s"
    /// <summary>Hertz.</summary>
    let Hz: Unit<Hz> = unit "Hz"
    /// <summary>Millivolt.</summary>
    let mV: Unit<mV> = unit "mV"
    /// <summary>Picofarad.</summary>
    let pF: Unit<pF> = unit "pF"
    /// <summary>Picoampere.</summary>
    let pA: Unit<pA> = unit "pA"
    /// <summary>Nanosiemens.</summary>
    let nS: Unit<nS> = unit "nS"
    /// <summary>Gigaohm.</summary>
    let GOhm: Unit<GOhm> = unit "Gohm"
    /// <summary>Square centimetre.</summary>
    let cm2: Unit<cm2> = { Value = (PhysicalUnit.named "cm").Power 2 }
    /// <summary>Microfarad.</summary>
    let uF: Unit<uF> = unit "uF"
    /// <summary>Microampere.</summary>
    let uA: Unit<uA> = unit "uA"
    /// <summary>Millisiemens.</summary>
    let mS: Unit<mS> = unit "mS"
