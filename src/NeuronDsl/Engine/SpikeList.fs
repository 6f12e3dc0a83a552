namespace NeuronDsl

open System
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
        // A step of a chunk has a handful of spikes: an insertion sort with the comparison inlined is several times
        // cheaper than Array.Sort through the comparer interface.
        if count - stepStart > 32 then
            Array.Sort(items, stepStart, count - stepStart, SpikeOrder())
        else
            for j in stepStart + 1 .. count - 1 do
                let x = items[j]
                let mutable i = j - 1

                while i >= stepStart && SpikeOrder.Before(x, items[i]) do
                    items[i + 1] <- items[i]
                    i <- i - 1

                items[i + 1] <- x

        stepStart <- count

    /// <summary>Sorts the whole list if a tie at a step boundary left two spikes out of order.</summary>
    member _.Finish() =
        let mutable sorted = true

        for j in 1 .. count - 1 do
            if SpikeOrder.Before(items[j], items[j - 1]) then
                sorted <- false

        if not sorted then
            Array.Sort(items, 0, count, SpikeOrder())

/// <summary>Merges sorted spike lists into one array sorted by time, then neuron.</summary>
module internal SpikeMerge =

    /// <summary>Spikes per bucket of the first level, on average.</summary>
    [<Literal>]
    let private BucketSpikes = 256

    /// <summary>Sub-buckets of a bucket in the second level.</summary>
    [<Literal>]
    let private SubBuckets = 256

    /// <summary>The bucket of a time: ⌊t·scale⌋ within [0, buckets − 1], non-decreasing in t.</summary>
    let inline private bucketOf (scale: float) (buckets: int) (t: float) =
        let b = t * scale

        if not (b >= 1.0) then 0
        elif b >= float buckets then buckets - 1
        else int b

    /// <summary>The first index in items[0 .. count − 1] (sorted) whose bucket is ≥ b.</summary>
    let private lowerBound (items: SpikeEvent[]) (count: int) (scale: float) (buckets: int) (b: int) =
        let mutable lo, hi = 0, count

        while lo < hi do
            let mid = (lo + hi) >>> 1

            if bucketOf scale buckets items[mid].Time < b then
                lo <- mid + 1
            else
                hi <- mid

        lo

    /// <summary>Sorts out[from .. until − 1] by time, then neuron, where it is almost sorted: insertion, and
    /// Array.Sort if that moves too much.</summary>
    let private finishSort (out: SpikeEvent[]) (from: int) (until: int) =
        let mutable moves = 0
        let mutable j = from + 1
        let limit = 8 * (until - from) + 64

        while j < until do
            let x = out[j]
            let mutable i = j - 1

            while i >= from && SpikeOrder.Before(x, out[i]) do
                out[i + 1] <- out[i]
                i <- i - 1

            out[i + 1] <- x
            moves <- moves + (j - 1 - i)
            j <- if moves > limit then until else j + 1

        if moves > limit then
            Array.Sort(out, from, until - from, SpikeOrder())

    /// <summary>Buckets [first, last) of every list into out from <c>at</c>, each list starting at from[c].</summary>
    let private mergeBuckets
        (lists: SpikeList[])
        (from: int[])
        (scale: float)
        (buckets: int)
        (first: int)
        (last: int)
        (out: SpikeEvent[])
        (at: int)
        =
        let items = lists |> Array.map (fun l -> l.Items)
        let counts = lists |> Array.map (fun l -> l.Count)
        let next = Array.copy from
        let mutable gathered = Array.zeroCreate<SpikeEvent>(4 * BucketSpikes)
        let mutable keys = Array.zeroCreate<int> gathered.Length
        let starts = Array.zeroCreate<int>(SubBuckets + 1)
        let mutable o = at

        for b in first .. last - 1 do
            // First level: the bucket's spikes of every list (contiguous in each), with their sub-bucket.
            let mutable m = 0
            Array.Clear starts

            for c in 0 .. items.Length - 1 do
                let list = items[c]
                let count = counts[c]
                let mutable k = next[c]

                while k < count && bucketOf scale buckets list[k].Time = b do
                    if m = gathered.Length then
                        Array.Resize(&gathered, 2 * m)
                        Array.Resize(&keys, 2 * m)

                    let x = list[k]
                    let sub = (x.Time * scale - float b) * float SubBuckets

                    let key =
                        if not (sub >= 1.0) then 0
                        elif sub >= float (SubBuckets - 1) then SubBuckets - 1
                        else int sub

                    gathered[m] <- x
                    keys[m] <- key
                    starts[key + 1] <- starts[key + 1] + 1
                    m <- m + 1
                    k <- k + 1

                next[c] <- k

            // Second level: a counting sort on the sub-bucket (stable), then ties and equal sub-buckets in order.
            for key in 1..SubBuckets do
                starts[key] <- starts[key] + starts[key - 1]

            for q in 0 .. m - 1 do
                let key = keys[q]
                out[o + starts[key]] <- gathered[q]
                starts[key] <- starts[key] + 1

            finishSort out o (o + m)
            o <- o + m

    /// <summary>The lists merged, sorted by time then neuron: spikes are put into buckets of equal length on
    /// [0, duration] (a list's spikes of one bucket are contiguous, since it is sorted), and each bucket is sorted by
    /// a counting sort on a finer bucket, then by insertion. Parts of the buckets are merged in parallel (at most
    /// <c>parts</c>); the result does not depend on <c>parts</c>.</summary>
    let merge (lists: SpikeList[]) (duration: float) (parts: int) : SpikeEvent[] =
        for l in lists do
            l.Finish()

        let total = lists |> Array.sumBy (fun l -> l.Count)
        let out = Array.zeroCreate<SpikeEvent> total
        let buckets = max 1 (total / BucketSpikes)

        let scale =
            if duration > 0.0 && Double.IsFinite duration then
                float buckets / duration
            else
                0.0

        let parts = if total < 65536 then 1 else max 1 (min parts buckets)

        let firstOf p =
            int (int64 buckets * int64 p / int64 parts)
        // cuts[p][c]: first index of list c in part p; the last part ends at the list's end.
        let cuts =
            Array.init (parts + 1) (fun p ->
                lists
                |> Array.map (fun l ->
                    if p = 0 then 0
                    elif p = parts then l.Count
                    else lowerBound l.Items l.Count scale buckets (firstOf p)))

        let offsets = cuts |> Array.map Array.sum

        Parallel.For(
            0,
            parts,
            fun p -> mergeBuckets lists cuts[p] scale buckets (firstOf p) (firstOf (p + 1)) out offsets[p]
        )
        |> ignore

        out
