namespace NeuronDsl

open System
open NeuronDsl.Units

/// <summary>A spike of a network group: the group's name, the neuron's index in it and the time.</summary>
[<Struct>]
type NetworkSpike =
    {
        /// <summary>The group (population or spike source) the neuron belongs to.</summary>
        Group: string
        /// <summary>Index of the neuron in its group, from 0.</summary>
        Neuron: int
        /// <summary>Spike time in ms.</summary>
        Time: float<ms>
    }

/// <summary>A group of a network: a population of neurons, sources that fire at given times, or Poisson
/// sources.</summary>
[<NoEquality; NoComparison>]
type NetworkGroup =
    internal
    | Neurons of
        Count: int *
        States: string[] *
        Prepare:
            (PopulationRunControl
                -> Solver
                -> float<ms>
                -> EngineSetup * (PopulationSpike[] * Divergence option * int -> PopulationSolution))
    | Sources of Count: int * Spikes: SpikeEvent[]
    | Poisson of Count: int * Rate: float<1 / ms>

/// <summary>A projection's synapses once built, as the engine reads them: weights and delays as one shared value
/// (the array null) or one per synapse in CSR order.</summary>
[<NoEquality; NoComparison>]
type internal BuiltSynapses =
    { Connectivity: Connectivity
      Weights: float[]
      Weight: float
      Delays: float[]
      Delay: float
      Shortest: float
      Longest: float }

    /// <summary>The weight of synapse s (CSR order).</summary>
    member b.WeightOf(s: int) =
        if isNull b.Weights then b.Weight else b.Weights[s]

    /// <summary>The delay of synapse s (CSR order), ms.</summary>
    member b.DelayOf(s: int) =
        if isNull b.Delays then b.Delay else b.Delays[s]

/// <summary>What a presynaptic spike does: add the synapse's weight to a state variable of its target, after the
/// synapse's delay (for example <c>ge += w</c> onto a conductance, or <c>V += w</c> onto a membrane potential).</summary>
[<NoEquality; NoComparison>]
type Projection =
    internal
        {
            Source: string
            Target: string
            /// <summary>The target's state that each spike increments, by the weight (in that state's unit).</summary>
            Variable: string
            /// <summary>Builds the synapses for (presynaptic count, postsynaptic count, stream).</summary>
            Build: int -> int -> RandomStream -> BuiltSynapses
        }

/// <summary>When a spike reaches its target, a synaptic delay d after the spike at t_s.</summary>
[<RequireQualifiedAccess>]
type SpikeDelivery =
    /// <summary>At t_s + d, inside the step (the default): the target is integrated alone up to the arrival, the
    /// weight is added there, and it fires there if that puts it above threshold, as NEST's precise-timing models
    /// do. Arrival times within 1e-9 steps of a step start are that step start.</summary>
    | Precise
    /// <summary>At the first step start at or after t_s + d (within 1e-9 steps), as grid-based simulators (Brian2,
    /// NEST's grid models) deliver; for comparisons.</summary>
    | Grid

/// <summary>
/// A network: named groups (populations and spike sources) and projections between them, with one seed for all its
/// randomness. Construction is pure; <c>Network.run</c> simulates it.
/// </summary>
[<NoEquality; NoComparison>]
type Network =
    internal
        { Groups: (string * NetworkGroup) list
          Projections: Projection list
          Seed: uint32
          Delivery: SpikeDelivery }

/// <summary>How a network run ended, and what each group did.</summary>
[<NoEquality; NoComparison>]
type NetworkSolution =
    {
        /// <summary>Each population's solution (spikes, monitors, status), by group name.</summary>
        Populations: Map<string, PopulationSolution>
        /// <summary>Every spike of every population and spike-train group, sorted by time, then group order, then
        /// neuron (Poisson sources' spikes are delivered but not kept: see <c>PoissonSpikes</c>).</summary>
        Spikes: NetworkSpike[]
        /// <summary>Spikes of each Poisson group, counted.</summary>
        PoissonSpikes: Map<string, int64>
        /// <summary>Synaptic events delivered (one per synapse per presynaptic spike).</summary>
        Deliveries: int64
    }

/// <summary>The one rule on delays: at least one step (within 1e-9 of a step, for delays written as the step
/// itself), so that a window of the shortest delay is at least a step and a spike never arrives in the window that
/// sent it.</summary>
[<RequireQualifiedAccess>]
module NetworkDelay =
    /// <summary>Whether a delay (ms) can be delivered on a grid of step dt (ms).</summary>
    /// <example><c>NetworkDelay.fits 0.1 0.1</c> // evaluates to true</example>
    let fits (dt: float) (delay: float) = delay >= dt * (1.0 - 1e-9)
