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
    /// <c>Vector512.Exp</c> and <c>Vector512.Log</c>.</summary>
    static member Exprel(x: Vector512<float>) : Vector512<float> =
        let one = Vector512.Create 1.0
        let e = Vector512.Exp x
        let em1 = e - one
        let general = em1 / Vector512.Log e
        let nan = Vector512.OnesComplement(Vector512.Equals(e, e))
        let infinite = Vector512.Equals(e, Vector512.Create Double.PositiveInfinity)
        let r = Vector512.ConditionalSelect(Vector512.BitwiseOr(nan, infinite), e, general)

        let r =
            Vector512.ConditionalSelect(Vector512.Equals(em1, Vector512.Create -1.0), -one / x, r)

        Vector512.ConditionalSelect(Vector512.Equals(e, one), one, r)

    /// <summary>A scalar function of one argument applied lane by lane.</summary>
    static member private Lanes(f: float -> float, x: Vector512<float>) =
        let values = Array.zeroCreate<float> 8

        for k in 0..7 do
            values[k] <- f (x.GetElement k)

        Vector512.Create<float>(values)

    /// <summary>tanh lane by lane (<c>Math.Tanh</c>).</summary>
    static member Tanh(x: Vector512<float>) = VectorMath.Lanes(Math.Tanh, x)

    /// <summary>x^y lane by lane (<c>Math.Pow</c>).</summary>
    static member Pow(x: Vector512<float>, y: Vector512<float>) =
        let values = Array.zeroCreate<float> 8

        for k in 0..7 do
            values[k] <- Math.Pow(x.GetElement k, y.GetElement k)

        Vector512.Create<float>(values)
