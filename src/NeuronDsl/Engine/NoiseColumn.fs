namespace NeuronDsl

open System.Runtime.Intrinsics

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
    // This step's first deviate per neuron, written by blocks of eight.
    let draws = Array.zeroCreate<float> column.Length

    /// <summary>The input column the kernels read (one value per neuron, padded).</summary>
    member _.Column = column

    /// <summary>Neuron j's deviation and current for step k, from its normal deviate z.</summary>
    member private _.Update(j: int, k: int, z: float) =
        let x =
            if k = 0 then
                initialScale * z
            else
                decay * deviation[j] + scale * z

        deviation[j] <- x
        column[j] <- means[j] + x

    /// <summary>The two deviates of neuron j's block: the first returned, the second kept for the next step.</summary>
    member private this.FromWords(j: int, k: int, w0: uint32, w1: uint32, w2: uint32, w3: uint32) =
        spare[j] <- NormalQuantile.ofWords w2 w3
        this.Update(j, k, NormalQuantile.ofWords w0 w1)

    /// <summary>Writes the current of step k of neurons [start, finish) into the column: for even k from the Philox
    /// blocks, eight neurons at a time (<c>PhiloxVector</c>, <c>NormalQuantile.ofWordVectors</c>) and the rest one
    /// by one, bit-identical; for odd k from the kept second deviates.</summary>
    member this.Advance(k: int, start: int, finish: int) =
        if k % 2 = 0 then
            let pair = int64 (k / 2)
            let mutable first = start

            while first + 8 <= finish do
                let struct (w0, w1, w2, w3) = PhiloxVector.blocks first pair 0 stream
                (NormalQuantile.ofWordVectors w0 w1).StoreUnsafe(&draws[first])
                (NormalQuantile.ofWordVectors w2 w3).StoreUnsafe(&spare[first])

                for j in first .. first + 7 do
                    this.Update(j, k, draws[j])

                first <- first + 8

            for j in first .. finish - 1 do
                let b = RandomStream.blockAt stream j pair 0 0
                this.FromWords(j, k, b.Word0, b.Word1, b.Word2, b.Word3)
        else
            for j in start .. finish - 1 do
                this.Update(j, k, spare[j])
