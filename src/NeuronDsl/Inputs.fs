namespace NeuronDsl

open System
open NeuronDsl.Units

/// <summary>Input currents: constant, step, pulse train, ramp, sine, piecewise-linear samples, any function.</summary>
/// <remarks>Currents are in the model's input unit (pA for point neurons, µA/cm² for Hodgkin–Huxley).</remarks>
[<RequireQualifiedAccess; CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module Input =

    let private checkFinite (name: string) (value: float) =
        if not (Double.IsFinite value) then
            invalidArg name (sprintf "%s = %g; expected a finite number" name value)

    let private checkNonNegative (name: string) (value: float) =
        if not (Double.IsFinite value) || value < 0.0 then
            invalidArg name (sprintf "%s = %g; expected a finite number >= 0" name value)

    let private checkPositive (name: string) (value: float) =
        if not (Double.IsFinite value) || value <= 0.0 then
            invalidArg name (sprintf "%s = %g; expected a finite number > 0" name value)

    /// <summary>A current that is <c>values[k]</c> from <c>breakpoints[k-1]</c> (inclusive) to
    /// <c>breakpoints[k]</c>, with <c>values[0]</c> before the first breakpoint.</summary>
    /// <param name="breakpoints">Strictly increasing times in ms.</param>
    /// <param name="values">One more value than breakpoints, in the input unit.</param>
    /// <param name="description">Text describing the input.</param>
    /// <returns>A piecewise-constant input, right-continuous at each breakpoint.</returns>
    /// <exception cref="System.ArgumentException">Lengths disagree, times not increasing, or a value is not finite.</exception>
    [<CompiledName("PiecewiseConstant")>]
    let piecewiseConstant (breakpoints: float<ms> seq) (values: float<'u> seq) (description: string) : Input<'u> =
        let times = Array.ofSeq breakpoints
        let levels = Array.ofSeq values

        if levels.Length <> times.Length + 1 then
            invalidArg
                "values"
                (sprintf
                    "values has %d entries; expected %d (one more than breakpoints)"
                    levels.Length
                    (times.Length + 1))

        times
        |> Array.iteri (fun i t -> checkFinite (sprintf "breakpoints[%d]" i) (float t))

        levels
        |> Array.iteri (fun i v -> checkFinite (sprintf "values[%d]" i) (float v))

        for i in 1 .. times.Length - 1 do
            if times[i] <= times[i - 1] then
                invalidArg
                    "breakpoints"
                    (sprintf
                        "breakpoints[%d] = %g is not after breakpoints[%d] = %g; expected strictly increasing times"
                        i
                        (float times[i])
                        (i - 1)
                        (float times[i - 1]))

        let current (t: float<ms>) =
            // Number of breakpoints at or before t selects the segment: exact at edges, so left limits are exact.
            let mutable lo = 0
            let mutable hi = times.Length

            while lo < hi do
                let mid = (lo + hi) >>> 1
                if times[mid] <= t then lo <- mid + 1 else hi <- mid

            levels[lo]

        { Current = current
          Breakpoints = times
          PiecewiseConstant = true
          Description = description }

    /// <summary>A constant current.</summary>
    /// <param name="amplitude">Current in the input unit.</param>
    /// <returns>The input.</returns>
    /// <example><c>(Input.constant 250.0&lt;pA&gt;).Current 3.0&lt;ms&gt;</c> // evaluates to 250.0&lt;pA&gt;</example>
    [<CompiledName("Constant")>]
    let constant (amplitude: float<'u>) : Input<'u> =
        checkFinite "amplitude" (float amplitude)
        piecewiseConstant [] [ amplitude ] (sprintf "constant %g" (float amplitude))

    /// <summary>Zero current.</summary>
    let zero<[<Measure>] 'u> : Input<'u> = constant 0.0<_>

    /// <summary>A current step: <paramref name="amplitude"/> from <paramref name="onset"/> (inclusive) to
    /// <paramref name="offset"/> (exclusive), zero otherwise.</summary>
    /// <param name="amplitude">Current in the input unit.</param>
    /// <param name="onset">Start time in ms, ≥ 0.</param>
    /// <param name="offset">End time in ms, &gt; onset (may be infinity).</param>
    /// <returns>The input.</returns>
    /// <example><c>(Input.step 10.0&lt;pA&gt; 5.0&lt;ms&gt; 10.0&lt;ms&gt;).Current 7.0&lt;ms&gt;</c> // evaluates to 10.0&lt;pA&gt;</example>
    [<CompiledName("Step")>]
    let step (amplitude: float<'u>) (onset: float<ms>) (offset: float<ms>) : Input<'u> =
        checkFinite "amplitude" (float amplitude)
        checkNonNegative "onset" (float onset)

        if Double.IsNaN(float offset) || offset <= onset then
            invalidArg "offset" (sprintf "offset = %g ms; expected > onset = %g ms" (float offset) (float onset))

        let description =
            if Double.IsPositiveInfinity(float offset) then
                sprintf "step %g from %g ms" (float amplitude) (float onset)
            else
                sprintf "step %g from %g ms to %g ms" (float amplitude) (float onset) (float offset)

        if Double.IsPositiveInfinity(float offset) then
            piecewiseConstant [ onset ] [ 0.0<_>; amplitude ] description
        else
            piecewiseConstant [ onset; offset ] [ 0.0<_>; amplitude; 0.0<_> ] description

    /// <summary>Most pulses in one train: each is two edges held in memory.</summary>
    [<Literal>]
    let maxPulses = 1e7

    /// <summary>A train of rectangular pulses of equal width, starting at <paramref name="start"/> and repeating
    /// every <paramref name="period"/> until <paramref name="stop"/>.</summary>
    /// <param name="amplitude">Current during a pulse, in the input unit.</param>
    /// <param name="width">Pulse width in ms, &gt; 0 and ≤ period.</param>
    /// <param name="period">Pulse period in ms, &gt; 0.</param>
    /// <param name="start">Onset of the first pulse in ms, ≥ 0.</param>
    /// <param name="stop">No pulse starts at or after this time (ms); must be finite, with at most
    /// <c>maxPulses</c> pulses before it.</param>
    /// <returns>The input.</returns>
    [<CompiledName("Pulses")>]
    let pulses (amplitude: float<'u>) (width: float<ms>) (period: float<ms>) (start: float<ms>) (stop: float<ms>) =
        checkFinite "amplitude" (float amplitude)
        checkPositive "width" (float width)
        checkPositive "period" (float period)

        if width > period then
            invalidArg "width" (sprintf "width = %g ms; expected <= period = %g ms" (float width) (float period))

        checkNonNegative "start" (float start)
        checkFinite "stop" (float stop)

        if stop < start then
            invalidArg "stop" (sprintf "stop = %g ms; expected >= start = %g ms" (float stop) (float start))

        // Every edge is held in memory; a train of 10^299 pulses would never finish building.
        let count = ceil ((stop - start) / period)

        if count > maxPulses then
            invalidArg
                "period"
                (sprintf
                    "%g pulses from %g ms to %g ms every %g ms; at most %g (raise the period or lower stop)"
                    count
                    (float start)
                    (float stop)
                    (float period)
                    maxPulses)

        let onsets =
            Seq.initInfinite (fun k -> start + float k * period)
            |> Seq.takeWhile (fun t -> t < stop)
            |> Array.ofSeq

        let edges = ResizeArray<float<ms>>()
        let levels = ResizeArray<float<'u>>([ 0.0<_> ])

        for onset in onsets do
            let offset = onset + width

            if edges.Count > 0 && edges[edges.Count - 1] = onset then
                // Pulses that touch (width = period) merge into one.
                edges[edges.Count - 1] <- offset
            else
                edges.Add onset
                levels.Add amplitude
                edges.Add offset
                levels.Add 0.0<_>

        let description =
            sprintf
                "pulses %g, width %g ms, period %g ms, from %g ms to %g ms"
                (float amplitude)
                (float width)
                (float period)
                (float start)
                (float stop)

        piecewiseConstant edges levels description

    /// <summary>A linear ramp from <paramref name="fromAmplitude"/> at <paramref name="start"/> to
    /// <paramref name="toAmplitude"/> at <paramref name="stop"/>; zero before start and after stop.</summary>
    /// <param name="fromAmplitude">Current at the start, in the input unit.</param>
    /// <param name="toAmplitude">Current at the end, in the input unit.</param>
    /// <param name="start">Ramp start in ms, ≥ 0.</param>
    /// <param name="stop">Ramp end in ms, &gt; start and finite.</param>
    /// <returns>The input.</returns>
    [<CompiledName("Ramp")>]
    let ramp (fromAmplitude: float<'u>) (toAmplitude: float<'u>) (start: float<ms>) (stop: float<ms>) : Input<'u> =
        checkFinite "fromAmplitude" (float fromAmplitude)
        checkFinite "toAmplitude" (float toAmplitude)
        checkNonNegative "start" (float start)
        checkFinite "stop" (float stop)

        if stop <= start then
            invalidArg "stop" (sprintf "stop = %g ms; expected > start = %g ms" (float stop) (float start))

        let slope = (toAmplitude - fromAmplitude) / (stop - start)

        let current (t: float<ms>) =
            if t < start || t >= stop then
                0.0<_>
            else
                fromAmplitude + slope * (t - start)

        { Current = current
          Breakpoints = [| start; stop |]
          PiecewiseConstant = false
          Description =
            sprintf
                "ramp %g to %g from %g ms to %g ms"
                (float fromAmplitude)
                (float toAmplitude)
                (float start)
                (float stop) }

    /// <summary>A sinusoidal current: offset + amplitude · sin(2π·frequency·t + phase).</summary>
    /// <param name="amplitude">Peak deviation from the offset, in the input unit.</param>
    /// <param name="frequency">Frequency in Hz, ≥ 0.</param>
    /// <param name="phase">Phase at t = 0, in radians.</param>
    /// <param name="offset">Mean current, in the input unit.</param>
    /// <returns>The input.</returns>
    [<CompiledName("Sine")>]
    let sine (amplitude: float<'u>) (frequency: float<Hz>) (phase: float) (offset: float<'u>) : Input<'u> =
        checkFinite "amplitude" (float amplitude)
        checkNonNegative "frequency" (float frequency)
        checkFinite "phase" phase
        checkFinite "offset" (float offset)
        let omega = 2.0 * Math.PI * float frequency / float Unit.millisecondsPerSecond // radians per ms

        { Current = fun t -> offset + amplitude * sin (omega * float t + phase)
          Breakpoints = [||]
          PiecewiseConstant = false
          Description =
            sprintf "sine %g at %g Hz, phase %g rad, offset %g" (float amplitude) (float frequency) phase (float offset) }

    /// <summary>Linear interpolation between samples (time, current); held at the first and last sample outside them.</summary>
    /// <param name="samples">At least one sample, with strictly increasing finite times (ms) and finite currents.</param>
    /// <returns>The input; every sample time is a breakpoint.</returns>
    [<CompiledName("PiecewiseLinear")>]
    let piecewiseLinear (samples: (float<ms> * float<'u>) seq) : Input<'u> =
        let points = Array.ofSeq samples

        if points.Length = 0 then
            invalidArg "samples" "samples is empty; expected at least one (time, current) pair"

        points
        |> Array.iteri (fun i (t, v) ->
            checkFinite (sprintf "samples[%d].time" i) (float t)
            checkFinite (sprintf "samples[%d].current" i) (float v))

        for i in 1 .. points.Length - 1 do
            if fst points[i] <= fst points[i - 1] then
                invalidArg
                    "samples"
                    (sprintf
                        "samples[%d].time = %g ms is not after samples[%d].time = %g ms; expected strictly increasing times"
                        i
                        (float (fst points[i]))
                        (i - 1)
                        (float (fst points[i - 1])))

        let times = points |> Array.map fst
        let values = points |> Array.map snd

        let current (t: float<ms>) =
            if t <= times[0] then
                values[0]
            elif t >= times[times.Length - 1] then
                values[values.Length - 1]
            else
                let mutable lo = 0
                let mutable hi = times.Length - 1

                while hi - lo > 1 do
                    let mid = (lo + hi) >>> 1
                    if times[mid] <= t then lo <- mid else hi <- mid

                let w = (t - times[lo]) / (times[hi] - times[lo])
                values[lo] + w * (values[hi] - values[lo])

        { Current = current
          Breakpoints = times
          PiecewiseConstant = (points.Length = 1)
          Description =
            sprintf
                "piecewise linear, %d samples from %g ms to %g ms"
                points.Length
                (float times[0])
                (float times[times.Length - 1]) }

    /// <summary>Any function of time as an input current.</summary>
    /// <param name="description">Text describing the input.</param>
    /// <param name="current">The current at time t (ms); must be finite wherever the simulation evaluates it.</param>
    /// <returns>The input, without breakpoints.</returns>
    [<CompiledName("OfFunction")>]
    let ofFunction (description: string) (current: float<ms> -> float<'u>) : Input<'u> =
        if obj.ReferenceEquals(current, null) then
            nullArg "current"

        { Current = current
          Breakpoints = [||]
          PiecewiseConstant = false
          Description = description }

    /// <summary>The pointwise sum of two inputs.</summary>
    /// <param name="second">Second input.</param>
    /// <param name="first">First input.</param>
    /// <returns>An input whose breakpoints are the union of both inputs' breakpoints.</returns>
    [<CompiledName("Add")>]
    let add (second: Input<'u>) (first: Input<'u>) : Input<'u> =
        { Current = fun t -> first.Current t + second.Current t
          Breakpoints =
            Array.append first.Breakpoints second.Breakpoints
            |> Array.distinct
            |> Array.sort
          PiecewiseConstant = first.PiecewiseConstant && second.PiecewiseConstant
          Description = first.Description + " + " + second.Description }
