namespace NeuronDsl

open System
open System.Runtime.CompilerServices
open System.Runtime.Intrinsics
open System.Runtime.Intrinsics.X86

/// <summary>
/// e^x on eight doubles, small enough to inline into the compiled kernels (a call would spill every live vector
/// register): within an ulp of <c>Math.Exp</c> over the whole range, overflow, underflow, subnormals, ±∞ and NaN
/// included.
/// </summary>
/// <remarks>
/// The method of Arm's optimized-routines exp (Szabolcs Nagy, 2018) with a table of 16: x = (16k + j)·ln2/16 + r with
/// |r| ≤ ln2/32 (Cody–Waite: ln2/16 in two parts, the first exact times any k that occurs), then
/// e^x = 2^k · 2^(j/16) · e^r, where 2^(j/16) = hi_j·(1 + tail_j) comes from two registers by permutation and
/// e^r − 1 from its Taylor series to r⁷ (the rest is below 2^−59.5). The result is one rounding of
/// scale + scale·rest, about 0.55 ulp from e^x; glibc's exp, under <c>Math.Exp</c>, is within 0.51 ulp.
/// </remarks>
[<AbstractClass; Sealed>]
type internal VectorExp =
    /// <summary>Entry j (0 ≤ j &lt; 16, the low four bits of each lane of <paramref name="index"/>) of the table
    /// whose entries 0–7 are <paramref name="lower"/> and 8–15 <paramref name="upper"/>.</summary>
    [<MethodImpl(MethodImplOptions.AggressiveInlining)>]
    static member Lookup(lower: Vector512<uint64>, upper: Vector512<uint64>, index: Vector512<uint64>) =
        if Avx512F.IsSupported then
            Avx512F.PermuteVar8x64x2(lower, index, upper)
        else
            let inline at k =
                let j = int (index.GetElement k &&& 15UL)

                if j < 8 then
                    lower.GetElement j
                else
                    upper.GetElement(j - 8)

            Vector512.Create(at 0, at 1, at 2, at 3, at 4, at 5, at 6, at 7)

    /// <summary>The reduction and the polynomial: e^x = s·(1 + rest), rest returned and the bits of s written to
    /// <paramref name="scaleBits"/>, valid as a double when 2^k is a normal number (the callers see to it).</summary>
    [<MethodImpl(MethodImplOptions.AggressiveInlining)>]
    static member private Reduce(x: Vector512<float>, scaleBits: outref<Vector512<uint64>>) : Vector512<float> =
        let inline c (v: float) = Vector512.Create v

        let inline fma (a: Vector512<float>) b addend =
            Vector512.FusedMultiplyAdd(a, b, addend)
        // 1.5·2^52: adding it rounds 16x/ln2 to the integer 16k + j, which lands in the low bits.
        let shift = c 6755399441055744.0
        let shifted = fma x (c 23.083120654223414) shift // 16/ln2
        let kj = shifted.AsUInt64()
        let kd = shifted - shift
        // ln2/16 = 0x1.62e42fefa0000p-5 (36 bits: exact times |16k + j| < 2^17) + 0x1.cf79abc9e3b3ap-44.
        let r = fma kd (c -0.04332169878489367) x
        let r = fma kd (c -1.0291218489310676e-13) r
        // hi_j as bits less j·2^48, so that adding (16k + j)·2^48 makes the bits of 2^k·hi_j.
        let hi =
            VectorExp.Lookup(
                Vector512.Create(
                    0x3FF0000000000000UL,
                    0x3FEFB5586CF9890FUL,
                    0x3FEF72B83C7D517BUL,
                    0x3FEF387A6E756238UL,
                    0x3FEF06FE0A31B715UL,
                    0x3FEEDEA64C123422UL,
                    0x3FEEBFDAD5362A27UL,
                    0x3FEEAB07DD485429UL
                ),
                Vector512.Create(
                    0x3FEEA09E667F3BCDUL,
                    0x3FEEA11473EB0187UL,
                    0x3FEEACE5422AA0DBUL,
                    0x3FEEC49182A3F090UL,
                    0x3FEEE89F995AD3ADUL,
                    0x3FEF199BDD85529CUL,
                    0x3FEF5818DCFBA487UL,
                    0x3FEFA4AFA2A490DAUL
                ),
                kj
            )

        // tail_j = (2^(j/16) − hi_j)/hi_j, rounded (bench/accuracy/exp_table.py computes both tables).
        let tail =
            VectorExp
                .Lookup(
                    Vector512.Create(
                        0x0000000000000000UL,
                        0x3C979AA65D837B6DUL,
                        0xBC801B15EAA59348UL,
                        0x3C968EFDE3A8A894UL,
                        0x3C834D754DB0ABB6UL,
                        0x3C859F48A72A4C6DUL,
                        0x3C7690CEBB7AAFB0UL,
                        0x3C9063E1E21C5409UL
                    ),
                    Vector512.Create(
                        0xBC93B3EFBF5E2228UL,
                        0xBC7B32DCB94DA51DUL,
                        0x3C8DB72FC1F0EAB4UL,
                        0x3C71AFFC2B91CE27UL,
                        0x3C8C1A7792CB3387UL,
                        0x3C736EAE30AF0CB3UL,
                        0x3C74A385A63D07A7UL,
                        0xBC8FF7128FD391F0UL
                    ),
                    kj
                )
                .AsDouble()

        // e^r − 1 = r + r²(1/2 + r/6) + r⁴(1/24 + r/120 + r²(1/720 + r/5040)).
        let r2 = r * r
        let low = fma r (c 0.16666666666666666) (c 0.5)
        let middle = fma r (c 0.008333333333333333) (c 0.041666666666666664)
        let high = fma r (c 0.0001984126984126984) (c 0.001388888888888889)
        let p = fma (r2 * r2) (fma r2 high middle) (fma r2 low r)
        // 2^(j/16)·e^r = hi_j·(1 + rest) with rest = p + tail_j·(1 + p).
        scaleBits <- hi + Vector512.ShiftLeft(kj, 48)
        p + fma tail p tail

    /// <summary>The lanes where <c>InRange</c> does not apply: |x| ≥ 708 or NaN (all bits set, as a mask).</summary>
    [<MethodImpl(MethodImplOptions.AggressiveInlining)>]
    static member OutOfRange(x: Vector512<float>) : Vector512<float> =
        Vector512.OnesComplement(Vector512.LessThan(Vector512.Abs x, Vector512.Create 708.0))

    /// <summary>e^x in the lanes where |x| &lt; 708 (there both 2^k and e^x are normal numbers), the value of
    /// <c>Exp</c>; in the others (<c>OutOfRange</c>) anything. No branch and no call: a kernel that sets such lanes
    /// aside itself inlines only this.</summary>
    [<MethodImpl(MethodImplOptions.AggressiveInlining)>]
    static member InRange(x: Vector512<float>) : Vector512<float> =
        let mutable bits = Vector512<uint64>.Zero
        let rest = VectorExp.Reduce(x, &bits)
        let s = bits.AsDouble()
        Vector512.FusedMultiplyAdd(s, rest, s)

    /// <summary>e^x lane by lane, within an ulp of <c>Math.Exp</c>.</summary>
    [<MethodImpl(MethodImplOptions.AggressiveInlining)>]
    static member Exp(x: Vector512<float>) : Vector512<float> =
        if Vector512.LessThanAll(Vector512.Abs x, Vector512.Create 708.0) then
            VectorExp.InRange x
        else
            VectorExp.Extreme x

    /// <summary>e^x when some lane has |x| ≥ 708 or is NaN: 2^k is applied in two factors, so that an overflow gives
    /// +∞ and a result below 2^−1022 is rounded once, at its own precision.</summary>
    [<MethodImpl(MethodImplOptions.NoInlining)>]
    static member private Extreme(x: Vector512<float>) : Vector512<float> =
        let inline c (v: float) = Vector512.Create v

        let inline fma (a: Vector512<float>) b addend =
            Vector512.FusedMultiplyAdd(a, b, addend)

        let mutable bits = Vector512<uint64>.Zero
        let rest = VectorExp.Reduce(x, &bits)
        let bits = bits
        let scaled (offset: Vector512<uint64>) = (bits + offset).AsDouble()
        let s = bits.AsDouble()
        let normal = fma s rest s
        // k > 0: 2^(k − 1009)·hi·(1 + rest), then the exact (or overflowing) product with 2^1009.
        let large =
            let s = scaled (Vector512.Create(0UL - (1009UL <<< 52)))
            fma s rest s * c (BitConverter.Int64BitsToDouble((1023L + 1009L) <<< 52))
        // k < 0: y = 2^(k + 1022)·hi·(1 + rest); below 1, y is rounded to a multiple of 2^−52 through 1 + y, with the
        // error of y carried along (Arm's method), so that y·2^−1022 is exact.
        let small =
            let s = scaled (Vector512.Create(1022UL <<< 52))
            let y = fma s rest s
            let error = fma s rest (s - y)
            let one = c 1.0
            let sum = one + y
            let rounded = (sum + (one - sum + y + error)) - one
            let y = Vector512.ConditionalSelect(Vector512.LessThan(y, one), rounded, y)
            y * c (BitConverter.Int64BitsToDouble(1L <<< 52))

        // e^x overflows above 709.79 and rounds to 0 below −745.14; NaN lanes keep x.
        let result =
            Vector512.ConditionalSelect(
                Vector512.GreaterThanOrEqual(x, c 708.0),
                large,
                Vector512.ConditionalSelect(Vector512.LessThanOrEqual(x, c -708.0), small, normal)
            )

        let result =
            Vector512.ConditionalSelect(Vector512.GreaterThan(x, c 709.8), c Double.PositiveInfinity, result)

        let result =
            Vector512.ConditionalSelect(Vector512.LessThan(x, c -745.2), c 0.0, result)

        Vector512.ConditionalSelect(Vector512.Equals(x, x), result, x)
