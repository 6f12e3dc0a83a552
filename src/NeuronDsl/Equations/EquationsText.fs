namespace NeuronDsl

open System

/// <summary>A model text that does not parse or does not check: every error, each with its line and column.</summary>
/// <param name="errors">The errors, sorted by position; at least one.</param>
type ModelTextException(errors: ParseError list) =
    inherit FormatException(String.Join("\n", errors |> List.map (fun e -> e.Format())))

    /// <summary>The errors, sorted by position.</summary>
    member _.Errors = errors

/// <summary>Models from text: parsed, then checked, with every error placed at its line and column.</summary>
[<RequireQualifiedAccess; CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module Equations =
    /// <summary>Parses a text, then checks the model; errors from either step carry positions in the text.</summary>
    /// <param name="file">The file name to put in errors (it is not opened).</param>
    /// <param name="text">The model text.</param>
    /// <returns>The model, or the errors sorted by position. Never throws.</returns>
    let parseNamed (file: string) (text: string) : Result<Equations, ParseError list> =
        match ModelParser.parse file text with
        | Error errors -> Error errors
        | Ok parsed ->
            match Checker.check parsed.Equations with
            | Ok _ -> Ok parsed.Equations
            | Error errors ->
                errors
                |> List.map (ModelParser.locate parsed)
                |> List.sortBy (fun e -> e.Line, e.Column)
                |> Error

    /// <summary>Parses a model text and checks it: names, dimensions, derivatives, threshold, reset.</summary>
    /// <param name="text">The model text (see docs/model-language.md).</param>
    /// <returns>The checked model as data, or every error with its line and column. Never throws.</returns>
    /// <example>
    /// <code>
    /// Equations.parse "model \"m\"\nstate x : 1 = 0\ndx/dt = -x / ms" |> Result.isOk // evaluates to true
    /// </code>
    /// </example>
    let parse (text: string) : Result<Equations, ParseError list> = parseNamed "" text

    /// <summary>Parses and checks a model text, throwing when it has errors.</summary>
    /// <param name="text">The model text.</param>
    /// <returns>The checked model as data.</returns>
    /// <exception cref="ModelTextException">The text has errors; <c>Errors</c> lists them with their positions.</exception>
    let parseOrThrow (text: string) : Equations =
        match parse text with
        | Ok m -> m
        | Error errors -> raise (ModelTextException errors)
