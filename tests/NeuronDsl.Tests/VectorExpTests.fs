module NeuronDsl.Tests.VectorExpTests

open System
open System.Runtime.Intrinsics
open Expecto
open NeuronDsl

/// Distance between two results of exp in doubles (ulps): non-negative doubles are ordered as their bits, so the
/// difference of the bits counts the doubles between them. NaN matches only NaN and ∞ only ∞; anything else
/// (a −0, a negative result) is far.
let private ulps (a: float) (b: float) =
    if Double.IsNaN a || Double.IsNaN b || Double.IsInfinity a || Double.IsInfinity b then
        if a.Equals b then 0L else Int64.MaxValue
    else
        abs (BitConverter.DoubleToInt64Bits a - BitConverter.DoubleToInt64Bits b)

/// The largest distance from Math.Exp over the arguments (eight lanes at a time, the last vector padded with 0) and
/// an argument where it occurs.
let private worst (xs: float[]) =
    let mutable most, at = 0L, nan

    for i in 0..8 .. xs.Length - 1 do
        let lanes = Array.init 8 (fun k -> if i + k < xs.Length then xs[i + k] else 0.0)
        let e = VectorExp.Exp(Vector512.Create<float> lanes)

        for k in 0..7 do
            let d = ulps (Vector512.GetElement(e, k)) (Math.Exp lanes[k])

            if d > most then
                most <- d
                at <- lanes[k]

    most, at

/// Every double within 2^16 of t, both ways.
let private around (t: float) =
    let bits = BitConverter.DoubleToInt64Bits t
    Array.init (1 <<< 17) (fun k -> BitConverter.Int64BitsToDouble(bits + int64 k - (1L <<< 16)))

let private expectWithinAnUlp (name: string) (xs: float[]) =
    let most, at = worst xs
    // Within one ulp of Math.Exp: the bound the vector kernels' tests were written for with Vector512.Exp (~1 ulp).
    Expect.isLessThanOrEqual most 1L (sprintf "%s: %d ulps at x = %.17g" name most at)

[<Tests>]
let tests =
    testList
        "VectorExp"
        [ testList
              "Exp"
              [ testCase "is within an ulp of Math.Exp at 2^23 arguments spread evenly over [−745.2, 709.8]"
                <| fun () ->
                    // Both ends lie past the limits: e^709.8 overflows and e^−745.2 rounds to 0.
                    let n = 1 <<< 23

                    Array.init n (fun k -> -745.2 + 1455.0 * float k / float (n - 1))
                    |> expectWithinAnUlp "even"

                testCase "is within an ulp of Math.Exp at 2^23 doubles spread evenly over their bits, either sign"
                <| fun () ->
                    // Every 2^41st bit pattern below +∞ and its negative: every binade, tiny arguments to huge.
                    let step = 1L <<< 41
                    let count = int (0x7FF0000000000000L / step)

                    Array.init (2 * count) (fun k ->
                        let x = BitConverter.Int64BitsToDouble(int64 (k / 2) * step + int64 k % 7L)
                        if k % 2 = 0 then x else -x)
                    |> expectWithinAnUlp "bits"

                testCase
                    "is within an ulp of Math.Exp next to every limit: overflow, subnormal, zero and its own branch"
                <| fun () ->
                    [ Math.Log Double.MaxValue // e^x overflows just above
                      Math.Log 2.2250738585072014e-308 // below, e^x is subnormal
                      Math.Log Double.Epsilon // e^x = the smallest subnormal
                      Math.Log Double.Epsilon - Math.Log 2.0 // below, e^x rounds to 0
                      708.0 // the fast branch's limits
                      -708.0
                      709.8 // the extreme branch's limits for +∞ and 0
                      -745.2
                      0.0 ]
                    |> List.iter (fun t -> expectWithinAnUlp (sprintf "around %.17g" t) (around t))

                testCase "is Math.Exp's value at ±0, ±∞, NaNs, the extreme doubles and the subnormals"
                <| fun () ->
                    let specials =
                        [| 0.0
                           -0.0
                           Double.PositiveInfinity
                           Double.NegativeInfinity
                           Double.NaN
                           -Double.NaN
                           BitConverter.Int64BitsToDouble 0x7FF0000000000001L // a signalling NaN
                           Double.MaxValue
                           -Double.MaxValue
                           Double.Epsilon
                           -Double.Epsilon
                           2.2250738585072014e-308
                           -2.2250738585072014e-308 |]

                    let subnormals =
                        Array.init 4096 (fun k -> BitConverter.Int64BitsToDouble(int64 k * 0x000FFFFFFFFFFFFFL / 4096L))

                    for x in Array.append specials subnormals do
                        // One argument per vector, the other lanes ordinary, so each special meets the fast branch's test.
                        let e = VectorExp.Exp(Vector512.Create(x, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0))
                        Expect.equal (ulps (Vector512.GetElement(e, 0)) (Math.Exp x)) 0L (sprintf "x = %.17g" x)

                testCase "gives each lane the same bits whatever the other lanes hold"
                <| fun () ->
                    // An extreme or NaN neighbour sends the whole vector to the other branch.
                    let xs = [| -707.9; -20.5; -1.0; -1e-300; 0.3; 1.0; 42.0; 707.9 |]
                    let alone = VectorExp.Exp(Vector512.Create<float> xs)

                    for neighbour in [ 708.0; -708.0; 710.0; -746.0; Double.NaN; Double.NegativeInfinity ] do
                        for lane in 0..7 do
                            let mixed =
                                VectorExp.Exp(Vector512.Create<float> xs |> fun v -> v.WithElement(lane, neighbour))

                            for k in 0..7 do
                                if k <> lane then
                                    Expect.equal
                                        (BitConverter.DoubleToInt64Bits(Vector512.GetElement(mixed, k)))
                                        (BitConverter.DoubleToInt64Bits(Vector512.GetElement(alone, k)))
                                        (sprintf "lane %d beside %g" k neighbour) ] ]
