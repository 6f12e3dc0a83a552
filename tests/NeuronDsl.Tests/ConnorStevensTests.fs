module NeuronDsl.Tests.ConnorStevensTests

open Expecto
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models

let private cs = ConnorStevens.model
let private p = ConnorStevens.defaults

[<Tests>]
let tests =
    testList
        "Models"
        [ testList
              "ConnorStevens"
              [ testCase "matches scipy's DOP853 at 1e-12 to 1e-3 ms at 9 and 20 µA/cm²"
                <| fun () ->
                    let reference = ReferenceSpikes.read "connor_stevens_spikes.csv"
                    // Tolerance: the reference's own error, |DOP853 − Radau| at rtol = atol = 1e-12, is below 1e-9 ms
                    // (checked below); RK4 is fourth order with the crossing located on its dense output, and its
                    // error here is 6.8e-6 ms at dt = 0.01 ms and 14× less at 0.005 ms. The bound 1e-3 ms is the
                    // issue's target; the A-current's delayed first spike at 9 µA/cm² (66.4 ms) is the sensitive one.
                    Expect.all reference (fun s -> s.OwnError < 1e-8<ms>) "the reference is precise"

                    let error =
                        ReferenceSpikes.maxError reference (ReferenceSpikes.rungeKutta4Spikes cs p 300.0<ms>)

                    Expect.isLessThan error 1e-3<ms> "max spike-time error" ] ]
