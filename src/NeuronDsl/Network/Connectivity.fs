namespace NeuronDsl

open System
open System.Collections.Generic
open System.Runtime.CompilerServices

/// <summary>
/// The synapses of a projection in compressed sparse row (CSR) form: the synapses of presynaptic neuron i are
/// positions <c>RowOffsets[i]</c> to <c>RowOffsets[i + 1] − 1</c> of <c>TargetIndices</c>, sorted by target.
/// Memory: 4 (presynaptic + 1) + 4 synapses bytes.
/// </summary>
type Connectivity =
    {
        /// <summary>Number of presynaptic neurons (rows).</summary>
        PresynapticCount: int
        /// <summary>Number of postsynaptic neurons (the range of target indices).</summary>
        PostsynapticCount: int
        /// <summary>Start of each row in <c>TargetIndices</c>: presynaptic + 1 entries, from 0 to the synapse
        /// count.</summary>
        RowOffsets: int[]
        /// <summary>The postsynaptic neuron of each synapse, row after row.</summary>
        TargetIndices: int[]
    }

/// <summary>
/// Building connectivity from a <c>Connector</c>. Random connectors draw from the <c>RandomStream</c> at step 0,
/// with the row as neuron: fixed probability and fixed out-degree use the presynaptic neuron's draws, fixed in-degree
/// the postsynaptic neuron's. Fixed probability reads two uniforms from each draw's block (its words 0–1 and 2–3);
/// the degree connectors read one integer per draw. Each row depends on its own draws only, so rows are built in
/// parallel and the result is bit-identical for any degree of parallelism.
/// </summary>
[<RequireQualifiedAccess>]
module Connectivity =
    /// <summary>The step of a stream that connectors draw from.</summary>
    [<Literal>]
    let StructureStep = 0L

    /// <summary>The number of synapses.</summary>
    let synapseCount (connectivity: Connectivity) = connectivity.TargetIndices.Length

    /// <summary>The postsynaptic neurons of presynaptic neuron <c>source</c>, in increasing order (a copy).</summary>
    /// <param name="source">The presynaptic neuron.</param>
    /// <param name="connectivity">The connectivity.</param>
    let targetsOf (source: int) (connectivity: Connectivity) =
        connectivity.TargetIndices[connectivity.RowOffsets[source] .. connectivity.RowOffsets[source + 1] - 1]

    /// <summary>The number of synapses each postsynaptic neuron receives.</summary>
    let inDegrees (connectivity: Connectivity) =
        let degrees = Array.zeroCreate<int> connectivity.PostsynapticCount

        for target in connectivity.TargetIndices do
            degrees[target] <- degrees[target] + 1

        degrees

    /// <summary>The number of synapses each presynaptic neuron makes.</summary>
    let outDegrees (connectivity: Connectivity) =
        Array.init connectivity.PresynapticCount (fun i -> connectivity.RowOffsets[i + 1] - connectivity.RowOffsets[i])

    /// <summary>The bytes of the two CSR arrays for this many presynaptic neurons and synapses.</summary>
    let bytesFor (presynaptic: int) (synapses: int64) =
        4L * (int64 presynaptic + 1L) + 4L * synapses

    /// <summary>The bytes of a built connectivity's arrays (array headers not included).</summary>
    let bytes (connectivity: Connectivity) =
        4L * int64 connectivity.RowOffsets.Length
        + 4L * int64 connectivity.TargetIndices.Length

    /// ln(1 − p), accurate for small p (Goldberg's log1p: the rounding of 1 − p cancels).
    let private logComplement (p: float) =
        let u = 1.0 - p
        if u = 1.0 then -p else log u * -p / (u - 1.0)

    /// The targets of one row under fixed probability, in increasing order. The gaps between successes of the
    /// Bernoulli trials are geometric, ⌊ln u / ln(1 − p)⌋ failures, so one uniform per synapse replaces one per
    /// pair (Batagelj and Brandes, Phys. Rev. E 71, 036113, 2005); u are the row's uniforms in order, two per
    /// block. Writes the targets from destination[start] unless destination is null; returns their number.
    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    let private bernoulliRow stream logFailure (candidates: int) (row: int) excludeSelf (destination: int[]) start =
        let last = float candidates
        let mutable position = -1.0
        let mutable draw = 0
        let mutable count = 0

        let mutable block = Unchecked.defaultof<PhiloxBlock>

        while position < last do
            // Two uniforms per block: gap 2b from words 0-1 of block b, gap 2b + 1 from words 2-3.
            let u =
                if draw % 2 = 0 then
                    block <- RandomStream.blockAt stream row StructureStep (draw / 2) 0
                    RandomStream.uniformOfWords block.Word0 block.Word1
                else
                    RandomStream.uniformOfWords block.Word2 block.Word3

            draw <- draw + 1
            position <- position + floor (log u / logFailure) + 1.0

            if position < last && not (excludeSelf && int position = row) then
                if not (isNull destination) then
                    destination[start + count] <- int position

                count <- count + 1

        count

    /// Degree partners of row among candidates (skipping excludedIndex when ≥ 0), into destination[start..], sorted
    /// when `sorted` (a row of targets must be; fixed in-degree regroups its sources by source, which orders every
    /// source's targets whatever order each target's sources were drawn in).
    /// Without multapses, Floyd's algorithm (Bentley and Floyd, CACM 30, 1987): for j = n − K … n − 1 draw t in
    /// [0, j] and take t, or j if t is already taken; K draws give a uniform K-subset. With multapses, K uniform draws.
    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    let private partnersRow
        stream
        candidates
        degree
        distinct
        excludedIndex
        (row: int)
        (taken: HashSet<int>)
        (destination: int[])
        start
        (sorted: bool)
        =
        let n = if excludedIndex >= 0 then candidates - 1 else candidates
        taken.Clear()

        for i in 0 .. degree - 1 do
            let chosen =
                if distinct then
                    let j = n - degree + i
                    let t = RandomStream.integerAt (j + 1) stream row StructureStep i
                    let pick = if taken.Contains t then j else t
                    taken.Add pick |> ignore
                    pick
                else
                    RandomStream.integerAt n stream row StructureStep i

            destination[start + i] <-
                if excludedIndex >= 0 && chosen >= excludedIndex then
                    chosen + 1
                else
                    chosen

        if sorted then
            Array.Sort(destination, start, degree)

    let private create presynaptic postsynaptic offsets targets =
        { PresynapticCount = presynaptic
          PostsynapticCount = postsynaptic
          RowOffsets = offsets
          TargetIndices = targets }

    /// Row offsets from counts stored at counts[i + 1], in place; refuses totals beyond one array.
    let private accumulate (counts: int[]) =
        let mutable total = 0L

        for i in 1 .. counts.Length - 1 do
            total <- total + int64 counts[i]

            if total > Connector.maxSynapses then
                invalidArg
                    "connector"
                    (sprintf "the connector makes over %d synapses; expected at most %d" total Connector.maxSynapses)

            counts[i] <- int total

        counts

    /// The stable order of `order` by keys[order[i]] in [0, range): one pass of a counting sort.
    let private countingOrder (keys: int[]) (range: int) (order: int[]) =
        let starts = Array.zeroCreate<int>(range + 1)

        for i in order do
            starts[keys[i] + 1] <- starts[keys[i] + 1] + 1

        for r in 1..range do
            starts[r] <- starts[r] + starts[r - 1]

        let sorted = Array.zeroCreate<int> order.Length

        for i in order do
            sorted[starts[keys[i]]] <- i
            starts[keys[i]] <- starts[keys[i]] + 1

        sorted

    /// The position in the explicit arrays of each CSR synapse: sorted by source, then target, then position.
    let internal explicitOrder (presynaptic: int) (postsynaptic: int) (sources: int[]) (targets: int[]) =
        Array.init sources.Length id
        |> countingOrder targets postsynaptic
        |> countingOrder sources presynaptic

    let private explicitPairs presynaptic postsynaptic (sources: int[]) (targets: int[]) =
        let order = explicitOrder presynaptic postsynaptic sources targets
        let counts = Array.zeroCreate<int>(presynaptic + 1)

        for s in sources do
            counts[s + 1] <- counts[s + 1] + 1

        create presynaptic postsynaptic (accumulate counts) (order |> Array.map (fun k -> targets[k]))

    let private allToAll options presynaptic postsynaptic excludeSelf =
        let perRow = if excludeSelf then postsynaptic - 1 else postsynaptic
        let targets = Array.zeroCreate<int>(presynaptic * perRow)

        ConnectOptions.forChunks options presynaptic ignore (fun () i ->
            for j in 0 .. perRow - 1 do
                targets[i * perRow + j] <- if excludeSelf && j >= i then j + 1 else j)

        create presynaptic postsynaptic (Array.init (presynaptic + 1) (fun i -> i * perRow)) targets

    /// Row counts (at index i + 1) of fixed probability 0 < p < 1: the counting pass.
    let private bernoulliCounts options stream presynaptic postsynaptic p excludeSelf =
        let counts = Array.zeroCreate<int>(presynaptic + 1)
        let logFailure = logComplement p

        ConnectOptions.forChunks options presynaptic ignore (fun () i ->
            counts[i + 1] <- bernoulliRow stream logFailure postsynaptic i excludeSelf null 0)

        counts

    let private fixedProbability options stream presynaptic postsynaptic p excludeSelf =
        let offsets =
            bernoulliCounts options stream presynaptic postsynaptic p excludeSelf
            |> accumulate

        let synapses = offsets[presynaptic]
        ConnectOptions.ensureFits "the connectivity" (bytesFor presynaptic (int64 synapses)) options
        let targets = Array.zeroCreate<int> synapses
        let logFailure = logComplement p

        ConnectOptions.forChunks options presynaptic ignore (fun () i ->
            bernoulliRow stream logFailure postsynaptic i excludeSelf targets offsets[i]
            |> ignore)

        create presynaptic postsynaptic offsets targets

    let private fixedOutDegree options stream presynaptic postsynaptic degree excludeSelf distinct =
        let targets = Array.zeroCreate<int>(presynaptic * degree)

        ConnectOptions.forChunks options presynaptic HashSet<int> (fun taken i ->
            let excluded = if excludeSelf then i else -1
            partnersRow stream postsynaptic degree distinct excluded i taken targets (i * degree) true)

        create presynaptic postsynaptic (Array.init (presynaptic + 1) (fun i -> i * degree)) targets

    /// Draws each target's sources (target-major), then groups them by source; rows come out sorted by target.
    let private fixedInDegree options stream presynaptic postsynaptic degree excludeSelf distinct =
        let sources = Array.zeroCreate<int>(postsynaptic * degree)

        ConnectOptions.forChunks options postsynaptic HashSet<int> (fun taken t ->
            let excluded = if excludeSelf then t else -1
            partnersRow stream presynaptic degree distinct excluded t taken sources (t * degree) false)

        let counts = Array.zeroCreate<int>(presynaptic + 1)

        for s in sources do
            counts[s + 1] <- counts[s + 1] + 1

        let offsets = accumulate counts
        let next = offsets[0 .. presynaptic - 1]
        let targets = Array.zeroCreate<int> sources.Length

        for k in 0 .. sources.Length - 1 do
            let s = sources[k]
            targets[next[s]] <- k / degree
            next[s] <- next[s] + 1

        create presynaptic postsynaptic offsets targets

    /// <summary>The exact number of synapses a connector makes. For fixed probability this runs the counting pass
    /// of <c>build</c> (the same draws, nothing stored), so it costs about half a build; for the other connectors it
    /// is arithmetic.</summary>
    /// <param name="presynaptic">Number of presynaptic neurons.</param>
    /// <param name="postsynaptic">Number of postsynaptic neurons.</param>
    /// <param name="stream">The random stream the connector draws from.</param>
    /// <param name="connector">The connector.</param>
    /// <exception cref="System.ArgumentException">The connector does not fit the sizes (see
    /// <c>Connector.validate</c>).</exception>
    let count (presynaptic: int) (postsynaptic: int) (stream: RandomStream) (connector: Connector) =
        Connector.validate presynaptic postsynaptic connector

        match connector, Connector.fixedCount connector presynaptic postsynaptic with
        | _, ValueSome count -> count
        | Connector.FixedProbability(p, autapses), ValueNone ->
            if p = 0.0 || p = 1.0 then
                int64 (if p = 0.0 then 0 else presynaptic)
                * int64 (
                    if autapses = Autapses.Excluded then
                        postsynaptic - 1
                    else
                        postsynaptic
                )
            else
                bernoulliCounts ConnectOptions.defaults stream presynaptic postsynaptic p (autapses = Autapses.Excluded)
                |> Array.sumBy int64
        | _ -> invalidOp "unreachable: only fixed probability has a random count"

    /// <summary>The bytes <c>build</c> will allocate for the connectivity (see <c>count</c> for its cost), so that
    /// a run can be refused before it starts.</summary>
    /// <param name="presynaptic">Number of presynaptic neurons.</param>
    /// <param name="postsynaptic">Number of postsynaptic neurons.</param>
    /// <param name="stream">The random stream the connector draws from.</param>
    /// <param name="connector">The connector.</param>
    /// <example>
    /// <code>
    /// Connector.AllToAll Autapses.Allowed |> Connectivity.predictBytes 10 20 (RandomStream.create 1u 0u)
    /// // evaluates to 844L (11 offsets and 200 targets, 4 bytes each)
    /// </code>
    /// </example>
    let predictBytes (presynaptic: int) (postsynaptic: int) (stream: RandomStream) (connector: Connector) =
        bytesFor presynaptic (count presynaptic postsynaptic stream connector)

    /// <summary>Builds the connectivity of a connector with the given options.</summary>
    /// <param name="options">Parallelism and memory limit; the result does not depend on them.</param>
    /// <param name="presynaptic">Number of presynaptic neurons.</param>
    /// <param name="postsynaptic">Number of postsynaptic neurons.</param>
    /// <param name="stream">The random stream the connector draws from (at step <c>StructureStep</c>).</param>
    /// <param name="connector">The connector.</param>
    /// <exception cref="System.ArgumentException">The connector does not fit the sizes (see
    /// <c>Connector.validate</c>), or the arrays would exceed <c>options.MemoryLimit</c>.</exception>
    let buildWith (options: ConnectOptions) presynaptic postsynaptic (stream: RandomStream) (connector: Connector) =
        Connector.validate presynaptic postsynaptic connector

        match Connector.fixedCount connector presynaptic postsynaptic with
        | ValueSome synapses -> ConnectOptions.ensureFits "the connectivity" (bytesFor presynaptic synapses) options
        | ValueNone -> ()

        let excluded autapses = (autapses = Autapses.Excluded)
        let distinct multapses = (multapses = Multapses.Excluded)

        match connector with
        | Connector.OneToOne ->
            create presynaptic postsynaptic (Array.init (presynaptic + 1) id) (Array.init presynaptic id)
        | Connector.AllToAll autapses -> allToAll options presynaptic postsynaptic (excluded autapses)
        | Connector.FixedProbability(p, _) when p = 0.0 ->
            create presynaptic postsynaptic (Array.zeroCreate (presynaptic + 1)) [||]
        | Connector.FixedProbability(p, autapses) when p = 1.0 ->
            allToAll options presynaptic postsynaptic (excluded autapses)
        | Connector.FixedProbability(p, autapses) ->
            fixedProbability options stream presynaptic postsynaptic p (excluded autapses)
        | Connector.FixedOutDegree(degree, autapses, multapses) ->
            fixedOutDegree options stream presynaptic postsynaptic degree (excluded autapses) (distinct multapses)
        | Connector.FixedInDegree(degree, autapses, multapses) ->
            fixedInDegree options stream presynaptic postsynaptic degree (excluded autapses) (distinct multapses)
        | Connector.Explicit(sources, targets) -> explicitPairs presynaptic postsynaptic sources targets

    /// <summary>Builds the connectivity of a connector on every processor (<c>ConnectOptions.defaults</c>).</summary>
    /// <param name="presynaptic">Number of presynaptic neurons.</param>
    /// <param name="postsynaptic">Number of postsynaptic neurons.</param>
    /// <param name="stream">The random stream the connector draws from (at step <c>StructureStep</c>).</param>
    /// <param name="connector">The connector.</param>
    /// <exception cref="System.ArgumentException">See <c>buildWith</c>.</exception>
    /// <example><c>(Connector.OneToOne |> Connectivity.build 3 3 (RandomStream.create 1u 0u)).TargetIndices</c>
    /// // evaluates to [| 0; 1; 2 |]</example>
    let build presynaptic postsynaptic (stream: RandomStream) (connector: Connector) =
        buildWith ConnectOptions.defaults presynaptic postsynaptic stream connector
