namespace NeuronDsl

open System

/// <summary>A model text that does not parse or does not check: every error, each with its line and column.</summary>
/// <param name="errors">The errors, sorted by position; at least one.</param>
type ModelTextException(errors: ParseError list) =
    inherit FormatException(String.Join("\n", errors |> List.map (fun e -> e.Format())))

    /// <summary>The errors, sorted by position.</summary>
    member _.Errors = errors
