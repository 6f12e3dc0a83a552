namespace NeuronDsl

open System
open System.Threading.Tasks
open NeuronDsl.Units

/// <summary>
/// The network engine: every population's chunks advance together in windows of the minimum delay (in steps), inside
/// which neurons are independent and run in parallel, as NEST does. After each window the window's spikes are
/// delivered, in a fixed order (group, chunk, spike, synapse), into per-target ring buffers of increments, one per
/// step and targeted variable; at the start of step k each chunk adds the increments due then to its neurons.
/// </summary>
/// <remarks>
/// Delivery is on the grid: a spike at t_s through a synapse of delay d arrives at the first step start t_k ≥ t_s + d
/// (within 1e-9 steps), so delays must be at least one step. Increments are summed in the fixed order, so results are
/// bit-identical for any number of threads and chunk size. A clamped state (<c>unless refractory</c>) ignores
/// increments while its neuron is refractory, as NEST's models discard input during the refractory period; a neuron
/// that an increment puts above threshold fires at t_k and is reset. A state monitor's sample at t_k is the state
/// before that step's arrivals (the left limit).
/// </remarks>
module internal NetworkEngine =
    /// <summary>A population in a run, and its ring buffers: buffers[v][slot][neuron] for each targeted variable v.</summary>
    type private Running =
        {
            Name: string
            Setup: EngineSetup
            Chunks: PopulationEngine.Chunk[]
            Finish: SpikeEvent[] * Divergence option * int -> PopulationSolution
            /// <summary>Per chunk, how many of its spikes were delivered.</summary>
            Delivered: int[]
            Variables: int[]
            Buffers: float[][][]
        }

    /// <summary>A projection with its synapses built and its target's buffers.</summary>
    type private Wired =
        { Source: int
          Connectivity: Connectivity
          Weight: int -> float
          Delay: int -> float
          Buffer: float[][] }

    let private slotsFor (dt: float) (longest: float) =
        int (Math.Ceiling(longest / dt + 1e-9)) + 2

    /// <summary>Runs the network: its groups and projections for a duration with a fixed-step solver.</summary>
    let run (control: PopulationRunControl) (solver: Solver) (duration: float<ms>) (network: Network) =
        let dt = float solver.Step
        let groups = network.Groups |> Array.ofList

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

        let smallest = built |> Array.fold (fun m (_, (_, _, _, d)) -> min m d) infinity

        if smallest < dt * (1.0 - 1e-9) then
            invalidArg
                "network"
                (sprintf
                    "the shortest synaptic delay is %g ms, shorter than the step %g ms; delivery on the grid needs delays of at least one step"
                    smallest
                    dt)

        let longest =
            built
            |> Array.fold
                (fun m (_, (c: Connectivity, _, delay, _)) -> Seq.init c.TargetIndices.Length delay |> Seq.fold max m)
                0.0

        let slots = slotsFor dt longest

        let running =
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

                    Some
                        { Name = name
                          Setup = setup
                          Chunks = chunks
                          Finish = finish
                          Delivered = Array.zeroCreate chunks.Length
                          Variables = variables
                          Buffers =
                            variables
                            |> Array.map (fun _ -> Array.init slots (fun _ -> Array.zeroCreate<float> setup.Padded)) })

        let populationOf name =
            running |> Array.find (fun r -> r.Name = name)

        let wired =
            built
            |> Array.map (fun (p, (connectivity, weight, delay, _)) ->
                let target = populationOf p.Target
                let states = groups |> Array.find (fun (n, _) -> n = p.Target) |> snd

                let variable =
                    match states with
                    | Neurons(_, names, _) -> Array.findIndex ((=) p.Variable) names
                    | Sources _
                    | Poisson _ -> invalidOp "a projection's target is a population"

                { Source = groups |> Array.findIndex (fun (n, _) -> n = p.Source)
                  Connectivity = connectivity
                  Weight = weight
                  Delay = delay
                  Buffer = target.Buffers[Array.findIndex ((=) variable) target.Variables] })

        let steps = PopulationEngine.stepCount dt (float duration)

        let window =
            if wired.Length = 0 then
                steps
            else
                max 1 (int (Math.Floor(smallest / dt + 1e-9)))

        let parallelism =
            running
            |> Array.fold (fun m r -> min m r.Setup.Parallelism) Environment.ProcessorCount

        let options =
            ParallelOptions(MaxDegreeOfParallelism = parallelism, CancellationToken = control.Cancellation)

        let work = running |> Array.collect (fun r -> r.Chunks |> Array.map (fun c -> r, c))

        Parallel.For(0, work.Length, options, (fun w -> (snd work[w]).Start()))
        |> ignore

        let sourceNext = Array.zeroCreate<int> groups.Length
        let poissonNext = Array.zeroCreate<int64> groups.Length
        let poissonCount = Array.zeroCreate<int64> groups.Length
        let mutable deliveries = 0L

        let outgoing =
            Array.init groups.Length (fun g -> wired |> Array.filter (fun p -> p.Source = g))

        let neuronsOf =
            groups
            |> Array.map (fun (name, _) -> running |> Array.tryFind (fun r -> r.Name = name))

        // One spike through every synapse of its neuron in each outgoing projection, into the ring buffers.
        let send (next: int) (projections: Wired[]) (spike: SpikeEvent) =
            for p in projections do
                let c = p.Connectivity

                for s in c.RowOffsets[spike.Neuron] .. c.RowOffsets[spike.Neuron + 1] - 1 do
                    let arrival = int (Math.Ceiling((spike.Time + p.Delay s) / dt - 1e-9))
                    let k = max next arrival

                    if k < steps then
                        let slot = p.Buffer[k % slots]
                        let j = c.TargetIndices[s]
                        slot[j] <- slot[j] + p.Weight s
                        deliveries <- deliveries + 1L

        // The spikes of each group since the last delivery, up to the start of step `next`, in a fixed order
        // (group, chunk, position), each sent through its outgoing projections.
        let deliver (next: int) =
            let until = PopulationEngine.time running[0].Setup next

            for g in 0 .. groups.Length - 1 do
                let projections = outgoing[g]

                match snd groups[g], neuronsOf[g] with
                | Sources(_, events), _ ->
                    while sourceNext[g] < events.Length && events[sourceNext[g]].Time <= until do
                        if projections.Length > 0 then
                            send next projections events[sourceNext[g]]

                        sourceNext[g] <- sourceNext[g] + 1
                | Neurons _, Some r ->
                    for c in 0 .. r.Chunks.Length - 1 do
                        let list = r.Chunks[c].Spikes

                        if projections.Length > 0 then
                            for s in r.Delivered[c] .. list.Count - 1 do
                                send next projections list.Items[s]

                        r.Delivered[c] <- list.Count
                | Poisson(count, rate), _ ->
                    // Window w of the network (steps w·W to (w + 1)·W) is window w of the Poisson process, with the
                    // stream of the group (numbers above those of projections' streams).
                    let length = float window * dt * 1.0<ms>
                    let stream = RandomStream.create network.Seed (0x80000000u + uint32 g)

                    while poissonNext[g] * int64 window < int64 next do
                        for source in 0 .. count - 1 do
                            for t in PoissonSource.spikesInWindow rate length poissonNext[g] source stream do
                                if t < duration then
                                    poissonCount[g] <- poissonCount[g] + 1L

                                    if projections.Length > 0 then
                                        send next projections { Time = float t; Neuron = source }

                        poissonNext[g] <- poissonNext[g] + 1L
                | Neurons _, None -> invalidOp "every population is running"

        let diverged () =
            running
            |> Array.exists (fun r -> r.Chunks |> Array.exists (fun c -> c.Divergence.IsSome))

        let mutable k0 = 0

        // Spikes at t = 0 (neurons above threshold, sources) are delivered before the first step.
        if not (Array.isEmpty running) then
            deliver 0

        while k0 < steps && not (diverged ()) do
            let k1 = min steps (k0 + window)

            Parallel.For(
                0,
                work.Length,
                options,
                fun w ->
                    let r, chunk = work[w]
                    let mutable k = k0

                    while k < k1 && chunk.Divergence.IsNone do
                        for v in 0 .. r.Variables.Length - 1 do
                            chunk.Jump(k, r.Variables[v], r.Buffers[v][k % slots])

                        chunk.Step k
                        k <- k + 1
            )
            |> ignore

            deliver k1
            k0 <- k1
            control.Progress(float k0 / float steps)

        let populations =
            running
            |> Array.map (fun r -> r.Name, r.Finish(PopulationEngine.collect r.Setup r.Chunks))
            |> Map.ofArray

        let poisson =
            groups
            |> Array.indexed
            |> Array.choose (fun (g, (name, group)) ->
                match group with
                | Poisson _ -> Some(name, poissonCount[g])
                | _ -> None)
            |> Map.ofArray

        populations, deliveries, poisson
