namespace NeuronDsl

open NeuronDsl.Units

/// <summary>
/// Homogeneous Poisson spike trains in continuous time, generated window by window from a <c>RandomStream</c>.
/// In window w = [w·L, (w + 1)·L) source i's spikes are w·L + (E0 + E1 + … + Ek)/rate for every partial sum below
/// L, with E0, E1, … the standard exponential draws 0, 1, … at neuron i and step w. This is exact: the first event
/// of a Poisson process after any fixed time is exponential (memorylessness), and its restrictions to disjoint
/// windows are independent, so generating each window afresh gives the same process as one long sequence of
/// intervals, while any window can be computed alone, by any thread, in any order. Spike times stay off the grid,
/// for an engine that locates spikes inside steps; per-step Bernoulli draws would round them to the grid and
/// allow at most one spike per step.
/// </summary>
[<RequireQualifiedAccess>]
module PoissonSource =
    let private check (rate: float<1 / ms>) (windowLength: float<ms>) (window: int64) (source: int) =
        if not (float rate >= 0.0 && System.Double.IsFinite(float rate)) then
            invalidArg "rate" (sprintf "rate = %g /ms; expected a finite rate >= 0" (float rate))

        if not (float windowLength > 0.0 && System.Double.IsFinite(float windowLength)) then
            invalidArg "windowLength" (sprintf "windowLength = %g ms; expected > 0" (float windowLength))

        if window < 0L || window > RandomStream.MaxStep then
            invalidArg "window" (sprintf "window = %d; expected 0 to %d" window RandomStream.MaxStep)

        if source < 0 then
            invalidArg "source" (sprintf "source = %d; expected >= 0" source)

    /// <summary>The spike times of one source in one window, increasing, all in [w·L, (w + 1)·L) as computed in
    /// floating point (so consecutive windows never share a spike), into a list that is cleared first (so that an
    /// engine drawing window after window allocates nothing).</summary>
    /// <param name="into">The list to fill.</param>
    /// <param name="rate">The firing rate, per ms, ≥ 0.</param>
    /// <param name="windowLength">The window length L, ms, &gt; 0 (a step or a minimum-delay window).</param>
    /// <param name="window">The window index w, 0 to <c>RandomStream.MaxStep</c> (the stream step).</param>
    /// <param name="source">The source index (the stream neuron), ≥ 0.</param>
    /// <param name="stream">The stream.</param>
    /// <exception cref="System.ArgumentException">A rate or window length is invalid, or an index is out of
    /// range.</exception>
    let fillWindow
        (into: ResizeArray<float<ms>>)
        (rate: float<1 / ms>)
        (windowLength: float<ms>)
        (window: int64)
        (source: int)
        (stream: RandomStream)
        =
        check rate windowLength window source
        into.Clear()
        // Both ends computed the same way in every window, so consecutive windows share their boundary exactly.
        let start = float window * windowLength
        let stop = float (window + 1L) * windowLength
        let mutable offset = 0.0<ms>
        let mutable draw = 0

        if rate > 0.0<1 / ms> then
            offset <- RandomStream.exponentialAt stream source window draw / rate

            while start + offset < stop do
                into.Add(start + offset)
                draw <- draw + 1
                offset <- offset + RandomStream.exponentialAt stream source window draw / rate

    /// <summary>The spike times of one source in one window, increasing (as <c>fillWindow</c>).</summary>
    /// <param name="rate">The firing rate, per ms, ≥ 0.</param>
    /// <param name="windowLength">The window length L, ms, &gt; 0.</param>
    /// <param name="window">The window index w, 0 to <c>RandomStream.MaxStep</c>.</param>
    /// <param name="source">The source index, ≥ 0.</param>
    /// <param name="stream">The stream.</param>
    /// <returns>The spike times, ms.</returns>
    /// <exception cref="System.ArgumentException">An argument is invalid.</exception>
    let spikesInWindow
        (rate: float<1 / ms>)
        (windowLength: float<ms>)
        (window: int64)
        (source: int)
        (stream: RandomStream)
        : float<ms>[] =
        let spikes = ResizeArray<float<ms>>()
        fillWindow spikes rate windowLength window source stream
        spikes.ToArray()

    /// <summary>The spike times of one source from 0 to <c>duration</c>: the windows 0, 1, … that cover it,
    /// concatenated, keeping times below <c>duration</c>.</summary>
    /// <param name="rate">The firing rate, per ms, ≥ 0.</param>
    /// <param name="windowLength">The window length, ms, &gt; 0; the process does not depend on it in distribution,
    /// but the numbers drawn do.</param>
    /// <param name="duration">The end of the train, ms, ≥ 0.</param>
    /// <param name="source">The source index, ≥ 0.</param>
    /// <param name="stream">The stream.</param>
    /// <returns>The spike times, ms, increasing.</returns>
    /// <exception cref="System.ArgumentException">An argument is invalid.</exception>
    /// <example>
    /// <code>
    /// PoissonSource.spikeTrain 0.0&lt;1/ms&gt; 1.0&lt;ms&gt; 100.0&lt;ms&gt; 0 (RandomStream.create 1u 0u)
    /// // evaluates to [||]
    /// </code>
    /// </example>
    let spikeTrain (rate: float<1 / ms>) (windowLength: float<ms>) (duration: float<ms>) source stream =
        if not (float duration >= 0.0 && System.Double.IsFinite(float duration)) then
            invalidArg "duration" (sprintf "duration = %g ms; expected a finite duration >= 0" (float duration))

        check rate windowLength 0L source
        let windows = int64 (ceil (duration / windowLength))

        [| for w in 0L .. windows - 1L do
               yield! spikesInWindow rate windowLength w source stream |]
        |> Array.filter (fun t -> t < duration)
