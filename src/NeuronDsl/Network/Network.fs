namespace NeuronDsl

open System
open NeuronDsl.Units

/// <summary>Building and running networks.</summary>
[<RequireQualifiedAccess; CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module Network =
    /// <summary>A network with no groups; its projections draw their random numbers from streams of this seed.
    /// Spikes are delivered at their precise arrival times (<c>SpikeDelivery.Precise</c>).</summary>
    /// <example><c>Network.create 1u</c> // evaluates to an empty network</example>
    let create (seed: uint32) : Network =
        { Groups = []
          Projections = []
          Seed = seed
          Delivery = SpikeDelivery.Precise }

    /// <summary>Sets when spikes reach their targets: at spike time + delay inside the step (<c>Precise</c>, the
    /// default) or at the next step start (<c>Grid</c>, as grid-based simulators do).</summary>
    /// <example><c>Network.create 1u |> Network.withDelivery SpikeDelivery.Grid</c></example>
    let withDelivery (delivery: SpikeDelivery) (network: Network) : Network = { network with Delivery = delivery }

    let private checkName (name: string) (network: Network) =
        if String.IsNullOrWhiteSpace name then
            invalidArg "name" "a group needs a name; got an empty one"

        if network.Groups |> List.exists (fun (n, _) -> n = name) then
            invalidArg "name" (sprintf "a group named '%s' is already in the network" name)

    /// <summary>Adds a population under a name.</summary>
    /// <exception cref="System.ArgumentException">The name is empty or already used.</exception>
    let withPopulation (name: string) (population: Population<'I>) (network: Network) : Network =
        checkName name network

        let states =
            population.Model.Equations
            |> Option.map (fun m -> m.States |> Array.map (fun s -> s.Name))
            |> Option.defaultValue [||]

        // The population's noise currents draw from the network's seed, in a stream of the group's position.
        let noiseStream = Noise.stream network.Seed network.Groups.Length

        let prepare control solver duration =
            Population.prepare noiseStream control solver duration population

        { network with
            Groups = network.Groups @ [ name, Neurons(population.Count, states, prepare) ] }

    /// <summary>Adds spike sources: <c>count</c> neurons that fire at the given (neuron, time) pairs.</summary>
    /// <exception cref="System.ArgumentException">The name is empty or used, count &lt; 1, a neuron outside
    /// [0, count), or a time that is negative or not finite.</exception>
    let withSpikeTrains (name: string) (count: int) (spikes: (int * float<ms>) seq) (network: Network) : Network =
        checkName name network

        if count < 1 then
            invalidArg "count" (sprintf "count = %d; expected >= 1 source" count)

        let events =
            spikes
            |> Seq.map (fun (neuron, time) ->
                if neuron < 0 || neuron >= count then
                    invalidArg "spikes" (sprintf "%s: neuron %d; expected 0 to %d" name neuron (count - 1))

                if not (Double.IsFinite(float time)) || time < 0.0<ms> then
                    invalidArg "spikes" (sprintf "%s: time %g ms; expected a finite time >= 0 ms" name (float time))

                ({ Time = float time; Neuron = neuron }: SpikeEvent))
            |> Array.ofSeq
            |> Array.sortWith (fun a b -> compare (a.Time, a.Neuron) (b.Time, b.Neuron))

        { network with
            Groups = network.Groups @ [ name, Sources(count, events) ] }

    /// <summary>Adds <c>count</c> independent Poisson sources firing at <c>rate</c> each, in continuous time (spike
    /// times off the grid), drawn window by window from the network's seed (<c>PoissonSource</c>): the same seed gives
    /// the same spikes for any number of threads. Their spikes are delivered, counted, not kept.</summary>
    /// <exception cref="System.ArgumentException">The name is empty or used, count &lt; 1, or a rate that is
    /// negative or not finite.</exception>
    let withPoissonSources (name: string) (count: int) (rate: float<Hz>) (network: Network) : Network =
        checkName name network

        if count < 1 then
            invalidArg "count" (sprintf "count = %d; expected >= 1 source" count)

        if not (Double.IsFinite(float rate)) || rate < 0.0<Hz> then
            invalidArg "rate" (sprintf "%s: rate = %g Hz; expected a finite rate >= 0 Hz" name (float rate))

        { network with
            Groups = network.Groups @ [ name, Poisson(count, rate / 1000.0<Hz * ms>) ] }

    /// <summary>Connects group <c>source</c> to population <c>target</c>: each spike of a source neuron adds each of
    /// its synapses' weight to state <c>variable</c> of the synapse's target neuron, a delay later. Weights are in
    /// the variable's unit; delays in ms, at least one step of the solver.</summary>
    /// <exception cref="System.ArgumentException">Unknown groups, a target that is not a population, or a variable
    /// the target's model does not have.</exception>
    let withProjection
        (source: string)
        (target: string)
        (variable: string)
        (synapses: SynapseSpec<'W>)
        (network: Network)
        : Network =
        let find (role: string) (name: string) =
            match network.Groups |> List.tryFind (fun (n, _) -> n = name) with
            | Some(_, g) -> g
            | None ->
                let known = network.Groups |> List.map fst |> String.concat ", "
                invalidArg role (sprintf "%s = '%s'; expected one of the network's groups: %s" role name known)

        find "source" source |> ignore

        match find "target" target with
        | Sources _
        | Poisson _ -> invalidArg "target" (sprintf "target = '%s' is a spike source; expected a population" target)
        | Neurons(_, states, _) when not (Array.contains variable states) ->
            invalidArg
                "variable"
                (sprintf "variable = '%s'; expected a state of %s: %s" variable target (String.concat ", " states))
        | Neurons _ -> ()

        let build presynaptic postsynaptic stream =
            let built = Synapses.build presynaptic postsynaptic stream synapses

            // Units of measure are erased at run time: float<'u>[] is float[].
            let column (c: SynapseColumn<'u>) : float * float[] =
                match c with
                | SynapseColumn.Shared v -> float v, null
                | SynapseColumn.PerSynapse values -> nan, unbox<float[]>(box values)

            let weight, weights = column built.Weights
            let delay, delays = column built.Delays
            let all = if isNull delays then [| delay |] else delays

            { Connectivity = built.Connectivity
              Weights = weights
              Weight = weight
              Delays = delays
              Delay = delay
              Shortest = (if all.Length = 0 then infinity else Array.min all)
              Longest = (if all.Length = 0 then 0.0 else Array.max all) }

        { network with
            Projections =
                network.Projections
                @ [ { Source = source
                      Target = target
                      Variable = variable
                      Build = build } ] }

    /// <summary>
    /// Runs a network for a duration with one fixed-step solver for all its populations (exact, rk4 or
    /// exponential-euler): populations advance together in windows of the shortest delay, spikes are delivered after
    /// their delays, at their arrival times or on the grid (<c>withDelivery</c>; see the remarks of the engine:
    /// increments applied in a fixed order, so results are bit-identical for any number of threads).
    /// </summary>
    /// <param name="control">Cancellation and progress (fraction of the steps done, once per window).</param>
    /// <param name="solver">A fixed-step solver; its step is the network's.</param>
    /// <param name="duration">Simulated time in ms, &gt; 0.</param>
    /// <param name="network">The network.</param>
    /// <returns>Each population's solution, every spike of every group sorted by time, and the deliveries.</returns>
    /// <exception cref="System.ArgumentException">A delay shorter than the step, delay ring buffers or a window of
    /// Poisson spike times that cannot fit in memory, or what <c>Population.run</c> refuses.</exception>
    /// <exception cref="System.OperationCanceledException">The control's token was cancelled.</exception>
    let runWith
        (control: PopulationRunControl)
        (solver: Solver)
        (duration: float<ms>)
        (network: Network)
        : NetworkSolution =
        let populations, deliveries, poisson =
            NetworkEngine.run control solver duration network

        let byGroup =
            network.Groups
            |> List.map (fun (name, group) ->
                match group with
                | Sources(_, events) ->
                    events
                    |> Array.filter (fun e -> e.Time <= float duration)
                    |> Array.map (fun e ->
                        { Group = name
                          Neuron = e.Neuron
                          Time = LanguagePrimitives.FloatWithMeasure e.Time })
                | Poisson _ -> [||]
                | Neurons _ ->
                    populations[name].Spikes
                    |> Array.map (fun s ->
                        { Group = name
                          Neuron = s.Neuron
                          Time = s.Time }))
            |> Array.ofList

        let spikes = NetworkSpikes.mergeByTime byGroup

        { Populations = populations
          Spikes = spikes
          PoissonSpikes = poisson
          Deliveries = deliveries }

    /// <summary><c>runWith PopulationRunControl.None</c>.</summary>
    let run (solver: Solver) (duration: float<ms>) (network: Network) : NetworkSolution =
        runWith PopulationRunControl.None solver duration network
