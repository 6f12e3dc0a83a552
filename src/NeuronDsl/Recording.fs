namespace NeuronDsl

open NeuronDsl.Units

/// <summary>Recorded samples of some state variables: <c>Values[k][j]</c> is variable k at <c>Times[j]</c>.</summary>
[<NoEquality; NoComparison>]
type Trace =
    {
        /// <summary>Sample times in ms, increasing.</summary>
        Times: float<ms>[]
        /// <summary>The recorded variables, in the order of <c>Values</c>.</summary>
        Variables: StateVariable list
        /// <summary>One array of samples per recorded variable, each in that variable's unit.</summary>
        Values: float[][]
    }

    /// <summary>The samples of the named variable.</summary>
    /// <exception cref="System.ArgumentException">The variable was not recorded.</exception>
    member this.Item(name: string) : float[] =
        match this.Variables |> List.tryFindIndex (fun v -> v.Name = name) with
        | Some k -> this.Values[k]
        | None ->
            let recorded = this.Variables |> List.map (fun v -> v.Name) |> String.concat ", "
            invalidArg "name" (sprintf "variable '%s' was not recorded; recorded: %s" name recorded)

/// <summary>Callbacks that receive a simulation as it runs, so long runs need not keep everything in memory.</summary>
/// <remarks>
/// The array passed to <c>OnSample</c> holds the recorded variables in order and is reused for the next sample:
/// copy it to keep it.
/// </remarks>
[<NoEquality; NoComparison>]
type SimulationObserver =
    {
        /// <summary>Called with the time (ms) and the recorded variables at each sample.</summary>
        OnSample: float<ms> -> float[] -> unit
        /// <summary>Called with the time (ms) of each spike.</summary>
        OnSpike: float<ms> -> unit
        /// <summary>Called now and then with the simulated time reached (ms).</summary>
        OnProgress: float<ms> -> unit
    }

/// <summary>Observers.</summary>
[<RequireQualifiedAccess>]
module SimulationObserver =
    /// <summary>An observer that ignores everything.</summary>
    let ignore =
        { OnSample = (fun _ _ -> ())
          OnSpike = ignore
          OnProgress = ignore }

/// <summary>Spike trains.</summary>
[<RequireQualifiedAccess>]
module SpikeTrain =
    /// <summary>Intervals between consecutive spikes, in ms.</summary>
    /// <param name="spikes">Spike times in ms, increasing.</param>
    /// <returns>n − 1 intervals for n spikes.</returns>
    /// <example><c>SpikeTrain.intervals [| 1.0&lt;ms&gt;; 4.0&lt;ms&gt; |]</c> // evaluates to [| 3.0&lt;ms&gt; |]</example>
    let intervals (spikes: float<ms>[]) : float<ms>[] =
        if spikes.Length < 2 then
            [||]
        else
            Array.init (spikes.Length - 1) (fun k -> spikes[k + 1] - spikes[k])

    /// <summary>Mean firing rate over a window: count / duration.</summary>
    /// <param name="duration">Window length in ms, &gt; 0.</param>
    /// <param name="spikes">Spike times in the window.</param>
    /// <returns>The rate in Hz.</returns>
    let rate (duration: float<ms>) (spikes: float<ms>[]) : float<Hz> =
        if not (duration > 0.0<ms>) then
            invalidArg "duration" (sprintf "duration = %g ms; expected > 0 ms" (float duration))

        Unit.rate spikes.Length duration

    /// <summary>Steady firing rate from the mean of the last <paramref name="count"/> interspike intervals.</summary>
    /// <param name="count">Number of final intervals to average, ≥ 1.</param>
    /// <param name="spikes">Spike times in ms.</param>
    /// <returns>The rate in Hz, or 0 Hz with fewer than two spikes.</returns>
    let steadyRate (count: int) (spikes: float<ms>[]) : float<Hz> =
        if count < 1 then
            invalidArg "count" (sprintf "count = %d; expected >= 1" count)

        let isi = intervals spikes

        if isi.Length = 0 then
            0.0<Hz>
        else
            let last = isi[max 0 (isi.Length - count) ..]
            Unit.millisecondsPerSecond / Array.average last
