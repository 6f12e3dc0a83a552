namespace NeuronDsl

open System
open System.Globalization

/// <summary>
/// Values of a model's parameters, each in its declared unit, immutable: <c>Parameters.set</c> returns a copy.
/// Read one with <c>values["C"]</c> or, typed, <c>Parameters.get C values</c>.
/// </summary>
[<CustomEquality; NoComparison>]
type ParameterValues =
    private
        { Declarations: ParameterDeclaration[]
          Values: float[] }

    /// <summary>The declarations, in model order.</summary>
    member p.Parameters = List.ofArray p.Declarations

    /// <summary>The value of the named parameter, in its declared unit.</summary>
    /// <exception cref="System.ArgumentException">The model has no parameter of this name.</exception>
    member p.Item
        with get (name: string) = p.Values[p.IndexOf name]

    /// <summary>Internal: the values in model order, read by compiled kernels.</summary>
    member internal p.Array = p.Values

    member internal p.IndexOf(name: string) =
        match Array.tryFindIndex (fun (d: ParameterDeclaration) -> d.Name = name) p.Declarations with
        | Some k -> k
        | None ->
            let names = p.Declarations |> Array.map (fun d -> d.Name)
            invalidArg "name" (sprintf "unknown parameter '%s'; expected one of: %s" name (String.Join(", ", names)))

    override p.Equals(other) =
        match other with
        | :? ParameterValues as o -> p.Declarations = o.Declarations && p.Values = o.Values
        | _ -> false

    override p.GetHashCode() = hash p.Values

    /// <summary>"C = 200 pF, R = 0.1 Gohm, …".</summary>
    override p.ToString() =
        Array.map2
            (fun (d: ParameterDeclaration) (v: float) ->
                sprintf "%s = %s %O" d.Name (v.ToString("R", CultureInfo.InvariantCulture)) d.Unit)
            p.Declarations
            p.Values
        |> fun parts -> String.Join(", ", parts)

    static member internal Create(declarations: ParameterDeclaration[], values: float[]) =
        { Declarations = declarations
          Values = values }

/// <summary>Reading and changing parameter values.</summary>
[<RequireQualifiedAccess>]
module Parameters =
    /// <summary>The published defaults of every parameter of a checked model.</summary>
    let defaults (m: CheckedEquations) =
        ParameterValues.Create(m.Parameters, m.Parameters |> Array.map (fun d -> d.Default))

    /// <summary>A copy with one parameter changed; the value is in the parameter's declared unit.</summary>
    /// <param name="name">The parameter's name as in the equations, for example "C".</param>
    /// <param name="value">The new value.</param>
    /// <param name="values">The values to change.</param>
    /// <exception cref="System.ArgumentException">Unknown name.</exception>
    /// <example><c>values |> Parameters.set "C" 250.0</c></example>
    let set (name: string) (value: float) (values: ParameterValues) =
        let k = values.IndexOf name
        let copy = Array.copy values.Array
        copy[k] <- value
        ParameterValues.Create(Array.ofList values.Parameters, copy)

    let private nameOf (term: Term<'u>) =
        match term.Node with
        | Name n -> n
        | other -> invalidArg "parameter" (sprintf "expected a parameter; got the expression %A" other)

    /// <summary>The value of a typed parameter, with its unit of measure.</summary>
    let get (parameter: Term<'u>) (values: ParameterValues) : float<'u> =
        LanguagePrimitives.FloatWithMeasure values[nameOf parameter]

    /// <summary>A copy with a typed parameter changed, for example <c>Parameters.setTo Capacitance 250.0&lt;pF&gt;</c>.</summary>
    let setTo (parameter: Term<'u>) (value: float<'u>) (values: ParameterValues) =
        set (nameOf parameter) (float value) values

    /// <summary>Throws <c>ArgumentException</c> whose <c>ParamName</c> is the first parameter outside its declared
    /// range, with its value, unit and the valid range.</summary>
    let validate (values: ParameterValues) =
        List.iteri
            (fun k (d: ParameterDeclaration) ->
                let v = values.Array[k]

                if not (ValueRange.contains d.Range v) then
                    invalidArg
                        d.Name
                        (sprintf
                            "%s = %s %O; expected %s %O"
                            d.Name
                            (v.ToString("R", CultureInfo.InvariantCulture))
                            d.Unit
                            (ValueRange.describe d.Range)
                            d.Unit))
            values.Parameters
