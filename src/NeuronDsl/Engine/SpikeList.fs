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

/// <summary>Sorting of spikes by time, then neuron, with the comparison inlined (Array.Sort with <c>SpikeOrder</c>
/// calls it through an interface).</summary>
module internal SpikeSort =
    /// <summary>Sorts items[from .. until − 1] by insertion, unless that takes more than <c>limit</c> moves: then it
    /// stops and returns false, the range in some order.</summary>
    let inline insertion (items: SpikeEvent[]) (from: int) (until: int) (limit: int64) =
        let mutable moves = 0L
        let mutable j = from + 1

        while j < until do
            let x = items[j]
            let mutable i = j - 1

            while i >= from && SpikeOrder.Before(x, items[i]) do
                items[i + 1] <- items[i]
                i <- i - 1

            items[i + 1] <- x
            moves <- moves + int64 (j - 1 - i)
            j <- if moves > limit then Int32.MaxValue else j + 1

        j <> Int32.MaxValue

    /// <summary>Sorts items[from .. until − 1]: by time alone on a copy of the times (a sort of doubles), then ties
    /// by neuron. <c>keys</c> is scratch, grown when too short.</summary>
    let byTime (items: SpikeEvent[]) (from: int) (until: int) (keys: byref<float[]>) =
        let n = until - from

        if keys.Length < n then
            keys <- Array.zeroCreate (max n (2 * keys.Length))

        for j in 0 .. n - 1 do
            keys[j] <- items[from + j].Time

        MemoryExtensions.Sort(Span<float>(keys, 0, n), Span<SpikeEvent>(items, from, n))

        if not (insertion items from until Int64.MaxValue) then
            invalidOp "unreachable: an insertion sort without a limit"

    /// <summary>Sorts items[from .. until − 1], which is almost sorted: by insertion, or by time then neuron if
    /// that would move spikes more than eight places each on average.</summary>
    let inline almostSorted (items: SpikeEvent[]) (from: int) (until: int) (keys: byref<float[]>) =
        if not (insertion items from until (8L * int64 (until - from) + 64L)) then
            byTime items from until &keys

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
    let mutable keys: float[] = [||]

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
        // A step of a chunk has a handful of spikes, in the order of their neurons: insertion; a step with many (the
        // first spikes of neighbours with close currents) sorts by time.
        if count - stepStart > 32 then
            SpikeSort.byTime items stepStart count &keys
        else
            SpikeSort.insertion items stepStart count Int64.MaxValue |> ignore

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

    /// <summary>Spikes per bucket of the first level, on average: large, so that each list gives a bucket a long
    /// run read in sequence (with ~100 lists and small buckets, each visit to a list was a cache miss), and small
    /// enough for the bucket to stay in the core's cache while it is sorted.</summary>
    [<Literal>]
    let private BucketSpikes = 8192

    /// <summary>Sub-buckets of a bucket in the second level: about one spike each.</summary>
    [<Literal>]
    let private SubBuckets = 8192

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

    /// <summary>The buckets of every list, one after the other, each list starting at from[c] and ending before
    /// counts[c]; scratch for one bucket.</summary>
    type private Buckets(lists: SpikeList[], counts: int[], from: int[], scale: float, buckets: int) =
        let items = lists |> Array.map (fun l -> l.Items)
        let next = Array.copy from
        let mutable gathered = Array.zeroCreate<SpikeEvent>(2 * BucketSpikes)
        let mutable sorted = Array.zeroCreate<SpikeEvent> gathered.Length
        let mutable keys = Array.zeroCreate<int> gathered.Length
        let starts = Array.zeroCreate<int>(SubBuckets + 1)
        let mutable times: float[] = [||]

        /// <summary>Writes bucket b (the one after the last written) sorted to out from o, each spike as
        /// <c>make</c> gives it; returns its size.
        /// Called once per bucket, so it is compiled fully optimised after the first few buckets instead of running
        /// on-stack-replaced code for a whole merge.</summary>
        member _.Write(b: int, out: 'T[], o: int, make: SpikeEvent -> 'T) =
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
                        Array.Resize(&sorted, 2 * m)
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

            // Second level, in scratch that stays in the core's cache: a counting sort on the sub-bucket (stable),
            // then ties and equal sub-buckets in order; then one copy in sequence to out.
            for key in 1..SubBuckets do
                starts[key] <- starts[key] + starts[key - 1]

            for q in 0 .. m - 1 do
                let key = keys[q]
                sorted[starts[key]] <- gathered[q]
                starts[key] <- starts[key] + 1

            SpikeSort.almostSorted sorted 0 m &times

            for q in 0 .. m - 1 do
                out[o + q] <- make sorted[q]

            m

    /// <summary>The lists' spikes up to <c>until</c> (ms, inclusive) merged, sorted by time then neuron, each as
    /// <c>make</c> gives it (the caller's type, so that the result is not copied once more): spikes are put into
    /// buckets of equal length on [0, duration] (a list's spikes of one bucket are contiguous, since it is sorted),
    /// and each bucket is sorted by a counting sort on a finer bucket, then by insertion. Parts of the buckets are
    /// merged in parallel (at most <c>parts</c>); the result does not depend on <c>parts</c>.</summary>
    let merge (lists: SpikeList[]) (duration: float) (parts: int) (until: float) (make: SpikeEvent -> 'T) : 'T[] =
        for l in lists do
            l.Finish()

        // The first index of each list after until.
        let counts =
            lists
            |> Array.map (fun l ->
                let mutable lo, hi = 0, l.Count

                while lo < hi do
                    let mid = (lo + hi) >>> 1

                    if l.Items[mid].Time <= until then
                        lo <- mid + 1
                    else
                        hi <- mid

                lo)

        let total = Array.sum counts
        let out = Array.zeroCreate<'T> total
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
                |> Array.mapi (fun c l ->
                    if p = 0 then 0
                    elif p = parts then counts[c]
                    else lowerBound l.Items counts[c] scale buckets (firstOf p)))

        let offsets = cuts |> Array.map Array.sum

        Parallel.For(
            0,
            parts,
            fun p ->
                let part = Buckets(lists, counts, cuts[p], scale, buckets)
                let mutable o = offsets[p]

                for b in firstOf p .. firstOf (p + 1) - 1 do
                    o <- o + part.Write(b, out, o, make)
        )
        |> ignore

        out
