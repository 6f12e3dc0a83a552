namespace NeuronDsl

open System

/// <summary>
/// A sweep row as one line of text and back, bit for bit: every number is written as the 16 hexadecimal digits of its
/// IEEE 754 bits, so NaN, infinities, −0 and every last digit survive. Fields, separated by tabs: index, status name,
/// point (comma-separated), spike count, steady rate, mean rate, first-spike latency, interval CV, end time, spikes
/// (comma-separated, may be empty), message (with \, tab and newlines escaped as \\, \t, \n, \r).
/// </summary>
[<RequireQualifiedAccess>]
module SweepRowText =
    /// <summary>The row as one line (no newline at the end).</summary>
    [<CompiledName("Write")>]
    let write (row: SweepRow) =
        String.Join(
            "\t",
            [| string row.Index
               string row.Status
               RowText.numbers row.Point
               string row.SpikeCount
               RowText.bits row.SteadyRate
               RowText.bits row.MeanRate
               RowText.bits row.FirstSpikeLatency
               RowText.bits row.IntervalVariation
               RowText.bits row.EndTime
               RowText.numbers row.Spikes
               RowText.escape row.Message |]
        )

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

        { Index = RowText.integer "index" f[0]
          Status = RowText.status f[1]
          Point = RowText.list "point" f[2]
          SpikeCount = RowText.integer "spike count" f[3]
          SteadyRate = RowText.number "steady rate" f[4]
          MeanRate = RowText.number "mean rate" f[5]
          FirstSpikeLatency = RowText.number "first-spike latency" f[6]
          IntervalVariation = RowText.number "interval CV" f[7]
          EndTime = RowText.number "end time" f[8]
          Spikes = RowText.list "spikes" f[9]
          Message = RowText.unescape f[10] }
