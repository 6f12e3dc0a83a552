module NeuronDsl.Tests.DimensionsTests

open Expecto
open FsCheck.FSharp
open NeuronDsl

/// A random product of up to four named units with exponents from -3 to 3.
let private units: FsCheck.Gen<PhysicalUnit> =
    let named =
        Gen.elements (PhysicalUnit.table |> List.map (fun u -> u.Symbol))
        |> Gen.map2 (fun k s -> (PhysicalUnit.named s).Power k) (Gen.choose (-3, 3))

    Gen.choose (0, 4)
    |> Gen.bind (fun n -> Gen.listOfLength n named)
    |> Gen.map (List.fold (*) PhysicalUnit.one)

let private pairs = Gen.zip units units
let private triples = Gen.zip3 units units units

[<Tests>]
let tests =
    testList
        "Dimensions"
        [ testList
              "PhysicalUnit"
              [ testProp "multiplication is associative and commutative, with 1 as identity" triples
                <| fun (a, b, c) ->
                    Expect.equal ((a * b) * c) (a * (b * c)) "associative"
                    Expect.equal (a * b) (b * a) "commutative"
                    Expect.equal (a * PhysicalUnit.one) a "identity"
                testProp "dividing undoes multiplying" pairs
                <| fun (a, b) -> Expect.equal ((a * b) / b) a "(a b) / b = a"
                testProp "dimension and size are homomorphisms" pairs
                <| fun (a, b) ->
                    Expect.equal
                        (PhysicalUnit.dimension (a * b))
                        (PhysicalUnit.dimension a * PhysicalUnit.dimension b)
                        "dimension of a product"

                    Expect.equal
                        (PhysicalUnit.power10 (a / b))
                        (PhysicalUnit.power10 a - PhysicalUnit.power10 b)
                        "size of a quotient"
                testProp "powers multiply exponents" (Gen.zip units (Gen.choose (-3, 3)))
                <| fun (a, k) ->
                    Expect.equal
                        (PhysicalUnit.dimension (a.Power k))
                        ((PhysicalUnit.dimension a).Power k)
                        "dimension of a power"

                    Expect.equal (a.Power k * a) (a.Power(k + 1)) "a^k a = a^(k+1)"
                testProp "a conversion exists exactly when the dimensions agree" pairs
                <| fun (a, b) ->
                    Expect.equal
                        (PhysicalUnit.conversion a b |> Option.isSome)
                        (PhysicalUnit.dimension a = PhysicalUnit.dimension b)
                        "defined iff same dimension"
                testProp "converting there and back is exact for sizes within 10^±22" pairs
                <| fun (a, b) ->
                    // Powers of ten up to 10^22 are exact doubles, so a factor and its inverse are too when k ≥ 0.
                    match PhysicalUnit.conversion a (a * b / b) with
                    | Some f -> Expect.equal f 1.0 "same unit converts by exactly 1"
                    | None -> failtest "a unit converts to itself"
                testProp "printing then parsing gives the unit back" units
                <| fun a ->
                    match PhysicalUnit.tryParse (string a) with
                    | Ok back -> Expect.equal back a (string a)
                    | Error e -> failtest e
                testCase "mS/cm^2 times mV is uA/cm^2, with no conversion"
                <| fun () ->
                    let parse text =
                        match PhysicalUnit.tryParse text with
                        | Ok u -> u
                        | Error e -> failtest e

                    Expect.equal
                        (PhysicalUnit.conversion (parse "mS/cm^2" * parse "mV") (parse "uA/cm2"))
                        (Some 1.0)
                        "coherent"

                    Expect.equal (PhysicalUnit.conversion (parse "V") (parse "mV")) (Some 1000.0) "V to mV"
                    Expect.isNone (PhysicalUnit.conversion (parse "mV") (parse "ms")) "different dimensions" ] ]
