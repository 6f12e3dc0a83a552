namespace NeuronDsl

open System
open System.Threading
open System.Threading.Tasks

/// <summary>
/// Runs every run of a sweep in this process, on all cores or on a given number of threads. The rows come back in
/// run-index order whatever order the runs finished in, and are bit-identical for any number of threads: each run is
/// <c>SweepRun.runOne</c> and writes only its own slot.
/// </summary>
[<RequireQualifiedAccess>]
module SweepRunner =
    /// <summary>Checks the sweep (<c>Sweep.check</c>), then runs it.</summary>
    /// <param name="parallelism">Threads to use, ≥ 1; 0 for all cores.</param>
    /// <param name="progress">Called with the number of runs done after each run, from the worker threads.</param>
    /// <param name="cancellation">Stops the runs: those running stop within a few hundred steps.</param>
    /// <param name="sweep">The sweep.</param>
    /// <returns>One row per run, row k for run k.</returns>
    /// <exception cref="System.ArgumentException">The sweep is refused (see <c>Sweep.check</c>), or parallelism &lt; 0.</exception>
    /// <exception cref="NeuronDsl.SweepTooLargeException">The sweep is too large.</exception>
    /// <exception cref="System.OperationCanceledException">The token was cancelled.</exception>
    let runWith (parallelism: int) (progress: int -> unit) (cancellation: CancellationToken) (sweep: Sweep) =
        if parallelism < 0 then
            invalidArg "parallelism" (sprintf "parallelism = %d; expected >= 1 thread, or 0 for all cores" parallelism)

        Sweep.check sweep
        let runs = int (Sweep.size sweep)
        let rows = Array.zeroCreate<SweepRow> runs
        let mutable finished = 0

        let options =
            ParallelOptions(
                CancellationToken = cancellation,
                MaxDegreeOfParallelism =
                    (if parallelism = 0 then
                         Environment.ProcessorCount
                     else
                         parallelism)
            )

        Parallel.For(
            0,
            runs,
            options,
            fun k ->
                rows[k] <- SweepRun.runWith cancellation k sweep
                progress (Interlocked.Increment(&finished))
        )
        |> ignore

        cancellation.ThrowIfCancellationRequested()
        rows

    /// <summary>Runs a sweep on all cores, as <c>runWith 0 ignore CancellationToken.None</c>.</summary>
    /// <example><c>Sweep.create (Solver.exact 0.1&lt;ms&gt;) 100.0&lt;ms&gt; LeakyIntegrateAndFire.model |> SweepRunner.run |> Array.length</c> // evaluates to 1</example>
    let run (sweep: Sweep) =
        runWith 0 ignore CancellationToken.None sweep

    /// <summary>For C#: <c>runWith</c> with a progress delegate (may be null).</summary>
    [<CompiledName("Run")>]
    let runDelegate (sweep: Sweep) (parallelism: int) (progress: Action<int>) (cancellation: CancellationToken) =
        let report = if isNull progress then ignore else progress.Invoke
        runWith parallelism report cancellation sweep
