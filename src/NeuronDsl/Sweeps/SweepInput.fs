namespace NeuronDsl

open System
open NeuronDsl.Units

/// <summary>
/// The input of a sweep's base run: a step of <c>Amplitude</c> from <c>Onset</c> to <c>Offset</c> (a constant
/// current when the onset is 0 and the offset infinite), plus, when <c>NoiseDeviation</c> &gt; 0, a Gaussian current
/// held constant over each <c>NoiseInterval</c> (as NEST's <c>noise_generator</c>), drawn from the run's seed. The
/// input is piecewise constant, so every method, exact integration included, applies.
/// </summary>
[<NoComparison>]
type SweepInput =
    {
        /// <summary>The step's amplitude, in the model's input unit.</summary>
        Amplitude: float
        /// <summary>When the step starts (ms), ≥ 0.</summary>
        Onset: float<ms>
        /// <summary>When it ends (ms), &gt; onset; infinity for never.</summary>
        Offset: float<ms>
        /// <summary>Standard deviation of the noise, in the input unit, ≥ 0; 0 for no noise.</summary>
        NoiseDeviation: float
        /// <summary>How long each noise value is held (ms), &gt; 0.</summary>
        NoiseInterval: float<ms>
    }

/// <summary>Creating sweep inputs and turning them into a run's input.</summary>
[<RequireQualifiedAccess>]
module SweepInput =
    /// <summary>The random stream number of the input noise, apart from any other use of a seed.</summary>
    [<Literal>]
    let NoiseStream = 7u

    /// <summary>A constant current of <paramref name="amplitude"/>, in the model's input unit.</summary>
    [<CompiledName("Constant")>]
    let constant (amplitude: float) =
        { Amplitude = amplitude
          Onset = 0.0<ms>
          Offset = infinity * 1.0<ms>
          NoiseDeviation = 0.0
          NoiseInterval = 1.0<ms> }

    /// <summary>A step of <paramref name="amplitude"/> from <paramref name="onset"/> to <paramref name="offset"/> (ms).</summary>
    [<CompiledName("Step")>]
    let step (amplitude: float) (onset: float<ms>) (offset: float<ms>) =
        { constant amplitude with
            Onset = onset
            Offset = offset }

    /// <summary>The same input with Gaussian noise of standard deviation <paramref name="deviation"/> (input unit),
    /// a new value every <paramref name="interval"/> (ms).</summary>
    [<CompiledName("WithNoise")>]
    let withNoise (deviation: float) (interval: float<ms>) (input: SweepInput) =
        { input with
            NoiseDeviation = deviation
            NoiseInterval = interval }

    /// <summary>Noise values a run of <paramref name="duration"/> draws: one per interval.</summary>
    let noiseValues (duration: float<ms>) (input: SweepInput) =
        if input.NoiseDeviation > 0.0 then
            ceil (duration / input.NoiseInterval)
        else
            0.0

    /// <summary>Throws <c>ArgumentException</c> naming the field, its value and what was expected, unless the
    /// input is well formed; the amplitude is checked per run.</summary>
    let check (input: SweepInput) =
        let onset = float input.Onset

        if not (Double.IsFinite onset) || onset < 0.0 then
            invalidArg "onset" (sprintf "onset = %g ms; expected a finite time >= 0 ms" onset)

        if Double.IsNaN(float input.Offset) || input.Offset <= input.Onset then
            invalidArg "offset" (sprintf "offset = %g ms; expected > onset = %g ms" (float input.Offset) onset)

        if not (Double.IsFinite input.NoiseDeviation) || input.NoiseDeviation < 0.0 then
            invalidArg "noise" (sprintf "noise = %g; expected a finite standard deviation >= 0" input.NoiseDeviation)

        if
            not (Double.IsFinite(float input.NoiseInterval))
            || input.NoiseInterval <= 0.0<ms>
        then
            invalidArg
                "noise_interval"
                (sprintf "noise_interval = %g ms; expected a finite time > 0 ms" (float input.NoiseInterval))

    /// <summary>The step's level at time t.</summary>
    let private level (input: SweepInput) (t: float<ms>) =
        if t >= input.Onset && t < input.Offset then
            input.Amplitude
        else
            0.0

    /// <summary>The noisy input: breakpoints at the step's edges and at every k·interval before the end; each
    /// segment holds the step's level plus σ·z_k, z_k the k-th normal draw of the seed's noise stream.</summary>
    let private noisy (seed: uint32) (duration: float<ms>) (input: SweepInput) : Input<1> =
        let stream = RandomStream.create seed NoiseStream
        let count = int (noiseValues duration input)

        let edges =
            [ input.Onset; input.Offset ]
            |> List.filter (fun t -> t > 0.0<ms> && t < duration)

        let grid = [ for k in 1 .. count - 1 -> float k * input.NoiseInterval ]
        let times = edges @ grid |> List.distinct |> List.sort |> Array.ofList

        let noiseIndex (t: float<ms>) =
            let k = int (floor (t / input.NoiseInterval))

            if float (k + 1) * input.NoiseInterval <= t then
                k + 1
            else
                k

        let levels =
            Array.append [| 0.0<ms> |] times
            |> Array.map (fun t ->
                level input t
                + input.NoiseDeviation * RandomStream.normal 0 (int64 (noiseIndex t)) 0 stream)

        let description =
            sprintf
                "step %g from %g ms to %g ms, noise %g every %g ms, seed %d"
                input.Amplitude
                (float input.Onset)
                (float input.Offset)
                input.NoiseDeviation
                (float input.NoiseInterval)
                seed

        Input.piecewiseConstant times levels description

    /// <summary>A run's input: the step (or constant), with the seed's noise when the deviation is &gt; 0.</summary>
    /// <param name="seed">The run's seed.</param>
    /// <param name="duration">The run's duration in ms.</param>
    /// <param name="input">The input.</param>
    /// <exception cref="System.ArgumentException">The amplitude is not finite (ParamName "amplitude").</exception>
    [<CompiledName("Build")>]
    let build (seed: uint32) (duration: float<ms>) (input: SweepInput) : Input<1> =
        if input.NoiseDeviation > 0.0 then
            if not (Double.IsFinite input.Amplitude) then
                invalidArg "amplitude" (sprintf "amplitude = %g; expected a finite number" input.Amplitude)

            noisy seed duration input
        elif input.Onset = 0.0<ms> && Double.IsPositiveInfinity(float input.Offset) then
            Input.constant input.Amplitude
        else
            Input.step input.Amplitude input.Onset input.Offset
