namespace NeuronDsl

open System
open System.Globalization

/// <summary>The fields of the one-line text forms of sweep rows: numbers as the 16 hexadecimal digits of their IEEE 754
/// bits (NaN, infinities, −0 and every last digit survive), text with \, tab and newlines escaped.</summary>
[<RequireQualifiedAccess>]
module internal RowText =
    let bits (x: float) =
        BitConverter.DoubleToInt64Bits(x).ToString("x16", CultureInfo.InvariantCulture)

    let numbers (xs: float[]) = String.Join(",", Array.map bits xs)

    let escape (s: string) =
        s.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r")

    let unescape (s: string) =
        let b = Text.StringBuilder()
        let mutable k = 0

        while k < s.Length do
            if s[k] = '\\' && k + 1 < s.Length then
                b.Append(
                    match s[k + 1] with
                    | 't' -> '\t'
                    | 'n' -> '\n'
                    | 'r' -> '\r'
                    | c -> c
                )
                |> ignore

                k <- k + 2
            else
                b.Append(s[k]) |> ignore
                k <- k + 1

        b.ToString()

    let number (field: string) (text: string) =
        match Int64.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture) with
        | true, b when text.Length = 16 -> BitConverter.Int64BitsToDouble b
        | _ -> invalidArg "line" (sprintf "%s: '%s'; expected 16 hexadecimal digits" field text)

    let list (field: string) (text: string) =
        if text.Length = 0 then
            [||]
        else
            text.Split(',') |> Array.map (number field)

    let integer (field: string) (text: string) =
        match Int32.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture) with
        | true, n -> n
        | _ -> invalidArg "line" (sprintf "%s: '%s'; expected a whole number >= 0" field text)


    let wholeNumber (field: string) (text: string) =
        match Int64.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture) with
        | true, n -> n
        | _ -> invalidArg "line" (sprintf "%s: '%s'; expected a whole number >= 0" field text)

    /// A status by its exact name, as write writes it (Enum.TryParse would also take numbers, padding and
    /// comma-separated combinations).
    let status (text: string) =
        match Enum.TryParse<SweepRunStatus>(text, false) with
        | true, s when Array.contains text (Enum.GetNames<SweepRunStatus>()) -> s
        | _ ->
            invalidArg
                "line"
                (sprintf "status: '%s'; expected one of: %s" text (String.Join(", ", Enum.GetNames<SweepRunStatus>())))
