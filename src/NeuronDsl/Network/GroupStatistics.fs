namespace NeuronDsl

open System
open NeuronDsl.Units

/// <summary>
/// A summary of one group's spikes in a network run: spike count, mean rate (spikes per neuron per second), the CV of
/// inter-spike intervals (the mean over neurons with at least 3 spikes, i.e. at least 2 intervals, not all at one
/// time, of each neuron's ISI sample standard deviation over its mean; NaN when no neuron has such spikes), and the Fano factor of the group's
/// spike count in bins (sample variance over mean; about 1 for independent Poisson neurons, far above 1 when they
/// fire together — a cheap measure of synchrony; NaN without spikes).
/// </summary>
type GroupStatistics =
    {
        /// <summary>The group's name in the network.</summary>
        Group: string
        /// <summary>Its number of neurons.</summary>
        Count: int
        /// <summary>Its number of spikes.</summary>
        Spikes: int64
        /// <summary>Spikes per neuron per second, Hz.</summary>
        MeanRate: float
        /// <summary>The mean CV of inter-spike intervals over neurons with at least 3 spikes; NaN without any.</summary>
        MeanCv: float
        /// <summary>How many neurons the CV averages over (those with at least 3 spikes, not all at one time).</summary>
        NeuronsWithCv: int
        /// <summary>The Fano factor of the group's spike count in bins; NaN without spikes.</summary>
        Fano: float
    }

/// <summary>Computing group statistics.</summary>
[<RequireQualifiedAccess>]
module GroupStatistics =
    /// <summary>The CV of the intervals between times[first .. first + n − 1], sorted (n ≥ 3).</summary>
    let private intervalVariation (times: float[]) (first: int) (n: int) =
        let mutable sum = 0.0

        for k in first + 1 .. first + n - 1 do
            sum <- sum + (times[k] - times[k - 1])

        let mean = sum / float (n - 1)
        let mutable squares = 0.0

        for k in first + 1 .. first + n - 1 do
            let d = times[k] - times[k - 1] - mean
            squares <- squares + d * d

        sqrt (squares / float (n - 2)) / mean

    /// <summary>The mean CV over neurons with at least 3 spikes whose intervals are not all 0 (a spike train may
    /// repeat a time; its CV would be 0/0), and their number.</summary>
    let private meanVariation (count: int) (neurons: int[]) (times: float[]) =
        let start = Array.zeroCreate (count + 1)

        for n in neurons do
            start[n + 1] <- start[n + 1] + 1

        for k in 1..count do
            start[k] <- start[k] + start[k - 1]

        let byNeuron = Array.zeroCreate times.Length
        let next = Array.copy start

        for k in 0 .. neurons.Length - 1 do
            byNeuron[next[neurons[k]]] <- times[k]
            next[neurons[k]] <- next[neurons[k]] + 1

        let mutable sum = 0.0
        let mutable with3 = 0

        for n in 0 .. count - 1 do
            let spikes = start[n + 1] - start[n]

            if spikes >= 3 && byNeuron[start[n + 1] - 1] > byNeuron[start[n]] then
                sum <- sum + intervalVariation byNeuron start[n] spikes
                with3 <- with3 + 1

        (if with3 > 0 then sum / float with3 else nan), with3

    /// <summary>The Fano factor of the spike count in bins of <paramref name="bin"/> over the duration: as many bins
    /// as cover it (within 1e-9 bins, so that rounding of duration / bin adds no empty sliver), the last possibly
    /// shorter; a spike at the duration itself counts in the last. Times are sorted, so the bins holding spikes come
    /// in order and only those are visited: the empty ones add mean² each, whatever their number.</summary>
    let private fano (times: float[]) (duration: float) (bin: float) =
        let bins = max 1.0 (ceil (duration / bin - 1e-9))
        let binOf (t: float) = min (floor (t / bin)) (bins - 1.0)
        let mean = float times.Length / bins
        let mutable squares = 0.0
        let mutable occupied = 0.0
        let mutable k = 0

        while k < times.Length do
            let b = binOf times[k]
            let mutable c = 0

            while k < times.Length && binOf times[k] = b do
                c <- c + 1
                k <- k + 1

            squares <- squares + (float c - mean) * (float c - mean)
            occupied <- occupied + 1.0

        let variance = (squares + (bins - occupied) * mean * mean) / max 1.0 (bins - 1.0)

        if mean > 0.0 then variance / mean else nan

    /// <summary>The statistics of a group from its spikes, as two parallel arrays sorted by time.</summary>
    /// <param name="group">The group's name.</param>
    /// <param name="count">Its number of neurons, ≥ 1.</param>
    /// <param name="neurons">Each spike's neuron, 0 to count − 1.</param>
    /// <param name="times">Each spike's time, ms, sorted.</param>
    /// <param name="duration">The simulated time, ms, &gt; 0.</param>
    /// <param name="bin">The bin width of the Fano factor, ms, &gt; 0.</param>
    /// <exception cref="System.ArgumentNullException">neurons or times is null.</exception>
    /// <exception cref="System.ArgumentException">A count, duration or bin out of range, arrays of different
    /// lengths, a neuron outside 0 .. count − 1, or a time that is negative, not finite or before the one
    /// preceding it.</exception>
    [<CompiledName("Compute")>]
    let compute
        (group: string)
        (count: int)
        (neurons: int[])
        (times: float[])
        (duration: float<ms>)
        (bin: float<ms>)
        : GroupStatistics =
        if count < 1 then
            invalidArg "count" (sprintf "%s: count = %d; expected at least 1 neuron" group count)

        if not (float duration > 0.0 && Double.IsFinite(float duration)) then
            invalidArg "duration" (sprintf "duration = %g ms; expected a finite time > 0 ms" (float duration))

        if not (float bin > 0.0 && Double.IsFinite(float bin)) then
            invalidArg "bin" (sprintf "bin = %g ms; expected a finite width > 0 ms" (float bin))

        if isNull neurons then
            nullArg "neurons"

        if isNull times then
            nullArg "times"

        if neurons.Length <> times.Length then
            invalidArg
                "times"
                (sprintf "%d neurons and %d times; expected one of each per spike" neurons.Length times.Length)

        for k in 0 .. neurons.Length - 1 do
            if neurons[k] < 0 || neurons[k] >= count then
                invalidArg "neurons" (sprintf "%s: neurons[%d] = %d; expected 0 to %d" group k neurons[k] (count - 1))

            if not (times[k] >= 0.0 && Double.IsFinite times[k]) then
                invalidArg "times" (sprintf "%s: times[%d] = %g ms; expected a finite time >= 0 ms" group k times[k])

            if k > 0 && times[k] < times[k - 1] then
                invalidArg
                    "times"
                    (sprintf
                        "%s: times[%d] = %g ms is before times[%d] = %g ms; expected times sorted"
                        group
                        k
                        times[k]
                        (k - 1)
                        times[k - 1])

        let cv, withCv = meanVariation count neurons times

        { Group = group
          Count = count
          Spikes = int64 neurons.Length
          MeanRate = float neurons.Length / (float count * float duration / 1000.0)
          MeanCv = cv
          NeuronsWithCv = withCv
          Fano = fano times (float duration) (float bin) }

    /// <summary>The statistics of each population and spike-train group of a network run, in the network's group
    /// order (Poisson groups' spikes are counted, not kept, so they have none).</summary>
    /// <param name="bin">The bin width of the Fano factor, ms.</param>
    /// <param name="duration">The simulated time, ms.</param>
    /// <param name="network">The network that ran.</param>
    /// <param name="solution">Its solution.</param>
    [<CompiledName("OfNetwork")>]
    let ofNetwork (bin: float<ms>) (duration: float<ms>) (network: Network) (solution: NetworkSolution) =
        let kept =
            network.Groups
            |> List.choose (fun (name, group) ->
                match group with
                | Neurons(count, _, _)
                | Sources(count, _) -> Some(name, count)
                | Poisson _ -> None)

        // One pass over the spikes, each group's kept in time order.
        let byGroup = Collections.Generic.Dictionary<string, ResizeArray<NetworkSpike>>()

        for name, _ in kept do
            byGroup[name] <- ResizeArray()

        for s in solution.Spikes do
            match byGroup.TryGetValue s.Group with
            | true, spikes -> spikes.Add s
            | _ -> ()

        kept
        |> List.map (fun (name, count) ->
            let spikes = byGroup[name]

            compute
                name
                count
                (Array.init spikes.Count (fun k -> spikes[k].Neuron))
                (Array.init spikes.Count (fun k -> float spikes[k].Time))
                duration
                bin)
        |> Array.ofList
