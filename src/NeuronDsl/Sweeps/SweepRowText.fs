namespace NeuronDsl

open System
open System.Globalization

/// <summary>
/// A sweep row as one line of text and back, bit for bit: every number is written as the 16 hexadecimal digits of its
/// IEEE 754 bits, so NaN, infinities, −0 and every last digit survive. Fields, separated by tabs: index, status name,
/// point (comma-separated), spike count, steady rate, mean rate, first-spike latency, interval CV, end time, spikes
/// (comma-separated, may be empty), message (with \, tab and newlines escaped as \\, \t, \n, \r).
/// </summary>
[<RequireQualifiedAccess>]
module SweepRowText =
    let private bits (x: float) =
        BitConverter.DoubleToInt64Bits(x).ToString("x16", CultureInfo.InvariantCulture)

    let private numbers (xs: float[]) = String.Join(",", Array.map bits xs)

    let private escape (s: string) =
        s.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r")

    let private unescape (s: string) =
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

    /// <summary>The row as one line (no newline at the end).</summary>
    [<CompiledName("Write")>]
    let write (row: SweepRow) =
        String.Join(
            "\t",
            [| string row.Index
               string row.Status
               numbers row.Point
               string row.SpikeCount
               bits row.SteadyRate
               bits row.MeanRate
               bits row.FirstSpikeLatency
               bits row.IntervalVariation
               bits row.EndTime
               numbers row.Spikes
               escape row.Message |]
        )

    let private number (field: string) (text: string) =
        match Int64.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture) with
        | true, b when text.Length = 16 -> BitConverter.Int64BitsToDouble b
        | _ -> invalidArg "line" (sprintf "%s: '%s'; expected 16 hexadecimal digits" field text)

    let private list (field: string) (text: string) =
        if text.Length = 0 then
            [||]
        else
            text.Split(',') |> Array.map (number field)

    let private integer (field: string) (text: string) =
        match Int32.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture) with
        | true, n -> n
        | _ -> invalidArg "line" (sprintf "%s: '%s'; expected a whole number >= 0" field text)

    /// <summary>The row a line written by <c>write</c> holds.</summary>
    /// <exception cref="System.ArgumentException">The line is not such a row (ParamName "line"; the message names
    /// the field).</exception>
    [<CompiledName("Read")>]
    let read (line: string) : SweepRow =
        if isNull line then
            nullArg "line"

        let f = line.Split('\t')

        if f.Length <> 11 then
            invalidArg "line" (sprintf "%d fields; expected 11 separated by tabs" f.Length)

        let status =
            match Enum.TryParse<SweepRunStatus>(f[1], false) with
            | true, s when Enum.IsDefined s -> s
            | _ ->
                invalidArg
                    "line"
                    (sprintf
                        "status: '%s'; expected one of: %s"
                        f[1]
                        (String.Join(", ", Enum.GetNames<SweepRunStatus>())))

        { Index = integer "index" f[0]
          Status = status
          Point = list "point" f[2]
          SpikeCount = integer "spike count" f[3]
          SteadyRate = number "steady rate" f[4]
          MeanRate = number "mean rate" f[5]
          FirstSpikeLatency = number "first-spike latency" f[6]
          IntervalVariation = number "interval CV" f[7]
          EndTime = number "end time" f[8]
          Spikes = list "spikes" f[9]
          Message = unescape f[10] }
