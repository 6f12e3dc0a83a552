namespace NeuronDsl

open System
open System.Collections.Generic
open NeuronDsl.Units

/// <summary>
/// Summaries of one neuron's spike train: the steady rate, the mean rate, the first-spike latency and the coefficient
/// of variation of the interspike intervals. The f–I curves of the command line and every sweep row use these rules.
/// </summary>
[<RequireQualifiedAccess>]
module SpikeStatistics =
    /// <summary>How <c>steadyRate</c> is computed, as output files state it.</summary>
    [<Literal>]
    let SteadyRateRule =
        "1000 / mean of the second half of the interspike intervals; 0 with fewer than 2 spikes"

    /// <summary>Why <c>steadyRate</c> leaves out the first half of the intervals, as output files state it.</summary>
    [<Literal>]
    let SteadyRateReason =
        "the onset is not the steady state: the first interval starts from the initial state rather than from the "
        + "reset (and adapting models lengthen their intervals over the first spikes), so mean_rate_hz, which counts "
        + "it, is biased; leaving out the first half of the intervals, however many there are, leaves that transient "
        + "out at any rate, and a lone spike is not a rate"

    /// <summary>How <c>meanRate</c> is computed, as output files state it.</summary>
    [<Literal>]
    let MeanRateRule = "spike_count / the simulated time (end_time_ms), onset included"

    /// <summary>
    /// Steady firing rate: 1000 / the mean of the second half of the interspike intervals (at least one), so a lone
    /// onset spike or a slow first interval does not count as firing; 0 with fewer than two spikes.
    /// </summary>
    /// <param name="spikes">One neuron's spike times in ms, increasing.</param>
    /// <returns>The rate in Hz.</returns>
    /// <example><c>SpikeStatistics.steadyRate [| 1.0&lt;ms&gt;; 11.0&lt;ms&gt;; 16.0&lt;ms&gt; |]</c> // evaluates to 200.0&lt;Hz&gt;</example>
    [<CompiledName("SteadyRate")>]
    let steadyRate (spikes: IReadOnlyList<float<ms>>) : float<Hz> =
        if isNull spikes then
            nullArg "spikes"

        if spikes.Count < 2 then
            0.0<Hz>
        else
            let intervals = spikes.Count - 1
            let first = intervals / 2 // the second half: intervals first .. intervals-1
            let mean = (spikes[spikes.Count - 1] - spikes[first]) / float (intervals - first)
            Unit.millisecondsPerSecond / mean

    /// <summary>Mean firing rate of <paramref name="count"/> spikes over <paramref name="time"/>; 0 when no time
    /// passed.</summary>
    /// <param name="count">Number of spikes.</param>
    /// <param name="time">The simulated time in ms.</param>
    /// <returns>The rate in Hz.</returns>
    /// <example><c>SpikeStatistics.meanRate 10 500.0&lt;ms&gt;</c> // evaluates to 20.0&lt;Hz&gt;</example>
    [<CompiledName("MeanRate")>]
    let meanRate (count: int) (time: float<ms>) : float<Hz> =
        if time > 0.0<ms> then Unit.rate count time else 0.0<Hz>

    /// <summary>The time from the onset of the input to the first spike; NaN without a spike.</summary>
    /// <param name="onset">When the input starts, in ms.</param>
    /// <param name="spikes">Spike times in ms, increasing.</param>
    /// <returns>The latency in ms.</returns>
    /// <example><c>SpikeStatistics.firstSpikeLatency 5.0&lt;ms&gt; [| 12.0&lt;ms&gt; |]</c> // evaluates to 7.0&lt;ms&gt;</example>
    [<CompiledName("FirstSpikeLatency")>]
    let firstSpikeLatency (onset: float<ms>) (spikes: IReadOnlyList<float<ms>>) : float<ms> =
        if spikes.Count = 0 then
            LanguagePrimitives.FloatWithMeasure nan
        else
            spikes[0] - onset

    /// <summary>
    /// Coefficient of variation of the interspike intervals, σ/μ with σ the standard deviation over all intervals
    /// (divided by their number, as Elephant's <c>cv</c>); 0 for a regular train, 1 for a Poisson train. NaN with fewer
    /// than two intervals.
    /// </summary>
    /// <param name="spikes">Spike times in ms, increasing.</param>
    /// <returns>The dimensionless CV.</returns>
    /// <example><c>SpikeStatistics.intervalVariation [| 0.0&lt;ms&gt;; 10.0&lt;ms&gt;; 20.0&lt;ms&gt; |]</c> // evaluates to 0.0</example>
    [<CompiledName("IntervalVariation")>]
    let intervalVariation (spikes: IReadOnlyList<float<ms>>) : float =
        let n = spikes.Count - 1

        if n < 2 then
            nan
        else
            let mean = (spikes[n] - spikes[0]) / float n
            let mutable squares = 0.0<ms^2>

            for k in 1..n do
                let d = spikes[k] - spikes[k - 1] - mean
                squares <- squares + d * d

            sqrt (squares / float n) / mean
