namespace NeuronDsl

open System

/// <summary>
/// A keyed source of random numbers addressed by (neuron, step, draw): the Philox4x32-10 key is (seed, stream) and
/// the counter is (draw, neuron, step, part). The same seed, stream, neuron, step and draw give the same number on
/// every thread, in every order and on every machine, because nothing is stored between draws.
/// </summary>
/// <remarks>
/// Counter layout: word 0 = draw, word 1 = neuron, word 2 = low 32 bits of step, word 3 = high 16 bits of step in
/// its low half and the part in its high half. The part numbers the extra blocks a rejection method needs for one
/// draw (attempt 0, 1, …); every distribution starts at part 0. Use different streams for unrelated uses of one
/// seed (structure, weights, input noise) so that their numbers never coincide.
/// </remarks>
[<Struct>]
type RandomStream =
    {
        /// <summary>The seed, Philox key word 0.</summary>
        Seed: uint32
        /// <summary>The stream number, Philox key word 1.</summary>
        Stream: uint32
    }

/// <summary>Random numbers from a <c>RandomStream</c>: uniform, normal, exponential, integer and Poisson
/// draws.</summary>
[<RequireQualifiedAccess>]
module RandomStream =
    /// <summary>The largest step a stream can address, 2^48 − 1.</summary>
    [<Literal>]
    let MaxStep = 281474976710655L

    /// <summary>The number of blocks (parts) one draw may use, 2^16.</summary>
    [<Literal>]
    let private Parts = 65536

    /// <summary>2^-53, the spacing of the uniform grid.</summary>
    [<Literal>]
    let internal Epsilon53 = 1.1102230246251565e-16

    /// <summary>A stream of random numbers for a seed and a stream number.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="stream">The stream number: independent streams for one seed.</param>
    /// <example><c>RandomStream.create 42u 0u</c> // evaluates to { Seed = 42u; Stream = 0u }</example>
    let create (seed: uint32) (stream: uint32) = { Seed = seed; Stream = stream }

    /// The block for an address already checked.
    let internal blockAt (stream: RandomStream) (neuron: int) (step: int64) (draw: int) (part: int) =
        Philox.philox4x32
            { Key0 = stream.Seed
              Key1 = stream.Stream }
            { Word0 = uint32 draw
              Word1 = uint32 neuron
              Word2 = uint32 step
              Word3 = uint32 (step >>> 32) ||| (uint32 part <<< 16) }

    let internal checkAddress (neuron: int) (step: int64) (draw: int) =
        if neuron < 0 then
            invalidArg "neuron" (sprintf "neuron = %d; expected >= 0" neuron)

        if step < 0L || step > MaxStep then
            invalidArg "step" (sprintf "step = %d; expected 0 to %d" step MaxStep)

        if draw < 0 then
            invalidArg "draw" (sprintf "draw = %d; expected >= 0" draw)

    /// <summary>The Philox block (128 random bits) of an address: every distribution below starts from it.</summary>
    /// <param name="neuron">Neuron (or row) index, ≥ 0.</param>
    /// <param name="step">Time step (or phase) index, 0 to <c>MaxStep</c>.</param>
    /// <param name="draw">Draw index within the neuron and step, ≥ 0.</param>
    /// <param name="stream">The stream.</param>
    /// <returns>Four uniformly distributed 32-bit words.</returns>
    /// <exception cref="System.ArgumentException">An index is out of range.</exception>
    let block (neuron: int) (step: int64) (draw: int) (stream: RandomStream) =
        checkAddress neuron step draw
        blockAt stream neuron step draw 0

    /// <summary>A uniform double in (0, 1] from 53 bits: the 32 bits of <c>high</c> then the top 21 of <c>low</c>,
    /// k = high·2^21 + low/2^11, and u = (k + 1)·2^-53. Every value is a multiple of 2^-53, exactly representable;
    /// 0 never occurs, so log u is finite (≥ −36.74); 1 occurs with probability 2^-53.</summary>
    /// <param name="high">The word giving the high 32 bits.</param>
    /// <param name="low">The word giving the low 21 bits (its low 11 bits are discarded).</param>
    /// <example><c>RandomStream.uniformOfWords 0xFFFFFFFFu 0xFFFFFFFFu</c> // evaluates to 1.0</example>
    let uniformOfWords (high: uint32) (low: uint32) =
        let k = (uint64 high <<< 21) ||| (uint64 low >>> 11)
        (float k + 1.0) * Epsilon53

    /// <summary>A uniform double in (0, 1] with 53 random bits (see <c>uniformOfWords</c>), from words 0 and 1 of
    /// the address's block.</summary>
    /// <param name="neuron">Neuron (or row) index, ≥ 0.</param>
    /// <param name="step">Time step (or phase) index, 0 to <c>MaxStep</c>.</param>
    /// <param name="draw">Draw index, ≥ 0.</param>
    /// <param name="stream">The stream.</param>
    /// <exception cref="System.ArgumentException">An index is out of range.</exception>
    let uniform (neuron: int) (step: int64) (draw: int) (stream: RandomStream) =
        let b = block neuron step draw stream
        uniformOfWords b.Word0 b.Word1

    /// Box–Muller on one block: u1 from words 0-1, u2 from words 2-3.
    let internal boxMuller (b: PhiloxBlock) =
        let radius = sqrt (-2.0 * log (uniformOfWords b.Word0 b.Word1))

        let struct (sine, cosine) =
            Math.SinCos(2.0 * Math.PI * uniformOfWords b.Word2 b.Word3)

        struct (radius * cosine, radius * sine)

    /// <summary>Two independent standard normal deviates from one block by the Box–Muller transform (Box and Muller
    /// 1958): r = √(−2 ln u1), θ = 2π u2 with u1 from words 0–1 and u2 from words 2–3, giving (r cos θ, r sin θ).
    /// Exact in distribution for exact uniforms; with 53-bit uniforms |z| ≤ √(106 ln 2) ≈ 8.57, a tail of
    /// probability 5·10^-17 that is never produced.</summary>
    /// <param name="neuron">Neuron (or row) index, ≥ 0.</param>
    /// <param name="step">Time step (or phase) index, 0 to <c>MaxStep</c>.</param>
    /// <param name="draw">Draw index, ≥ 0.</param>
    /// <param name="stream">The stream.</param>
    /// <exception cref="System.ArgumentException">An index is out of range.</exception>
    let normalPair (neuron: int) (step: int64) (draw: int) (stream: RandomStream) =
        boxMuller (block neuron step draw stream)

    /// <summary>A standard normal deviate (mean 0, variance 1): the first of <c>normalPair</c>'s two.</summary>
    /// <param name="neuron">Neuron (or row) index, ≥ 0.</param>
    /// <param name="step">Time step (or phase) index, 0 to <c>MaxStep</c>.</param>
    /// <param name="draw">Draw index, ≥ 0.</param>
    /// <param name="stream">The stream.</param>
    /// <exception cref="System.ArgumentException">An index is out of range.</exception>
    let normal (neuron: int) (step: int64) (draw: int) (stream: RandomStream) =
        let struct (z, _) = normalPair neuron step draw stream
        z

    /// <summary>A standard exponential deviate (mean 1) by inversion, −ln u with u from <c>uniform</c>; divide by a
    /// rate to get an interval. Values lie in [0, 36.74] (53 ln 2): the tail beyond has probability 2^-53.</summary>
    /// <param name="neuron">Neuron (or row) index, ≥ 0.</param>
    /// <param name="step">Time step (or phase) index, 0 to <c>MaxStep</c>.</param>
    /// <param name="draw">Draw index, ≥ 0.</param>
    /// <param name="stream">The stream.</param>
    /// <exception cref="System.ArgumentException">An index is out of range.</exception>
    let exponential (neuron: int) (step: int64) (draw: int) (stream: RandomStream) =
        checkAddress neuron step draw
        let b = blockAt stream neuron step draw 0
        -log(uniformOfWords b.Word0 b.Word1)

    /// The exponential draw of an address already checked (as <c>exponential</c>).
    let internal exponentialAt (stream: RandomStream) (neuron: int) (step: int64) (draw: int) =
        let b = blockAt stream neuron step draw 0
        -log(uniformOfWords b.Word0 b.Word1)

    /// Lemire's multiply-shift with rejection on a 64-bit word: exact, or ValueNone when rejected.
    let inline private lemire (bound: uint64) (high: uint32) (low: uint32) =
        let x = (uint64 high <<< 32) ||| uint64 low
        let mutable lo = 0UL
        let hi = Math.BigMul(x, bound, &lo)

        if lo < bound && lo < (0UL - bound) % bound then
            ValueNone
        else
            ValueSome(int hi)

    /// The integer draw for an address already checked; bound ≥ 1.
    let internal integerAt (bound: int) (stream: RandomStream) (neuron: int) (step: int64) (draw: int) =
        let mutable result = ValueNone
        let mutable part = 0

        while result.IsNone do
            if part = Parts then
                invalidOp "integer: every part of the draw was rejected"

            let b = blockAt stream neuron step draw part

            result <-
                match lemire (uint64 bound) b.Word0 b.Word1 with
                | ValueSome _ as first -> first
                | ValueNone -> lemire (uint64 bound) b.Word2 b.Word3

            part <- part + 1

        result.Value

    /// <summary>A uniformly distributed integer in [0, bound), exactly unbiased: Lemire's multiply-shift ("Fast
    /// random integer generation in an interval", 2019) on 64-bit words (words 0–1, then 2–3, then the next part),
    /// rejecting the fewer than bound/2^64 words that would bias it.</summary>
    /// <param name="bound">Exclusive upper bound, ≥ 1.</param>
    /// <param name="neuron">Neuron (or row) index, ≥ 0.</param>
    /// <param name="step">Time step (or phase) index, 0 to <c>MaxStep</c>.</param>
    /// <param name="draw">Draw index, ≥ 0.</param>
    /// <param name="stream">The stream.</param>
    /// <exception cref="System.ArgumentException">bound &lt; 1 or an index is out of range.</exception>
    let integer (bound: int) (neuron: int) (step: int64) (draw: int) (stream: RandomStream) =
        if bound < 1 then
            invalidArg "bound" (sprintf "bound = %d; expected >= 1" bound)

        checkAddress neuron step draw
        integerAt bound stream neuron step draw

    /// <summary>The mean at and above which <c>poisson</c> switches from inversion to PTRS.</summary>
    [<Literal>]
    let PoissonInversionLimit = 10.0

    /// Inversion by sequential search from k = 0 with one uniform (Devroye, Non-Uniform Random Variate
    /// Generation, 1986); for mean < 10 it takes about mean + 1 steps. The search also stops once the next
    /// probability underflows, so u = 1 cannot loop.
    /// `zero` is P(0) = exp(−mean), which a caller drawing many numbers of one mean computes once.
    let private poissonInversionFrom (zero: float) (mean: float) (u: float) =
        let mutable k = 0
        let mutable probability = zero
        let mutable cumulative = probability

        while u > cumulative && probability > 0.0 do
            k <- k + 1
            probability <- probability * mean / float k
            cumulative <- cumulative + probability

        k

    /// <summary>The cumulative probabilities `poissonInversionFrom zero mean` sums, with the same arithmetic, up to the
    /// first k whose probability is 0: for drawing many numbers of one mean (mean &lt; 10) by a table search.</summary>
    let internal poissonTable (zero: float) (mean: float) =
        let cumulative = ResizeArray<float>([ zero ])
        let mutable probability = zero
        let mutable k = 0

        while probability > 0.0 do
            k <- k + 1
            probability <- probability * mean / float k
            cumulative.Add(cumulative[k - 1] + probability)

        cumulative.ToArray()

    /// PTRS, the transformed rejection method with squeeze of Hörmann, "The transformed rejection method for
    /// generating Poisson random variables", Insurance: Mathematics and Economics 12 (1993) 39–45, for mean ≥ 10.
    /// Each attempt reads one block (U from words 0–1, V from words 2–3); about 1.1 attempts per draw.
    let private poissonRejection (mean: float) (stream: RandomStream) (neuron: int) (step: int64) (draw: int) =
        let sqrtMean = sqrt mean
        let logMean = log mean
        let b = 0.931 + 2.53 * sqrtMean
        let a = -0.059 + 0.02483 * b
        let logInverseAlpha = log (1.1239 + 1.1328 / (b - 3.4))
        let vr = 0.9277 - 3.6224 / (b - 2.0)
        let mutable result = -1
        let mutable part = 0

        while result < 0 do
            if part = Parts then
                invalidOp "poisson: every part of the draw was rejected"

            let block = blockAt stream neuron step draw part
            let u = uniformOfWords block.Word0 block.Word1 - 0.5
            let v = uniformOfWords block.Word2 block.Word3
            let us = 0.5 - abs u
            let k = floor ((2.0 * a / us + b) * u + mean + 0.43)

            if us >= 0.07 && v <= vr then
                result <- int k
            elif k >= 0.0 && (us >= 0.013 || v <= us) then
                let logAccept =
                    -mean + k * logMean - MathNet.Numerics.SpecialFunctions.GammaLn(k + 1.0)

                if log v + logInverseAlpha - log (a / (us * us) + b) <= logAccept then
                    result <- int k

            part <- part + 1

        result

    /// <summary>A Poisson-distributed count with the given mean: inversion by sequential search (one uniform) for
    /// mean &lt; 10, and Hörmann's PTRS transformed rejection (1993) for mean ≥ 10, both exact in distribution up to
    /// the 53-bit uniforms. No normal approximation is used for any mean.</summary>
    /// <param name="mean">The mean (and variance), 0 ≤ mean ≤ 2^30.</param>
    /// <param name="neuron">Neuron (or row) index, ≥ 0.</param>
    /// <param name="step">Time step (or phase) index, 0 to <c>MaxStep</c>.</param>
    /// <param name="draw">Draw index, ≥ 0.</param>
    /// <param name="stream">The stream.</param>
    /// <exception cref="System.ArgumentException">mean is negative, not finite or above 2^30, or an index is out of
    /// range.</exception>
    let poisson (mean: float) (neuron: int) (step: int64) (draw: int) (stream: RandomStream) =
        if not (mean >= 0.0 && mean <= 1073741824.0) then
            invalidArg "mean" (sprintf "mean = %g; expected 0 to 2^30" mean)

        checkAddress neuron step draw

        if mean = 0.0 then
            0
        elif mean < PoissonInversionLimit then
            let b = blockAt stream neuron step draw 0
            poissonInversionFrom (exp -mean) mean (uniformOfWords b.Word0 b.Word1)
        else
            poissonRejection mean stream neuron step draw
