module NeuronDsl.Tests.PhiloxVectorTests

open Expecto
open NeuronDsl

[<Tests>]
let tests =
    testList
        "PhiloxVector"
        [ testCase "every lane is the scalar block of its neuron, bit for bit"
          <| fun () ->
              for seed, stream, first, step, draw in
                  [ 0u, 0u, 0, 0L, 0
                    42u, 0x40000000u, 8, 17L, 0
                    0xFFFFFFFFu, 0xFFFFFFFFu, 1000003, RandomStream.MaxStep, 5
                    7u, 3u, System.Int32.MaxValue - 7, 4294967296L, 0 ] do
                  let s = RandomStream.create seed stream
                  let struct (w0, w1, w2, w3) = PhiloxVector.blocks first step draw s

                  for lane in 0..7 do
                      let b = RandomStream.block (first + lane) step draw s

                      let at (w: System.Runtime.Intrinsics.Vector512<uint64>) =
                          uint32 (System.Runtime.Intrinsics.Vector512.GetElement(w, lane))

                      Expect.equal
                          (at w0, at w1, at w2, at w3)
                          (b.Word0, b.Word1, b.Word2, b.Word3)
                          (sprintf "seed %d, stream %d, neuron %d, step %d" seed stream (first + lane) step) ]
