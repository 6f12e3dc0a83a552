namespace NeuronDsl

/// <summary>The spikes of a network's groups in one list, sorted by time, then group (in the order the groups were
/// added), then neuron.</summary>
module internal NetworkSpikes =
    /// <summary>Merges the groups' spike lists, each already sorted by time then neuron, in group order: a k-way
    /// merge that takes, at each time, the lowest group first, so the result is sorted by (time, group, neuron)
    /// without comparing keys through generic tuples.</summary>
    let mergeByTime (groups: NetworkSpike[][]) : NetworkSpike[] =
        let result = Array.zeroCreate (groups |> Array.sumBy Array.length)
        let next = Array.zeroCreate<int> groups.Length

        for r in 0 .. result.Length - 1 do
            let mutable best = -1

            let mutable time = infinity

            for g in 0 .. groups.Length - 1 do
                if next[g] < groups[g].Length then
                    let t = float groups[g].[next[g]].Time

                    if best < 0 || t < time then
                        best <- g
                        time <- t

            result[r] <- groups[best].[next[best]]
            next[best] <- next[best] + 1

        result
