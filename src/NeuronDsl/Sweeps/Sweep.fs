namespace NeuronDsl

open System
open System.Globalization
open NeuronDsl.Units

/// <summary>
/// A sweep as data: a base run (a model compiled from equations, its parameters and initial values, an input, a
/// solver, a duration, a seed) and axes; the runs are the Cartesian product of the axes' values. Run k takes, on
/// each axis, the value of index (k div the product of the later axes' counts) mod its count: the first axis
/// varies slowest, the last fastest, as nested loops written in axis order.
/// </summary>
[<NoEquality; NoComparison>]
type Sweep =
    {
        /// <summary>The model, compiled from equations.</summary>
        Model: Model<ParameterValues, float[], 1>
        /// <summary>The base run's parameter values.</summary>
        Parameters: ParameterValues
        /// <summary>Initial values that replace the model's, by variable name, in the variable's unit.</summary>
        InitialValues: (string * float) list
        /// <summary>The base run's input.</summary>
        Input: SweepInput
        /// <summary>The method every run uses.</summary>
        Solver: Solver
        /// <summary>Simulated time of every run (ms).</summary>
        Duration: float<ms>
        /// <summary>The seed of the input noise, unless an axis sets it.</summary>
        Seed: uint32
        /// <summary>The axes, slowest first.</summary>
        Axes: SweepAxis list
        /// <summary>Keep each run's spike times in its row, besides the summary.</summary>
        KeepSpikes: bool
    }

/// <summary>Building, checking and indexing sweeps.</summary>
[<RequireQualifiedAccess>]
module Sweep =
    /// <summary>Most runs in one sweep: its rows are held in memory (about 100 bytes each without spike trains).</summary>
    [<Literal>]
    let MaxRuns = 1e6

    /// <summary>Most solver steps over all the runs of a sweep, fixed-step methods (the command line's limit for
    /// one run and for an f–I curve: about 10 min of Hodgkin–Huxley with RK4 on one core).</summary>
    [<Literal>]
    let MaxSteps = 1e10

    /// <summary>A sweep with no axes (one run) of a model at its defaults, under no input.</summary>
    /// <param name="solver">The method.</param>
    /// <param name="duration">Simulated time of each run, in ms.</param>
    /// <param name="model">A model compiled from equations.</param>
    /// <exception cref="System.ArgumentException">The model was not compiled from equations.</exception>
    [<CompiledName("Create")>]
    let create (solver: Solver) (duration: float<ms>) (model: Model<ParameterValues, float[], 1>) =
        if model.Equations.IsNone then
            invalidArg
                "model"
                (sprintf "model %s has no equations; sweeps vary models compiled from equations" model.Name)

        { Model = model
          Parameters = Equations.defaults model
          InitialValues = []
          Input = SweepInput.constant 0.0
          Solver = solver
          Duration = duration
          Seed = 0u
          Axes = []
          KeepSpikes = false }

    /// <summary>The same sweep with other base parameter values.</summary>
    [<CompiledName("WithParameters")>]
    let withParameters (values: ParameterValues) (sweep: Sweep) = { sweep with Parameters = values }

    /// <summary>The same sweep with one base parameter changed, in its declared unit.</summary>
    [<CompiledName("WithParameter")>]
    let withParameter (name: string) (value: float) (sweep: Sweep) =
        { sweep with
            Parameters = Parameters.set name value sweep.Parameters }

    /// <summary>The same sweep starting a variable at a value, in its unit.</summary>
    [<CompiledName("WithInitialValue")>]
    let withInitialValue (variable: string) (value: float) (sweep: Sweep) =
        { sweep with
            InitialValues = sweep.InitialValues @ [ variable, value ] }

    /// <summary>The same sweep with another input.</summary>
    [<CompiledName("WithInput")>]
    let withInput (input: SweepInput) (sweep: Sweep) = { sweep with Input = input }

    /// <summary>The same sweep with another base seed.</summary>
    [<CompiledName("WithSeed")>]
    let withSeed (seed: uint32) (sweep: Sweep) = { sweep with Seed = seed }

    /// <summary>The same sweep with one more axis, varying faster than those before it.</summary>
    [<CompiledName("WithAxis")>]
    let withAxis (axis: SweepAxis) (sweep: Sweep) =
        { sweep with
            Axes = sweep.Axes @ [ axis ] }

    /// <summary>The same sweep keeping, or not, each run's spike times.</summary>
    [<CompiledName("KeepSpikes")>]
    let keepSpikes (keep: bool) (sweep: Sweep) = { sweep with KeepSpikes = keep }

    /// <summary>The number of runs: the product of the axes' counts (1 without axes), as a float so that a sweep
    /// too large to count in an int can be refused with its size.</summary>
    [<CompiledName("Size")>]
    let size (sweep: Sweep) =
        SweepValues.product (sweep.Axes |> List.map _.Values)

    /// <summary>Each axis's value in run <paramref name="index"/>, in axis order (<c>SweepValues.point</c>: the first
    /// axis slowest).</summary>
    /// <exception cref="System.ArgumentException">The index is outside 0 .. size − 1.</exception>
    [<CompiledName("Point")>]
    let point (index: int) (sweep: Sweep) =
        SweepValues.point index (sweep.Axes |> List.map _.Values |> Array.ofList)

    let private names (items: string seq) = String.Join(", ", items)

    let private checkTarget (model: string) (equations: CheckedEquations) (field: string) (axis: SweepAxis) =
        let parameters = equations.Parameters |> Array.map (fun p -> p.Name)
        let states = equations.States |> Array.map (fun s -> s.Name)

        match axis.Target with
        | SweepTarget.Parameter n when not (Array.contains n parameters) ->
            invalidArg
                field
                (sprintf "%s: unknown parameter '%s' of %s; expected one of: %s" field n model (names parameters))
        | SweepTarget.InitialValue v when not (Array.contains v states) ->
            invalidArg
                field
                (sprintf "%s: unknown state variable '%s' of %s; expected one of: %s" field v model (names states))
        | SweepTarget.Seed ->
            SweepValues.toArray axis.Values
            |> Array.tryFind (fun s -> s < 0.0 || s > float UInt32.MaxValue || s <> floor s)
            |> Option.iter (fun s ->
                invalidArg
                    field
                    (sprintf
                        "%s: seed %s; expected a whole number from 0 to %d"
                        field
                        (s.ToString("R", CultureInfo.InvariantCulture))
                        UInt32.MaxValue))
        | _ -> ()

    let private checkSize (sweep: Sweep) =
        let runs = size sweep

        if runs > MaxRuns then
            raise (SweepTooLargeException(sprintf "the sweep has %g runs; at most %g" runs MaxRuns, runs))

        let steps = ceil (sweep.Duration / sweep.Solver.Step) * runs

        if not sweep.Solver.Adaptive && steps > MaxSteps then
            let message =
                sprintf
                    "the sweep's %g runs take %g steps of %g ms; at most %g"
                    runs
                    steps
                    (float sweep.Solver.Step)
                    MaxSteps

            raise (SweepTooLargeException(message, runs))

        if SweepInput.noiseValues sweep.Duration sweep.Input > Input.maxPulses then
            invalidArg
                "noise_interval"
                (sprintf
                    "noise_interval = %g ms: %g noise values per run; at most %g"
                    (float sweep.Input.NoiseInterval)
                    (SweepInput.noiseValues sweep.Duration sweep.Input)
                    Input.maxPulses)

    /// <summary>
    /// Refuses a sweep that cannot run, before anything runs: an axis naming an unknown parameter or variable
    /// (the message lists the known ones), an empty axis or a bad range, a seed that is not a whole number, a bad
    /// input, a duration that is not finite and ≥ 0, a method the model cannot use, or a sweep too large. A value
    /// out of a parameter's range is not refused here: that run's row says so.
    /// </summary>
    /// <exception cref="System.ArgumentException">ParamName is "axes[k]" for axis k (from 0), or the field.</exception>
    /// <exception cref="NeuronDsl.SweepTooLargeException">More than <c>MaxRuns</c> runs or <c>MaxSteps</c> steps.</exception>
    [<CompiledName("Check")>]
    let check (sweep: Sweep) =
        let equations = sweep.Model.Equations.Value

        sweep.Axes
        |> List.iteri (fun k axis ->
            let field = sprintf "axes[%d]" k
            SweepValues.check field (sprintf "%s (%s)" field (SweepAxis.describe axis)) axis.Values
            checkTarget sweep.Model.Name equations field axis)

        SweepInput.check sweep.Input
        let d = float sweep.Duration

        if not (Double.IsFinite d) || d < 0.0 then
            invalidArg "duration" (sprintf "duration = %g ms; expected a finite time >= 0 ms" d)

        match sweep.Solver.Requires with
        | ExactFlow when sweep.Model.Propagate.IsNone ->
            invalidArg
                "solver"
                (sprintf "solver %s needs a linear model; %s has no exact flow" sweep.Solver.Name sweep.Model.Name)
        | _ -> ()

        checkSize sweep
