module NeuronDsl.Tests.PoissonVectorTests

open System.Runtime.Intrinsics
open Expecto
open NeuronDsl

let private lanes (v: Vector512<float>) =
    Array.init 8 (fun k -> Vector512.GetElement(v, k))

/// The inversion's search as its documentation states it: the first k before the last with u ≤ cumulative[k], else
/// the last.
let private search (cumulative: float[]) (u: float) =
    match Array.tryFindIndex (fun c -> u <= c) cumulative[.. cumulative.Length - 2] with
    | Some k -> k
    | None -> cumulative.Length - 1

[<Tests>]
let tests =
    testList
        "PoissonVector"
        [ testCase "every lane's uniform is RandomStream.uniform of its neuron, bit for bit"
          <| fun () ->
              for seed, first, step in [ 1u, 0, 0L; 42u, 8, 17L; 0xFFFFFFFFu, 1000003, RandomStream.MaxStep ] do
                  let s = RandomStream.create seed 0xC0000000u
                  let struct (w0, w1, _, _) = PhiloxVector.blocks first step 0 s
                  let u = lanes (PoissonVector.uniforms w0 w1)
                  let expected = Array.init 8 (fun k -> RandomStream.uniform (first + k) step 0 s)
                  Expect.equal u expected (sprintf "seed %d, neurons from %d, step %d" seed first step)

          testCase "every lane's count is the table search's, at table entries, between them, at 1 and past the sum"
          <| fun () ->
              for mean in [ 1e-6; 0.5; 2.0; 9.99 ] do
                  let table = PoissonVector.table mean
                  // Each entry, its neighbours by one ulp, the smallest uniform, 1 (past the table's sum when that
                  // rounds below 1) and the midpoints: every branch of the search.
                  let probes =
                      [| for c in table do
                             yield c
                             yield System.Math.BitDecrement c
                             yield System.Math.BitIncrement c
                         yield System.Math.Pow(2.0, -53.0)
                         yield 1.0
                         for k in 1 .. table.Length - 1 do
                             yield 0.5 * (table[k - 1] + table[k]) |]
                      |> Array.filter (fun u -> u > 0.0 && u <= 1.0)

                  for block in Array.chunkBySize 8 probes do
                      let u = Array.init 8 (fun k -> block[min k (block.Length - 1)])
                      let counts = lanes (PoissonVector.countsFromTable table (Vector512.Create<float> u))
                      let expected = u |> Array.map (fun x -> float (search table x))
                      Expect.equal counts expected (sprintf "mean %g, uniforms %A" mean u)

          testCase "counts drawn from blocks equal RandomStream.poisson at their addresses"
          <| fun () ->
              let s = RandomStream.create 7u 0xC0000001u

              for mean in [ 0.05; 2.0; 7.5 ] do
                  let table = PoissonVector.table mean

                  for step in 0L .. 199L do
                      let struct (w0, w1, _, _) = PhiloxVector.blocks 16 step 0 s

                      let counts =
                          lanes (PoissonVector.countsFromTable table (PoissonVector.uniforms w0 w1))

                      let expected =
                          Array.init 8 (fun k -> float (RandomStream.poisson mean (16 + k) step 0 s))

                      Expect.equal counts expected (sprintf "mean %g, step %d" mean step)

          testCase "a table is refused for a mean of 0, NaN or one drawn by rejection, with its value"
          <| fun () ->
              for mean in [ 0.0; nan; RandomStream.PoissonInversionLimit ] do
                  let e = Expect.throwsC (fun () -> PoissonVector.table mean |> ignore) id
                  Expect.isTrue (e :? System.ArgumentException) "an argument error"
                  Expect.stringContains e.Message (sprintf "mean = %g" mean) "names the value" ]
