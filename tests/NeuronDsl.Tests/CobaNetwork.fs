/// The COBA benchmark network (Brette et al. 2007, benchmark 1, after Vogels & Abbott 2005): 4000 conductance-based
/// LIF neurons (the zoo's model: C = 200 pF, τm = 20 ms, E_L = V_reset = −60 mV, V_th = −50 mV, t_ref = 5 ms,
/// E_e = 0, E_i = −80 mV, τe = 5 ms, τi = 10 ms), 3200 excitatory and 800 inhibitory, each ordered pair connected with
/// probability 2 % (no autapses), Δg_e = 6 nS and Δg_i = 67 nS, delay one step (0.1 ms). Initial state as in Brian2's
/// example of the benchmark: V ~ N(−65, 5²) mV, g_e ~ N(40, 15²) nS, g_i ~ N(200, 120²) nS (conductances clipped at
/// 0), which starts self-sustained activity without external input.
module NeuronDsl.Benchmarks.CobaNetwork

open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models

/// The excitatory or inhibitory population: n cells, initial values from the seed's stream (draws offset by first).
let private group (seed: uint32) (first: int) (n: int) (parallelism: int) =
    let stream = RandomStream.create seed 1000u

    let draw (draw: int) (mean: float) (sd: float) =
        Array.init n (fun i -> mean + sd * RandomStream.normal (first + i) 0L draw stream)

    Population.create ConductanceBasedLeakyIntegrateAndFire.model n
    |> Population.withInitial "V" (Values.perNeuron (draw 0 -65.0 5.0))
    |> Population.withInitial "g_e" (Values.perNeuron (draw 1 40.0 15.0 |> Array.map (max 0.0)))
    |> Population.withInitial "g_i" (Values.perNeuron (draw 2 200.0 120.0 |> Array.map (max 0.0)))
    |> Population.withParallelism parallelism

let private synapses (autapses: Autapses) (weight: float<nS>) : SynapseSpec<nS> =
    { Connector = Connector.FixedProbability(0.02, autapses)
      Weights = SynapseValues.Constant weight
      Delays = SynapseValues.Constant 0.1<ms> }

/// The network for a seed, its populations on at most <c>parallelism</c> threads.
let create (seed: uint32) (parallelism: int) =
    Network.create seed
    |> Network.withPopulation "excitatory" (group seed 0 3200 parallelism)
    |> Network.withPopulation "inhibitory" (group seed 3200 800 parallelism)
    |> Network.withProjection "excitatory" "excitatory" "g_e" (synapses Autapses.Excluded 6.0<nS>)
    |> Network.withProjection "excitatory" "inhibitory" "g_e" (synapses Autapses.Allowed 6.0<nS>)
    |> Network.withProjection "inhibitory" "excitatory" "g_i" (synapses Autapses.Allowed 67.0<nS>)
    |> Network.withProjection "inhibitory" "inhibitory" "g_i" (synapses Autapses.Excluded 67.0<nS>)
