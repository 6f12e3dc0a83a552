module NeuronDsl.Tests.VectorLogTests

open System
open System.Runtime.Intrinsics
open Expecto
open NeuronDsl

/// Distance between two positive doubles, or two results of ln near 1 of the same sign, in doubles (ulps): such
/// doubles are ordered as their bits. Opposite signs (other than ±0) count as far.
let private ulps (a: float) (b: float) =
    if a = b then
        0L
    elif Math.Sign a <> Math.Sign b then
        Int64.MaxValue
    else
        abs (BitConverter.DoubleToInt64Bits a - BitConverter.DoubleToInt64Bits b)

let private worst (xs: float[]) =
    let mutable most, at = 0L, nan

    for i in 0..8 .. xs.Length - 1 do
        let lanes = Array.init 8 (fun k -> if i + k < xs.Length then xs[i + k] else 1.0)
        let l = VectorLog.NearOne(Vector512.Create<float> lanes)

        for k in 0..7 do
            let d = ulps (Vector512.GetElement(l, k)) (Math.Log lanes[k])

            if d > most then
                most <- d
                at <- lanes[k]

    most, at

let private expectWithinAnUlp (name: string) (xs: float[]) =
    let most, at = worst xs
    // Within one ulp of Math.Log, as VectorExp.Exp of Math.Exp: what exprel's vector lanes assume.
    Expect.isLessThanOrEqual most 1L (sprintf "%s: %d ulps at e = %.17g" name most at)

/// The domain: e^x for |x| ≤ 1/2, where exprel takes Kahan's quotient.
let private low, high = Math.Exp -0.5, Math.Exp 0.5

/// Every double within 2^16 of t, both ways, inside the domain.
let private around (t: float) =
    let bits = BitConverter.DoubleToInt64Bits t

    Array.init (1 <<< 17) (fun k -> BitConverter.Int64BitsToDouble(bits + int64 k - (1L <<< 16)))
    |> Array.filter (fun e -> e >= low && e <= high)

[<Tests>]
let tests =
    testList
        "VectorLog"
        [ testList
              "NearOne"
              [ testCase "is within an ulp of Math.Log at 2^23 arguments spread evenly over [e^−1/2, e^1/2]"
                <| fun () ->
                    let n = 1 <<< 23

                    Array.init n (fun k -> low + (high - low) * float k / float (n - 1))
                    |> Array.map (fun e -> min high (max low e))
                    |> expectWithinAnUlp "even"

                testCase "is within an ulp of Math.Log next to 1, the ends and every table boundary"
                <| fun () ->
                    // Boundaries between the tables' entries: 1 + (j + 1/2)/16; e near 1 gives ln e near 0.
                    let boundaries = [ for j in -7 .. 9 -> 1.0 + (float j + 0.5) / 16.0 ]

                    for t in [ 1.0; low; high ] @ boundaries do
                        expectWithinAnUlp (sprintf "around %.17g" t) (around t)

                testCase "is 0 at 1 and ±ε/2 from it to the last bit"
                <| fun () ->
                    let l =
                        VectorLog.NearOne(
                            Vector512.Create(
                                1.0,
                                1.0 + 2.220446049250313e-16,
                                1.0 - 1.1102230246251565e-16,
                                1.0,
                                1.0,
                                1.0,
                                1.0,
                                1.0
                            )
                        )

                    Expect.equal (Vector512.GetElement(l, 0)) 0.0 "ln 1"
                    Expect.equal (Vector512.GetElement(l, 1)) (Math.Log(1.0 + 2.220446049250313e-16)) "ln(1 + ε)"
                    Expect.equal (Vector512.GetElement(l, 2)) (Math.Log(1.0 - 1.1102230246251565e-16)) "ln(1 − ε/2)" ] ]
