module NeuronDsl.Tests.EventsTests

open Expecto
open NeuronDsl

[<Tests>]
let tests =
    testList
        "Events"
        [ testList
              "locateCrossing"
              [ testCase "finds the root of a straight line to 1e-15"
                <| fun () ->
                    let theta = Events.locateCrossing (fun x -> x - 0.3) -0.3 0.7
                    Expect.floatClose { absolute = 1e-15; relative = 0.0 } theta 0.3 "root"
                testCase "finds the root of a steep exponential to 1e-15"
                <| fun () ->
                    let g x = exp (30.0 * x) - exp 21.0
                    let theta = Events.locateCrossing g (g 0.0) (g 1.0)
                    Expect.floatClose { absolute = 1e-15; relative = 0.0 } theta 0.7 "root"
                testCase "returns a point where the function is not negative"
                <| fun () ->
                    let g x = x * x * x - 0.001
                    let theta = Events.locateCrossing g (g 0.0) (g 1.0)
                    Expect.isGreaterThanOrEqual (g theta) 0.0 "upper end of the bracket"
                    Expect.floatClose { absolute = 1e-15; relative = 0.0 } theta 0.1 "root"
                testCase "rejects a bracket without an upward crossing"
                <| fun () -> expectArgument "g0" (fun () -> Events.locateCrossing id 0.5 1.0) ] ]
