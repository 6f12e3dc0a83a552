namespace NeuronDsl

open System
open System.Globalization
open NeuronDsl.Units

/// <summary>One axis of a network sweep: a name (its column in a table) and the values it takes.</summary>
[<NoComparison>]
type NetworkSweepAxis =
    {
        /// <summary>The axis's name, unique in its sweep.</summary>
        Name: string
        /// <summary>Its values.</summary>
        Values: SweepValues
    }

/// <summary>
/// A sweep over networks built in code: named axes and a pure function from a point (one value per axis, in axis
/// order) to the network to run there, with one fixed-step solver and duration for every run. Runs are indexed as in
/// <c>Sweep</c> (<c>SweepValues.point</c>: the first axis slowest). The seed is the network's own
/// (<c>Network.create seed</c>), so an axis over seeds is an axis the function passes to <c>Network.create</c>.
/// </summary>
[<NoEquality; NoComparison>]
type NetworkSweep =
    {
        /// <summary>The network at a point. It must be pure: the same point, the same network.</summary>
        Build: float[] -> Network
        /// <summary>The axes, slowest first.</summary>
        Axes: NetworkSweepAxis list
        /// <summary>The fixed-step method of every run.</summary>
        Solver: Solver
        /// <summary>Simulated time of every run, ms.</summary>
        Duration: float<ms>
        /// <summary>The bin width of each group's Fano factor, ms (1 ms unless changed).</summary>
        Bin: float<ms>
    }

/// <summary>Building and checking network sweeps.</summary>
[<RequireQualifiedAccess>]
module NetworkSweep =
    /// <summary>Most neuron-steps (neurons × steps) over all the runs of a network sweep, and of one population or
    /// network run on the command line: hours of Hodgkin–Huxley with RK4 on two cores.</summary>
    [<Literal>]
    let MaxNeuronSteps = 1e12

    /// <summary>A sweep with no axes (one run) of the network <paramref name="build"/> gives at the empty point,
    /// with Fano bins of 1 ms.</summary>
    /// <param name="solver">A fixed-step method.</param>
    /// <param name="duration">Simulated time of each run, ms.</param>
    /// <param name="build">The network at a point (one value per axis, in axis order); pure.</param>
    [<CompiledName("Create")>]
    let create (solver: Solver) (duration: float<ms>) (build: float[] -> Network) =
        { Build = build
          Axes = []
          Solver = solver
          Duration = duration
          Bin = 1.0<ms> }

    /// <summary>The same sweep with one more axis, varying faster than those before it.</summary>
    /// <example><c>NetworkSweep.create (Solver.exact 0.1&lt;ms&gt;) 200.0&lt;ms&gt; build |> NetworkSweep.withAxis "g" (SweepValues.linear 3.0 6.0 4)</c></example>
    [<CompiledName("WithAxis")>]
    let withAxis (name: string) (values: SweepValues) (sweep: NetworkSweep) =
        { sweep with
            Axes = sweep.Axes @ [ { Name = name; Values = values } ] }

    /// <summary>The same sweep with another bin width for the Fano factor.</summary>
    [<CompiledName("WithBin")>]
    let withBin (bin: float<ms>) (sweep: NetworkSweep) = { sweep with Bin = bin }

    /// <summary>The number of runs: the product of the axes' counts (1 without axes).</summary>
    [<CompiledName("Size")>]
    let size (sweep: NetworkSweep) =
        SweepValues.product (sweep.Axes |> List.map _.Values)

    /// <summary>Each axis's value in run <paramref name="index"/>, in axis order.</summary>
    /// <exception cref="System.ArgumentException">The index is outside 0 .. size − 1.</exception>
    [<CompiledName("Point")>]
    let point (index: int) (sweep: NetworkSweep) =
        SweepValues.point index (sweep.Axes |> List.map _.Values |> Array.ofList)

    let private text (x: float) =
        x.ToString("R", CultureInfo.InvariantCulture)

    let private checkAxes (sweep: NetworkSweep) =
        sweep.Axes
        |> List.iteri (fun k axis ->
            let field = sprintf "axes[%d]" k

            if String.IsNullOrWhiteSpace axis.Name then
                invalidArg field (sprintf "%s: name = \"%s\"; expected a name" field axis.Name)

            if sweep.Axes |> List.take k |> List.exists (fun a -> a.Name = axis.Name) then
                invalidArg field (sprintf "%s: name = \"%s\"; expected a name no earlier axis has" field axis.Name)

            SweepValues.check field (sprintf "%s (%s)" field axis.Name) axis.Values)

    let private checkRun (sweep: NetworkSweep) =
        let d = float sweep.Duration

        if not (Double.IsFinite d) || d <= 0.0 then
            invalidArg "duration" (sprintf "duration = %g ms; expected a finite time > 0 ms" d)

        if not (Double.IsFinite(float sweep.Bin)) || sweep.Bin <= 0.0<ms> then
            invalidArg "bin" (sprintf "bin = %g ms; expected a finite width > 0 ms" (float sweep.Bin))

        if sweep.Solver.Adaptive then
            invalidArg
                "solver"
                (sprintf
                    "solver %s is adaptive; networks run with one fixed step (exact, rk4, exponential-euler)"
                    sweep.Solver.Name)

    /// <summary>The network at a point, a refusal naming the axis and the value that caused it.</summary>
    let private buildAt (sweep: NetworkSweep) (axis: int) (point: float[]) =
        try
            sweep.Build point
        with :? ArgumentException as e ->
            let field = sprintf "axes[%d]" axis
            let name = sweep.Axes[axis].Name
            invalidArg field (sprintf "%s (%s) value %s: %s" field name (text point[axis]) (SweepRun.messageOf e))

    let private neurons (network: Network) =
        network.Groups
        |> List.sumBy (fun (_, g) ->
            match g with
            | Neurons(count, _, _) -> float count
            | _ -> 0.0)

    /// <summary>Builds the network at every value of every axis, the others at their first value, and returns the
    /// most neurons any run can have (the base run's times each axis's largest factor).</summary>
    let private checkPoints (sweep: NetworkSweep) =
        let first =
            sweep.Axes |> List.map (fun a -> SweepValues.item 0 a.Values) |> Array.ofList

        let baseline =
            max
                1.0
                (neurons (
                    if first.Length = 0 then
                        sweep.Build first
                    else
                        buildAt sweep 0 first
                ))

        sweep.Axes
        |> List.mapi (fun k axis ->
            SweepValues.toArray axis.Values
            |> Array.map (fun v ->
                let point = Array.copy first
                point[k] <- v
                neurons (buildAt sweep k point) / baseline)
            |> Array.max)
        |> List.fold (fun n factor -> n * max 1.0 factor) baseline

    /// <summary>
    /// Refuses a sweep that cannot run, before anything runs: a bad or repeated axis name, an empty axis or a bad
    /// range, a duration or bin that is not finite and &gt; 0, an adaptive method, a network the function refuses to
    /// build at any single axis value (the others at their first value; the message names the axis and the value), or
    /// more than <c>Sweep.MaxRuns</c> runs or <c>MaxNeuronSteps</c> neuron-steps.
    /// </summary>
    /// <exception cref="System.ArgumentException">ParamName is "axes[k]" for axis k (from 0), or the field.</exception>
    /// <exception cref="NeuronDsl.SweepTooLargeException">Too many runs or neuron-steps.</exception>
    [<CompiledName("Check")>]
    let check (sweep: NetworkSweep) =
        checkAxes sweep
        checkRun sweep
        let runs = size sweep

        if runs > Sweep.MaxRuns then
            raise (SweepTooLargeException(sprintf "the sweep has %g runs; at most %g" runs Sweep.MaxRuns, runs))

        let steps = ceil (sweep.Duration / sweep.Solver.Step) * checkPoints sweep * runs

        if steps > MaxNeuronSteps then
            let message =
                sprintf "the sweep's %g runs take up to %g neuron-steps in all; at most %g" runs steps MaxNeuronSteps

            raise (SweepTooLargeException(message, runs))
