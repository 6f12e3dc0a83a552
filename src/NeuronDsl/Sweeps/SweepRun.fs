namespace NeuronDsl

open System
open System.Globalization
open System.Threading
open NeuronDsl.Units

/// <summary>
/// One run of a sweep, as a pure function of the sweep and the run's index: the same sweep and index give the same
/// row, bit for bit, on any thread, in any order and on any machine with the same build. This is what lets a
/// distributed backend execute any single run elsewhere from the sweep's description alone.
/// </summary>
[<RequireQualifiedAccess>]
module SweepRun =
    let private text (x: float) =
        x.ToString("R", CultureInfo.InvariantCulture)

    let private state (pairs: (string * float) list) =
        pairs
        |> List.map (fun (n, v) -> sprintf "%s = %s" n (text v))
        |> fun p -> String.Join(", ", p)

    /// <summary>The status of a finished run, its message and the time it reached.</summary>
    let private ending (duration: float<ms>) (status: SimulationStatus) =
        match status with
        | Completed -> SweepRunStatus.Completed, "completed", float duration
        | Diverged(t, variable, value, last) ->
            SweepRunStatus.Diverged,
            sprintf
                "diverged at t = %s ms: %s = %s; last finite state: %s"
                (text (float t))
                variable
                (text value)
                (state last),
            float t
        | OutOfBounds(t, variable, value, low, high, _) ->
            SweepRunStatus.OutOfBounds,
            sprintf
                "%s = %s at t = %s ms is outside its physically possible range [%s, %s]: try a smaller dt"
                variable
                (text value)
                (text (float t))
                (text low)
                (text high),
            float t
        | StepLimitReached t ->
            SweepRunStatus.StepLimitReached, sprintf "step limit reached at t = %s ms" (text (float t)), float t
        | StepSizeUnderflow(t, h) ->
            SweepRunStatus.StepSizeUnderflow,
            sprintf "step size %s ms below the minimum at t = %s ms" (text (float h)) (text (float t)),
            float t

    /// <summary>The base run's values changed by the point: parameters, amplitude, initial values, seed.</summary>
    let private apply (sweep: Sweep) (point: float[]) =
        let mutable parameters = sweep.Parameters
        let mutable input = sweep.Input
        let mutable initial = sweep.InitialValues
        let mutable seed = sweep.Seed

        sweep.Axes
        |> List.iteri (fun k axis ->
            match axis.Target with
            | SweepTarget.Parameter n -> parameters <- Parameters.set n point[k] parameters
            | SweepTarget.InputAmplitude -> input <- { input with Amplitude = point[k] }
            | SweepTarget.InitialValue v -> initial <- initial @ [ v, point[k] ]
            | SweepTarget.Seed -> seed <- uint32 point[k])

        parameters, input, initial, seed

    /// <summary>The initial state: the model's for these parameters, with the given values set, each within the
    /// variable's declared bounds.</summary>
    let private initialState (sweep: Sweep) (parameters: ParameterValues) (initial: (string * float) list) =
        let states = sweep.Model.Equations.Value.States
        let y = Array.copy (sweep.Model.InitialState parameters)

        for name, value in initial do
            let k = states |> Array.findIndex (fun s -> s.Name = name)

            if not (Double.IsFinite value && ValueRange.contains states[k].Bounds value) then
                invalidArg
                    name
                    (sprintf
                        "initial %s = %s %O; expected %s"
                        name
                        (text value)
                        states[k].Unit
                        (ValueRange.describe states[k].Bounds))

            y[k] <- value

        y

    let private row
        (index: int)
        (point: float[])
        status
        message
        (onset: float<ms>)
        (endTime: float)
        keep
        (spikes: float<ms>[])
        =
        { Index = index
          Point = point
          Status = status
          Message = message
          SpikeCount = spikes.Length
          SteadyRate = float (SpikeStatistics.steadyRate spikes)
          MeanRate = float (SpikeStatistics.meanRate spikes.Length (LanguagePrimitives.FloatWithMeasure endTime))
          FirstSpikeLatency = float (SpikeStatistics.firstSpikeLatency onset spikes)
          IntervalVariation = SpikeStatistics.intervalVariation spikes
          EndTime = endTime
          Spikes = if keep then Array.map float spikes else [||] }

    /// <summary>Simulates the run at a point and summarises it.</summary>
    let private simulate (sweep: Sweep) (cancellation: CancellationToken) (index: int) (point: float[]) =
        let parameters, input, initial, seed = apply sweep point
        sweep.Model.Validate parameters
        let y0 = initialState sweep parameters initial

        let problem =
            { Model = sweep.Model
              Parameters = parameters
              InitialState = y0
              Input = SweepInput.build seed sweep.Duration input
              Duration = sweep.Duration
              Recording = { Variables = []; Interval = NoTrace } }

        let spikes = ResizeArray<float<ms>>()

        let observer =
            { OnSample = fun _ _ -> ()
              OnSpike = spikes.Add
              OnProgress = ignore }

        let status, _ = Simulation.stream observer cancellation sweep.Solver problem
        let kind, message, endTime = ending sweep.Duration status
        row index point kind message input.Onset endTime sweep.KeepSpikes (spikes.ToArray())

    /// <summary>An argument error's message without .NET's " (Parameter 'x')" suffix.</summary>
    let internal messageOf (e: ArgumentException) =
        let suffix = sprintf " (Parameter '%s')" e.ParamName

        if not (isNull e.ParamName) && e.Message.EndsWith(suffix, StringComparison.Ordinal) then
            e.Message.Substring(0, e.Message.Length - suffix.Length)
        else
            e.Message

    /// <summary>Runs one run of a sweep, stopping when <paramref name="cancellation"/> is set.</summary>
    /// <exception cref="System.OperationCanceledException">The token was cancelled.</exception>
    let runWith (cancellation: CancellationToken) (index: int) (sweep: Sweep) : SweepRow =
        let point = Sweep.point index sweep

        try
            simulate sweep cancellation index point
        with
        | :? OperationCanceledException -> reraise ()
        | :? ModelException as e ->
            row index point SweepRunStatus.ModelFailed e.Message 0.0<ms> (float e.Time) false [||]
        | :? ArgumentException as e -> row index point SweepRunStatus.Rejected (messageOf e) 0.0<ms> 0.0 false [||]

    /// <summary>
    /// Run <paramref name="index"/> of a sweep: a pure function of the sweep and the index. Never throws for what
    /// goes wrong in the run (a parameter out of range at this point, divergence, model code that throws): the row
    /// says so. Check the sweep first (<c>Sweep.check</c>).
    /// </summary>
    /// <param name="index">The run's index, 0 to <c>Sweep.size</c> − 1.</param>
    /// <param name="sweep">The sweep.</param>
    /// <returns>The run's row.</returns>
    /// <exception cref="System.ArgumentException">The index is outside the sweep (ParamName "index").</exception>
    [<CompiledName("RunOne")>]
    let runOne (index: int) (sweep: Sweep) =
        runWith CancellationToken.None index sweep

    /// <summary>
    /// The row of run <paramref name="index"/> when the run has no result because the processes it was given to
    /// were lost while running it: its point, status <c>Lost</c>, the message, no spikes and an end time of 0, as
    /// a rejected run's row has.
    /// </summary>
    /// <param name="message">What happened, in one line (e.g. how many times its worker was lost).</param>
    /// <param name="index">The run's index, 0 to <c>Sweep.size</c> − 1.</param>
    /// <param name="sweep">The sweep.</param>
    /// <returns>The run's row.</returns>
    /// <exception cref="System.ArgumentException">The index is outside the sweep (ParamName "index").</exception>
    [<CompiledName("Lost")>]
    let lost (message: string) (index: int) (sweep: Sweep) =
        if isNull message then
            nullArg "message"

        row index (Sweep.point index sweep) SweepRunStatus.Lost message 0.0<ms> 0.0 false [||]
