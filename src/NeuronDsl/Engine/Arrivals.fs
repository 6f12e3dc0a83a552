namespace NeuronDsl

open System

/// <summary>A synaptic event due inside a step: add <c>Weight</c> to state <c>Variable</c> of neuron <c>Neuron</c>
/// at <c>Time</c> (ms).</summary>
[<Struct>]
type internal Arrival =
    { Neuron: int
      Time: float
      Variable: int
      Weight: float }

/// <summary>The arrivals of one step for one chunk of neurons: a list that keeps its storage when cleared, so a run
/// allocates only while its busiest step grows it.</summary>
[<AllowNullLiteral>]
type internal ArrivalQueue() =
    let mutable items: Arrival[] = [||]
    let mutable spare: Arrival[] = [||]
    let mutable count = 0

    /// <summary>Bytes of an empty queue and its reference in a ring (object header, fields, reference), to
    /// predict a run's memory.</summary>
    static member EmptyBytes = 56L

    /// <summary>The arrivals, valid up to <c>Count</c>.</summary>
    member _.Items = items
    /// <summary>How many arrivals are queued.</summary>
    member _.Count = count

    /// <summary>Queues an arrival after the ones already queued.</summary>
    member _.Add(neuron: int, time: float, variable: int, weight: float) =
        if count = items.Length then
            Array.Resize(&items, max 16 (2 * count))

        items[count] <-
            { Neuron = neuron
              Time = time
              Variable = variable
              Weight = weight }

        count <- count + 1

    /// <summary>Sorts the arrivals by neuron, then time, then delivery order (so simultaneous arrivals at a neuron are
    /// added in the same order on every run): a stable counting sort by neuron, then a stable insertion sort of each
    /// neuron's few arrivals by time. Neurons are in [first, first + counts.Length − 1); counts is scratch.</summary>
    member _.Sort(first: int, counts: int[]) =
        let n = count
        let source = items
        Array.Clear counts

        for a in 0 .. n - 1 do
            let j = source[a].Neuron - first + 1
            counts[j] <- counts[j] + 1

        for j in 1 .. counts.Length - 1 do
            counts[j] <- counts[j] + counts[j - 1]

        if spare.Length < source.Length then
            spare <- Array.zeroCreate source.Length

        let sorted = spare

        for a in 0 .. n - 1 do
            let j = source[a].Neuron - first
            sorted[counts[j]] <- source[a]
            counts[j] <- counts[j] + 1

        for a in 1 .. n - 1 do
            let x = sorted[a]
            let mutable b = a - 1

            while b >= 0 && sorted[b].Neuron = x.Neuron && sorted[b].Time > x.Time do
                sorted[b + 1] <- sorted[b]
                b <- b - 1

            sorted[b + 1] <- x

        spare <- source
        items <- sorted

    /// <summary>Empties the queue, keeping its storage.</summary>
    member _.Clear() = count <- 0
