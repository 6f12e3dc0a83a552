namespace NeuronDsl

open NeuronDsl.Units

/// <summary>One state variable of a model, in the order the solvers store it.</summary>
type StateVariable =
    {
        /// <summary>Short name, as used to choose what is recorded (for example "V" or "m").</summary>
        Name: string
        /// <summary>Unit of the variable's values, for example "mV"; empty for dimensionless variables.</summary>
        Unit: string
        /// <summary>One line saying what the variable is.</summary>
        Description: string
    }

/// <summary>
/// Writes dState/dt and the diagonal of its Jacobian for parameters, input, time (ms) and state: a delegate rather
/// than a curried function, because F# calls curried functions of more than five arguments through an allocation.
/// </summary>
type LinearisationFunction<'Parameters> =
    delegate of
        parameters: 'Parameters * input: float * time: float * state: float[] * rates: float[] * diagonal: float[] ->
            unit

/// <summary>
/// A spiking neuron model: pure functions of parameters, input current and an immutable state, plus its spike event.
/// </summary>
/// <remarks>
/// The solvers see the state as a vector of floats (each in its unit); <c>Load</c> and <c>Store</c> translate
/// between that vector and the model's typed <c>'State</c>. Build one with <c>Model.scalar</c> for a one-variable
/// model, or fill in the record for several variables (see <c>Models/HodgkinHuxley.fs</c>).
/// </remarks>
[<NoEquality; NoComparison>]
type Model<'Parameters, 'State, [<Measure>] 'Input> =
    {
        /// <summary>Full name, for example "leaky integrate-and-fire".</summary>
        Name: string
        /// <summary>State variables in vector order.</summary>
        Variables: StateVariable list
        /// <summary>Reads a typed state from a vector of <c>Variables.Length</c> floats.</summary>
        Load: float[] -> 'State
        /// <summary>Writes a typed state into a vector of <c>Variables.Length</c> floats.</summary>
        Store: 'State -> float[] -> unit
        /// <summary>dState/dt at a time (ms): writes the rate of each variable (its unit per ms) into the last argument.</summary>
        Derivative: 'Parameters -> float<'Input> -> float<ms> -> float[] -> float[] -> unit
        /// <summary>
        /// For conditionally linear models (exponential Euler): writes dState/dt and the diagonal of its Jacobian
        /// (per ms), so that dy_i/dt = f_i + b_i (y - y_i) holds exactly in y for each variable.
        /// </summary>
        Linearised: LinearisationFunction<'Parameters> option
        /// <summary>
        /// Exact flow under a constant input, for linear models: writes into the last vector the state a step of the
        /// given length (ms) after the state in the first vector.
        /// </summary>
        Propagate: ('Parameters -> float<'Input> -> float<ms> -> float[] -> float[] -> unit) option
        /// <summary>Spike event function: a spike is an upward zero crossing of its value (from ≤ 0 to &gt; 0).</summary>
        SpikeFunction: 'Parameters -> 'State -> float
        /// <summary>State right after a spike; <c>None</c> when the model has no reset (Hodgkin–Huxley).</summary>
        Reset: ('Parameters -> 'State -> 'State) option
        /// <summary>Absolute refractory period after each spike.</summary>
        Refractory: 'Parameters -> float<ms>
        /// <summary>Indices of the variables held constant during the refractory period.</summary>
        Clamped: int list
        /// <summary>Throws <c>ArgumentException</c> naming the parameter, its value and the valid range.</summary>
        Validate: 'Parameters -> unit
        /// <summary>The model's default initial state for the given parameters (rest, or reset).</summary>
        InitialState: 'Parameters -> 'State
        /// <summary>The checked equations the model was compiled from; <c>None</c> for a model built from functions.</summary>
        Equations: CheckedEquations option
    }

/// <summary>An input current as a function of time, with the times at which it jumps or kinks.</summary>
/// <remarks>Solvers step onto every breakpoint, so a discontinuity is never smeared across a step.</remarks>
[<NoEquality; NoComparison>]
type Input<[<Measure>] 'Current> =
    {
        /// <summary>The current at time t (ms); right-continuous at breakpoints.</summary>
        Current: float<ms> -> float<'Current>
        /// <summary>Sorted times (ms) where the current or its slope changes abruptly.</summary>
        Breakpoints: float<ms>[]
        /// <summary>True when the current is constant between breakpoints (required by exact integration).</summary>
        PiecewiseConstant: bool
        /// <summary>Human-readable description, for example "step 10 from 0 ms to 500 ms".</summary>
        Description: string
    }

/// <summary>When the recorded trace is sampled.</summary>
type RecordingInterval =
    /// <summary>Sample at multiples of a fixed interval (ms), interpolated with the solver's dense output.</summary>
    | Every of float<ms>
    /// <summary>Sample at the end of every accepted step.</summary>
    | EveryStep
    /// <summary>Record no trace, only spikes.</summary>
    | NoTrace

/// <summary>What a simulation records besides spike times.</summary>
type Recording =
    {
        /// <summary>Names of the state variables to record; empty records all of them.</summary>
        Variables: string list
        /// <summary>When to sample them.</summary>
        Interval: RecordingInterval
    }

/// <summary>Recording settings.</summary>
[<RequireQualifiedAccess>]
module Recording =
    /// <summary>The default: the first state variable (the membrane potential) every 0.1 ms.</summary>
    let defaults =
        { Variables = []
          Interval = Every 0.1<ms> }

/// <summary>A simulation problem: a model, its parameters, an initial state, an input and a duration.</summary>
[<NoEquality; NoComparison>]
type Problem<'Parameters, 'State, [<Measure>] 'Input> =
    {
        /// <summary>The model to integrate.</summary>
        Model: Model<'Parameters, 'State, 'Input>
        /// <summary>Its parameters.</summary>
        Parameters: 'Parameters
        /// <summary>State at t = 0.</summary>
        InitialState: 'State
        /// <summary>Input current.</summary>
        Input: Input<'Input>
        /// <summary>Simulated time, from 0 (ms).</summary>
        Duration: float<ms>
        /// <summary>What to record.</summary>
        Recording: Recording
    }

/// <summary>How a simulation ended.</summary>
type SimulationStatus =
    /// <summary>Reached the requested duration.</summary>
    | Completed
    /// <summary>A variable (or the input current) became NaN or infinite at the given time (ms).</summary>
    | Diverged of Time: float<ms> * Variable: string * Value: float * LastFiniteState: (string * float) list
    /// <summary>
    /// A variable left the physically possible values its model declares (widened by 1 % of their span), a sign of
    /// numerical instability: try a smaller dt. Gives the time (ms), the variable, its value, the declared bounds and
    /// the state at the start of that step.
    /// </summary>
    | OutOfBounds of
        Time: float<ms> *
        Variable: string *
        Value: float *
        Minimum: float *
        Maximum: float *
        LastState: (string * float) list
    /// <summary>The adaptive solver used its maximum number of steps; the time reached is given.</summary>
    | StepLimitReached of Time: float<ms>
    /// <summary>The adaptive solver needed a step below its minimum at the given time.</summary>
    | StepSizeUnderflow of Time: float<ms> * Step: float<ms>

/// <summary>Parameter checks for model authors: each throws <c>ArgumentException</c> whose <c>ParamName</c> is the
/// field and whose message gives its value and the valid range.</summary>
[<RequireQualifiedAccess>]
module Check =
    /// <summary>Requires a finite value.</summary>
    /// <param name="name">Parameter name, e.g. "RestingPotential".</param>
    /// <param name="unit">Unit shown in the message, e.g. "mV".</param>
    /// <param name="value">The value.</param>
    let finite (name: string) (unit: string) (value: float<'u>) =
        if not (System.Double.IsFinite(float value)) then
            invalidArg name (sprintf "%s = %g %s; expected a finite number" name (float value) unit)

    /// <summary>Requires a finite value &gt; 0.</summary>
    let positive (name: string) (unit: string) (value: float<'u>) =
        if
            not (System.Double.IsFinite(float value))
            || value <= LanguagePrimitives.FloatWithMeasure 0.0
        then
            invalidArg name (sprintf "%s = %g %s; expected a finite number > 0 %s" name (float value) unit unit)

    /// <summary>Requires a finite value ≥ 0.</summary>
    let nonNegative (name: string) (unit: string) (value: float<'u>) =
        if
            not (System.Double.IsFinite(float value))
            || value < LanguagePrimitives.FloatWithMeasure 0.0
        then
            invalidArg name (sprintf "%s = %g %s; expected a finite number >= 0 %s" name (float value) unit unit)

    /// <summary>Requires a finite value strictly above another parameter's value.</summary>
    let above (name: string) (unit: string) (otherName: string) (other: float<'u>) (value: float<'u>) =
        finite name unit value

        if not (value > other) then
            invalidArg
                name
                (sprintf "%s = %g %s; expected > %s = %g %s" name (float value) unit otherName (float other) unit)

/// <summary>Building models.</summary>
[<RequireQualifiedAccess>]
module Model =
    /// <summary>
    /// A one-variable model from its derivative dv/dt = f(parameters, input, v); it never spikes until
    /// <c>withSpike</c> gives it a threshold and a reset.
    /// </summary>
    /// <param name="name">Model name.</param>
    /// <param name="variable">The state variable (name, unit, description).</param>
    /// <param name="derivative">dv/dt as a pure function, with units.</param>
    /// <param name="initialState">The default initial value for given parameters.</param>
    /// <returns>The model.</returns>
    let scalar
        (name: string)
        (variable: StateVariable)
        (derivative: 'P -> float<'I> -> float<'u> -> float<'u / ms>)
        (initialState: 'P -> float<'u>)
        : Model<'P, float<'u>, 'I> =
        { Name = name
          Variables = [ variable ]
          Load = fun y -> LanguagePrimitives.FloatWithMeasure y[0]
          Store = fun v y -> y[0] <- float v
          Derivative = fun p i _ y dydt -> dydt[0] <- float (derivative p i (LanguagePrimitives.FloatWithMeasure y[0]))
          Linearised = None
          Propagate = None
          SpikeFunction = fun _ _ -> -1.0
          Reset = None
          Refractory = fun _ -> 0.0<ms>
          Clamped = [ 0 ]
          Validate = ignore
          InitialState = initialState
          Equations = None }

    /// <summary>Gives a model a spike: an upward zero crossing of <paramref name="spikeFunction"/>, then a reset.</summary>
    /// <param name="spikeFunction">For example <c>fun p v -> float (v - p.Threshold)</c>.</param>
    /// <param name="reset">State right after the spike.</param>
    /// <param name="model">The model.</param>
    /// <returns>The model with the spike event.</returns>
    let withSpike (spikeFunction: 'P -> 'S -> float) (reset: 'P -> 'S -> 'S) (model: Model<'P, 'S, 'I>) =
        { model with
            SpikeFunction = spikeFunction
            Reset = Some reset }

    /// <summary>Gives a model an absolute refractory period during which its clamped variables do not change.</summary>
    let withRefractory (refractory: 'P -> float<ms>) (model: Model<'P, 'S, 'I>) = { model with Refractory = refractory }

    /// <summary>Gives a model a parameter check, run before every simulation.</summary>
    let withValidation (validate: 'P -> unit) (model: Model<'P, 'S, 'I>) = { model with Validate = validate }
