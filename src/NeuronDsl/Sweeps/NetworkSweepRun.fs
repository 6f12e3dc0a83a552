namespace NeuronDsl

open System
open System.Globalization
open System.Runtime.ExceptionServices
open System.Threading
open System.Threading.Tasks

/// <summary>
/// Runs of a network sweep: each a pure function of the sweep and its index (the same row, bit for bit, on any thread
/// and in any order), and all of them in this process.
/// </summary>
[<RequireQualifiedAccess>]
module NetworkSweepRun =
    let private text (x: float) =
        x.ToString("R", CultureInfo.InvariantCulture)

    /// <summary>The first population (in group order) that did not complete, as a status and a message.</summary>
    let private ending (network: Network) (solution: NetworkSolution) =
        network.Groups
        |> List.tryPick (fun (name, _) ->
            match Map.tryFind name solution.Populations with
            | Some { Status = PopulationStatus.Diverged(neuron, t, variable, value, _) } ->
                Some(
                    SweepRunStatus.Diverged,
                    sprintf
                        "%s: neuron %d diverged at t = %s ms: %s = %s"
                        name
                        neuron
                        (text (float t))
                        variable
                        (text value)
                )
            | _ -> None)
        |> Option.defaultValue (SweepRunStatus.Completed, "completed")

    let private refused index point status message =
        { Index = index
          Point = point
          Status = status
          Message = message
          Groups = [||]
          Deliveries = 0L }

    /// <summary>Runs one run of a network sweep; its populations use their own parallelism and cancellation.</summary>
    /// <exception cref="System.OperationCanceledException">The token was cancelled.</exception>
    let runWith (cancellation: CancellationToken) (index: int) (sweep: NetworkSweep) : NetworkSweepRow =
        let point = NetworkSweep.point index sweep

        try
            let network = sweep.Build point

            let control =
                { PopulationRunControl.None with
                    Cancellation = cancellation }

            let solution = Network.runWith control sweep.Solver sweep.Duration network
            let status, message = ending network solution

            { Index = index
              Point = point
              Status = status
              Message = message
              Groups = GroupStatistics.ofNetwork sweep.Bin sweep.Duration network solution
              Deliveries = solution.Deliveries }
        with
        | :? OperationCanceledException -> reraise ()
        | :? ModelException as e -> refused index point SweepRunStatus.ModelFailed e.Message
        | :? ArgumentException as e -> refused index point SweepRunStatus.Rejected (SweepRun.messageOf e)

    /// <summary>
    /// Run <paramref name="index"/> of a network sweep: a pure function of the sweep and the index. Never throws for
    /// what goes wrong in the run (values the network function or the run refuses, divergence): the row says so.
    /// Check the sweep first (<c>NetworkSweep.check</c>).
    /// </summary>
    /// <exception cref="System.ArgumentException">The index is outside the sweep (ParamName "index").</exception>
    [<CompiledName("RunOne")>]
    let runOne (index: int) (sweep: NetworkSweep) =
        runWith CancellationToken.None index sweep

    /// <summary>
    /// Checks the sweep (<c>NetworkSweep.check</c>), then runs every run in this process, <paramref name="runsAtOnce"/>
    /// at a time, each network on its populations' own threads (one run at a time suits large networks, several
    /// small ones). Row k is run k's, bit-identical for any number of runs at once and threads.
    /// </summary>
    /// <param name="runsAtOnce">Runs at a time, ≥ 1.</param>
    /// <param name="progress">Called with the number of runs done after each run.</param>
    /// <param name="cancellation">Stops the runs.</param>
    /// <param name="sweep">The sweep.</param>
    /// <exception cref="System.ArgumentException">The sweep is refused, or runsAtOnce &lt; 1.</exception>
    /// <exception cref="NeuronDsl.SweepTooLargeException">The sweep is too large.</exception>
    /// <exception cref="System.OperationCanceledException">The token was cancelled.</exception>
    /// <exception cref="System.Exception">What the network function or <paramref name="progress"/> threw other than
    /// an ArgumentException (which makes a Rejected row): the sweep stops (the first such exception).</exception>
    let runAll (runsAtOnce: int) (progress: int -> unit) (cancellation: CancellationToken) (sweep: NetworkSweep) =
        if runsAtOnce < 1 then
            invalidArg "runsAtOnce" (sprintf "runsAtOnce = %d; expected at least 1" runsAtOnce)

        NetworkSweep.check sweep
        let rows = Array.zeroCreate<NetworkSweepRow>(int (NetworkSweep.size sweep))
        let mutable finished = 0

        let options =
            ParallelOptions(CancellationToken = cancellation, MaxDegreeOfParallelism = runsAtOnce)

        try
            Parallel.For(
                0,
                rows.Length,
                options,
                fun k ->
                    rows[k] <- runWith cancellation k sweep
                    progress (Interlocked.Increment(&finished))
            )
            |> ignore
        with :? AggregateException as e ->
            // What the network function (or progress) threw besides argument errors, as itself.
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw()

        cancellation.ThrowIfCancellationRequested()
        rows

    /// <summary>Runs a network sweep one run at a time: <c>runAll 1 ignore CancellationToken.None</c>.</summary>
    [<CompiledName("RunAll")>]
    let run (sweep: NetworkSweep) =
        runAll 1 ignore CancellationToken.None sweep
