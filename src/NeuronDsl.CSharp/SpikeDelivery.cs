namespace NeuronDsl.CSharp;

/// <summary>When a spike reaches its target, a synaptic delay d after the spike at t_s.</summary>
public enum SpikeDelivery
{
    /// <summary>At t_s + d, inside the step (the default): the target is integrated alone up to the arrival, the weight
    /// is added there, and it fires there if that puts it above threshold.</summary>
    Precise,

    /// <summary>At the first step start at or after t_s + d, as grid-based simulators deliver; for comparisons.</summary>
    Grid,
}
