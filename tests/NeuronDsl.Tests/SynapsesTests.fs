module NeuronDsl.Tests.SynapsesTests

open System
open Expecto
open MathNet.Numerics.Distributions
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Tests

let private stream = RandomStream.create 2007u 1u

/// 1 000 × 1 000 at in-degree 200: 2·10^5 synapses, enough for 5-sigma moments and KS tests of their values.
let private connector =
    Connector.FixedInDegree(200, Autapses.Excluded, Multapses.Excluded)

let private spec weights delays =
    { Connector = connector
      Weights = weights
      Delays = delays }

let private build (s: SynapseSpec<mV>) = Synapses.build 1000 1000 stream s

let private values (column: SynapseColumn<'u>) =
    match column with
    | SynapseColumn.PerSynapse values -> values |> Array.map float
    | SynapseColumn.Shared _ -> failtest "expected per-synapse values"

let private weightsOf (weights: SynapseValues<mV>) =
    (build (spec weights (SynapseValues.Constant 1.0<ms>))).Weights |> values

let private distributionTests =
    testList
        "drawn values"
        [ // Uniform(a, b): variance (b − a)²/12, fourth central moment (b − a)⁴/80.
          test "uniform weights lie in (Low, High] with mean and variance of the uniform" {
              let xs = weightsOf (SynapseValues.Uniform(-1.0<mV>, 3.0<mV>))
              Expect.isTrue (xs |> Array.forall (fun x -> x > -1.0 && x <= 3.0)) "range"
              expectMean "uniform" 1.0 (16.0 / 12.0) xs
              expectVariance "uniform" (16.0 / 12.0) (256.0 / 80.0) xs
          }

          // N(μ, σ²): fourth central moment 3σ⁴.
          test "normal weights have the mean and variance asked for" {
              let xs = weightsOf (SynapseValues.Normal(0.5<mV>, 0.2<mV>))
              expectMean "normal" 0.5 0.04 xs
              expectVariance "normal" 0.04 (3.0 * 0.04 * 0.04) xs
          }

          // Conditioned on [a, b], the CDF is (Φ(z) − Φ(α)) / (Φ(β) − Φ(α)) with z, α, β standardised.
          test "truncated normal weights follow the truncated CDF (Kolmogorov-Smirnov)" {
              let mean, sd, low, high = 0.1, 0.2, 0.0, 0.4

              let xs =
                  weightsOf (SynapseValues.TruncatedNormal(0.1<mV>, 0.2<mV>, 0.0<mV>, 0.4<mV>))

              Expect.isTrue (xs |> Array.forall (fun x -> x >= low && x <= high)) "within bounds"
              let phi x = Normal.CDF(mean, sd, x)

              let cdf x =
                  (phi x - phi low) / (phi high - phi low)

              expectKolmogorovSmirnov "truncated normal" cdf xs
              expectRejects "untruncated CDF" (ksPValue phi xs)
          }

          // A fraction Φ((a − μ)/σ) of draws is clipped to a: a binomial proportion with standard error √(q(1−q)/n).
          test "clipped normal weights put the lower tail's mass on Low" {
              let xs =
                  weightsOf (SynapseValues.ClippedNormal(0.1<mV>, 0.2<mV>, 0.0<mV>, 10.0<mV>))

              Expect.isTrue (xs |> Array.forall (fun x -> x >= 0.0)) "never below Low"
              let q = Normal.CDF(0.1, 0.2, 0.0)
              let atLow = float (xs |> Array.filter ((=) 0.0)).Length / float xs.Length
              expectWithinFiveSigma "fraction at Low" (sqrt (q * (1.0 - q) / float xs.Length)) q atLow
          }

          test "log-normal weights have normally distributed logarithms" {
              let xs = weightsOf (SynapseValues.LogNormal(-1.0, 0.5))
              let logs = xs |> Array.map log
              expectMean "log" -1.0 0.25 logs
              expectVariance "log" 0.25 (3.0 * 0.25 * 0.25) logs
          }

          // Weights and delays draw at different stream steps: with the same Uniform(0, 1] their correlation over
          // n independent pairs has standard error 1/√n (after standardising by the variance 1/12).
          test "weights and delays are independent draws" {
              let s =
                  build (spec (SynapseValues.Uniform(0.0<mV>, 1.0<mV>)) (SynapseValues.Uniform(0.0<ms>, 1.0<ms>)))

              let w = values s.Weights
              let d = values s.Delays
              let correlation = Array.map2 (fun a b -> (a - 0.5) * (b - 0.5)) w d |> Array.average
              expectWithinFiveSigma "correlation" (1.0 / 12.0 / sqrt (float w.Length)) 0.0 correlation
          } ]

let private storageTests =
    testList
        "storage"
        [ test "constant weights and delays are stored once" {
              let s =
                  build (spec (SynapseValues.Constant 0.1<mV>) (SynapseValues.Constant 1.5<ms>))

              Expect.equal s.Weights (SynapseColumn.Shared 0.1<mV>) "weights"
              Expect.equal s.Delays (SynapseColumn.Shared 1.5<ms>) "delays"
              Expect.equal (Synapses.bytes s) (4L * (1001L + 200_000L)) "bytes: the connectivity only"
          }

          test "explicit per-synapse values follow their pairs into CSR order" {
              let explicitSpec =
                  { Connector = Connector.Explicit([| 2; 0; 2; 1; 0 |], [| 1; 3; 0; 2; 3 |])
                    Weights = SynapseValues.PerSynapse [| 10.0<mV>; 20.0<mV>; 30.0<mV>; 40.0<mV>; 50.0<mV> |]
                    Delays = SynapseValues.PerSynapse [| 1.0<ms>; 2.0<ms>; 3.0<ms>; 4.0<ms>; 5.0<ms> |] }

              let s = Synapses.build 3 4 stream explicitSpec
              // CSR: 0→3 (k = 1), 0→3 (k = 4), 1→2 (k = 3), 2→0 (k = 2), 2→1 (k = 0).
              Expect.equal (values s.Weights) [| 20.0; 50.0; 40.0; 30.0; 10.0 |] "weights"
              Expect.equal (values s.Delays) [| 2.0; 5.0; 4.0; 3.0; 1.0 |] "delays"
          }

          test "per-synapse values are copied" {
              let weights = Array.create 200_000 1.0<mV>

              let s =
                  build (spec (SynapseValues.PerSynapse weights) (SynapseValues.Constant 1.0<ms>))

              weights[0] <- 2.0<mV>
              Expect.equal (SynapseColumn.item 0 s.Weights) 1.0<mV> "unchanged"
          }

          test "predictBytes equals the built arrays' size" {
              for connector in
                  [ Connector.FixedProbability(0.1, Autapses.Excluded)
                    Connector.FixedOutDegree(50, Autapses.Allowed, Multapses.Allowed)
                    Connector.AllToAll Autapses.Allowed ] do
                  let s =
                      { Connector = connector
                        Weights = SynapseValues.Normal(0.0<mV>, 1.0<mV>)
                        Delays = SynapseValues.Uniform(0.5<ms>, 2.0<ms>) }

                  let predicted = Synapses.predictBytes 500 500 stream s
                  let built = Synapses.build 500 500 stream s
                  let c = built.Connectivity

                  let actual =
                      4L * int64 (c.RowOffsets.Length + c.TargetIndices.Length)
                      + 8L * int64 (values built.Weights).Length
                      + 8L * int64 (values built.Delays).Length

                  Expect.equal predicted actual (sprintf "%A" connector)
                  Expect.equal (Synapses.bytes built) actual "bytes"
          }

          test "synapses over the memory limit are refused before they are built" {
              let s =
                  spec (SynapseValues.Normal(0.0<mV>, 1.0<mV>)) (SynapseValues.Constant 1.0<ms>)
              // 4·1001 + 4·200 000 + 8·200 000 bytes = 2 404 004.
              let limit = ConnectOptions.defaults |> ConnectOptions.withMemoryLimit 2_404_003L
              expectArgument "options" (fun () -> Synapses.buildWith limit 1000 1000 stream s)
              let exact = ConnectOptions.defaults |> ConnectOptions.withMemoryLimit 2_404_004L
              Expect.equal (Synapses.bytes (Synapses.buildWith exact 1000 1000 stream s)) 2_404_004L "fits"
          }

          test "weights and delays are bit-identical for 1, 2 and 8 threads" {
              let s =
                  { Connector = Connector.FixedProbability(0.05, Autapses.Excluded)
                    Weights = SynapseValues.TruncatedNormal(0.1<mV>, 0.1<mV>, 0.0<mV>, 0.3<mV>)
                    Delays = SynapseValues.LogNormal(0.0, 0.3) }

              let bitsOf degree =
                  let options = ConnectOptions.defaults |> ConnectOptions.withParallelism degree
                  let built = Synapses.buildWith options 3000 3000 stream s
                  built.Connectivity, doubleBits (values built.Weights), doubleBits (values built.Delays)

              let one = bitsOf 1
              Expect.equal (bitsOf 2) one "2 threads"
              Expect.equal (bitsOf 8) one "8 threads"
          } ]

let private validationTests =
    let check name fragments (s: SynapseSpec<mV>) =
        try
            build s |> ignore
            failtestf "expected an ArgumentException for %s" name
        with :? ArgumentException as e ->
            Expect.equal e.ParamName name e.Message

            for fragment in fragments do
                Expect.stringContains e.Message fragment "message"

    let constantDelays weights =
        spec weights (SynapseValues.Constant 1.0<ms>)

    let constantWeights delays =
        spec (SynapseValues.Constant 1.0<mV>) delays

    testList
        "validation"
        [ test "rejects negative delays" {
              check "delays" [ "Value = -1"; ">= 0" ] (constantWeights (SynapseValues.Constant -1.0<ms>))
              check "delays" [ "Low = -0.5" ] (constantWeights (SynapseValues.Uniform(-0.5<ms>, 1.0<ms>)))
              check "delays" [ "Values[1] = -2" ] (constantWeights (SynapseValues.PerSynapse [| 1.0<ms>; -2.0<ms> |]))
          }

          test "rejects an unbounded normal for delays" {
              check "delays" [ "unbounded Normal" ] (constantWeights (SynapseValues.Normal(1.5<ms>, 0.1<ms>)))
          }

          test "rejects per-synapse arrays of the wrong length" {
              check
                  "weights"
                  [ "PerSynapse has 3 values"; "expected 200000" ]
                  (constantDelays (SynapseValues.PerSynapse [| 1.0<mV>; 2.0<mV>; 3.0<mV> |]))
          }

          test "rejects bounds in the wrong order, negative spreads and non-finite values" {
              check "weights" [ "Low = 2"; "High = 1" ] (constantDelays (SynapseValues.Uniform(2.0<mV>, 1.0<mV>)))
              check "weights" [ "StandardDeviation = -1" ] (constantDelays (SynapseValues.Normal(0.0<mV>, -1.0<mV>)))
              check "weights" [ "Value = NaN" ] (constantDelays (SynapseValues.Constant(nan * 1.0<mV>)))
              check "weights" [ "LogStandardDeviation = -0.1" ] (constantDelays (SynapseValues.LogNormal(0.0, -0.1)))
          }

          test "rejects a truncated normal whose bounds hold under 1 % of its mass" {
              check
                  "weights"
                  [ "at least 0.01"; "ClippedNormal" ]
                  (constantDelays (SynapseValues.TruncatedNormal(0.0<mV>, 1.0<mV>, 3.0<mV>, 4.0<mV>)))
          }

          test "rejects an invalid connector" {
              let tooMany = Connector.FixedInDegree(1000, Autapses.Excluded, Multapses.Excluded)

              check
                  "degree"
                  [ "degree = 1000"; "at most 999" ]
                  { constantDelays (SynapseValues.Constant 1.0<mV>) with
                      Connector = tooMany }
          } ]

[<Tests>]
let tests = testList "Synapses" [ distributionTests; storageTests; validationTests ]
