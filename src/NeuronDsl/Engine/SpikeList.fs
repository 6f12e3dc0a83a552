namespace NeuronDsl

open System
open System.Runtime.CompilerServices
open System.Threading.Tasks

/// <summary>A spike of neuron <c>Neuron</c> at <c>Time</c> (ms), as the engine stores it.</summary>
[<Struct>]
type internal SpikeEvent = { Time: float; Neuron: int }

/// <summary>Orders spikes by time, then neuron.</summary>
[<Struct>]
type internal SpikeOrder =
    /// <summary>a comes strictly before b.</summary>
    static member inline Before(a: SpikeEvent, b: SpikeEvent) =
        a.Time < b.Time || (a.Time = b.Time && a.Neuron < b.Neuron)

    interface System.Collections.Generic.IComparer<SpikeEvent> with
        member _.Compare(a, b) =
            let c = a.Time.CompareTo b.Time
            if c <> 0 then c else a.Neuron.CompareTo b.Neuron

/// <summary>
/// A growing list of spikes on a plain array: the spikes of a step are appended as they come and sorted by time, then
/// neuron, when the step ends (<c>EndStep</c>), so positions never change after that (the network engine delivers
/// spikes by position). Earlier steps' spikes are not later than the new ones, except for ties at a step boundary;
/// <c>Finish</c> puts those in order once the run is over.
/// </summary>
type internal SpikeList() =
    let mutable items = Array.zeroCreate<SpikeEvent> 64
    let mutable count = 0
    let mutable stepStart = 0

    /// <summary>The spikes in <c>Items[0 .. Count − 1]</c>.</summary>
    member _.Items = items
    /// <summary>How many spikes.</summary>
    member _.Count = count

    /// <summary>Appends a spike of the current step.</summary>
    member _.Add(time: float, neuron: int) =
        if count = items.Length then
            Array.Resize(&items, 2 * items.Length)

        items[count] <- { Time = time; Neuron = neuron }
        count <- count + 1

    /// <summary>Sorts the current step's spikes.</summary>
    member _.EndStep() =
        if count - stepStart > 1 then
            Array.Sort(items, stepStart, count - stepStart, SpikeOrder())

        stepStart <- count

    /// <summary>Sorts the whole list if a tie at a step boundary left two spikes out of order.</summary>
    member _.Finish() =
        let mutable sorted = true

        for j in 1 .. count - 1 do
            if SpikeOrder.Before(items[j], items[j - 1]) then
                sorted <- false

        if not sorted then
            Array.Sort(items, 0, count, SpikeOrder())

/// <summary>Merging of sorted ranges of spike lists (run once per run, so compiled fully optimised at once).</summary>
[<AbstractClass; Sealed>]
type internal LoserTree =
    /// <summary>Merges ranges [from[c], until[c]) of the lists into out from <c>at</c>, through a tree of losers
    /// (Knuth, TAOCP vol. 3, 5.4.1): each spike out costs one comparison per level of the tree.</summary>
    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    static member Merge(lists: SpikeList[], from: int[], until: int[], out: SpikeEvent[], at: int) =
        let k = lists.Length
        let next = Array.copy from
        // The head of each list; an exhausted list's head is after every spike.
        let heads =
            Array.init k (fun c ->
                if from[c] < until[c] then
                    lists[c].Items[from[c]]
                else
                    { Time = infinity
                      Neuron = Int32.MaxValue })

        // Leaves are k .. 2k − 1 (list c at leaf k + c); node n > 0 keeps the loser of its subtree's match.
        let losers = Array.zeroCreate<int>(max 1 k)

        let rec winner (node: int) =
            if node >= k then
                node - k
            else
                let a, b = winner (2 * node), winner (2 * node + 1)

                if SpikeOrder.Before(heads[b], heads[a]) then
                    losers[node] <- a
                    b
                else
                    losers[node] <- b
                    a

        let mutable top = if k = 1 then 0 else winner 1
        let total = Array.fold2 (fun sum f u -> sum + u - f) 0 from until

        for o in at .. at + total - 1 do
            let c = top
            out[o] <- heads[c]
            next[c] <- next[c] + 1

            heads[c] <-
                if next[c] < until[c] then
                    lists[c].Items[next[c]]
                else
                    { Time = infinity
                      Neuron = Int32.MaxValue }

            let mutable w = c
            let mutable node = (c + k) / 2

            while node >= 1 do
                let l = losers[node]

                if SpikeOrder.Before(heads[l], heads[w]) then
                    losers[node] <- w
                    w <- l

                node <- node / 2

            top <- w

/// <summary>Merges sorted spike lists into one array sorted by time, then neuron.</summary>
module internal SpikeMerge =

    /// <summary>The first index in items[0 .. count − 1] (sorted) whose time is ≥ t.</summary>
    let private lowerBound (items: SpikeEvent[]) (count: int) (t: float) =
        let mutable lo, hi = 0, count

        while lo < hi do
            let mid = (lo + hi) >>> 1

            if items[mid].Time < t then lo <- mid + 1 else hi <- mid

        lo

    /// <summary>The lists merged, sorted by time then neuron. The time axis is cut into <c>parts</c> ranges of equal
    /// length merged in parallel; the result does not depend on <c>parts</c>.</summary>
    let merge (lists: SpikeList[]) (duration: float) (parts: int) : SpikeEvent[] =
        for l in lists do
            l.Finish()

        let total = lists |> Array.sumBy (fun l -> l.Count)
        let out = Array.zeroCreate<SpikeEvent> total
        let parts = if total < 65536 then 1 else max 1 parts
        // cuts[p][c]: first index of list c in part p (times ≥ the part's start); the last part ends at the list's end.
        let cuts =
            Array.init (parts + 1) (fun p ->
                lists
                |> Array.map (fun l ->
                    if p = 0 then
                        0
                    elif p = parts then
                        l.Count
                    else
                        lowerBound l.Items l.Count (duration * float p / float parts)))

        let offsets = cuts |> Array.map Array.sum

        Parallel.For(0, parts, (fun p -> LoserTree.Merge(lists, cuts[p], cuts[p + 1], out, offsets[p])))
        |> ignore

        out
