namespace NeuronDsl.Testing

open System
open System.Collections.Generic
open NeuronDsl
open NeuronDsl.CSharp

/// <summary>How a property ended, for C#.</summary>
type PropertyStatus =
    /// <summary>Every case held.</summary>
    | Passed = 0
    /// <summary>The property does not apply to the model.</summary>
    | Skipped = 1
    /// <summary>A counterexample was found.</summary>
    | Failed = 2

/// <summary>One property's outcome, for C#.</summary>
[<Sealed; AllowNullLiteral>]
type PropertyReport(property: string, status: PropertyStatus, message: string, commandLine: string) =
    /// <summary>The property, for example "leak".</summary>
    member _.Property = property
    /// <summary>Passed, skipped or failed.</summary>
    member _.Status = status
    /// <summary>Why it was skipped, or the counterexample in words; empty when it passed.</summary>
    member _.Message = message
    /// <summary>The <c>neurondsl simulate</c> command that repeats the shrunk counterexample; empty unless failed.</summary>
    member _.CommandLine = commandLine

    /// <summary>"leak: Failed — …".</summary>
    override _.ToString() =
        sprintf "%s: %O %s" property status message

/// <summary>The outcome of every property on a model, for C#.</summary>
[<Sealed>]
type InvariantReport(model: string, properties: IReadOnlyList<PropertyReport>) =
    /// <summary>The model's name.</summary>
    member _.Model = model
    /// <summary>One report per property, in order.</summary>
    member _.Properties = properties

    /// <summary>True when no property failed.</summary>
    member _.Succeeded =
        properties |> Seq.forall (fun p -> p.Status <> PropertyStatus.Failed)

    /// <summary>One line per property.</summary>
    override _.ToString() =
        String.Join("\n", properties |> Seq.map string)

/// <summary>Thrown by <c>ModelInvariants.Check</c> when a property fails; the message holds every counterexample.</summary>
type InvariantException(message: string, report: InvariantReport) =
    inherit Exception(message)
    /// <summary>The full report.</summary>
    member _.Report = report

/// <summary>
/// The kit from C# and xunit: <c>ModelInvariants.Check(neuron)</c> runs every ready property on a neuron built from
/// equations and throws <c>InvariantException</c> with the shrunk counterexamples when one fails.
/// </summary>
[<AbstractClass; Sealed>]
type ModelInvariants =
    static member private Run(neuron: Neuron, cases: int, rheobase: Func<IReadOnlyDictionary<string, float>, float>) =
        ArgumentNullException.ThrowIfNull neuron

        let equations =
            try
                Equations.parseOrThrow (neuron.ToEquationsText())
            with :? InvalidOperationException as e ->
                raise (ArgumentException(sprintf "%s has no equations; the kit reads them" neuron.Name, "neuron", e))

        let model: Model<ParameterValues, float[], 1> = Equations.compile equations

        let options =
            { Invariants.defaults with
                Cases = cases
                Rheobase =
                    if isNull rheobase then
                        None
                    else
                        Some(fun p ->
                            let values =
                                p.Parameters
                                |> List.map (fun d -> KeyValuePair(d.Name, p[d.Name]))
                                |> Dictionary

                            rheobase.Invoke values) }

        let reports =
            Invariants.checkModelWith options model
            |> List.map (fun r ->
                match r.Outcome with
                | InvariantOutcome.Passed(_, note) -> PropertyReport(r.Property, PropertyStatus.Passed, note, "")
                | InvariantOutcome.Skipped reason -> PropertyReport(r.Property, PropertyStatus.Skipped, reason, "")
                | InvariantOutcome.Failed c ->
                    PropertyReport(r.Property, PropertyStatus.Failed, c.Format(), c.Case.CommandLine))
            |> Array.ofList

        InvariantReport(neuron.Name, reports)

    /// <summary>Runs every property (25 cases each) and returns the report without throwing.</summary>
    /// <param name="neuron">A neuron built from equations (a built-in or <c>Neurons.FromEquations</c>); its
    /// parameter values are the centre of the generated ones.</param>
    /// <exception cref="System.ArgumentNullException">The neuron is null.</exception>
    /// <exception cref="System.ArgumentException">A custom neuron from delegates, which has no equations.</exception>
    static member Verify(neuron: Neuron) : InvariantReport = ModelInvariants.Run(neuron, 25, null)

    /// <summary>Runs every property, the threshold property against the given rheobase.</summary>
    /// <param name="neuron">A neuron built from equations.</param>
    /// <param name="rheobase">The rheobase, in the neuron's input unit, from its parameter values by name.</param>
    static member Verify(neuron: Neuron, rheobase: Func<IReadOnlyDictionary<string, float>, float>) : InvariantReport =
        ArgumentNullException.ThrowIfNull rheobase
        ModelInvariants.Run(neuron, 25, rheobase)

    static member private Throw(report: InvariantReport) =
        if not report.Succeeded then
            let failures =
                report.Properties
                |> Seq.filter (fun p -> p.Status = PropertyStatus.Failed)
                |> Seq.map (fun p -> p.Message)

            raise (InvariantException(String.Join("\n\n", failures), report))

    /// <summary>Runs every property; throws when one fails (an assertion for xunit, NUnit or MSTest).</summary>
    /// <param name="neuron">A neuron built from equations.</param>
    /// <exception cref="InvariantException">A property failed; the message gives each shrunk counterexample as a
    /// command line.</exception>
    static member Check(neuron: Neuron) : unit =
        ModelInvariants.Throw(ModelInvariants.Verify neuron)

    /// <summary>Runs every property, the threshold property against the given rheobase; throws when one fails.</summary>
    static member Check(neuron: Neuron, rheobase: Func<IReadOnlyDictionary<string, float>, float>) : unit =
        ModelInvariants.Throw(ModelInvariants.Verify(neuron, rheobase))
