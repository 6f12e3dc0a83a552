namespace NeuronDsl

open System
open System.Threading
open NeuronDsl.Units

/// <summary>
/// Population entry points in shapes C# can call: arrays instead of F# lists, a delegate instead of an F# function.
/// The C# facade (<c>NeuronDsl.CSharp</c>) translates through these; F# code uses <c>Population</c> directly.
/// </summary>
[<RequireQualifiedAccess>]
module PopulationInterop =
    /// <summary>A state monitor from arrays: <c>StateMonitor(neurons, List.ofArray variables, interval)</c>.</summary>
    /// <param name="neurons">Indices of the recorded neurons, from 0; the array is copied.</param>
    /// <param name="variables">Names of the recorded state variables; empty records the first.</param>
    /// <param name="interval">Sampling interval in ms.</param>
    /// <returns>The monitor, checked by <c>Population.withMonitor</c> when it is added.</returns>
    /// <example><c>PopulationInterop.stateMonitor [| 0 |] [| "V" |] 1.0&lt;ms&gt;</c> // evaluates to StateMonitor([| 0 |], [ "V" ], 1.0)</example>
    [<CompiledName("StateMonitor")>]
    let stateMonitor (neurons: int[]) (variables: string[]) (interval: float<ms>) =
        if isNull neurons then
            nullArg "neurons"

        if isNull variables then
            nullArg "variables"

        StateMonitor(Array.copy neurons, List.ofArray variables, interval)

    /// <summary>n values spread linearly from first to last, as an array (<c>Values.linear</c>).</summary>
    /// <param name="first">The value of neuron 0.</param>
    /// <param name="last">The value of neuron n − 1.</param>
    /// <param name="n">Number of neurons, ≥ 1.</param>
    /// <returns>A fresh array of n values.</returns>
    /// <example><c>PopulationInterop.linear 1.0 3.0 3</c> // evaluates to [| 1.0; 2.0; 3.0 |]</example>
    [<CompiledName("Linear")>]
    let linear (first: float) (last: float) (n: int) =
        match Values.linear first last n with
        | PerNeuron values -> values
        | Shared value -> Array.create n value

    /// <summary><c>Population.runWith</c> with a cancellation token and a progress delegate.</summary>
    /// <param name="population">The population.</param>
    /// <param name="solver">exact, rk4 or exponential-euler.</param>
    /// <param name="duration">Simulated time in ms, &gt; 0.</param>
    /// <param name="cancellation">Stops the run (it throws <c>OperationCanceledException</c>).</param>
    /// <param name="progress">Receives the fraction of the work done, 0 to 1, from worker threads; may be null.</param>
    /// <returns>The solution.</returns>
    /// <exception cref="System.ArgumentException">As <c>Population.runWith</c>.</exception>
    /// <exception cref="System.OperationCanceledException">The token was cancelled.</exception>
    [<CompiledName("RunWith")>]
    let runWith
        (population: Population<'I>)
        (solver: Solver)
        (duration: float<ms>)
        (cancellation: CancellationToken)
        (progress: Action<float>)
        =
        let report = if isNull progress then ignore else progress.Invoke

        Population.runWith
            { Cancellation = cancellation
              Progress = report }
            solver
            duration
            population
