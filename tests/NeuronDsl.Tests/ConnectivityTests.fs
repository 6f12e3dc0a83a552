module NeuronDsl.Tests.ConnectivityTests

open System
open Expecto
open MathNet.Numerics.Distributions
open NeuronDsl
open NeuronDsl.Tests

let private stream = RandomStream.create 2000u 3u

let private withParallelism degree =
    ConnectOptions.defaults |> ConnectOptions.withParallelism degree

let private build presynaptic postsynaptic connector =
    Connectivity.build presynaptic postsynaptic stream connector

/// Every row's targets, as arrays.
let private rows (c: Connectivity) =
    Array.init c.PresynapticCount (fun i -> Connectivity.targetsOf i c)

/// The sources of every target, from the CSR.
let private columns (c: Connectivity) =
    let sources = Array.init c.PostsynapticCount (fun _ -> ResizeArray<int>())

    for i in 0 .. c.PresynapticCount - 1 do
        for target in Connectivity.targetsOf i c do
            sources[target].Add i

    sources |> Array.map Seq.toArray

let private isSorted (xs: int[]) =
    xs |> Array.pairwise |> Array.forall (fun (a, b) -> a <= b)

let private distinct (xs: int[]) = (Array.distinct xs).Length = xs.Length

let private exactTests =
    testList
        "exact structures"
        [ test "one-to-one connects i to i" {
              let c = build 4 4 Connector.OneToOne
              Expect.equal c.RowOffsets [| 0; 1; 2; 3; 4 |] "offsets"
              Expect.equal c.TargetIndices [| 0; 1; 2; 3 |] "targets"
          }

          test "all-to-all connects every pair" {
              let c = build 3 4 (Connector.AllToAll Autapses.Allowed)
              Expect.equal c.RowOffsets [| 0; 4; 8; 12 |] "offsets"
              Expect.equal c.TargetIndices [| 0; 1; 2; 3; 0; 1; 2; 3; 0; 1; 2; 3 |] "targets"
          }

          test "all-to-all without autapses leaves out i to i" {
              let c = build 3 3 (Connector.AllToAll Autapses.Excluded)
              Expect.equal c.RowOffsets [| 0; 2; 4; 6 |] "offsets"
              Expect.equal c.TargetIndices [| 1; 2; 0; 2; 0; 1 |] "targets"
          }

          test "explicit pairs are grouped by source and sorted by target, multapses kept" {
              let c = build 3 4 (Connector.Explicit([| 2; 0; 2; 1; 0 |], [| 1; 3; 0; 2; 3 |]))
              Expect.equal c.RowOffsets [| 0; 2; 3; 5 |] "offsets"
              Expect.equal c.TargetIndices [| 3; 3; 2; 0; 1 |] "targets"
          }

          test "probability 1 is all-to-all and probability 0 is empty" {
              let all = build 50 50 (Connector.FixedProbability(1.0, Autapses.Excluded))
              Expect.equal all (build 50 50 (Connector.AllToAll Autapses.Excluded)) "p = 1"
              let none = build 50 60 (Connector.FixedProbability(0.0, Autapses.Allowed))
              Expect.equal none.TargetIndices [||] "p = 0 targets"
              Expect.equal none.RowOffsets (Array.zeroCreate 51) "p = 0 offsets"
          }

          test "empty populations give empty connectivity" {
              let c = build 0 5 (Connector.FixedProbability(0.5, Autapses.Allowed))
              Expect.equal c.RowOffsets [| 0 |] "offsets"
              Expect.equal (Connectivity.synapseCount c) 0 "synapses"
          } ]

let private degreeTests =
    testList
        "fixed degrees"
        [ for multapses in [ Multapses.Excluded; Multapses.Allowed ] do
              test (sprintf "fixed in-degree gives every target exactly K sources, multapses %A" multapses) {
                  let c = build 700 500 (Connector.FixedInDegree(40, Autapses.Allowed, multapses))
                  let sources = columns c
                  Expect.isTrue (sources |> Array.forall (fun s -> s.Length = 40)) "in-degree 40"

                  if multapses = Multapses.Excluded then
                      Expect.isTrue (sources |> Array.forall distinct) "distinct sources"

                  Expect.isTrue (rows c |> Array.forall isSorted) "rows sorted"
              }

              test (sprintf "fixed out-degree gives every source exactly K targets, multapses %A" multapses) {
                  let c = build 500 700 (Connector.FixedOutDegree(40, Autapses.Allowed, multapses))
                  let targets = rows c
                  Expect.isTrue (targets |> Array.forall (fun t -> t.Length = 40)) "out-degree 40"
                  Expect.isTrue (targets |> Array.forall isSorted) "rows sorted"

                  if multapses = Multapses.Excluded then
                      Expect.isTrue (targets |> Array.forall distinct) "distinct targets"
              }

          test "without autapses no neuron connects to itself" {
              for connector in
                  [ Connector.FixedInDegree(99, Autapses.Excluded, Multapses.Excluded)
                    Connector.FixedOutDegree(99, Autapses.Excluded, Multapses.Excluded)
                    Connector.FixedInDegree(30, Autapses.Excluded, Multapses.Allowed)
                    Connector.FixedProbability(0.5, Autapses.Excluded) ] do
                  let c = build 100 100 connector

                  let selfLoops =
                      rows c |> Array.mapi Array.contains |> Array.filter id |> Array.length

                  Expect.equal selfLoops 0 (sprintf "%A" connector)
          }

          test "K = N - 1 without autapses or multapses connects all other neurons" {
              let c =
                  build 60 60 (Connector.FixedOutDegree(59, Autapses.Excluded, Multapses.Excluded))

              Expect.equal c (build 60 60 (Connector.AllToAll Autapses.Excluded)) "all others"
          }

          // Floyd's algorithm must pick every K-subset with the same probability: 60 000 rows choosing 2 of 5
          // targets give each of the 10 subsets 6 000 times on average.
          test "fixed out-degree picks each 2-subset of 5 targets equally often (chi-square)" {
              let c =
                  build 60_000 5 (Connector.FixedOutDegree(2, Autapses.Allowed, Multapses.Excluded))

              let index (t: int[]) = t[0] * 5 + t[1]
              let observed = Array.zeroCreate<float> 25

              for t in rows c do
                  observed[index t] <- observed[index t] + 1.0

              let pairs =
                  [| for a in 0..4 do
                         for b in a + 1 .. 4 -> a * 5 + b |]

              let counts = pairs |> Array.map (fun k -> observed[k])
              Expect.equal (Array.sum counts) 60000.0 "every row is a 2-subset"
              expectChiSquare "2-subsets" counts (Array.create 10 6000.0)
          }

          // Each of the 2 000 targets picks K = 50 of the 1 999 other neurons, so a source is picked by each other
          // target with probability 50/1999, independently: its out-degree is Binomial(1999, 50/1999).
          test "fixed in-degree picks sources uniformly: out-degrees are Binomial(N - 1, K/(N - 1))" {
              let n = 2000

              let c =
                  build n n (Connector.FixedInDegree(50, Autapses.Excluded, Multapses.Excluded))

              let q = 50.0 / float (n - 1)
              let lo, hi = binRange (fun k -> Binomial.PMF(q, n - 1, k)) n 0 200

              expectDiscreteFit
                  "out-degree"
                  (fun k -> Binomial.CDF(q, n - 1, float k))
                  lo
                  hi
                  (Connectivity.outDegrees c)
          } ]

let private probabilityTests =
    let n = 4000
    let p = 0.025
    let connector = Connector.FixedProbability(p, Autapses.Excluded)
    let c = lazy (build n n connector)
    let trials = n - 1 // per row and per column: autapses are excluded

    testList
        "fixed probability"
        [ // n(n − 1) independent Bernoulli(p) trials: the count is Binomial, mean n(n−1)p, variance n(n−1)p(1−p).
          test "the synapse count is within 5 sigma of the binomial mean" {
              let pairs = float n * float trials
              let count = float (Connectivity.synapseCount c.Value)
              expectWithinFiveSigma "synapses" (sqrt (pairs * p * (1.0 - p))) (pairs * p) count
          }

          // Distinct targets use disjoint pairs, so in-degrees are independent Binomial(n − 1, p) draws; the same
          // holds for out-degrees.
          test "in-degrees follow Binomial(N - 1, p) (chi-square)" {
              let lo, hi = binRange (fun k -> Binomial.PMF(p, trials, k)) n 0 300
              let cdf k = Binomial.CDF(p, trials, float k)
              expectDiscreteFit "in-degree" cdf lo hi (Connectivity.inDegrees c.Value)
          }

          test "out-degrees follow Binomial(N - 1, p) (chi-square)" {
              let lo, hi = binRange (fun k -> Binomial.PMF(p, trials, k)) n 0 300
              let cdf k = Binomial.CDF(p, trials, float k)
              expectDiscreteFit "out-degree" cdf lo hi (Connectivity.outDegrees c.Value)
          }

          test "the in-degree test rejects Binomial(N - 1, 1.05 p)" {
              let q = 1.05 * p
              let lo, hi = binRange (fun k -> Binomial.PMF(q, trials, k)) n 0 300
              let degrees = Connectivity.inDegrees c.Value
              let observed = Array.zeroCreate<float>(hi - lo + 1)

              for k in degrees do
                  observed[min hi (max lo k) - lo] <- observed[min hi (max lo k) - lo] + 1.0

              let cdf k = Binomial.CDF(q, trials, float k)

              let expected =
                  Array.init observed.Length (fun b ->
                      let below = if b = 0 then 0.0 else cdf (lo + b - 1)
                      let upTo = if b = observed.Length - 1 then 1.0 else cdf (lo + b)
                      float n * (upTo - below))

              expectRejects "1.05 p" (chiSquarePValue observed expected)
          }

          test "rows are sorted and distinct" {
              Expect.isTrue (rows c.Value |> Array.forall (fun t -> isSorted t && distinct t)) "rows"
          }

          test "a tiny probability connects nothing without looping" {
              let tiny = build 1000 1000 (Connector.FixedProbability(1e-300, Autapses.Allowed))
              Expect.equal (Connectivity.synapseCount tiny) 0 "synapses"
          } ]

let private randomConnectors =
    [ Connector.FixedProbability(0.05, Autapses.Excluded)
      Connector.FixedInDegree(30, Autapses.Excluded, Multapses.Excluded)
      Connector.FixedInDegree(30, Autapses.Allowed, Multapses.Allowed)
      Connector.FixedOutDegree(30, Autapses.Excluded, Multapses.Excluded)
      Connector.FixedOutDegree(30, Autapses.Allowed, Multapses.Allowed) ]

let private determinismTests =
    testList
        "determinism"
        [ for connector in randomConnectors do
              // 3 000 rows make 12 chunks of 256, so 2 and 8 threads really split the work.
              test (sprintf "%A is bit-identical for 1, 2 and 8 threads" connector) {
                  let builds =
                      [ 1; 2; 8 ]
                      |> List.map (fun degree ->
                          Connectivity.buildWith (withParallelism degree) 3000 3000 stream connector)

                  Expect.equal builds[1] builds[0] "2 threads"
                  Expect.equal builds[2] builds[0] "8 threads"
              }

              test (sprintf "%A differs for another seed or stream" connector) {
                  let reference = build 3000 3000 connector
                  let seed = Connectivity.build 3000 3000 (RandomStream.create 2001u 3u) connector
                  let other = Connectivity.build 3000 3000 (RandomStream.create 2000u 4u) connector
                  Expect.notEqual seed.TargetIndices reference.TargetIndices "seed"
                  Expect.notEqual other.TargetIndices reference.TargetIndices "stream"
              } ]

let private memoryTests =
    testList
        "memory"
        [ for connector in
              Connector.OneToOne
              :: Connector.AllToAll Autapses.Excluded
              :: Connector.Explicit([| 0; 5; 5 |], [| 1; 2; 3 |])
              :: randomConnectors do
              test (sprintf "predictBytes of %A equals the built arrays' size" connector) {
                  let predicted = Connectivity.predictBytes 1000 1000 stream connector
                  let c = build 1000 1000 connector
                  let actual = 4L * int64 (c.RowOffsets.Length + c.TargetIndices.Length)
                  Expect.equal predicted actual "bytes"
                  Expect.equal (Connectivity.count 1000 1000 stream connector) (int64 c.TargetIndices.Length) "count"
              }

          test "a projection over the memory limit is refused before it is built" {
              let options = ConnectOptions.defaults |> ConnectOptions.withMemoryLimit 40_000L

              expectArgument "options" (fun () ->
                  Connectivity.buildWith options 100 100 stream (Connector.AllToAll Autapses.Allowed))

              let fits =
                  Connectivity.buildWith options 99 100 stream (Connector.AllToAll Autapses.Allowed)

              Expect.equal (Connectivity.bytes fits) (4L * 100L + 4L * 9900L) "99 x 100 fits"
          } ]

/// Expects an ArgumentException for this parameter whose message contains every given fragment.
let private expectRejected (paramName: string) (fragments: string list) (action: unit -> 'T) =
    try
        action () |> ignore
        failtestf "expected an ArgumentException for %s" paramName
    with :? ArgumentException as e ->
        Expect.equal e.ParamName paramName (sprintf "ParamName of: %s" e.Message)

        for fragment in fragments do
            Expect.stringContains e.Message fragment "message"

let private validationTests =
    let validate pre post connector () = Connector.validate pre post connector

    testList
        "validation"
        [ test "rejects probabilities outside [0, 1]" {
              for p in [ -0.1; 1.5; nan ] do
                  expectRejected
                      "probability"
                      [ sprintf "probability = %g" p; "[0, 1]" ]
                      (validate 10 10 (Connector.FixedProbability(p, Autapses.Allowed)))
          }

          test "rejects K above the available neurons without multapses" {
              expectRejected
                  "degree"
                  [ "degree = 11"; "at most 10" ]
                  (validate 10 20 (Connector.FixedInDegree(11, Autapses.Allowed, Multapses.Excluded)))

              expectRejected
                  "degree"
                  [ "degree = 10"; "at most 9" ]
                  (validate 10 10 (Connector.FixedOutDegree(10, Autapses.Excluded, Multapses.Excluded)))

              validate 10 20 (Connector.FixedInDegree(11, Autapses.Allowed, Multapses.Allowed)) ()
          }

          test "rejects negative degrees and sizes" {
              expectRejected
                  "degree"
                  [ "degree = -1" ]
                  (validate 10 10 (Connector.FixedOutDegree(-1, Autapses.Allowed, Multapses.Allowed)))

              expectRejected "presynaptic" [ "presynaptic = -3" ] (validate -3 10 Connector.OneToOne)

              expectRejected
                  "postsynaptic"
                  [ "postsynaptic = -3" ]
                  (validate 10 -3 (Connector.AllToAll Autapses.Allowed))
          }

          test "rejects excluded autapses between populations of different sizes" {
              expectRejected "autapses" [ "10 → 20" ] (validate 10 20 (Connector.AllToAll Autapses.Excluded))
          }

          test "rejects one-to-one between populations of different sizes" {
              expectRejected "postsynaptic" [ "postsynaptic = 20"; "expected 10" ] (validate 10 20 Connector.OneToOne)
          }

          test "rejects explicit arrays of different lengths or with indices out of range" {
              expectRejected
                  "targets"
                  [ "targets has 1 elements"; "expected 2" ]
                  (validate 5 5 (Connector.Explicit([| 0; 1 |], [| 0 |])))

              expectRejected
                  "sources"
                  [ "sources[1] = 5"; "0 to 4" ]
                  (validate 5 5 (Connector.Explicit([| 0; 5 |], [| 0; 0 |])))

              expectRejected "targets" [ "targets[0] = -1" ] (validate 5 5 (Connector.Explicit([| 0 |], [| -1 |])))
              expectRejected "sources" [] (validate 5 5 (Connector.Explicit(null, [| 0 |])))
          }

          test "rejects projections with more synapses than one array holds" {
              expectRejected
                  "connector"
                  [ "2500000000 synapses" ]
                  (validate 50_000 50_000 (Connector.AllToAll Autapses.Allowed))

              expectRejected
                  "connector"
                  [ "3000000000 synapses" ]
                  (validate 1000 3_000_000 (Connector.FixedInDegree(1000, Autapses.Allowed, Multapses.Excluded)))
          }

          test "build checks too" {
              expectRejected "probability" [ "probability = 2" ] (fun () ->
                  build 10 10 (Connector.FixedProbability(2.0, Autapses.Allowed)))
          } ]

[<Tests>]
let tests =
    testList
        "Connectivity"
        [ exactTests
          degreeTests
          probabilityTests
          determinismTests
          memoryTests
          validationTests ]
