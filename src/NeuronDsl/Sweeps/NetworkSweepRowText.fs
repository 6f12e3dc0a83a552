namespace NeuronDsl

open System

/// <summary>
/// A network sweep row as one line of text and back, bit for bit (numbers as the hexadecimal digits of their bits, as
/// in <c>SweepRowText</c>): what a worker on another machine sends back. Fields, separated by tabs: index, status name,
/// point (comma-separated), deliveries, number of groups, then per group its name (escaped), neuron count, spike count,
/// mean rate, mean CV, neurons with a CV and Fano factor, and last the message (escaped).
/// </summary>
[<RequireQualifiedAccess>]
module NetworkSweepRowText =
    let private groupFields (g: GroupStatistics) =
        [ RowText.escape g.Group
          string g.Count
          string g.Spikes
          RowText.bits g.MeanRate
          RowText.bits g.MeanCv
          string g.NeuronsWithCv
          RowText.bits g.Fano ]

    /// <summary>The row as one line (no newline at the end).</summary>
    [<CompiledName("Write")>]
    let write (row: NetworkSweepRow) =
        let fixedFields =
            [ string row.Index
              string row.Status
              RowText.numbers row.Point
              string row.Deliveries
              string row.Groups.Length ]

        String.Join(
            "\t",
            fixedFields
            @ List.collect groupFields (List.ofArray row.Groups)
            @ [ RowText.escape row.Message ]
        )

    let private group (f: string[]) (at: int) =
        let field name =
            sprintf "group %d %s" ((at - 5) / 7) name

        { Group = RowText.unescape f[at]
          Count = RowText.integer (field "count") f[at + 1]
          Spikes = RowText.wholeNumber (field "spikes") f[at + 2]
          MeanRate = RowText.number (field "mean rate") f[at + 3]
          MeanCv = RowText.number (field "mean CV") f[at + 4]
          NeuronsWithCv = RowText.integer (field "neurons with a CV") f[at + 5]
          Fano = RowText.number (field "Fano factor") f[at + 6] }

    /// <summary>The row a line written by <c>write</c> holds.</summary>
    /// <exception cref="System.ArgumentException">The line is not such a row (ParamName "line"; the message names
    /// the field).</exception>
    [<CompiledName("Read")>]
    let read (line: string) : NetworkSweepRow =
        if isNull line then
            nullArg "line"

        let f = line.Split('\t')

        if f.Length < 6 then
            invalidArg "line" (sprintf "%d fields; expected at least 6 separated by tabs" f.Length)

        let groups = RowText.integer "groups" f[4]

        if int64 f.Length <> 6L + 7L * int64 groups then
            invalidArg
                "line"
                (sprintf
                    "%d fields; expected 6 + 7 per group, %d for %d groups"
                    f.Length
                    (6L + 7L * int64 groups)
                    groups)

        { Index = RowText.integer "index" f[0]
          Status = RowText.status f[1]
          Point = RowText.list "point" f[2]
          Deliveries = RowText.wholeNumber "deliveries" f[3]
          Groups = Array.init groups (fun g -> group f (5 + 7 * g))
          Message = RowText.unescape f[f.Length - 1] }
