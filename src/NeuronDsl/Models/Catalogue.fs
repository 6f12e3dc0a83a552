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

/// <summary>
/// A built-in model: its names and its checked equations, from which everything else is read. Its equations are
/// built and checked the first time they are asked for, and its code compiled the first time it runs, so finding one
/// model by name touches no other.
/// </summary>
[<NoEquality; NoComparison>]
type CatalogueEntry(name: string, alias: string, equations: Lazy<CheckedEquations>, presets: Lazy<Preset list>) =
    let model: Lazy<Model<ParameterValues, float[], 1>> =
        lazy (Equations.compileChecked equations.Value)

    /// <summary>Full name as on the command line, for example "leaky-integrate-and-fire".</summary>
    member _.Name = name
    /// <summary>Short name, for example "lif".</summary>
    member _.Alias = alias
    /// <summary>The checked equations: parameters with units, defaults, ranges and meanings; the input unit.</summary>
    member _.Equations = equations.Value
    /// <summary>The compiled model, its input a plain number in the unit of <c>Equations.Input</c>.</summary>
    member _.Model: Model<ParameterValues, float[], 1> = model.Value
    /// <summary>Named parameter sets (variants), in the order they are listed; empty for most models.</summary>
    member _.Presets = presets.Value

/// <summary>
/// Every built-in model by name. Tools (the command line, the C# facade) read names, units, defaults, ranges and
/// meanings from here, so a new model is one file plus one line below.
/// </summary>
[<RequireQualifiedAccess>]
module Catalogue =
    let private entryWith (presets: unit -> Preset list) (name: string) (alias: string) (equations: unit -> Equations) =
        CatalogueEntry(name, alias, lazy (Equations.checkOrThrow (equations ())), lazy (presets ()))

    let private entry = entryWith (fun () -> [])

    /// A preset from a named parameter set written in a model file: the values that differ from the defaults.
    let private variant (name: string) (description: string) (values: ParameterValues) (defaults: ParameterValues) =
        { Name = name
          Description = description
          Values =
            values.Parameters
            |> List.map (fun d -> d.Name)
            |> List.filter (fun n -> values[n] <> defaults[n])
            |> List.map (fun n -> n, values[n]) }

    let private presets (table: (string * string * (string * float) list) list) : Preset list =
        [ for name, description, values in table ->
              { Name = name
                Description = description
                Values = values } ]

    /// <summary>The built-in models, in the order they are listed.</summary>
    let all: CatalogueEntry list =
        [ entry "integrate-and-fire" "if" (fun () -> IntegrateAndFire.equations.Equations)
          entry "leaky-integrate-and-fire" "lif" (fun () -> LeakyIntegrateAndFire.equations.Equations)
          entry "hodgkin-huxley" "hh" (fun () -> HodgkinHuxley.equations.Equations)
          entryWith
              (fun () ->
                  [ variant
                        "PD14"
                        "cortical microcircuit neuron, Potjans & Diesmann, Cereb. Cortex 24 (2014) 785, Table 5"
                        LeakyIntegrateAndFireExponentialSynapse.potjansDiesmann2014
                        LeakyIntegrateAndFireExponentialSynapse.defaults ])
              "lif-exponential-synapse"
              "iaf-psc-exp"
              (fun () -> LeakyIntegrateAndFireExponentialSynapse.equations.Equations)
          entry "lif-alpha-synapse" "iaf-psc-alpha" (fun () -> LeakyIntegrateAndFireAlphaSynapse.equations.Equations)
          entry "conductance-based-lif" "coba" (fun () -> ConductanceBasedLeakyIntegrateAndFire.equations.Equations)
          entry "adaptive-lif" "sfa-lif" (fun () -> AdaptiveLeakyIntegrateAndFire.equations.Equations)
          entry "fitzhugh-nagumo" "fhn" (fun () -> FitzHughNagumo.equations.Equations)
          entryWith
              (fun () ->
                  [ { Name = "class2"
                      Description =
                        "class II excitability, Hopf onset at a finite rate (the defaults; Rinzel & Ermentrout 1998)"
                      Values = MorrisLecar.classII }
                    { Name = "class1"
                      Description =
                        "class I excitability, saddle-node on invariant circle, onset at zero rate (Rinzel & Ermentrout 1998)"
                      Values = MorrisLecar.classI } ])
              "morris-lecar"
              "ml"
              (fun () -> MorrisLecar.equations.Equations)
          entry "hindmarsh-rose" "hr" (fun () -> HindmarshRose.equations.Equations)
          entry "wang-buzsaki" "wb" (fun () -> WangBuzsaki.equations.Equations)
          entry "connor-stevens" "cs" (fun () -> ConnorStevens.equations.Equations)
          entryWith (fun () -> presets Izhikevich.presets) "izhikevich" "izh" (fun () -> Izhikevich.equations.Equations)
          entryWith
              (fun () -> presets AdaptiveExponential.presets)
              "adaptive-exponential-integrate-and-fire"
              "adex"
              (fun () -> AdaptiveExponential.equations.Equations)
          entry "exponential-integrate-and-fire" "eif" (fun () -> ExponentialIntegrateAndFire.equations.Equations)
          entry "quadratic-integrate-and-fire" "qif" (fun () -> QuadraticIntegrateAndFire.equations.Equations) ]

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
