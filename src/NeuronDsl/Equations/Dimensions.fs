namespace NeuronDsl

open System

/// <summary>
/// A physical dimension as integer exponents of the SI base quantities (length, mass, time, current, temperature,
/// amount of substance). Dimensionless quantities have every exponent 0.
/// </summary>
/// <remarks>Model equations are checked against dimensions once, when a model is built, as Brian2 does.</remarks>
[<Struct>]
type Dimension =
    {
        /// <summary>Exponent of length (metre).</summary>
        Length: int
        /// <summary>Exponent of mass (kilogram).</summary>
        Mass: int
        /// <summary>Exponent of time (second).</summary>
        Time: int
        /// <summary>Exponent of electric current (ampere).</summary>
        Current: int
        /// <summary>Exponent of temperature (kelvin).</summary>
        Temperature: int
        /// <summary>Exponent of amount of substance (mole).</summary>
        Amount: int
    }

    /// <summary>The dimension of a pure number.</summary>
    static member None =
        { Length = 0
          Mass = 0
          Time = 0
          Current = 0
          Temperature = 0
          Amount = 0 }

    /// <summary>Product of two dimensions: exponents add.</summary>
    static member (*)(a: Dimension, b: Dimension) =
        { Length = a.Length + b.Length
          Mass = a.Mass + b.Mass
          Time = a.Time + b.Time
          Current = a.Current + b.Current
          Temperature = a.Temperature + b.Temperature
          Amount = a.Amount + b.Amount }

    /// <summary>Quotient of two dimensions: exponents subtract.</summary>
    static member (/)(a: Dimension, b: Dimension) =
        { Length = a.Length - b.Length
          Mass = a.Mass - b.Mass
          Time = a.Time - b.Time
          Current = a.Current - b.Current
          Temperature = a.Temperature - b.Temperature
          Amount = a.Amount - b.Amount }

    /// <summary>The dimension raised to an integer power.</summary>
    member a.Power(k: int) =
        { Length = a.Length * k
          Mass = a.Mass * k
          Time = a.Time * k
          Current = a.Current * k
          Temperature = a.Temperature * k
          Amount = a.Amount * k }

    /// <summary>True for a pure number.</summary>
    member a.IsNone = a = Dimension.None

    /// <summary>The dimension in SI base units, for example "kg m^2 s^-3 A^-1" for a potential; "1" when none.</summary>
    override a.ToString() =
        let parts =
            [ "m", a.Length
              "kg", a.Mass
              "s", a.Time
              "A", a.Current
              "K", a.Temperature
              "mol", a.Amount ]
            |> List.filter (fun (_, k) -> k <> 0)
            |> List.map (fun (symbol, k) -> if k = 1 then symbol else sprintf "%s^%d" symbol k)

        if parts.IsEmpty then "1" else String.Join(" ", parts)

/// <summary>A named unit: its symbol, dimension and size as a power of ten of the coherent SI unit.</summary>
type NamedUnit =
    {
        /// <summary>Symbol as written in equations, for example "mV" or "uF" (ASCII, u for µ).</summary>
        Symbol: string
        /// <summary>The physical dimension.</summary>
        Dimension: Dimension
        /// <summary>The unit is 10^Power10 of the coherent SI unit of its dimension (mV: −3).</summary>
        Power10: int
        /// <summary>What it is, for listings ("millivolt").</summary>
        Name: string
    }

/// <summary>
/// A unit as a product of named units with integer exponents, for example mS/cm^2 = [("cm", −2); ("mS", 1)],
/// kept sorted by symbol with no zero exponents, so that equal units are equal values. The empty product is 1.
/// </summary>
/// <remarks>
/// Values are stored in the unit they are declared in; where an equation combines quantities whose units differ by
/// a power of ten, the checker inserts the exact factor. Units are sizes 10^k of SI units, so factors are exact.
/// </remarks>
[<CustomEquality; CustomComparison>]
type PhysicalUnit =
    private
        { Parts: (string * int) list }

    /// <summary>The named units and their exponents, sorted by symbol.</summary>
    member u.Factors = u.Parts

    override u.Equals(other) =
        match other with
        | :? PhysicalUnit as o -> u.Parts = o.Parts
        | _ -> false

    override u.GetHashCode() = hash u.Parts

    interface IComparable with
        member u.CompareTo(other) =
            match other with
            | :? PhysicalUnit as o -> compare u.Parts o.Parts
            | _ -> invalidArg "other" "expected a PhysicalUnit"

    /// <summary>
    /// The unit as written in equations: positive exponents joined by '*', then '/' and the negative ones, for
    /// example "mS/cm^2", "1/ms", "mV*pF/ms", "1/ms/mV"; "1" for a pure number.
    /// </summary>
    override u.ToString() =
        let write (symbol: string, k: int) =
            if k = 1 then symbol else sprintf "%s^%d" symbol k

        let up = u.Parts |> List.filter (fun (_, k) -> k > 0) |> List.map write

        let down =
            u.Parts
            |> List.filter (fun (_, k) -> k < 0)
            |> List.map (fun (s, k) -> write (s, -k))

        let numerator = if up.IsEmpty then "1" else String.Join("*", up)

        String.Join("/", numerator :: down)

    /// <summary>Product of two units.</summary>
    static member (*)(a: PhysicalUnit, b: PhysicalUnit) =
        { Parts =
            a.Parts @ b.Parts
            |> List.groupBy fst
            |> List.map (fun (symbol, group) -> symbol, List.sumBy snd group)
            |> List.filter (fun (_, k) -> k <> 0)
            |> List.sortBy fst }

    /// <summary>Quotient of two units.</summary>
    static member (/)(a: PhysicalUnit, b: PhysicalUnit) =
        a * { Parts = b.Parts |> List.map (fun (s, k) -> s, -k) }

    /// <summary>The unit raised to an integer power.</summary>
    member u.Power(k: int) =
        if k = 0 then
            { Parts = [] }
        else
            { Parts = u.Parts |> List.map (fun (s, e) -> s, e * k) }

    /// <summary>Internal: builds a normalised unit from factors already checked against the table.</summary>
    static member internal OfParts(parts: (string * int) list) =
        { Parts = [] } * { Parts = parts |> List.filter (fun (_, k) -> k <> 0) }

/// <summary>The units that equations may use, and unit arithmetic.</summary>
[<RequireQualifiedAccess>]
module PhysicalUnit =
    let private dim l m t i =
        { Dimension.None with
            Length = l
            Mass = m
            Time = t
            Current = i }

    let private second = dim 0 0 1 0
    let private volt = dim 2 1 -3 -1
    let private ampere = dim 0 0 0 1
    let private farad = dim -2 -1 4 2
    let private siemens = dim -2 -1 3 2
    let private ohm = dim 2 1 -3 -2
    let private metre = dim 1 0 0 0
    let private hertz = dim 0 0 -1 0

    let private molar =
        { Dimension.None with
            Amount = 1
            Length = -3 }

    let private prefixed
        (symbol: string)
        (name: string)
        (dimension: Dimension)
        (prefixes: (string * string * int) list)
        =
        prefixes
        |> List.map (fun (p, pname, k) ->
            { Symbol = p + symbol
              Dimension = dimension
              Power10 = k
              Name = pname + name })

    let private si =
        [ "", "", 0
          "m", "milli", -3
          "u", "micro", -6
          "n", "nano", -9
          "p", "pico", -12 ]

    let private big = [ "", "", 0; "k", "kilo", 3; "M", "mega", 6; "G", "giga", 9 ]

    /// <summary>Every named unit: s, ms, us; Hz, kHz; V, mV, uV; A … pA; F … pF; S … pS; ohm, kohm, Mohm, Gohm;
    /// m, cm, mm, um; M, mM, uM (molar). ASCII symbols: u stands for µ.</summary>
    let table: NamedUnit list =
        List.concat
            [ prefixed "s" "second" second [ "", "", 0; "m", "milli", -3; "u", "micro", -6 ]
              prefixed "Hz" "hertz" hertz [ "", "", 0; "k", "kilo", 3 ]
              prefixed "V" "volt" volt [ "", "", 0; "m", "milli", -3; "u", "micro", -6 ]
              prefixed "A" "ampere" ampere si
              prefixed "F" "farad" farad si
              prefixed "S" "siemens" siemens si
              prefixed "ohm" "ohm" ohm big
              prefixed "m" "metre" metre [ "", "", 0; "c", "centi", -2; "m", "milli", -3; "u", "micro", -6 ]
              prefixed "M" "molar" molar [ "", "", 3; "m", "milli", 0; "u", "micro", -3 ] ]

    let private bySymbol = table |> List.map (fun u -> u.Symbol, u) |> Map.ofList

    /// <summary>The named unit with this symbol, if any.</summary>
    let tryFindNamed (symbol: string) = Map.tryFind symbol bySymbol

    /// <summary>The unit of a pure number, written "1".</summary>
    let one = PhysicalUnit.OfParts []

    /// <summary>A named unit by symbol, for example <c>PhysicalUnit.named "mV"</c>.</summary>
    /// <exception cref="System.ArgumentException">No unit has this symbol.</exception>
    let named (symbol: string) =
        match tryFindNamed symbol with
        | Some _ -> PhysicalUnit.OfParts [ symbol, 1 ]
        | None ->
            let known = table |> List.map (fun u -> u.Symbol)
            invalidArg "symbol" (sprintf "unknown unit '%s'; expected one of: %s" symbol (String.Join(", ", known)))

    /// <summary>The physical dimension of a unit.</summary>
    let dimension (u: PhysicalUnit) =
        u.Factors
        |> List.fold (fun (d: Dimension) (s, k) -> d * bySymbol[s].Dimension.Power k) Dimension.None

    /// <summary>The unit's size as a power of ten of the coherent SI unit: mS/cm^2 is 10^1 S/m^2.</summary>
    let power10 (u: PhysicalUnit) =
        u.Factors |> List.sumBy (fun (s, k) -> bySymbol[s].Power10 * k)

    /// <summary>The exact factor 10^k as a float (correctly rounded for |k| ≤ 22, the exact powers of ten).</summary>
    let scale (k: int) =
        Double.Parse("1e" + string k, Globalization.CultureInfo.InvariantCulture)

    /// <summary>
    /// The factor that converts a value in <paramref name="source"/> into <paramref name="target"/> (for example
    /// 1000 from V to mV), or <c>None</c> when their dimensions differ.
    /// </summary>
    let conversion (source: PhysicalUnit) (target: PhysicalUnit) : float option =
        if dimension source <> dimension target then
            None
        else
            Some(scale (power10 source - power10 target))

    /// <summary>
    /// Reads a unit written as named units joined by '*' and '/', each with an optional integer exponent
    /// ("mS/cm^2", "uA/cm2", "1/ms", "pF*mV/ms"); everything after a '/' divides. "1" or "" is the unit of pure
    /// numbers.
    /// </summary>
    /// <returns>The unit, or the message naming the unknown symbol.</returns>
    /// <example><c>PhysicalUnit.tryParse "uA/cm2" |> Result.map string</c> // evaluates to Ok "uA/cm^2"</example>
    let tryParse (text: string) : Result<PhysicalUnit, string> =
        let factor (token: string) =
            let body = token.TrimEnd([| '0' .. '9' |] |> Array.append [| '^'; '-' |])
            let exponentText = token.Substring(body.Length).TrimStart('^')

            let exponent =
                if exponentText = "" then
                    Some 1
                else
                    match Int32.TryParse exponentText with
                    | true, k -> Some k
                    | _ -> None

            match body, exponent with
            | _ when token = "1" -> Ok one
            | symbol, Some k when (tryFindNamed symbol).IsSome -> Ok((named symbol).Power k)
            | _ ->
                let known = table |> List.map (fun u -> u.Symbol)
                Error(sprintf "unknown unit '%s'; expected units such as %s" token (String.Join(", ", known)))

        let trimmed = text.Trim()

        if trimmed = "" then
            Ok one
        else
            let parts = trimmed.Replace(" ", "").Split('/')

            let product (part: string) =
                part.Split('*')
                |> Array.fold
                    (fun acc token -> acc |> Result.bind (fun u -> factor token |> Result.map ((*) u)))
                    (Ok one)

            parts
            |> Array.mapi (fun k part -> product part |> Result.map (fun u -> if k = 0 then u else one / u))
            |> Array.fold (fun acc r -> acc |> Result.bind (fun u -> r |> Result.map ((*) u))) (Ok one)
