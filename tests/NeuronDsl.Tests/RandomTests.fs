module NeuronDsl.Tests.RandomTests

open System
open System.Threading.Tasks
open Expecto
open MathNet.Numerics.Distributions
open NeuronDsl
open NeuronDsl.Tests

let private block (w0: uint32) w1 w2 w3 =
    { Word0 = w0
      Word1 = w1
      Word2 = w2
      Word3 = w3 }

// Random123's known-answer vectors: lines 24-29 of tests/kat_vectors in github.com/DEShawResearch/random123 at
// commit 9545ff6413f258be2f04c1d319d99aaef7521150, copied from that file. Fields: name, rounds, counter (4 words),
// key (2 words), expected output (4 words), in hex. The third counter and key are the first hex digits of pi.
let private knownAnswerLines =
    """
philox4x32 7 00000000 00000000 00000000 00000000 00000000 00000000   5f6fb709 0d893f64 4f121f81 4f730a48
philox4x32 7 ffffffff ffffffff ffffffff ffffffff ffffffff ffffffff   5207ddc2 45165e59 4d8ee751 8c52f662
philox4x32 7 243f6a88 85a308d3 13198a2e 03707344 a4093822 299f31d0   4dfccaba 190a87f0 c47362ba b6b5242a
philox4x32 10 00000000 00000000 00000000 00000000 00000000 00000000   6627e8d5 e169c58d bc57ac4c 9b00dbd8
philox4x32 10 ffffffff ffffffff ffffffff ffffffff ffffffff ffffffff   408f276d 41c83b0e a20bc7c6 6d5451fd
philox4x32 10 243f6a88 85a308d3 13198a2e 03707344 a4093822 299f31d0   d16cfe09 94fdcceb 5001e420 24126ea1
"""

let private knownAnswers =
    knownAnswerLines.Split('\n', StringSplitOptions.RemoveEmptyEntries)
    |> Array.map (fun line ->
        let fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
        let word i = Convert.ToUInt32(fields[i], 16)

        int fields[1],
        block (word 2) (word 3) (word 4) (word 5),
        (word 6, word 7),
        block (word 8) (word 9) (word 10) (word 11))

let private philoxTests =
    testList
        "Philox"
        [ for rounds, counter, (k0, k1), expected in knownAnswers do
              let key = { Key0 = k0; Key1 = k1 }

              test (sprintf "philox4x32-%d of key %08x %08x matches Random123's known answer" rounds k0 k1) {
                  Expect.equal (Philox.philox4x32Rounds rounds key counter) expected "philox4x32Rounds"

                  if rounds = 10 then
                      Expect.equal (Philox.philox4x32 key counter) expected "unrolled philox4x32"
              }

          test "reads all six known-answer lines" { Expect.equal knownAnswers.Length 6 "vectors" }

          test "rejects round counts outside 1..16" {
              let zero = block 0u 0u 0u 0u
              expectArgument "rounds" (fun () -> Philox.philox4x32Rounds 0 { Key0 = 0u; Key1 = 0u } zero)
              expectArgument "rounds" (fun () -> Philox.philox4x32Rounds 17 { Key0 = 0u; Key1 = 0u } zero)
          } ]

let private stream = RandomStream.create 20110101u 7u

/// n values of a draw function over neurons 0..n-1 at step 3, draw 1 (an address family the engine will use).
let private sample n (draw: int -> float) = Array.init n draw

let private uniforms n =
    sample n (fun i -> RandomStream.uniform i 3L 1 stream)

let private addressTests =
    testList
        "addressing"
        [ test "the same address gives the same bits" {
              let first = RandomStream.block 12 345L 6 stream
              let again = RandomStream.block 12 345L 6 (RandomStream.create 20110101u 7u)
              Expect.equal again first "block"
          }

          test "every part of the address changes the block" {
              let reference = RandomStream.block 5 (1L <<< 40) 9 stream

              let variants =
                  [ "seed", RandomStream.block 5 (1L <<< 40) 9 (RandomStream.create 20110102u 7u)
                    "stream", RandomStream.block 5 (1L <<< 40) 9 (RandomStream.create 20110101u 8u)
                    "neuron", RandomStream.block 6 (1L <<< 40) 9 stream
                    "step low word", RandomStream.block 5 ((1L <<< 40) + 1L) 9 stream
                    "step high word", RandomStream.block 5 (1L <<< 41) 9 stream
                    "draw", RandomStream.block 5 (1L <<< 40) 10 stream ]

              for name, variant in variants do
                  Expect.notEqual variant reference (sprintf "changing the %s" name)
          }

          test "the block is Philox4x32-10 of key (seed, stream) and counter (draw, neuron, step, 0)" {
              let step = 0x0000_1234_5678_9ABCL

              let expected =
                  Philox.philox4x32 { Key0 = 20110101u; Key1 = 7u } (block 9u 5u 0x56789ABCu 0x1234u)

              Expect.equal (RandomStream.block 5 step 9 stream) expected "block"
          }

          test "evaluation order and thread do not matter" {
              let count = 64 * 64 * 4

              let address k =
                  k / 256, int64 ((k / 4) % 64) * 1000L, k % 4

              let valueAt k =
                  let neuron, step, draw = address k
                  RandomStream.normal neuron step draw stream

              let sequential = Array.init count valueAt
              let order = Array.init count (fun k -> (k * 7919) % count) // 7919 is prime: a permutation
              let shuffled = Array.zeroCreate<float> count

              Parallel.For(0, count, (fun i -> shuffled[order[i]] <- valueAt order[i]))
              |> ignore

              Expect.equal (doubleBits shuffled) (doubleBits sequential) "bits"
          }

          test "rejects negative indices and steps beyond 2^48 - 1" {
              expectArgument "neuron" (fun () -> RandomStream.uniform -1 0L 0 stream)
              expectArgument "step" (fun () -> RandomStream.uniform 0 -1L 0 stream)
              expectArgument "step" (fun () -> RandomStream.uniform 0 (RandomStream.MaxStep + 1L) 0 stream)
              expectArgument "draw" (fun () -> RandomStream.uniform 0 0L -1 stream)
              RandomStream.uniform 0 RandomStream.MaxStep 0 stream |> ignore
          } ]

let private twoToMinus53 = Math.Pow(2.0, -53.0)

let private uniformTests =
    testList
        "uniform"
        [ test "maps 53 bits to (k + 1)·2^-53: never 0, 1 only for all-ones words" {
              Expect.equal (RandomStream.uniformOfWords 0u 0u) twoToMinus53 "all zeros"
              Expect.equal (RandomStream.uniformOfWords 0u 0x7FFu) twoToMinus53 "the low 11 bits are discarded"
              Expect.equal (RandomStream.uniformOfWords 0u 0x800u) (2.0 * twoToMinus53) "bit 11 is the lowest used"
              Expect.equal (RandomStream.uniformOfWords 0x80000000u 0u) (0.5 + twoToMinus53) "high bit"
              Expect.equal (RandomStream.uniformOfWords 0xFFFFFFFFu 0xFFFFFFFFu) 1.0 "all ones"
              Expect.equal (RandomStream.uniformOfWords 0xFFFFFFFFu 0xFFFFF7FFu) (1.0 - twoToMinus53) "next below 1"
          }

          // Uniform(0,1): variance 1/12, fourth central moment 1/80.
          test "has mean 1/2 and variance 1/12 over 10^6 draws" {
              let xs = uniforms 1_000_000
              expectMean "uniform" 0.5 (1.0 / 12.0) xs
              expectVariance "uniform" (1.0 / 12.0) (1.0 / 80.0) xs
          }

          test "fills 100 equal bins as a uniform should (chi-square, 10^6 draws)" {
              let bins = 100
              let n = 1_000_000
              let observed = Array.zeroCreate<float> bins

              for x in uniforms n do
                  let bin = min (bins - 1) (int (x * float bins))
                  observed[bin] <- observed[bin] + 1.0

              expectChiSquare "uniform" observed (Array.create bins (float n / float bins))
          }

          test "the bin test rejects the squares of uniforms" {
              let bins = 100
              let n = 1_000_000
              let observed = Array.zeroCreate<float> bins

              for x in uniforms n do
                  let bin = min (bins - 1) (int (x * x * float bins))
                  observed[bin] <- observed[bin] + 1.0

              expectRejects "squared uniform" (chiSquarePValue observed (Array.create bins (float n / float bins)))
          } ]

let private normals n =
    let pairs = Array.init n (fun i -> RandomStream.normalPair i 3L 1 stream)
    pairs |> Array.map (fun struct (z, _) -> z), pairs |> Array.map (fun struct (_, z) -> z)

let private standardNormalCdf (x: float) = Normal.CDF(0.0, 1.0, x)

let private normalTests =
    testList
        "normal"
        [ // N(0,1): variance 1, fourth central moment 3.
          test "both values of a pair have mean 0 and variance 1 over 10^6 draws" {
              let first, second = normals 1_000_000

              for name, zs in [ "first", first; "second", second ] do
                  expectMean name 0.0 1.0 zs
                  expectVariance name 1.0 3.0 zs
          }

          // For independent standard normals the sample correlation has standard error 1/√n.
          test "the two values of a pair are uncorrelated" {
              let first, second = normals 1_000_000
              let correlation = Array.map2 (*) first second |> Array.average
              expectWithinFiveSigma "correlation" (1.0 / sqrt 1e6) 0.0 correlation
          }

          test "follows the standard normal CDF (Kolmogorov-Smirnov, 10^5 draws each)" {
              let first, second = normals 100_000
              expectKolmogorovSmirnov "first" standardNormalCdf first
              expectKolmogorovSmirnov "second" standardNormalCdf second
          }

          test "the KS test rejects a normal with standard deviation 1.05" {
              let first, _ = normals 100_000
              expectRejects "sd 1.05" (ksPValue (fun x -> Normal.CDF(0.0, 1.05, x)) first)
          }

          test "normal is the first value of normalPair" {
              let struct (z, _) = RandomStream.normalPair 4 5L 6 stream
              Expect.equal (RandomStream.normal 4 5L 6 stream) z "normal"
          } ]

let private exponentials n =
    sample n (fun i -> RandomStream.exponential i 3L 1 stream)

let private exponentialTests =
    testList
        "exponential"
        [ // Exp(1): variance 1, fourth central moment 9.
          test "has mean 1 and variance 1 over 10^6 draws" {
              let xs = exponentials 1_000_000
              expectMean "exponential" 1.0 1.0 xs
              expectVariance "exponential" 1.0 9.0 xs
          }

          test "follows 1 - exp(-x) (Kolmogorov-Smirnov, 10^5 draws)" {
              expectKolmogorovSmirnov "exponential" (fun x -> 1.0 - exp -x) (exponentials 100_000)
          }

          test "the KS test rejects rate 1.05" {
              expectRejects "rate 1.05" (ksPValue (fun x -> 1.0 - exp (-1.05 * x)) (exponentials 100_000))
          }

          test "is minus the log of the uniform at the same address" {
              Expect.equal (RandomStream.exponential 8 9L 10 stream) (-log(RandomStream.uniform 8 9L 10 stream)) "value"
          } ]

let private integers bound n =
    Array.init n (fun i -> RandomStream.integer bound i 3L 1 stream)

let private integerTests =
    testList
        "integer"
        [ test "fills [0, 10) evenly (chi-square, 10^5 draws)" {
              let n = 100_000
              let observed = Array.zeroCreate<float> 10

              for k in integers 10 n do
                  observed[k] <- observed[k] + 1.0

              expectChiSquare "integer 10" observed (Array.create 10 (float n / 10.0))
          }

          // Uniform on {0..b-1}: mean (b-1)/2, variance (b²-1)/12, fourth central moment (b²-1)(3b²-7)/240.
          test "covers [0, Int32.MaxValue) with the right mean and variance" {
              let b = float Int32.MaxValue
              let ks = integers Int32.MaxValue 1_000_000
              let xs = ks |> Array.map float
              Expect.isTrue (ks |> Array.forall (fun k -> k >= 0 && k < Int32.MaxValue)) "in range"
              let variance = (b * b - 1.0) / 12.0
              expectMean "integer" ((b - 1.0) / 2.0) variance xs
              expectVariance "integer" variance ((b * b - 1.0) * (3.0 * b * b - 7.0) / 240.0) xs
          }

          test "bound 1 always gives 0" { Expect.isTrue (integers 1 1000 |> Array.forall ((=) 0)) "zeros" }

          test "rejects bounds below 1" { expectArgument "bound" (fun () -> RandomStream.integer 0 0 0L 0 stream) } ]

let private poissons mean n =
    Array.init n (fun i -> RandomStream.poisson mean i 3L 1 stream)

let private poissonCdf (mean: float) (k: int) = Poisson.CDF(mean, float k)

let private expectPoissonFit (mean: float) (sample: int[]) =
    let lo, hi =
        binRange (fun k -> Poisson.PMF(mean, k)) sample.Length 0 (int (mean + 10.0 * sqrt mean + 20.0))

    expectDiscreteFit (sprintf "Poisson(%g)" mean) (poissonCdf mean) lo hi sample

let private poissonTests =
    testList
        "poisson"
        [ // Poisson(μ): variance μ, fourth central moment μ(1 + 3μ).
          for mean in [ 0.5; 3.0; 9.99; 10.0; 31.4; 1000.0; 1e6 ] do
              test (sprintf "mean %g: sample mean and variance equal the mean (10^5 draws)" mean) {
                  let xs = poissons mean 100_000 |> Array.map float
                  expectMean "poisson" mean mean xs
                  expectVariance "poisson" mean (mean * (1.0 + 3.0 * mean)) xs
              }

          // Both sides of the switch from inversion to PTRS at 10, and PTRS well inside its range.
          for mean in [ 0.5; 3.0; 9.99; 10.0; 31.4; 1000.0 ] do
              test (sprintf "mean %g: counts follow the Poisson pmf (chi-square, 10^5 draws)" mean) {
                  expectPoissonFit mean (poissons mean 100_000)
              }

          test "the pmf test rejects Poisson(10) against Poisson(10.1)" {
              let sample = poissons 10.0 100_000
              let lo, hi = binRange (fun k -> Poisson.PMF(10.1, k)) sample.Length 0 60
              let n = float sample.Length
              let observed = Array.zeroCreate<float>(hi - lo + 1)

              for k in sample do
                  let bin = min hi (max lo k) - lo
                  observed[bin] <- observed[bin] + 1.0

              let expected =
                  Array.init observed.Length (fun b ->
                      let below = if b = 0 then 0.0 else poissonCdf 10.1 (lo + b - 1)

                      let upTo =
                          if b = observed.Length - 1 then
                              1.0
                          else
                              poissonCdf 10.1 (lo + b)

                      n * (upTo - below))

              expectRejects "Poisson(10.1)" (chiSquarePValue observed expected)
          }

          test "mean 0 gives 0" { Expect.isTrue (poissons 0.0 100 |> Array.forall ((=) 0)) "zeros" }

          test "rejects negative, non-finite and too large means" {
              for mean in [ -1.0; nan; infinity; 2e9 ] do
                  expectArgument "mean" (fun () -> RandomStream.poisson mean 0 0L 0 stream)
          } ]

[<Tests>]
let tests =
    testList
        "Random"
        [ philoxTests
          testList
              "RandomStream"
              [ addressTests
                uniformTests
                normalTests
                exponentialTests
                integerTests
                poissonTests ] ]
