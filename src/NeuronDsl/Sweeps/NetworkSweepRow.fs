namespace NeuronDsl

/// <summary>
/// One run of a network sweep: its index, its value on each axis, how it ended, each population's and spike-train
/// group's statistics (in the network's group order) and the synaptic events delivered. A run refused at its point
/// (the network function or the run rejects its values) has no statistics; a population that diverged gives the run
/// that status, with statistics of the spikes before it stopped.
/// </summary>
[<NoComparison>]
type NetworkSweepRow =
    {
        /// <summary>The run's index (see <c>NetworkSweep</c> for the order).</summary>
        Index: int
        /// <summary>The run's value on each axis, in axis order.</summary>
        Point: float[]
        /// <summary>How the run ended.</summary>
        Status: SweepRunStatus
        /// <summary>One line: "completed", or what went wrong.</summary>
        Message: string
        /// <summary>Each kept group's statistics, in the network's group order; empty when the run was refused.</summary>
        Groups: GroupStatistics[]
        /// <summary>Synaptic events delivered; 0 when the run was refused.</summary>
        Deliveries: int64
    }
