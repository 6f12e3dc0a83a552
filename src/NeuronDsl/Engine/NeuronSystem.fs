namespace NeuronDsl

open System

/// <summary>A value every neuron of a population reads: one for all, or one per neuron.</summary>
type internal Column =
    | Constant of float
    | PerNeuron of float[]

/// <summary>Reading a column.</summary>
module internal Column =
    /// <summary>Neuron j's value.</summary>
    let at (column: Column) (j: int) =
        match column with
        | Constant v -> v
        | PerNeuron values -> values[j]

/// <summary>The input of a population as the engine reads it.</summary>
[<NoEquality; NoComparison>]
type internal EngineInput =
    /// <summary>A constant current per neuron (in the model's input unit).</summary>
    | InputColumn of float[]
    /// <summary>One current for all neurons, a function of time (ms), with its breakpoints.</summary>
    | InputFunction of Current: (float -> float) * Breakpoints: float[] * PiecewiseConstant: bool

/// <summary>
/// One neuron of a population as an ODE system for the solvers' steppers: the compiled per-neuron kernels, the
/// neuron's parameters (gathered by <c>Select</c>) and input, and the refractory clamp. The population engine uses it
/// for the neurons that need more than the column kernel's plain step: a spike inside the step, a refractory period
/// that ends inside it, a non-finite state.
/// </summary>
type internal NeuronSystem(compiled: CompiledEquations, parameters: Column[], input: EngineInput) =
    inherit OdeSystem(compiled.Checked.States.Length)
    // Shared parameters are written once; Select copies the per-neuron ones only.
    let values =
        parameters
        |> Array.map (function
            | Constant v -> v
            | PerNeuron _ -> 0.0)

    let perNeuron =
        parameters
        |> Array.indexed
        |> Array.choose (fun (k, c) ->
            match c with
            | PerNeuron column -> Some(struct (k, column))
            | Constant _ -> None)

    let inputColumn =
        match input with
        | InputColumn column -> column
        | InputFunction _ -> null

    let clamped = compiled.Checked.Clamped
    let mutable constantInput = 0.0
    let mutable clamping = false
    let mutable segmentEnd = infinity

    /// <summary>The selected neuron's parameters, in the model's order.</summary>
    member _.Parameters = values

    /// <summary>True during a refractory period: clamped variables do not change.</summary>
    member _.Clamping
        with get () = clamping
        and set value = clamping <- value

    /// <summary>End of the interval on which a time-dependent input is smooth (stage times past it see its left limit).</summary>
    member _.SegmentEnd
        with get () = segmentEnd
        and set value = segmentEnd <- value

    /// <summary>Gathers neuron j's parameters and input.</summary>
    member _.Select(j: int) =
        for struct (k, column) in perNeuron do
            values[k] <- column[j]

        if not (isNull inputColumn) then
            constantInput <- inputColumn[j]

    /// <summary>Starts a segment at t: a piecewise-constant input is read once, as the single-neuron engine does.</summary>
    member _.BeginSegment(t: float) =
        match input with
        | InputFunction(current, _, true) -> constantInput <- current t
        | _ -> ()

    /// <summary>The input at time t (ms).</summary>
    member _.Input(t: float) =
        match input with
        | InputColumn _
        | InputFunction(_, _, true) -> constantInput
        | InputFunction(current, _, false) -> current (if t >= segmentEnd then Math.BitDecrement segmentEnd else t)

    override this.Derivative(t, y, dydt) =
        compiled.Rates.Invoke(y, values, this.Input t, t, dydt)

        if clamping then
            for k in clamped do
                dydt[k] <- 0.0

    override _.CanLinearise = true

    override this.Linearise(t, y, dydt, diagonal) =
        compiled.Linearised.Invoke(y, values, this.Input t, t, dydt, diagonal)

        if clamping then
            for k in clamped do
                dydt[k] <- 0.0
                diagonal[k] <- 0.0

    override _.CanPropagate = compiled.ExactFlow.IsSome

    override this.Propagate(t, h, y0, y1) =
        match compiled.ExactFlow with
        | Some _ when clamping && clamped.Length = y0.Length ->
            // Every variable held: the flow's result would be overwritten whole, so it is not computed.
            Array.blit y0 0 y1 0 y0.Length
        | Some flow ->
            flow.Invoke(values, this.Input t, h, y0, y1)

            if clamping then
                for k in clamped do
                    y1[k] <- y0[k]
        | None -> invalidOp (sprintf "%s has no exact flow" compiled.Checked.Source.Name)
