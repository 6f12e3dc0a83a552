namespace NeuronDsl

open System.Runtime.Intrinsics
open System.Runtime.Intrinsics.X86

/// <summary>Philox4x32-10 blocks of eight consecutive neurons at once, one neuron per 64-bit lane, each word of the
/// block in the low half of its lane. Integer arithmetic only, so every lane equals the scalar
/// <c>RandomStream.block</c> of its address bit for bit, with or without vector hardware.</summary>
[<RequireQualifiedAccess>]
module PhiloxVector =
    /// <summary>The blocks of a stream at neurons first … first + 7, one step and draw, part 0, as words 0–3.</summary>
    /// <param name="first">The first neuron, ≥ 0.</param>
    /// <param name="step">The step, 0 to <c>RandomStream.MaxStep</c>.</param>
    /// <param name="draw">The draw, ≥ 0.</param>
    /// <param name="stream">The stream.</param>
    /// <returns>Words 0, 1, 2 and 3 of the eight blocks, lane i for neuron first + i.</returns>
    /// <example><c>PhiloxVector.blocks 0 0L 0 (RandomStream.create 1u 2u) |> fun struct (w0, _, _, _) -> uint32 (Vector512.GetElement(w0, 3)) = (RandomStream.block 3 0L 0 (RandomStream.create 1u 2u)).Word0</c> // evaluates to true</example>
    /// The 64-bit products of lanes holding 32-bit values: vpmuludq where AVX-512 has it.
    let inline private product (x: Vector512<uint64>) (y: Vector512<uint64>) =
        if Avx512F.IsSupported then
            Avx512F.Multiply(Vector512.AsUInt32 x, Vector512.AsUInt32 y)
        else
            Vector512.Multiply(x, y)

    let blocks (first: int) (step: int64) (draw: int) (stream: RandomStream) =
        let low = Vector512.Create 0xFFFFFFFFUL
        let m0 = Vector512.Create 0xD2511F53UL
        let m1 = Vector512.Create 0xCD9E8D57UL
        let mutable w0 = Vector512.Create(uint64 (uint32 draw))

        let mutable w1 =
            Vector512.Create(uint64 (uint32 first))
            + Vector512.Create(0UL, 1UL, 2UL, 3UL, 4UL, 5UL, 6UL, 7UL)

        let mutable w2 = Vector512.Create(uint64 (uint32 step))
        let mutable w3 = Vector512.Create(uint64 (uint32 (step >>> 32)))
        let mutable k0 = stream.Seed
        let mutable k1 = stream.Stream

        for round in 0..9 do
            if round > 0 then
                k0 <- k0 + 0x9E3779B9u
                k1 <- k1 + 0xBB67AE85u

            let p0 = product w0 m0
            let p1 = product w2 m1
            // Word 1 of a neuron past 2^32 − 1 wraps as the scalar uint32 does.
            let w1Low = Vector512.BitwiseAnd(w1, low)

            w0 <- Vector512.Xor(Vector512.Xor(Vector512.ShiftRightLogical(p1, 32), w1Low), Vector512.Create(uint64 k0))
            w1 <- Vector512.BitwiseAnd(p1, low)
            w2 <- Vector512.Xor(Vector512.Xor(Vector512.ShiftRightLogical(p0, 32), w3), Vector512.Create(uint64 k1))
            w3 <- Vector512.BitwiseAnd(p0, low)

        struct (w0, w1, w2, w3)
