module NeuronDsl.Tests.KitTests

open Expecto
open FsCheck.FSharp
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models
open NeuronDsl.Testing

/// The outcome of one property of the kit on a model.
let private outcome
    (options: InvariantOptions)
    (property: InvariantProperty)
    (model: Model<ParameterValues, float[], 'I>)
    =
    (Invariants.checkProperty options property (ModelUnderTest.ofModel model)).Outcome

/// Expects the property to reject the model with a shrunk counterexample; returns it.
let private expectRejected (options: InvariantOptions) (property: InvariantProperty) model =
    match outcome options property model with
    | Failed c ->
        let m = ModelUnderTest.ofModel model
        Expect.equal c.Property property.Name "the failing property"
        Expect.isTrue (ModelUnderTest.isValid m c.Case.Parameters) "the counterexample's parameters are valid"
        Expect.stringStarts c.Case.CommandLine "neurondsl simulate --model" "a command line to paste"

        let changed (case: InvariantCase) =
            m.Equations.Parameters
            |> Array.filter (fun d -> case.Parameters[d.Name] <> d.Default)
            |> Array.length

        Expect.isLessThanOrEqual (changed c.Case) (changed c.Original) "shrinking moves parameters back to defaults"
        c
    | Passed _ -> failtestf "%s accepted a broken model" property.Name
    | Skipped reason -> failtestf "%s skipped a broken model: %s" property.Name reason

/// Izhikevich (2003) whose reset forgets u += d: d is declared and nothing uses it.
let private izhikevichWithoutAdaptation =
    Equations.parseOrThrow
        """
model "Izhikevich without u += d"
parameter a = 0.02/ms > 0; parameter b = 0.2/ms; parameter c = -65 mV; parameter d = 8 mV/ms
input I : mV/ms
state v : mV = c in [-200, 100]
state u : mV/ms = b * c
dv/dt = 0.04/ms/mV * v**2 + 5/ms * v + 140 mV/ms - u + I
du/dt = a * (b * v - u)
threshold v >= 30 mV
reset v = c
"""
    |> fun e -> Equations.compile e: Model<ParameterValues, float[], 1>

/// Leaky integrate-and-fire whose leak has the wrong sign, written with the typed builder.
let private antiLeak: Model<ParameterValues, float[], pA> =
    let C, R, E_L, I, V =
        LeakyIntegrateAndFire.Capacitance,
        LeakyIntegrateAndFire.Resistance,
        LeakyIntegrateAndFire.RestingPotential,
        LeakyIntegrateAndFire.Current,
        LeakyIntegrateAndFire.Potential

    TypedModel.create
        "anti-leaky integrate-and-fire"
        "the leak pushes V away from E_L"
        ""
        I
        [ dt V ((I + (V - E_L) / R) / C) |> unlessRefractory ]
    |> TypedModel.withThreshold (V >. LeakyIntegrateAndFire.Threshold)
    |> TypedModel.withReset [ V <-- LeakyIntegrateAndFire.ResetPotential ]
    |> TypedModel.withRefractory LeakyIntegrateAndFire.Refractory
    |> Equations.ofTyped

/// A leaky integrate-and-fire neuron with a gate whose steady state reaches 2: the gate escapes [0, 1].
let private escapingGate =
    Equations.parseOrThrow
        """
model "LIF with an escaping gate"
parameter C = 200 pF > 0; parameter R = 0.1 Gohm > 0; parameter E_L = -70 mV; parameter V_th = -50 mV
parameter V_reset = -65 mV; parameter tau_x = 5 ms > 0; parameter g_x = 1 nS >= 0
input I : pA
state V : mV = E_L
state x : 1 = 0.15 in [0, 1] "gate"
define x_inf = 2 / (1 + exp(-(V + 60 mV) / (4 mV))) : 1
dV/dt = (I - (V - E_L) / R - g_x * x * (V - E_L)) / C
dx/dt = (x_inf - x) / tau_x
threshold V > V_th
reset V = V_reset
require V_th > V_reset
"""
    |> fun e -> Equations.compile e: Model<ParameterValues, float[], 1>

let private lifDeclared =
    Invariants.defaults
    |> Invariants.withRheobase LeakyIntegrateAndFire.rheobase
    |> Invariants.withMonotoneRate

[<Tests>]
let tests =
    testList
        "Kit"
        [ testList "Catalogue" [ for entry in Catalogue.all -> testList entry.Name (Invariants.testModel entry.Model) ]

          testList
              "LeakyIntegrateAndFire with its rheobase"
              (Invariants.testModelWith lifDeclared LeakyIntegrateAndFire.model)

          testList
              "ModelGen"
              [ testCase "parameter sets lie in the declared ranges and meet the requirements"
                <| fun () ->
                    let m =
                        ModelUnderTest.ofModel LeakyIntegrateAndFire.model
                        |> ModelUnderTest.withSpread 0.5

                    for p in Gen.sampleWithSeed (FsCheck.Rnd 7UL) 50 200 (ModelGen.parameters m) do
                        Expect.isTrue (ModelUnderTest.isValid m p) (string p)

                testCase "solver settings use only the methods that apply"
                <| fun () ->
                    let m = ModelUnderTest.ofModel HodgkinHuxley.model

                    for s in Gen.sampleWithSeed (FsCheck.Rnd 7UL) 50 200 (ModelGen.solver m 0.001<ms> 0.1<ms>) do
                        Expect.notEqual s.Method "exact" "Hodgkin-Huxley is not linear"
                        Expect.isTrue (s.Step >= 0.001<ms> && s.Step <= 0.1<ms>) "dt in range"

                testCase "the input scale of LIF is its rheobase"
                <| fun () ->
                    let scale =
                        ModelUnderTest.inputScale (ModelUnderTest.ofModel LeakyIntegrateAndFire.model)

                    Expect.floatClose { absolute = 0.0; relative = 0.05 } scale 200.0 "200 pA" ]

          testList
              "planted bugs"
              [ testCase "a reset that forgets u += d is rejected"
                <| fun () ->
                    expectRejected Invariants.defaults Invariants.parameters izhikevichWithoutAdaptation
                    |> ignore

                testCase "a leak of the wrong sign is rejected"
                <| fun () -> expectRejected Invariants.defaults Invariants.leak antiLeak |> ignore

                testCase "a gate escaping [0, 1] is rejected, shrunk"
                <| fun () ->
                    let c = expectRejected Invariants.defaults Invariants.bounds escapingGate
                    Expect.isGreaterThan c.Shrinks 0 "shrunk"

                testCase "a rheobase declared twice too high is rejected"
                <| fun () ->
                    let wrong =
                        Invariants.defaults
                        |> Invariants.withRheobase (fun p -> 2.0 * LeakyIntegrateAndFire.rheobase p)

                    expectRejected wrong Invariants.threshold LeakyIntegrateAndFire.model |> ignore ] ]
