namespace NeuronDsl

open System
open System.Threading
open NeuronDsl.Units

/// <summary>Computes the rates of a vector state: writes dState/dt (each variable's unit per ms) into rates.</summary>
type VectorDerivative = delegate of state: ReadOnlySpan<float> * input: float * rates: Span<float> -> unit

/// <summary>Spike event function of a vector state: a spike is an upward zero crossing of its value.</summary>
type VectorSpikeFunction = delegate of state: ReadOnlySpan<float> -> float

/// <summary>Resets a vector state in place after a spike.</summary>
type VectorReset = delegate of state: Span<float> -> unit

/// <summary>The outcome of a run through <c>Interop.Stream</c>.</summary>
[<NoEquality; NoComparison>]
type StreamOutcome =
    {
        /// <summary>How the run ended.</summary>
        Status: SimulationStatus
        /// <summary>Accepted steps.</summary>
        Steps: int64
    }

/// <summary>
/// Entry points shaped for C# and other .NET languages: .NET delegates instead of F# functions, arrays instead of
/// lists. They only rearrange arguments; the numerics are those of <c>Simulation</c> and the models.
/// </summary>
[<RequireQualifiedAccess>]
module Interop =

    /// <summary>A problem from arrays: record the named variables (all when empty) every interval (ms), or every
    /// step when the interval is 0, or nothing when it is negative.</summary>
    [<CompiledName("CreateProblem")>]
    let createProblem
        (model: Model<'P, 'S, 'I>)
        (parameters: 'P)
        (initialState: 'S)
        (input: Input<'I>)
        (duration: float)
        (variables: string[])
        (interval: float)
        : Problem<'P, 'S, 'I> =
        if isNull variables then
            nullArg "variables"

        model.Validate parameters

        { Model = model
          Parameters = parameters
          InitialState = initialState
          Input = input
          Duration = LanguagePrimitives.FloatWithMeasure duration
          Recording =
            { Variables = List.ofArray variables
              Interval =
                if interval > 0.0 || Double.IsNaN interval then
                    Every(LanguagePrimitives.FloatWithMeasure interval)
                elif interval = 0.0 then
                    EveryStep
                else
                    NoTrace } }

    /// <summary>Names of the variables a problem records, in the order of the values passed to <c>Stream</c>'s onSample.</summary>
    [<CompiledName("RecordedVariables")>]
    let recordedVariables (problem: Problem<'P, 'S, 'I>) : string[] =
        let names = problem.Model.Variables |> List.map (fun v -> v.Name) |> Array.ofList
        Problem.recordedIndices problem |> Array.map (fun k -> names[k])

    /// <summary>Runs a problem, sending samples (time in ms, recorded values), spikes (ms) and progress (ms) to
    /// delegates; the values array is reused between samples.</summary>
    [<CompiledName("Stream")>]
    let stream
        (problem: Problem<'P, 'S, 'I>)
        (solver: Solver)
        (onSample: Action<float, float[]>)
        (onSpike: Action<float>)
        (onProgress: Action<float>)
        (cancellation: CancellationToken)
        : StreamOutcome =
        if isNull onSample then
            nullArg "onSample"

        if isNull onSpike then
            nullArg "onSpike"

        if isNull onProgress then
            nullArg "onProgress"

        let observer =
            { OnSample = fun t values -> onSample.Invoke(float t, values)
              OnSpike = fun t -> onSpike.Invoke(float t)
              OnProgress = fun t -> onProgress.Invoke(float t) }

        let status, steps = Simulation.stream observer cancellation solver problem
        { Status = status; Steps = steps }

    /// <summary>An input current from a .NET function of time (ms).</summary>
    [<CompiledName("FunctionInput")>]
    let functionInput (description: string) (current: Func<float, float>) : Input<'u> =
        if isNull current then
            nullArg "current"

        Input.ofFunction description (fun t -> LanguagePrimitives.FloatWithMeasure(current.Invoke(float t)))

    /// <summary>A piecewise-linear input from sample times (ms) and currents.</summary>
    [<CompiledName("PiecewiseLinearInput")>]
    let piecewiseLinearInput (times: float[]) (currents: float[]) : Input<'u> =
        if isNull times then
            nullArg "times"

        if isNull currents then
            nullArg "currents"

        if times.Length <> currents.Length then
            invalidArg
                "currents"
                (sprintf "currents has %d entries; expected %d, one per time" currents.Length times.Length)

        Array.map2
            (fun t i -> LanguagePrimitives.FloatWithMeasure t, LanguagePrimitives.FloatWithMeasure i)
            times
            currents
        |> Input.piecewiseLinear

    /// <summary>Dormand–Prince 5(4) from plain numbers (steps in ms; 0 initial step = automatic).</summary>
    [<CompiledName("DormandPrince")>]
    let dormandPrince
        (relative: float)
        (absolute: float)
        (minStep: float)
        (maxStep: float)
        (initialStep: float)
        (maxSteps: int64)
        =
        DormandPrince.create
            { Relative = relative
              Absolute = absolute
              MinStep = LanguagePrimitives.FloatWithMeasure minStep
              MaxStep = LanguagePrimitives.FloatWithMeasure maxStep
              InitialStep = LanguagePrimitives.FloatWithMeasure initialStep
              MaxSteps = maxSteps }

    /// <summary>The same solver reporting spikes at the end of the crossing step instead of inside it.</summary>
    [<CompiledName("OnGrid")>]
    let onGrid (solver: Solver) = { solver with SpikeTiming = OnGrid }

    /// <summary>
    /// A model whose state is a vector of named variables, from .NET delegates: the same solvers, event location
    /// and recording as the built-in models. Its parameters are captured by the delegates, so its parameter type is
    /// <c>unit</c>; its input is a plain number.
    /// </summary>
    /// <param name="name">Model name.</param>
    /// <param name="names">Variable names, at least one, distinct.</param>
    /// <param name="units">Variable units, one per name.</param>
    /// <param name="initialState">Initial values, one per name, finite.</param>
    /// <param name="derivative">Writes dState/dt.</param>
    /// <param name="spikeFunction">Spike event function, or null for a model that never spikes.</param>
    /// <param name="reset">Resets the state after a spike, or null for no reset.</param>
    /// <param name="refractory">Refractory period in ms, ≥ 0.</param>
    /// <param name="clamped">Indices of the variables held during the refractory period.</param>
    [<CompiledName("CustomModel")>]
    let customModel
        (name: string)
        (names: string[])
        (units: string[])
        (initialState: float[])
        (derivative: VectorDerivative)
        (spikeFunction: VectorSpikeFunction)
        (reset: VectorReset)
        (refractory: float)
        (clamped: int[])
        : Model<unit, float[], 1> =
        if isNull name then
            nullArg "name"

        if isNull names then
            nullArg "names"

        if isNull units then
            nullArg "units"

        if isNull initialState then
            nullArg "initialState"

        if isNull derivative then
            nullArg "derivative"

        if isNull clamped then
            nullArg "clamped"

        if names.Length = 0 then
            invalidArg "names" "names is empty; expected at least one state variable"

        if Array.distinct names |> Array.length <> names.Length then
            invalidArg
                "names"
                (sprintf "names %s contains duplicates; expected distinct names" (String.Join(", ", names)))

        if units.Length <> names.Length then
            invalidArg "units" (sprintf "units has %d entries; expected %d, one per variable" units.Length names.Length)

        if initialState.Length <> names.Length then
            invalidArg
                "initialState"
                (sprintf "initialState has %d entries; expected %d, one per variable" initialState.Length names.Length)

        if not (Double.IsFinite refractory) || refractory < 0.0 then
            invalidArg "refractory" (sprintf "refractory = %g ms; expected a finite number >= 0 ms" refractory)

        for k in clamped do
            if k < 0 || k >= names.Length then
                invalidArg "clamped" (sprintf "clamped index %d; expected 0 to %d" k (names.Length - 1))

        let n = names.Length
        let initial = Array.copy initialState

        { Name = name
          Variables =
            List.init n (fun k ->
                { Name = names[k]
                  Unit = units[k]
                  Description = names[k] })
          // The state is viewed, not copied: a step allocates nothing.
          Load = id
          Store =
            fun s y ->
                if not (obj.ReferenceEquals(s, y)) then
                    Array.blit s 0 y 0 n
          Derivative = fun () i _ y dydt -> derivative.Invoke(ReadOnlySpan<float>(y), float i, Span<float>(dydt))
          Linearised = None
          Propagate = None
          SpikeFunction =
            if isNull spikeFunction then
                fun () _ -> -1.0
            else
                fun () s -> spikeFunction.Invoke(ReadOnlySpan<float>(s))
          Reset =
            if isNull reset then
                None
            else
                Some(fun () s ->
                    let copy = Array.copy s
                    reset.Invoke(Span<float>(copy))
                    copy)
          Refractory = fun () -> LanguagePrimitives.FloatWithMeasure refractory
          Clamped = List.ofArray clamped
          Validate = ignore
          InitialState = fun () -> Array.copy initial
          Equations = None }
