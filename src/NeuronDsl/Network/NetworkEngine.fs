namespace NeuronDsl

open System
open System.Runtime.Intrinsics
open System.Threading.Tasks
open NeuronDsl.Units

/// <summary>
/// The network engine: every population's chunks advance together in windows of the minimum delay (in steps), inside
/// which neurons are independent and run in parallel, as NEST does. After each window its spikes are collected in a
/// fixed order (group, chunk, spike), and at the start of the next each worker delivers them (synapse by synapse, in
/// that order) onto the chunks it runs, into ring buffers indexed by the step they arrive in.
/// </summary>
/// <remarks>
/// Delays must be at least one step, so a spike never arrives in the window that sent it.
/// <para>Precise delivery (the default): a spike at t_s through a synapse of delay d arrives at t_a = t_s + d (a step
/// start when within 1e-9 steps of one). Each chunk has a queue of arrivals per step; in step k a neuron with
/// arrivals is integrated alone from t_k to its first arrival, the weights due then are added, it fires there if
/// they put it above threshold, and so on to t_k+1, while the others take the kernel's step.</para>
/// <para>Grid delivery: the spike arrives at the first step start t_k ≥ t_s + d (within 1e-9 steps); the buffers
/// hold one increment per neuron, step and targeted variable, added at the start of step k.</para>
/// <para>Either way, simultaneous arrivals at a neuron are added in the fixed delivery order, so results are
/// bit-identical for any number of threads and chunk size. A clamped state (<c>unless refractory</c>) ignores
/// arrivals while its neuron is refractory, as NEST's models discard input during the refractory period; a neuron
/// that an arrival puts above threshold fires at the arrival and is reset. A state monitor's sample at t_k is the
/// state before arrivals at t_k (the left limit).</para>
/// </remarks>
module internal NetworkEngine =
    /// <summary>A population in a run, and its ring buffers: buffers[v][slot][neuron] for each targeted variable v.</summary>
    type private Running =
        {
            Name: string
            Setup: EngineSetup
            Chunks: PopulationEngine.Chunk[]
            Finish: PopulationSpike[] * Divergence option * int -> PopulationSolution
            /// <summary>Per chunk, the spikes to deliver next: positions Delivered[c] to Pending[c] − 1 of its list.</summary>
            Delivered: int[]
            Pending: int[]
            Variables: int[]
            /// <summary>Grid delivery: buffers[v][slot][neuron] for each targeted variable v; empty otherwise.</summary>
            Buffers: float[][][]
            /// <summary>Precise delivery: queues[chunk][slot]; empty otherwise.</summary>
            Queues: ArrivalQueue[][]
        }

    /// <summary>A projection with its synapses built and its target's buffers.</summary>
    type private Wired =
        {
            Source: int
            Connectivity: Connectivity
            Synapses: BuiltSynapses
            /// <summary>Grid delivery: the target's buffers of the targeted variable (null for precise delivery).</summary>
            Buffer: float[][]
            /// <summary>Precise delivery: the target's queues (empty for grid delivery).</summary>
            Queues: ArrivalQueue[][]
            /// <summary>The targeted state's index in the target's model.</summary>
            Variable: int
            /// <summary>The target's chunk size: neuron j is in chunk j / ChunkSize.</summary>
            ChunkSize: int
            /// <summary>The target population's index in the running populations.</summary>
            Target: int
            /// <summary>Source i onto target i only (one-to-one).</summary>
            Identity: bool
        }

    /// <summary>Whether a connectivity is one-to-one: row i holds the single target i.</summary>
    let private isIdentity (c: Connectivity) =
        c.PresynapticCount = c.PostsynapticCount
        && c.TargetIndices.Length = c.PresynapticCount
        && Seq.forall (fun i -> c.RowOffsets[i] = i && c.TargetIndices[i] = i) (seq { 0 .. c.PresynapticCount - 1 })

    let private slotsFor (dt: float) (longest: float) =
        int (Math.Ceiling(longest / dt + 1e-9)) + 2

    /// <summary>Runs the network: its groups and projections for a duration with a fixed-step solver.</summary>
    let run (control: PopulationRunControl) (solver: Solver) (duration: float<ms>) (network: Network) =
        let dt = float solver.Step
        let groups = network.Groups |> Array.ofList
        let precise = network.Delivery = SpikeDelivery.Precise

        let built =
            network.Projections
            |> List.mapi (fun index p ->
                let size name =
                    match groups |> Array.find (fun (n, _) -> n = name) |> snd with
                    | Neurons(count, _, _)
                    | Sources(count, _)
                    | Poisson(count, _) -> count

                let stream = RandomStream.create network.Seed (uint32 index)
                p, p.Build (size p.Source) (size p.Target) stream)
            |> Array.ofList

        let smallest = built |> Array.fold (fun m (_, b) -> min m b.Shortest) infinity

        if not (NetworkDelay.fits dt smallest) then
            invalidArg
                "network"
                (sprintf
                    "the shortest synaptic delay is %g ms, shorter than the step %g ms; expected delays of at least one step, so that a spike never arrives in the window of steps that sent it"
                    smallest
                    dt)

        let longest = built |> Array.fold (fun m (_, b) -> max m b.Longest) 0.0

        // Poisson inputs one-to-one are added at the start of the window they fall in, up to a window ahead of the
        // slots being consumed, so the ring holds a window more than the longest delay.
        let shortestSteps = max 1 (int (Math.Floor(smallest / dt + 1e-9)))
        let slots = slotsFor dt longest + (if built.Length = 0 then 0 else shortestSteps)

        let prepared =
            groups
            |> Array.choose (fun (name, group) ->
                match group with
                | Sources _
                | Poisson _ -> None
                | Neurons(_, states, prepare) ->
                    let setup, finish = prepare control solver duration
                    let chunks = PopulationEngine.chunksOf setup (PopulationEngine.ProgressCounter())

                    let variables =
                        built
                        |> Array.filter (fun (p, _) -> p.Target = name)
                        |> Array.map (fun (p, _) -> Array.findIndex ((=) p.Variable) states)
                        |> Array.distinct

                    Some(name, setup, finish, chunks, variables))

        // The rings hold, per targeted population, slots × neurons doubles per targeted variable (grid delivery)
        // or slots × chunks queues (precise delivery, whose queues then grow with the spikes in flight): refuse
        // what cannot fit before starting.
        let bufferBytes =
            prepared
            |> Array.sumBy (fun (_, setup, _, chunks: PopulationEngine.Chunk[], variables: int[]) ->
                if variables.Length = 0 then
                    0L
                elif precise then
                    ArrivalQueue.EmptyBytes * int64 slots * int64 chunks.Length
                else
                    8L * int64 slots * int64 setup.Padded * int64 variables.Length)

        let available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes

        if bufferBytes > available / 4L * 3L then
            invalidArg
                "network"
                (sprintf
                    "the delay ring buffers need %d bytes (the longest delay %g ms is %d steps of %g ms: a slot per step for every targeted neuron and variable on the grid, for every chunk of neurons with precise delivery); this process may use %d: shorten the delays or coarsen the step"
                    bufferBytes
                    longest
                    slots
                    dt
                    available)

        let running =
            prepared
            |> Array.map (fun (name, setup, finish, chunks, variables) ->
                { Name = name
                  Setup = setup
                  Chunks = chunks
                  Finish = finish
                  Delivered = Array.zeroCreate chunks.Length
                  Pending = Array.zeroCreate chunks.Length
                  Variables = variables
                  Buffers =
                    if precise then
                        [||]
                    else
                        variables
                        |> Array.map (fun _ -> Array.init slots (fun _ -> Array.zeroCreate<float> setup.Padded))
                  Queues =
                    if precise && variables.Length > 0 then
                        chunks |> Array.map (fun _ -> Array.init slots (fun _ -> ArrivalQueue()))
                    else
                        [||] })

        let populationOf name =
            running |> Array.find (fun r -> r.Name = name)

        let wired =
            built
            |> Array.map (fun (p, synapses) ->
                let target = populationOf p.Target
                let states = groups |> Array.find (fun (n, _) -> n = p.Target) |> snd

                let variable =
                    match states with
                    | Neurons(_, names, _) -> Array.findIndex ((=) p.Variable) names
                    | Sources _
                    | Poisson _ -> invalidOp "a projection's target is a population"

                { Source = groups |> Array.findIndex (fun (n, _) -> n = p.Source)
                  Connectivity = synapses.Connectivity
                  Synapses = synapses
                  Buffer =
                    if precise then
                        null
                    else
                        target.Buffers[Array.findIndex ((=) variable) target.Variables]
                  Queues = target.Queues
                  Variable = variable
                  ChunkSize = target.Setup.ChunkSize
                  Target = running |> Array.findIndex (fun r -> r.Name = p.Target)
                  Identity = isIdentity synapses.Connectivity })

        // Poisson groups whose every projection is one-to-one are drawn and delivered by the workers, each for the
        // neurons of its own chunks, at the start of the window the spikes fall in (they arrive a delay later, in a
        // later window); the first such projection counts them. Others go through the serial delivery.
        let onWorkers =
            Array.init groups.Length (fun g ->
                match snd groups[g] with
                | Poisson _ ->
                    let outgoing = wired |> Array.filter (fun p -> p.Source = g)
                    outgoing.Length > 0 && outgoing |> Array.forall (fun p -> p.Identity)
                | _ -> false)

        let steps = PopulationEngine.stepCount dt (float duration)

        let window = if wired.Length = 0 then steps else shortestSteps

        let parallelism =
            running
            |> Array.fold (fun m r -> min m r.Setup.Parallelism) Environment.ProcessorCount

        let options =
            ParallelOptions(MaxDegreeOfParallelism = parallelism, CancellationToken = control.Cancellation)

        let work = running |> Array.collect (fun r -> r.Chunks |> Array.map (fun c -> r, c))

        Parallel.For(0, work.Length, options, (fun w -> (snd work[w]).Start()))
        |> ignore

        // The spikes to deliver at the start of the next window, fixed between windows: a source group's events
        // sourceFrom[g] to sourceNext[g] − 1, a Poisson group's drawn spikes (unless drawn on the workers), a
        // population's chunk c positions Delivered[c] to Pending[c] − 1.
        let sourceFrom = Array.zeroCreate<int> groups.Length
        let sourceNext = Array.zeroCreate<int> groups.Length
        let drawn = Array.init groups.Length (fun _ -> ResizeArray<SpikeEvent>())
        let poissonNext = Array.zeroCreate<int64> groups.Length
        let poissonCount = Array.zeroCreate<int64> groups.Length
        let deliveries = Array.zeroCreate<int64> 1

        // into[r][g]: the projections from group g onto running population r.
        let into =
            running
            |> Array.mapi (fun r _ ->
                Array.init groups.Length (fun g -> wired |> Array.filter (fun p -> p.Source = g && p.Target = r)))

        let neuronsOf =
            groups
            |> Array.map (fun (name, _) -> running |> Array.tryFind (fun r -> r.Name = name))

        // Grid delivery: the first step start at or after t + d (within 1e-9 steps), and never before `earliest`
        // (the next window's start, which only rounding could undercut).
        let arrival (earliest: int) (time: float) (delay: float) =
            max earliest (int (Math.Ceiling((time + delay) / dt - 1e-9)))

        let durationEnd = float duration

        // Synapse s of projection p carries a spike at `time` to neuron j: into the ring buffer or queue of the step
        // it arrives in, if that is before the end. Precise delivery: t + d, or a step start within 1e-9 steps of it
        // (never before `earliest`, which only rounding could undercut). Whether it was delivered.
        let deposit (p: Wired) (earliest: int) (time: float) (j: int) (s: int) =
            let b = p.Synapses

            if precise then
                let at = time + b.DelayOf s
                let x = at / dt
                let m = int (Math.Floor(x + 1e-9))

                let m, at =
                    if m < earliest then earliest, float earliest * dt
                    elif abs (x - float m) <= 1e-9 then m, float m * dt
                    else m, at

                if m < steps && at < durationEnd then
                    let queue = p.Queues[j / p.ChunkSize][m % slots]
                    queue.Add(j, at, p.Variable, b.WeightOf s)
                    true
                else
                    false
            else
                let k = arrival earliest time (b.DelayOf s)

                if k < steps then
                    let slot = p.Buffer[k % slots]
                    slot[j] <- slot[j] + b.WeightOf s
                    true
                else
                    false

        // Poisson group g: window w of the network (steps w·W to (w + 1)·W) is window w of its process, drawn from
        // the group's stream (numbers above those of projections' streams).
        let poissonWindow = float window * dt * 1.0<ms>

        let poissonStream (g: int) =
            RandomStream.create network.Seed (0x80000000u + uint32 g)

        // The spikes of each group since the last delivery, up to the start of step `next`, fixed in the order
        // (group, chunk, position) for the workers to deliver; Poisson groups not drawn by the workers are drawn here.
        let collect (next: int) =
            let until = PopulationEngine.time running[0].Setup next

            for g in 0 .. groups.Length - 1 do
                match snd groups[g], neuronsOf[g] with
                | Sources(_, events), _ ->
                    sourceFrom[g] <- sourceNext[g]

                    while sourceNext[g] < events.Length && events[sourceNext[g]].Time <= until do
                        sourceNext[g] <- sourceNext[g] + 1
                | Neurons _, Some r ->
                    for c in 0 .. r.Chunks.Length - 1 do
                        r.Delivered[c] <- r.Pending[c]
                        r.Pending[c] <- r.Chunks[c].Spikes.Count
                | Poisson _, _ when onWorkers[g] -> ()
                | Poisson(count, rate), _ ->
                    let stream = poissonStream g
                    drawn[g].Clear()

                    let times = ResizeArray<float<ms>>()

                    while poissonNext[g] * int64 window < int64 next do
                        for source in 0 .. count - 1 do
                            PoissonSource.fillWindow times rate poissonWindow poissonNext[g] source stream

                            for t in times do
                                if t < duration then
                                    poissonCount[g] <- poissonCount[g] + 1L
                                    drawn[g].Add { Time = float t; Neuron = source }

                        poissonNext[g] <- poissonNext[g] + 1L
                | Neurons _, None -> invalidOp "every population is running"

        // Grid delivery through synapses s, s + 1, … of one row with one delay (so one arrival step k) while their
        // targets are below `last`: what `deposit` does for each, with the step and its buffer found once. How many.
        let gridRun (p: Wired) (k: int) (s: int) (finish: int) (last: int) =
            let targets = p.Connectivity.TargetIndices
            let b = p.Synapses
            let mutable s = s
            let mutable sent = 0L

            if k < steps then
                let slot = p.Buffer[k % slots]

                while s < finish && targets[s] < last do
                    let j = targets[s]
                    slot[j] <- slot[j] + (if isNull b.Weights then b.Weight else b.Weights[s])
                    sent <- sent + 1L
                    s <- s + 1

            sent

        // The first position in [start, finish) of a sorted array holding `value` or more (finish if none).
        let lowerBound (sorted: int[]) (start: int) (finish: int) (value: int) =
            let mutable low = start
            let mutable high = finish

            while low < high do
                let middle = low + (high - low) / 2

                if sorted[middle] < value then
                    low <- middle + 1
                else
                    high <- middle

            low

        // One spike through the synapses of its row in each projection whose targets lie in [first, last): rows are
        // sorted by target, so those are one run found by binary search. How many were delivered.
        let through (projections: Wired[]) (earliest: int) (spike: SpikeEvent) (first: int) (last: int) =
            let mutable sent = 0L

            for p in projections do
                let c = p.Connectivity
                let row = c.RowOffsets[spike.Neuron]
                let finish = c.RowOffsets[spike.Neuron + 1]
                let mutable s = lowerBound c.TargetIndices row finish first

                if not precise && isNull p.Synapses.Delays then
                    sent <- sent + gridRun p (arrival earliest spike.Time p.Synapses.Delay) s finish last
                else
                    while s < finish && c.TargetIndices[s] < last do
                        if deposit p earliest spike.Time c.TargetIndices[s] s then
                            sent <- sent + 1L

                        s <- s + 1

            sent

        let diverged () =
            running
            |> Array.exists (fun r -> r.Chunks |> Array.exists (fun c -> c.Divergence.IsSome))

        // Spikes at t = 0 (neurons above threshold, sources) are delivered at the start of the first window.
        if not (Array.isEmpty running) then
            collect 0

        // One thread per worker for the whole run, meeting at a barrier twice per window (the window's steps done;
        // the next window's spikes collected): a window can be one step, and a parallel loop per window costs more than
        // the step.
        // What a chunk computes does not depend on which thread runs it.
        let workers = max 1 (min parallelism work.Length)
        let mutable k0 = 0
        let mutable k1 = 0
        let mutable stop = false
        let failures = Collections.Concurrent.ConcurrentQueue<exn>()
        use barrier = new Threading.Barrier(workers)

        // Chunks to workers by size, largest first onto the least loaded (ties to the lower worker): balanced, and
        // fixed by the sizes alone.
        let assigned =
            let load = Array.zeroCreate<int> workers
            let lists = Array.init workers (fun _ -> ResizeArray<int>())

            work
            |> Array.mapi (fun i (_, c: PopulationEngine.Chunk) -> i, c.Size)
            |> Array.sortBy (fun (i, size) -> -size, i)
            |> Array.iter (fun (i, size) ->
                let w = Array.findIndex ((=) (Array.min load)) load
                lists[w].Add i
                load[w] <- load[w] + size)

            lists |> Array.map (fun l -> l.ToArray())

        // For each Poisson group on the workers, the projection that counts its spikes (its first).
        let counting =
            wired
            |> Array.mapi (fun i p -> i, p)
            |> Array.filter (fun (_, p) -> onWorkers[p.Source])
            |> Array.groupBy (fun (_, p) -> p.Source)
            |> Array.map (fun (_, ps) -> fst ps[0])
            |> Set.ofArray

        // Grid delivery with one delay of D whole steps (within 1e-9 steps): a source's spikes in [m·dt, (m + 1)·dt)
        // all arrive at step m + 1 + D, so only their number matters, and it is drawn directly: a Poisson number of
        // mean rate × the part of the step before the end, the law of the spikes' count (a spike within 1e-9 steps
        // after a step start, which the rule of `arrival` would deliver a step earlier, has probability ~1e-9 dt·rate).
        let wholeStepDelay (p: Wired) (rate: float<1 / ms>) =
            let q = p.Synapses.Delay / dt

            if
                precise
                || not (isNull p.Synapses.Delays)
                || abs (q - round q) > 1e-9
                || float rate * dt > 1073741824.0
            then
                ValueNone
            else
                ValueSome(int (round q))

        // A Poisson group on the workers is drawn as counts per step only when every one of its projections can take
        // them; otherwise all take its spike times: one realisation of the group's spikes reaches all its targets.
        // stepDelays[i]: projection i's delay in whole steps when its group is drawn as counts.
        let stepDelays =
            let candidates =
                wired
                |> Array.map (fun p ->
                    match snd groups[p.Source] with
                    | Poisson(_, rate) when onWorkers[p.Source] -> wholeStepDelay p rate
                    | _ -> ValueNone)

            let byCounts (g: int) =
                Array.forall2 (fun (p: Wired) (d: int voption) -> p.Source <> g || d.IsSome) wired candidates

            Array.map2 (fun (p: Wired) d -> if byCounts p.Source then d else ValueNone) wired candidates

        // A Poisson group drawn as spike times holds a window's spikes at once: each source's in turn on the workers,
        // all sources' in the serial delivery. Refuse a rate whose window cannot be held (at most 2^30 draws of one
        // source and window, and a quarter of this process's memory) rather than run out of memory or never end.
        for g in 0 .. groups.Length - 1 do
            match snd groups[g] with
            | Poisson(count, rate) when
                not (wired |> Array.exists (fun p -> p.Source = g))
                || Array.exists2 (fun (p: Wired) (d: int voption) -> p.Source = g && d.IsNone) wired stepDelays
                ->
                let perSource = float rate * float window * dt

                let held, bytes =
                    if onWorkers[g] then
                        perSource, 8.0
                    else
                        float count * perSource, 16.0

                if perSource > 1073741824.0 || held * bytes > float (available / 4L) then
                    invalidArg
                        "network"
                        (sprintf
                            "%s: %g Hz Poisson sources draw about %g spikes in a window of %g ms, held at once (%g bytes; this process may use %d): lower the rate, or deliver them one-to-one on the grid with delays of whole steps, drawn as counts per step"
                            (fst groups[g])
                            (float rate * 1000.0)
                            held
                            (float window * dt)
                            (held * bytes)
                            available)
            | _ -> ()

        // Per-step counts come from their own stream, apart from the spike times' (numbers above those).
        let countStream (g: int) =
            RandomStream.create network.Seed (0xC0000000u + uint32 g)

        // The counts of sources first .. last − 1 in steps k0 .. k1 − 1 through a one-to-one projection with a delay
        // of d whole steps, step by step (one buffer slot at a time): (spikes drawn, delivered).
        let poissonCounts (p: Wired) (rate: float<1 / ms>) (d: int) (first: int) (last: int) =
            let stream = countStream p.Source
            let counts = Array.zeroCreate<int>(last - first)
            let mutable table = [||]
            let mutable tableMean = nan
            let mutable drawn = 0L
            let mutable sent = 0L

            for m in k0 .. k1 - 1 do
                let mean = float rate * min dt (float duration - float m * dt)

                if mean > 0.0 then
                    let arrives = m + 1 + d < steps
                    let slot = p.Buffer[(m + 1 + d) % slots]

                    let b = p.Synapses
                    // Sources whose counts are in `counts` (the last block's, or all with mean ≥ 10): first .. tail − 1.
                    let mutable tail = first

                    if mean < RandomStream.PoissonInversionLimit then
                        if mean <> tableMean then
                            table <- PoissonVector.table mean
                            tableMean <- mean

                        // Eight sources' blocks at once, each lane the scalar block of its address, and their counts by
                        // the table search lane by lane: the same numbers. Whole blocks are added to the slot at once,
                        // c·w where c > 0 as below; a last partial block goes through `counts`.
                        let mutable j = first
                        tail <- last

                        while j < last do
                            let struct (w0, w1, _, _) = PhiloxVector.blocks j (int64 m) 0 stream
                            let c = PoissonVector.countsFromTable table (PoissonVector.uniforms w0 w1)

                            if j + 8 <= last then
                                let here = int64 (Vector512.Sum c)
                                drawn <- drawn + here

                                if arrives && here > 0L then
                                    let w =
                                        if isNull b.Weights then
                                            Vector512.Create b.Weight
                                        else
                                            Vector512.LoadUnsafe(&b.Weights[j])

                                    let old = Vector512.LoadUnsafe(&slot[j])
                                    let some = Vector512.GreaterThan(c, Vector512<float>.Zero)
                                    Vector512.ConditionalSelect(some, old + c * w, old).StoreUnsafe(&slot[j])
                                    sent <- sent + here
                            else
                                for lane in 0 .. last - 1 - j do
                                    counts[j + lane - first] <- int (Vector512.GetElement(c, lane))

                                tail <- j

                            j <- j + 8
                    else
                        for j in first .. last - 1 do
                            counts[j - first] <- RandomStream.poisson mean j (int64 m) 0 stream

                    for j in tail .. last - 1 do
                        let c = counts[j - first]

                        if c > 0 then
                            drawn <- drawn + int64 c

                            if arrives then
                                slot[j] <- slot[j] + float c * b.WeightOf j
                                sent <- sent + int64 c

            struct (drawn, sent)

        // The window's spikes of source j at their times through a one-to-one projection: (drawn, delivered).
        let poissonSpikes (p: Wired) (rate: float<1 / ms>) (times: ResizeArray<float<ms>>) (j: int) =
            PoissonSource.fillWindow times rate poissonWindow (int64 (k0 / window)) j (poissonStream p.Source)
            let mutable drawn = 0L
            let mutable sent = 0L

            for t in times do
                if t < duration then
                    drawn <- drawn + 1L

                    if deposit p k1 (float t) j j then
                        sent <- sent + 1L

            struct (drawn, sent)

        // The window's Poisson spikes of the sources onto a chunk's neurons, one-to-one, into its ring buffers.
        let poissonOnto (population: int) (chunk: PopulationEngine.Chunk) =
            for i in 0 .. wired.Length - 1 do
                let p = wired[i]

                if onWorkers[p.Source] && p.Target = population then
                    match snd groups[p.Source] with
                    | Poisson(count, rate) ->
                        let mutable drawn = 0L
                        let mutable sent = 0L
                        let times = ResizeArray<float<ms>>()
                        let last = min count (chunk.First + chunk.Size)

                        match stepDelays[i] with
                        | ValueSome d ->
                            let struct (n, s) = poissonCounts p rate d chunk.First last
                            drawn <- n
                            sent <- s
                        | ValueNone ->
                            for j in chunk.First .. last - 1 do
                                let struct (n, s) = poissonSpikes p rate times j
                                drawn <- drawn + n
                                sent <- sent + s

                        Threading.Interlocked.Add(&deliveries[0], sent) |> ignore

                        if counting.Contains i then
                            Threading.Interlocked.Add(&poissonCount[p.Source], drawn) |> ignore
                    | _ -> ()

        let populationIndex = work |> Array.map (fun (r, _) -> Array.IndexOf(running, r))

        // mine[w][r]: the chunks of population r that worker w runs, in neuron order.
        let mine =
            assigned
            |> Array.map (fun chunks ->
                running
                |> Array.mapi (fun r _ ->
                    chunks
                    |> Array.filter (fun i -> populationIndex[i] = r)
                    |> Array.map (fun i -> snd work[i])
                    |> Array.sortBy (fun c -> c.First)))

        // One spike onto a worker's chunks of one population.
        let onto (projections: Wired[]) (chunks: PopulationEngine.Chunk[]) (earliest: int) (spike: SpikeEvent) =
            let mutable sent = 0L

            for c in chunks do
                sent <- sent + through projections earliest spike c.First (c.First + c.Size)

            sent

        // The collected spikes onto the chunks worker w runs, in the fixed order (population, group, spike, then the
        // chunks and projections), so each target's arrivals come in the order a serial delivery would give them,
        // for any number of workers. Spike by spike, each synapse row is walked once per worker and window; chunk by
        // chunk, a window's rows were read again for every chunk, after they had left the cache.
        let deliverAll (w: int) (earliest: int) =
            let mutable sent = 0L

            for r in 0 .. running.Length - 1 do
                let chunks = mine[w][r]

                for g in 0 .. groups.Length - 1 do
                    let projections = into[r][g]

                    if chunks.Length > 0 && projections.Length > 0 then
                        match snd groups[g], neuronsOf[g] with
                        | Sources(_, events), _ ->
                            for i in sourceFrom[g] .. sourceNext[g] - 1 do
                                sent <- sent + onto projections chunks earliest events[i]
                        | Neurons _, Some source ->
                            for c in 0 .. source.Chunks.Length - 1 do
                                let items = source.Chunks[c].Spikes.Items

                                for i in source.Delivered[c] .. source.Pending[c] - 1 do
                                    sent <- sent + onto projections chunks earliest items[i]
                        | Poisson _, _ when onWorkers[g] -> ()
                        | Poisson _, _ ->
                            for spike in drawn[g] do
                                sent <- sent + onto projections chunks earliest spike
                        | Neurons _, None -> invalidOp "every population is running"

            Threading.Interlocked.Add(&deliveries[0], sent) |> ignore

        let runWindow (w: int) =
            try
                deliverAll w k0

                for i in assigned[w] do
                    let r, chunk = work[i]
                    poissonOnto populationIndex[i] chunk
                    let mutable k = k0

                    while k < k1 && chunk.Divergence.IsNone do
                        if r.Queues.Length > 0 then
                            let queue = r.Queues[chunk.First / r.Setup.ChunkSize][k % slots]
                            chunk.Step(k, queue)
                            queue.Clear()
                        else
                            for v in 0 .. r.Buffers.Length - 1 do
                                chunk.Jump(k, r.Variables[v], r.Buffers[v][k % slots])

                            chunk.Step k

                        k <- k + 1
            with e ->
                failures.Enqueue e

        let next () =
            k1 <- min steps (k0 + window)

            stop <-
                k0 >= steps
                || diverged ()
                || not failures.IsEmpty
                || control.Cancellation.IsCancellationRequested

        next ()

        let threads =
            Array.init (workers - 1) (fun w ->
                let thread =
                    Threading.Thread(
                        (fun () ->
                            while not stop do
                                runWindow (w + 1)
                                barrier.SignalAndWait()
                                barrier.SignalAndWait()),
                        IsBackground = true
                    )

                thread.Start()
                thread)

        while not stop do
            runWindow 0
            barrier.SignalAndWait()

            if failures.IsEmpty then
                collect k1
                k0 <- k1
                control.Progress(float k0 / float steps)

            next ()
            barrier.SignalAndWait()

        for t in threads do
            t.Join()

        match failures.TryPeek() with
        | true, e -> Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw()
        | _ -> ()

        control.Cancellation.ThrowIfCancellationRequested()

        let populations =
            running
            |> Array.map (fun r -> r.Name, r.Finish(PopulationEngine.collect r.Setup r.Chunks Population.spikeOf))
            |> Map.ofArray

        let poisson =
            groups
            |> Array.indexed
            |> Array.choose (fun (g, (name, group)) ->
                match group with
                | Poisson _ -> Some(name, poissonCount[g])
                | _ -> None)
            |> Map.ofArray

        populations, deliveries[0], poisson
