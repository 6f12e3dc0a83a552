namespace NeuronDsl

open System
open System.Numerics
open System.Runtime.CompilerServices
open System.Runtime.Intrinsics

/// <summary>Lane-wise helpers that compiled vector kernels call: loads, masked stores, deferred lanes, and the
/// model language's functions on eight doubles.</summary>
[<AbstractClass; Sealed>]
type internal VectorMath =
    /// <summary>Eight doubles from <c>array[i ..]</c>.</summary>
    [<MethodImpl(MethodImplOptions.AggressiveInlining)>]
    static member Load(array: float[], i: int) : Vector512<float> = Vector512.LoadUnsafe(&array[i])

    /// <summary>Writes <c>value</c> into the lanes of <c>array[i ..]</c> where <c>mask</c> is set.</summary>
    [<MethodImpl(MethodImplOptions.AggressiveInlining)>]
    static member StoreWhere(mask: Vector512<float>, value: Vector512<float>, array: float[], i: int) =
        let old = Vector512.LoadUnsafe(&array[i])
        Vector512.ConditionalSelect(mask, value, old).StoreUnsafe(&array[i])

    /// <summary>Appends i + lane to <c>pending</c> for each lane set in <c>mask</c>; returns the new count.</summary>
    [<MethodImpl(MethodImplOptions.AggressiveInlining)>]
    static member Defer(mask: Vector512<float>, i: int, pending: int[], count: int) : int =
        let mutable bits = Vector512.ExtractMostSignificantBits mask
        let mutable c = count

        while bits <> 0UL do
            pending[c] <- i + BitOperations.TrailingZeroCount bits
            c <- c + 1
            bits <- bits &&& (bits - 1UL)

        c

    /// <summary>exprel(x) = (e^x − 1)/x lane by lane, by the method of <c>MathFunctions.Exprel</c> on
    /// <c>VectorExp.Exp</c> and <c>VectorLog.NearOne</c>: the quotient for |x| ≥ 1/2, Kahan's (e^x − 1)/log(e^x) below,
    /// where the logarithm is computed only when some lane is there.</summary>
    [<MethodImpl(MethodImplOptions.AggressiveInlining)>]
    static member Exprel(x: Vector512<float>) : Vector512<float> = VectorMath.ExprelOf(x, VectorExp.Exp x)

    /// <summary><c>Exprel</c> in the lanes where <c>VectorExp.InRange</c> applies (not in
    /// <c>VectorExp.OutOfRange x</c>), without a branch or call for the others.</summary>
    [<MethodImpl(MethodImplOptions.AggressiveInlining)>]
    static member ExprelInRange(x: Vector512<float>) : Vector512<float> =
        VectorMath.ExprelOf(x, VectorExp.InRange x)

    /// <summary>exprel(x) from x and e = e^x.</summary>
    [<MethodImpl(MethodImplOptions.AggressiveInlining)>]
    static member private ExprelOf(x: Vector512<float>, e: Vector512<float>) : Vector512<float> =
        let one = Vector512.Create 1.0
        let em1 = e - one
        let large = Vector512.GreaterThanOrEqual(Vector512.Abs x, Vector512.Create 0.5)
        // e^x = +∞ gives +∞, as the scalar function (the quotient would too, but keep it explicit).
        let quotient =
            Vector512.ConditionalSelect(Vector512.Equals(e, Vector512.Create Double.PositiveInfinity), e, em1 / x)

        if Vector512.ExtractMostSignificantBits large = 0xFFUL then
            quotient
        else
            VectorMath.ExprelSmall(x, e, em1, large, quotient)

    /// <summary>The lanes of <c>Exprel</c> with |x| &lt; 1/2 (and NaN): 1 where e^x = 1, NaN where e^x is NaN, else
    /// Kahan's quotient.</summary>
    [<MethodImpl(MethodImplOptions.AggressiveInlining)>]
    static member private ExprelSmall
        (
            x: Vector512<float>,
            e: Vector512<float>,
            em1: Vector512<float>,
            large: Vector512<float>,
            quotient: Vector512<float>
        ) =
        let one = Vector512.Create 1.0
        let kahan = em1 / VectorLog.NearOne e
        let kahan = Vector512.ConditionalSelect(Vector512.Equals(e, one), one, kahan)
        let kahan = Vector512.ConditionalSelect(Vector512.Equals(e, e), kahan, e)
        Vector512.ConditionalSelect(large, quotient, kahan)

    /// <summary>1 + z·(1/2 + z·(1/6 + z·(1/24 + z·(1/120 + z·(1/720))))), as <c>Numerics.phi</c> nests it.</summary>
    [<MethodImpl(MethodImplOptions.AggressiveInlining)>]
    static member private PhiSeries(z: Vector512<float>) : Vector512<float> =
        let inline c (v: float) = Vector512.Create v
        let inner = c (1.0 / 120.0) + z * c (1.0 / 720.0)
        let inner = c (1.0 / 24.0) + z * inner
        let inner = c (1.0 / 6.0) + z * inner
        let inner = c (1.0 / 2.0) + z * inner
        c 1.0 + z * inner

    /// <summary>φ(z) = (e^z − 1)/z lane by lane as <c>Numerics.phi</c> computes it, from e = e^z: the series where
    /// |z| &lt; 0.01, else the quotient; each computed only when some lane takes it.</summary>
    [<MethodImpl(MethodImplOptions.AggressiveInlining)>]
    static member private PhiOf(z: Vector512<float>, small: Vector512<float>, e: Vector512<float>) =
        let lanes = Vector512.ExtractMostSignificantBits small
        let quotient = (e - Vector512.Create 1.0) / z

        if lanes = 0UL then
            quotient
        else
            Vector512.ConditionalSelect(small, VectorMath.PhiSeries z, quotient)

    /// <summary>φ(z) = (e^z − 1)/z lane by lane, as <c>Numerics.phi</c> on <c>VectorExp.Exp</c>.</summary>
    [<MethodImpl(MethodImplOptions.AggressiveInlining)>]
    static member Phi(z: Vector512<float>) : Vector512<float> =
        let small = Vector512.LessThan(Vector512.Abs z, Vector512.Create 0.01)

        if Vector512.ExtractMostSignificantBits small = 0xFFUL then
            VectorMath.PhiSeries z
        else
            VectorMath.PhiOf(z, small, VectorExp.Exp z)

    /// <summary><c>Phi</c> in the lanes where <c>VectorExp.InRange</c> applies.</summary>
    [<MethodImpl(MethodImplOptions.AggressiveInlining)>]
    static member PhiInRange(z: Vector512<float>) : Vector512<float> =
        let small = Vector512.LessThan(Vector512.Abs z, Vector512.Create 0.01)

        if Vector512.ExtractMostSignificantBits small = 0xFFUL then
            VectorMath.PhiSeries z
        else
            VectorMath.PhiOf(z, small, VectorExp.InRange z)

    /// <summary>tanh lane by lane (<c>Math.Tanh</c>), without allocating.</summary>
    static member Tanh(x: Vector512<float>) =
        let inline f k = Math.Tanh(x.GetElement k)
        Vector512.Create(f 0, f 1, f 2, f 3, f 4, f 5, f 6, f 7)

    /// <summary>x^y lane by lane (<c>Math.Pow</c>), without allocating.</summary>
    static member Pow(x: Vector512<float>, y: Vector512<float>) =
        let inline f k =
            Math.Pow(x.GetElement k, y.GetElement k)

        Vector512.Create(f 0, f 1, f 2, f 3, f 4, f 5, f 6, f 7)
