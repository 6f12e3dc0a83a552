namespace NeuronDsl.Models

open System
open NeuronDsl

/// <summary>A named parameter set of a model, for example Izhikevich's "RS" (regular spiking).</summary>
type Preset =
    {
        /// <summary>Short name as on the command line, for example "RS".</summary>
        Name: string
        /// <summary>What it is and where it comes from, one line.</summary>
        Description: string
        /// <summary>The parameters it changes from the model's defaults, each in its declared unit.</summary>
        Values: (string * float) list
    }

/// <summary>A built-in model: its names and its checked equations, from which everything else is read.</summary>
[<NoEquality; NoComparison>]
type CatalogueEntry =
    {
        /// <summary>Full name as on the command line, for example "leaky-integrate-and-fire".</summary>
        Name: string
        /// <summary>Short name, for example "lif".</summary>
        Alias: string
        /// <summary>The checked equations: parameters with units, defaults, ranges and meanings; the input unit.</summary>
        Equations: CheckedEquations
        /// <summary>The compiled model, its input a plain number in the unit of <c>Equations.Input</c>.</summary>
        Model: Model<ParameterValues, float[], 1>
        /// <summary>Named parameter sets (variants), in the order they are listed; empty for most models.</summary>
        Presets: Preset list
    }

/// <summary>
/// Every built-in model by name. Tools (the command line, the C# facade) read names, units, defaults, ranges and
/// meanings from here, so a new model is one file plus one line below.
/// </summary>
[<RequireQualifiedAccess>]
module Catalogue =
    let private entryWith (presets: Preset list) (name: string) (alias: string) (equations: Equations) =
        let checkedEquations = Equations.checkOrThrow equations

        { Name = name
          Alias = alias
          Equations = checkedEquations
          Model = Equations.compileChecked checkedEquations
          Presets = presets }

    let private entry = entryWith []

    let private presets (table: (string * string * (string * float) list) list) : Preset list =
        [ for name, description, values in table ->
              { Name = name
                Description = description
                Values = values } ]

    /// <summary>The built-in models, in the order they are listed.</summary>
    let all: CatalogueEntry list =
        [ entry "integrate-and-fire" "if" IntegrateAndFire.equations.Equations
          entry "leaky-integrate-and-fire" "lif" LeakyIntegrateAndFire.equations.Equations
          entry "hodgkin-huxley" "hh" HodgkinHuxley.equations.Equations
          entryWith (presets Izhikevich.presets) "izhikevich" "izh" Izhikevich.equations.Equations
          entryWith
              (presets AdaptiveExponential.presets)
              "adaptive-exponential-integrate-and-fire"
              "adex"
              AdaptiveExponential.equations.Equations
          entry "exponential-integrate-and-fire" "eif" ExponentialIntegrateAndFire.equations.Equations
          entry "quadratic-integrate-and-fire" "qif" QuadraticIntegrateAndFire.equations.Equations ]

    /// <summary>The model with this name or alias (case-insensitive), if any.</summary>
    let tryFind (name: string) : CatalogueEntry option =
        all
        |> List.tryFind (fun e ->
            String.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase)
            || String.Equals(e.Alias, name, StringComparison.OrdinalIgnoreCase))

    /// <summary>The model with this name or alias.</summary>
    /// <exception cref="System.ArgumentException">No built-in model has this name (ParamName "name").</exception>
    let find (name: string) : CatalogueEntry =
        match tryFind name with
        | Some e -> e
        | None ->
            let names = all |> List.map (fun e -> sprintf "%s (%s)" e.Name e.Alias)
            invalidArg "name" (sprintf "unknown model '%s'; expected one of: %s" name (String.Join(", ", names)))

    /// <summary>The parameter values of a model's preset: its defaults with the preset's changes.</summary>
    /// <exception cref="System.ArgumentException">The model has no preset of this name (ParamName "preset").</exception>
    let preset (presetName: string) (entry: CatalogueEntry) : ParameterValues =
        match
            entry.Presets
            |> List.tryFind (fun p -> String.Equals(p.Name, presetName, StringComparison.OrdinalIgnoreCase))
        with
        | Some p ->
            p.Values
            |> List.fold (fun values (n, v) -> Parameters.set n v values) (Parameters.defaults entry.Equations)
        | None ->
            let names = entry.Presets |> List.map (fun p -> p.Name)

            invalidArg
                "preset"
                (if names.IsEmpty then
                     sprintf "model %s has no presets" entry.Name
                 else
                     sprintf
                         "unknown preset '%s' for %s; expected one of: %s"
                         presetName
                         entry.Name
                         (String.Join(", ", names)))
