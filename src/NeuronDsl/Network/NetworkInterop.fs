namespace NeuronDsl

open System
open System.Threading
open NeuronDsl.Units

/// <summary>
/// Network entry points in shapes C# can call: parallel arrays instead of a sequence of F# tuples, a delegate instead
/// of an F# function. The C# facade (<c>NeuronDsl.CSharp</c>) translates through these; F# code uses <c>Network</c>.
/// </summary>
[<RequireQualifiedAccess>]
module NetworkInterop =
    /// <summary><c>Network.withSpikeTrains</c> with the spikes as two parallel arrays: neuron <c>neurons[k]</c>
    /// fires at <c>times[k]</c> ms.</summary>
    /// <param name="name">The group's name.</param>
    /// <param name="count">Number of sources, ≥ 1.</param>
    /// <param name="neurons">The source of each spike, from 0.</param>
    /// <param name="times">The time of each spike in ms; as long as <c>neurons</c>.</param>
    /// <param name="network">The network.</param>
    /// <returns>The network with the group added.</returns>
    /// <exception cref="System.ArgumentException">As <c>Network.withSpikeTrains</c>, or arrays of different
    /// lengths.</exception>
    /// <example><c>Network.create 1u |> NetworkInterop.withSpikeTrains "s" 1 [| 0 |] [| 1.0 |]</c> // evaluates to a network with one source</example>
    [<CompiledName("WithSpikeTrains")>]
    let withSpikeTrains (name: string) (count: int) (neurons: int[]) (times: float[]) (network: Network) =
        if isNull neurons then
            nullArg "neurons"

        if isNull times then
            nullArg "times"

        if neurons.Length <> times.Length then
            invalidArg
                "times"
                (sprintf "times has %d elements; expected %d, one per neuron index" times.Length neurons.Length)

        let spikes =
            Array.map2 (fun neuron (time: float) -> neuron, LanguagePrimitives.FloatWithMeasure<ms> time) neurons times

        Network.withSpikeTrains name count spikes network

    /// <summary><c>Network.runWith</c> with a cancellation token and a progress delegate.</summary>
    /// <param name="network">The network.</param>
    /// <param name="solver">exact, rk4 or exponential-euler.</param>
    /// <param name="duration">Simulated time in ms, &gt; 0.</param>
    /// <param name="cancellation">Stops the run (it throws <c>OperationCanceledException</c>).</param>
    /// <param name="progress">Receives the fraction of the steps done, once per window; may be null.</param>
    /// <returns>The solution.</returns>
    /// <exception cref="System.ArgumentException">As <c>Network.runWith</c>.</exception>
    /// <exception cref="System.OperationCanceledException">The token was cancelled.</exception>
    [<CompiledName("RunWith")>]
    let runWith
        (network: Network)
        (solver: Solver)
        (duration: float<ms>)
        (cancellation: CancellationToken)
        (progress: Action<float>)
        =
        let report = if isNull progress then ignore else progress.Invoke

        Network.runWith
            { Cancellation = cancellation
              Progress = report }
            solver
            duration
            network
