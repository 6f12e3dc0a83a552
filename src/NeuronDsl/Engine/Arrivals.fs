namespace NeuronDsl

open System
open System.Collections.Generic

/// <summary>A synaptic event due inside a step: add <c>Weight</c> to state <c>Variable</c> of neuron <c>Neuron</c>
/// at <c>Time</c> (ms). <c>Order</c> is its place in the delivery order, which breaks ties.</summary>
[<Struct>]
type internal Arrival =
    { Neuron: int
      Time: float
      Variable: int
      Weight: float
      Order: int }

/// <summary>Arrivals ordered by neuron, then time, then delivery order: each neuron's events in the order they take
/// effect, simultaneous ones in the order they were delivered (so their sum is the same on every run).</summary>
type internal ArrivalOrder() =
    interface IComparer<Arrival> with
        member _.Compare(a, b) =
            if a.Neuron <> b.Neuron then compare a.Neuron b.Neuron
            elif a.Time <> b.Time then compare a.Time b.Time
            else compare a.Order b.Order

/// <summary>The arrivals of one step for one chunk of neurons: a list that keeps its storage when cleared, so a run
/// allocates only while its busiest step grows it.</summary>
[<AllowNullLiteral>]
type internal ArrivalQueue() =
    static let order = ArrivalOrder()
    let mutable items: Arrival[] = [||]
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
              Weight = weight
              Order = count }

        count <- count + 1

    /// <summary>Sorts the arrivals by neuron, time and delivery order.</summary>
    member _.Sort() = Array.Sort(items, 0, count, order)

    /// <summary>Empties the queue, keeping its storage.</summary>
    member _.Clear() = count <- 0
