module NeuronDsl.Tests.NormalQuantileTests

open System.Runtime.Intrinsics
open Expecto
open MathNet.Numerics.Distributions
open NeuronDsl

/// Probabilities from 10^-15 to 0.99 across all three ranges of AS 241 (|q| ≤ 0.425, r ≤ 5, r > 5 for
/// p < 1.4·10^-11).
let private probabilities =
    [ for e in 1..15 -> 10.0 ** float -e ] @ [ for k in 1..99 -> float k / 100.0 ]

[<Tests>]
let tests =
    testList
        "NormalQuantile"
        [ testCase "agrees with MathNet's inverse normal CDF to 1e-13 relative in every range"
          <| fun () ->
              for p in probabilities do
                  // q = p − ½ rounds; ½ + q is exact (Sterbenz), the probability actually asked for.
                  let q = p - 0.5
                  let z = NormalQuantile.ofCentred q
                  let expected = Normal.InvCDF(0.0, 1.0, 0.5 + q)
                  let tolerance = 1e-13 * max 1.0 (abs expected)

                  Expect.isLessThanOrEqual
                      (abs (z - expected))
                      tolerance
                      (sprintf "p = %g: %.17g vs %.17g" p z expected)

          testCase "is odd: Φ⁻¹(½ − q) = −Φ⁻¹(½ + q)"
          <| fun () ->
              for p in probabilities do
                  let q = p - 0.5
                  Expect.equal (NormalQuantile.ofCentred -q) (-(NormalQuantile.ofCentred q)) (sprintf "q = %g" q)

          testCase "maps the extreme 53-bit words to finite deviates of opposite sign"
          <| fun () ->
              let lowest = NormalQuantile.ofWords 0u 0u
              let highest = NormalQuantile.ofWords 0xFFFFFFFFu 0xFFFFFFFFu
              Expect.equal highest -lowest "symmetric cells"
              Expect.isTrue (System.Double.IsFinite highest && highest > 8.0 && highest < 8.5) (sprintf "%g" highest)

          testCase "gives on eight lanes the bits of the scalar, in the centre and the tails"
          <| fun () ->
              let stream = RandomStream.create 9u 1u

              for first in 0..8..8000 do
                  let struct (w0, w1, _, _) = PhiloxVector.blocks first 3L 0 stream
                  let lanes = NormalQuantile.ofWordVectors w0 w1

                  for lane in 0..7 do
                      let word (w: Vector512<uint64>) = uint32 (Vector512.GetElement(w, lane))
                      let scalar = NormalQuantile.ofWords (word w0) (word w1)
                      Expect.equal (Vector512.GetElement(lanes, lane)) scalar (sprintf "neuron %d" (first + lane)) ]
