namespace NeuronDsl

open System

/// <summary>A sweep refused before it starts because it would exceed a resource limit: the message gives its size
/// and the limit.</summary>
type SweepTooLargeException(message: string, runs: float) =
    inherit Exception(message)
    /// <summary>The number of runs the sweep describes.</summary>
    member _.Runs = runs
