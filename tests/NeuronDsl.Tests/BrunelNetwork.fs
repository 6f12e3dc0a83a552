/// Brunel (2000), model A: N_E excitatory and N_I = N_E/4 inhibitory LIF neurons (τ = 20 ms, θ = 20 mV, V_r = 10 mV,
/// t_ref = 2 ms, potentials from rest), each receiving C_E = ε N_E excitatory and C_I = ε N_I inhibitory delta
/// synapses (V += J, −gJ) with delay D = 1.5 ms, and C_E external Poisson inputs at ν_ext = η ν_thr each, modelled as
/// one source per neuron at C_E ν_ext. The published network is N_E = 10 000, ε = 0.1, J = 0.1 mV; `scale` divides
/// N_E and C_E and multiplies J, keeping ε, C_E J (so ν_thr = θ/(C_E J τ) = 10 Hz) and the regime's (g, η).
module NeuronDsl.Tests.BrunelNetwork

open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models

/// The network's numbers for a scale: (N_E, N_I, C_E, C_I, J in mV).
let sizes (scale: float) =
    let ne = int (10000.0 / scale)
    let ce = int (1000.0 / scale)
    ne, ne / 4, ce, ce / 4, 0.1 * scale

/// The network for a scale, relative inhibition g, external drive η = ν_ext/ν_thr and seed, delivered on the grid
/// (as Brunel's simulations); initial potentials uniform in [0, θ) from stream 1000 of the seed.
let create (scale: float) (g: float) (eta: float) (seed: uint32) =
    let ne, ni, ce, ci, j = sizes scale
    let threshold = 20.0

    let external =
        float ce * eta * threshold / (j * float ce * 20.0<ms>) * 1000.0<Hz * ms>

    let stream = RandomStream.create seed 1000u

    let population (n: int) (first: int) =
        Population.create LeakyIntegrateAndFire.model n
        |> Population.withParameter "E_L" (Values.shared 0.0)
        |> Population.withParameter "V_th" (Values.shared threshold)
        |> Population.withParameter "V_reset" (Values.shared 10.0)
        |> Population.withParameter "t_ref" (Values.shared 2.0)
        |> Population.withInitial
            "V"
            (Values.perNeuron (Array.init n (fun i -> threshold * RandomStream.uniform (first + i) 0L 0 stream)))

    let synapses (connector: Connector) (weight: float) : SynapseSpec<mV> =
        { Connector = connector
          Weights = SynapseValues.Constant(weight * 1.0<mV>)
          Delays = SynapseValues.Constant 1.5<ms> }

    let inDegree (k: int) (autapses: Autapses) =
        Connector.FixedInDegree(k, autapses, Multapses.Allowed)

    Network.create seed
    |> Network.withDelivery SpikeDelivery.Grid
    |> Network.withPopulation "excitatory" (population ne 0)
    |> Network.withPopulation "inhibitory" (population ni ne)
    |> Network.withPoissonSources "external_e" ne external
    |> Network.withPoissonSources "external_i" ni external
    |> Network.withProjection "external_e" "excitatory" "V" (synapses Connector.OneToOne j)
    |> Network.withProjection "external_i" "inhibitory" "V" (synapses Connector.OneToOne j)
    |> Network.withProjection "excitatory" "excitatory" "V" (synapses (inDegree ce Autapses.Excluded) j)
    |> Network.withProjection "excitatory" "inhibitory" "V" (synapses (inDegree ce Autapses.Allowed) j)
    |> Network.withProjection "inhibitory" "excitatory" "V" (synapses (inDegree ci Autapses.Allowed) (-g * j))
    |> Network.withProjection "inhibitory" "inhibitory" "V" (synapses (inDegree ci Autapses.Excluded) (-g * j))
