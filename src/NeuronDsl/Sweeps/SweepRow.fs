namespace NeuronDsl

/// <summary>How one run of a sweep ended.</summary>
type SweepRunStatus =
    /// <summary>Reached the duration.</summary>
    | Completed = 0
    /// <summary>A variable became NaN or infinite.</summary>
    | Diverged = 1
    /// <summary>A variable left its physically possible values (the method is unstable at this step).</summary>
    | OutOfBounds = 2
    /// <summary>The adaptive method used its maximum number of steps.</summary>
    | StepLimitReached = 3
    /// <summary>The adaptive method needed a step below its minimum.</summary>
    | StepSizeUnderflow = 4
    /// <summary>The run's values were refused before it started (a parameter out of its range at this point, no
    /// resting state, an initial value outside its bounds).</summary>
    | Rejected = 5
    /// <summary>The model's code threw during the run.</summary>
    | ModelFailed = 6
    /// <summary>The run has no result: each process it was given to was lost while running it (killed, or taken
    /// down by the run itself) or held it past its deadline, until the sweep gave it up. Only a sweep spread over
    /// processes records it (NeuronDsl.Orleans); the message says what happened.</summary>
    | Lost = 7

/// <summary>
/// One run of a sweep: its index, its value on each axis, how it ended and the summary of its spike train. A run
/// that failed is a row like any other, with its status and message; its summary covers the spikes before it stopped.
/// </summary>
[<NoComparison; CustomEquality>]
type SweepRow =
    {
        /// <summary>The run's index (see <c>Sweep</c> for the order).</summary>
        Index: int
        /// <summary>The run's value on each axis, in axis order and each axis's unit.</summary>
        Point: float[]
        /// <summary>How the run ended.</summary>
        Status: SweepRunStatus
        /// <summary>One line: "completed", or what went wrong with its time and values.</summary>
        Message: string
        /// <summary>Number of spikes.</summary>
        SpikeCount: int
        /// <summary>Steady rate in Hz (<c>SpikeStatistics.steadyRate</c>).</summary>
        SteadyRate: float
        /// <summary>Mean rate in Hz over the time simulated (<c>SpikeStatistics.meanRate</c>).</summary>
        MeanRate: float
        /// <summary>First spike's time after the input's onset, ms; NaN without a spike.</summary>
        FirstSpikeLatency: float
        /// <summary>Coefficient of variation of the interspike intervals; NaN with fewer than two intervals.</summary>
        IntervalVariation: float
        /// <summary>The time simulated, ms: the duration unless the run stopped early (0 when rejected).</summary>
        EndTime: float
        /// <summary>The spike times in ms when the sweep keeps them; empty otherwise.</summary>
        Spikes: float[]
    }

    /// <summary>Rows are equal when every field is, numbers bit for bit (NaN equals a NaN of the same bits).</summary>
    override row.Equals(other) =
        let same (a: float) (b: float) =
            System.BitConverter.DoubleToInt64Bits a = System.BitConverter.DoubleToInt64Bits b

        match other with
        | :? SweepRow as o ->
            row.Index = o.Index
            && row.Status = o.Status
            && row.Message = o.Message
            && row.SpikeCount = o.SpikeCount
            && Array.forall2
                same
                [| row.SteadyRate
                   row.MeanRate
                   row.FirstSpikeLatency
                   row.IntervalVariation
                   row.EndTime |]
                [| o.SteadyRate
                   o.MeanRate
                   o.FirstSpikeLatency
                   o.IntervalVariation
                   o.EndTime |]
            && row.Point.Length = o.Point.Length
            && Array.forall2 same row.Point o.Point
            && row.Spikes.Length = o.Spikes.Length
            && Array.forall2 same row.Spikes o.Spikes
        | _ -> false

    override row.GetHashCode() =
        hash (row.Index, row.SpikeCount, row.Message)
