namespace NeuronDsl

open System
open System.Globalization

/// <summary>The values one sweep axis takes: a list, a linear range or a logarithmic range.</summary>
[<NoComparison>]
type SweepValues =
    /// <summary>The given values, in order.</summary>
    | Listed of Values: float[]
    /// <summary><c>Count</c> values from <c>First</c> to <c>Last</c>, equally spaced: first + (last − first)·k/(count − 1).</summary>
    | Linear of First: float * Last: float * Count: int
    /// <summary><c>Count</c> values from <c>First</c> to <c>Last</c> (both &gt; 0), equally spaced in log:
    /// first·(last/first)^(k/(count − 1)), the last one exactly <c>Last</c>.</summary>
    | Logarithmic of First: float * Last: float * Count: int

/// <summary>Creating, checking and reading the values of a sweep axis.</summary>
[<RequireQualifiedAccess>]
module SweepValues =
    let private text (x: float) =
        x.ToString("R", CultureInfo.InvariantCulture)

    /// <summary>The given values, in order.</summary>
    /// <example><c>SweepValues.listed [ 1.0; 2.0 ] |> SweepValues.count</c> // evaluates to 2</example>
    [<CompiledName("Listed")>]
    let listed (values: float seq) = Listed(Array.ofSeq values)

    /// <summary><paramref name="count"/> equally spaced values from <paramref name="first"/> to <paramref name="last"/>.</summary>
    /// <example><c>SweepValues.linear 0.0 10.0 3 |> SweepValues.item 1</c> // evaluates to 5.0</example>
    [<CompiledName("Linear")>]
    let linear (first: float) (last: float) (count: int) = Linear(first, last, count)

    /// <summary><paramref name="count"/> values from <paramref name="first"/> to <paramref name="last"/>, equally
    /// spaced in log.</summary>
    /// <example><c>SweepValues.logarithmic 1.0 100.0 3 |> SweepValues.item 1</c> // evaluates to 10.0</example>
    [<CompiledName("Logarithmic")>]
    let logarithmic (first: float) (last: float) (count: int) = Logarithmic(first, last, count)

    /// <summary>The number of values.</summary>
    [<CompiledName("Count")>]
    let count (values: SweepValues) =
        match values with
        | Listed v -> v.Length
        | Linear(_, _, n)
        | Logarithmic(_, _, n) -> n

    /// <summary>The k-th value (from 0).</summary>
    /// <exception cref="System.ArgumentException">k is outside 0 .. count − 1.</exception>
    [<CompiledName("Item")>]
    let item (k: int) (values: SweepValues) =
        let n = count values

        if k < 0 || k >= n then
            invalidArg "k" (sprintf "k = %d; expected 0 to %d" k (n - 1))

        match values with
        | Listed v -> v[k]
        | Linear(first, _, 1)
        | Logarithmic(first, _, 1) -> first
        | Linear(first, last, n) -> first + (last - first) * float k / float (n - 1)
        | Logarithmic(_, last, n) when k = n - 1 -> last
        | Logarithmic(first, last, n) -> first * Math.Pow(last / first, float k / float (n - 1))

    /// <summary>Every value, in order.</summary>
    [<CompiledName("ToArray")>]
    let toArray (values: SweepValues) =
        Array.init (count values) (fun k -> item k values)

    /// <summary>The number of runs over these axes: the product of their counts (1 without axes), as a float so
    /// that a sweep too large to count in an int can be refused with its size.</summary>
    [<CompiledName("Product")>]
    let product (axes: SweepValues seq) =
        axes |> Seq.fold (fun n a -> n * float (count a)) 1.0

    /// <summary>Run <paramref name="index"/>'s value on each axis, in axis order: the first axis varies slowest, the
    /// last fastest, as nested loops written in axis order (value index (k div the product of the later axes'
    /// counts) mod its count).</summary>
    /// <exception cref="System.ArgumentException">The index is outside 0 .. product − 1.</exception>
    /// <example><c>SweepValues.point 3 [| SweepValues.listed [ 1.0; 2.0 ]; SweepValues.linear 0.0 2.0 3 |]</c> // evaluates to [| 2.0; 0.0 |]</example>
    [<CompiledName("Point")>]
    let point (index: int) (axes: SweepValues[]) =
        let runs = product axes

        if index < 0 || float index >= runs then
            invalidArg "index" (sprintf "index = %d; expected 0 to %g" index (runs - 1.0))

        let values = Array.zeroCreate axes.Length
        let mutable rest = index

        for a in axes.Length - 1 .. -1 .. 0 do
            let n = count axes[a]
            values[a] <- item (rest % n) axes[a]
            rest <- rest / n

        values

    /// <summary>Throws <c>ArgumentException</c> (ParamName <paramref name="field"/>) naming the field, the value
    /// and what was expected, unless the values can be swept: at least one, all finite, a log range positive.</summary>
    /// <param name="field">The ParamName of the exception, for example "axes[0]".</param>
    /// <param name="label">How messages name these values, for example "axes[0] (parameter C)".</param>
    /// <param name="values">The values.</param>
    let check (field: string) (label: string) (values: SweepValues) =
        match values with
        | Listed v when v.Length = 0 ->
            invalidArg field (sprintf "%s: an empty list; expected at least one value" label)
        | Listed v ->
            match Array.tryFindIndex (Double.IsFinite >> not) v with
            | Some k -> invalidArg field (sprintf "%s: value %d is %s; expected a finite number" label k (text v[k]))
            | None -> ()
        | Linear(_, _, n)
        | Logarithmic(_, _, n) when n < 1 ->
            invalidArg field (sprintf "%s: count = %d; expected at least 1 value" label n)
        | Linear(first, last, _)
        | Logarithmic(first, last, _) when not (Double.IsFinite first && Double.IsFinite last) ->
            invalidArg field (sprintf "%s: range %s to %s; expected finite ends" label (text first) (text last))
        | Logarithmic(first, last, _) when first <= 0.0 || last <= 0.0 ->
            invalidArg field (sprintf "%s: log range %s to %s; expected both ends > 0" label (text first) (text last))
        | Linear _
        | Logarithmic _ -> ()
