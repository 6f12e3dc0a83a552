namespace NeuronDsl

/// <summary>
/// A noise current as the engine reads it: the input column, rewritten by each chunk for its own neurons at the start
/// of every step, so that the kernels see an ordinary per-neuron constant current. The deviation from the mean
/// follows <c>Noise.stepRule</c>: x_0 = s0·ξ_0, x_n = a·x_(n−1) + s·ξ_n, and the column holds mean_j + x_n.
/// </summary>
/// <remarks>
/// ξ_n of neuron j is a pure function of (seed, stream, j, n): steps 2m and 2m + 1 take the normals by inversion
/// (<c>NormalQuantile.ofWords</c>) of words 0–1 and 2–3 of the Philox block at neuron j, step m, draw 0. A chunk keeps the second for the next step, so each block is computed
/// once, and nothing depends on which chunk or thread advances a neuron. Steps must be advanced in order from 0.
/// </remarks>
[<Sealed>]
type internal NoiseColumn
    (stream: RandomStream, means: float[], column: float[], decay: float, scale: float, initialScale: float) =
    let deviation = Array.zeroCreate<float> column.Length
    let spare = Array.zeroCreate<float> column.Length

    /// <summary>The input column the kernels read (one value per neuron, padded).</summary>
    member _.Column = column

    /// <summary>Writes the current of step k of neurons [start, finish) into the column.</summary>
    member _.Advance(k: int, start: int, finish: int) =
        let first = k % 2 = 0
        let pair = int64 (k / 2)

        for j in start .. finish - 1 do
            let z =
                if first then
                    let b = RandomStream.blockAt stream j pair 0 0
                    spare[j] <- NormalQuantile.ofWords b.Word2 b.Word3
                    NormalQuantile.ofWords b.Word0 b.Word1
                else
                    spare[j]

            let x =
                if k = 0 then
                    initialScale * z
                else
                    decay * deviation[j] + scale * z

            deviation[j] <- x
            column[j] <- means[j] + x
