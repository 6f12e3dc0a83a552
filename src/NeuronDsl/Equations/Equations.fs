namespace NeuronDsl

/// <summary>
/// Valid values of a parameter or the physically possible values of a state variable, in its declared unit.
/// <c>None</c> bounds are open (−∞ or +∞).
/// </summary>
type ValueRange =
    {
        /// <summary>Lower bound, if any.</summary>
        Minimum: float option
        /// <summary>True when the lower bound itself is allowed (≥), false for &gt;.</summary>
        MinimumInclusive: bool
        /// <summary>Upper bound, if any.</summary>
        Maximum: float option
        /// <summary>True when the upper bound itself is allowed (≤), false for &lt;.</summary>
        MaximumInclusive: bool
    }

/// <summary>Value ranges.</summary>
[<RequireQualifiedAccess>]
module ValueRange =
    /// <summary>Any finite value.</summary>
    let any =
        { Minimum = None
          MinimumInclusive = true
          Maximum = None
          MaximumInclusive = true }

    /// <summary>Values &gt; 0.</summary>
    let positive =
        { any with
            Minimum = Some 0.0
            MinimumInclusive = false }

    /// <summary>Values ≥ 0.</summary>
    let nonNegative = { any with Minimum = Some 0.0 }

    /// <summary>Values in [lo, hi].</summary>
    let between (lo: float) (hi: float) =
        { any with
            Minimum = Some lo
            Maximum = Some hi }

    /// <summary>True when a finite value lies in the range.</summary>
    let contains (r: ValueRange) (x: float) =
        System.Double.IsFinite x
        && (match r.Minimum with
            | None -> true
            | Some lo -> if r.MinimumInclusive then x >= lo else x > lo)
        && (match r.Maximum with
            | None -> true
            | Some hi -> if r.MaximumInclusive then x <= hi else x < hi)

    /// <summary>The range in words, for messages: "a finite number > 0", "in [0, 1]".</summary>
    let describe (r: ValueRange) =
        let g (x: float) =
            x.ToString("R", System.Globalization.CultureInfo.InvariantCulture)

        match r.Minimum, r.Maximum with
        | None, None -> "a finite number"
        | Some lo, None -> sprintf "a finite number %s %s" (if r.MinimumInclusive then ">=" else ">") (g lo)
        | None, Some hi -> sprintf "a finite number %s %s" (if r.MaximumInclusive then "<=" else "<") (g hi)
        | Some lo, Some hi ->
            sprintf
                "a number in %s%s, %s%s"
                (if r.MinimumInclusive then "[" else "(")
                (g lo)
                (g hi)
                (if r.MaximumInclusive then "]" else ")")

/// <summary>A parameter: a constant of the model, settable per run, with its unit, default and valid range.</summary>
type ParameterDeclaration =
    {
        /// <summary>Name as used in equations, for example "C" or "g_Na".</summary>
        Name: string
        /// <summary>Unit of its value.</summary>
        Unit: PhysicalUnit
        /// <summary>Published default, in <c>Unit</c>.</summary>
        Default: float
        /// <summary>Valid values.</summary>
        Range: ValueRange
        /// <summary>One line saying what it is.</summary>
        Description: string
        /// <summary>Where the default comes from (may be empty when the model's citation covers it).</summary>
        Citation: string
    }

/// <summary>A state variable: integrated over time, with its unit and initial value.</summary>
type StateDeclaration =
    {
        /// <summary>Name, for example "V" or "m".</summary>
        Name: string
        /// <summary>Unit of its values.</summary>
        Unit: PhysicalUnit
        /// <summary>Value at t = 0: an expression of parameters (for example <c>E_L</c>).</summary>
        Initial: Expr
        /// <summary>Physically possible values; a run whose state leaves them has become unstable.</summary>
        Bounds: ValueRange
        /// <summary>One line saying what it is.</summary>
        Description: string
    }

/// <summary>An input the model is driven by, for example the injected current I.</summary>
type InputDeclaration =
    {
        /// <summary>Name, for example "I".</summary>
        Name: string
        /// <summary>Unit of the input's values.</summary>
        Unit: PhysicalUnit
        /// <summary>One line saying what it is.</summary>
        Description: string
    }

/// <summary>A named sub-expression, for example α_m(V) or I_Na, with its declared unit.</summary>
type Definition =
    {
        /// <summary>Name, for example "alpha_m".</summary>
        Name: string
        /// <summary>Unit of its value; the expression must have this dimension.</summary>
        Unit: PhysicalUnit
        /// <summary>The expression.</summary>
        Value: Expr
        /// <summary>One line saying what it is (may be empty).</summary>
        Description: string
    }

/// <summary>One differential equation, d(Variable)/dt = Rate.</summary>
type DifferentialEquation =
    {
        /// <summary>The state variable it integrates.</summary>
        Variable: string
        /// <summary>Its rate of change, of the variable's dimension per time.</summary>
        Rate: Expr
        /// <summary>True when the variable holds still during the refractory period (Brian2's "unless refractory").</summary>
        UnlessRefractory: bool
    }

/// <summary>How a reset statement changes its variable.</summary>
type AssignmentOperator =
    /// <summary>v = value.</summary>
    | Assign
    /// <summary>v += value.</summary>
    | AddAssign
    /// <summary>v -= value.</summary>
    | SubtractAssign
    /// <summary>v *= value (value dimensionless).</summary>
    | MultiplyAssign
    /// <summary>v /= value (value dimensionless).</summary>
    | DivideAssign

/// <summary>One statement run after a spike, for example <c>u += d</c>; statements run in order.</summary>
type ResetStatement =
    {
        /// <summary>The state variable changed.</summary>
        Target: string
        /// <summary>How.</summary>
        Operator: AssignmentOperator
        /// <summary>The right-hand side.</summary>
        Value: Expr
    }

/// <summary>Where the state starts.</summary>
type StartState =
    /// <summary>At the declared initial values.</summary>
    | InitialValues
    /// <summary>At the resting state: the fixed point with zero input, found by Newton's method from the declared
    /// initial values (as Hodgkin–Huxley is started at rest).</summary>
    | Rest

/// <summary>
/// A neuron model as data: state variables, parameters, inputs, named sub-expressions, one differential equation
/// per state variable, a threshold condition, reset statements and a refractory period. Build one with the typed
/// F# builder (<c>Model.build</c>) or parse it from text (<c>Equations.parse</c>); check it with
/// <c>Equations.check</c>.
/// </summary>
type Equations =
    {
        /// <summary>Full name, for example "leaky integrate-and-fire".</summary>
        Name: string
        /// <summary>One or two lines saying what the model is.</summary>
        Description: string
        /// <summary>The paper or book the model and its defaults come from.</summary>
        Citation: string
        /// <summary>Parameters, in declaration order.</summary>
        Parameters: ParameterDeclaration list
        /// <summary>State variables, in the order the solvers store them.</summary>
        States: StateDeclaration list
        /// <summary>Inputs (at most one is driven by the simulation today).</summary>
        Inputs: InputDeclaration list
        /// <summary>Named sub-expressions, in declaration order (they may refer to each other, without cycles).</summary>
        Definitions: Definition list
        /// <summary>One differential equation per state variable.</summary>
        Derivatives: DifferentialEquation list
        /// <summary>The spike condition, a comparison such as <c>V &gt; V_th</c>; none for a model that never spikes.</summary>
        Threshold: Expr option
        /// <summary>Statements run after each spike, in order.</summary>
        Reset: ResetStatement list
        /// <summary>Absolute refractory period after each spike (an expression in time units); none for 0.</summary>
        Refractory: Expr option
        /// <summary>Where the state starts.</summary>
        Start: StartState
        /// <summary>
        /// Conditions on the parameters that every parameter set must meet, beyond each parameter's own range (for
        /// example <c>V_th &gt; V_reset</c>: a threshold below the reset would leave the neuron above it for ever).
        /// </summary>
        Requirements: Expr list
    }

/// <summary>A part of a model that an error can point at.</summary>
type ModelItem =
    /// <summary>The model as a whole (for example an empty model).</summary>
    | WholeModel
    /// <summary>A parameter declaration.</summary>
    | ParameterItem of string
    /// <summary>A state variable declaration (and its initial value).</summary>
    | StateItem of string
    /// <summary>An input declaration.</summary>
    | InputItem of string
    /// <summary>A named sub-expression.</summary>
    | DefinitionItem of string
    /// <summary>The differential equation of a variable.</summary>
    | DerivativeItem of string
    /// <summary>The threshold condition.</summary>
    | ThresholdItem
    /// <summary>The reset statement at this index (from 0).</summary>
    | ResetItem of int
    /// <summary>The refractory period.</summary>
    | RefractoryItem
    /// <summary>The requirement at this index (from 0).</summary>
    | RequirementItem of int

/// <summary>What is wrong with a model or its text.</summary>
type ModelErrorKind =
    /// <summary>The text does not follow the grammar.</summary>
    | SyntaxError
    /// <summary>A name that no declaration introduces.</summary>
    | UnknownName
    /// <summary>A unit symbol that is not in the unit table.</summary>
    | UnknownUnit
    /// <summary>A name declared twice.</summary>
    | DuplicateName
    /// <summary>Dimensions that do not agree (both sides are named in the message).</summary>
    | UnitMismatch
    /// <summary>A differential equation for a name that is not a state variable.</summary>
    | DerivativeOfUndeclared
    /// <summary>A state variable without a differential equation, or with two.</summary>
    | MissingDerivative
    /// <summary>A threshold that is not a single comparison.</summary>
    | NotAComparison
    /// <summary>A condition used as a value, or a value used as a condition.</summary>
    | NotAValue
    /// <summary>A reset statement that assigns to something other than a state variable.</summary>
    | AssignmentToNonState
    /// <summary>Sub-expressions that refer to each other in a cycle.</summary>
    | CircularDefinition
    /// <summary>A division by an expression that is the constant zero.</summary>
    | DivisionByZero
    /// <summary>A default, initial value or bound outside what is allowed.</summary>
    | InvalidValue
    /// <summary>A function called with the wrong number of arguments.</summary>
    | WrongArgumentCount
    /// <summary>An empty model, a binary file, or a model with nothing to integrate.</summary>
    | EmptyModel

/// <summary>One error in a model: where, what kind, and a message that names the item and, for unit errors, both
/// sides' units.</summary>
type ModelError =
    {
        /// <summary>The part of the model.</summary>
        Item: ModelItem
        /// <summary>What kind of error.</summary>
        Kind: ModelErrorKind
        /// <summary>The offending name or token inside the item, when there is one (for locating it in text).</summary>
        Token: string option
        /// <summary>One line: what is wrong and what was expected.</summary>
        Message: string
    }
