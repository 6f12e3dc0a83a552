module NeuronDsl.Tests.WangBuzsakiTests

open Expecto
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models

let private wb = WangBuzsaki.model
let private p = WangBuzsaki.defaults

/// The steady-state current I∞(V) that holds the membrane at V, every gate at its steady state.
let private steadyCurrent (v: float) =
    let am = 0.1 * (v + 35.0) / (1.0 - exp (-(v + 35.0) / 10.0))
    let bm = 4.0 * exp (-(v + 60.0) / 18.0)
    let ah = 0.07 * exp (-(v + 58.0) / 20.0)
    let bh = 1.0 / (1.0 + exp (-(v + 28.0) / 10.0))
    let an = 0.01 * (v + 34.0) / (1.0 - exp (-(v + 34.0) / 10.0))
    let bn = 0.125 * exp (-(v + 44.0) / 80.0)
    let m, h, n = am / (am + bm), ah / (ah + bh), an / (an + bn)

    35.0 * m ** 3.0 * h * (v - 55.0)
    + 9.0 * n ** 4.0 * (v + 90.0)
    + 0.1 * (v + 65.0)

/// The knee of I∞ on [−64, −50] mV (golden section to 1e-9 mV): the saddle-node where class I firing starts.
let private onsetCurrent =
    let ratio = (sqrt 5.0 - 1.0) / 2.0
    let mutable lo, hi = -64.0, -50.0

    while hi - lo > 1e-9 do
        let x1, x2 = hi - ratio * (hi - lo), lo + ratio * (hi - lo)

        if steadyCurrent x1 > steadyCurrent x2 then
            hi <- x2
        else
            lo <- x1

    steadyCurrent (0.5 * (lo + hi))

let private spikes (current: float<uA / cm2>) (duration: float<ms>) =
    (Problem.create wb p (Input.constant current) duration
     |> Problem.withRecording { Variables = []; Interval = NoTrace }
     |> Simulation.run (Solver.rungeKutta4 0.01<ms>))
        .Spikes

[<Tests>]
let tests =
    testList
        "Models"
        [ testList
              "WangBuzsaki"
              [ testCase "matches scipy's DOP853 at 1e-12 to 1e-3 ms at 0.5, 1 and 5 µA/cm²"
                <| fun () ->
                    let reference = ReferenceSpikes.read "wang_buzsaki_spikes.csv"
                    // Tolerance: the reference's own error, |DOP853 − Radau| at rtol = atol = 1e-12, is below 1e-10 ms
                    // (checked below); RK4 is fourth order with the crossing located on its dense output, and its
                    // error here is 3.7e-5 ms at dt = 0.01 ms and 16× less at 0.005 ms. The bound 1e-3 ms is the
                    // issue's target, 27× above what RK4 makes, so a change of method order or event location shows.
                    Expect.all reference (fun s -> s.OwnError < 1e-8<ms>) "the reference is precise"

                    let error =
                        ReferenceSpikes.maxError reference (ReferenceSpikes.rungeKutta4Spikes wb p 300.0<ms>)

                    Expect.isLessThan error 1e-3<ms> "max spike-time error"
                testCase "the resting state is found where Newton from the initial values wanders (±10 % parameters)"
                <| fun () ->
                    // Past the saddle-node (E_L raised by 2-5 mV) the only fixed point under zero input is near
                    // -35 mV; from the declared V = -64 mV Newton's method wandered about the ghost of the vanished
                    // rest near -59 mV (|dV/dt| has a local minimum there, not a zero) and gave up.
                    for gNa, eNa, gL, eL in [ 35.0, 55.0, 0.108, -63.1; 34.0, 60.0, 0.0921815, -60.172528 ] do
                        let q =
                            p
                            |> Parameters.set "g_Na" gNa
                            |> Parameters.set "E_Na" eNa
                            |> Parameters.set "g_L" gL
                            |> Parameters.set "E_L" eL

                        let rest = wb.InitialState q
                        let rates = Array.zeroCreate<float> 3
                        wb.Derivative q 0.0<uA / cm2> 0.0<ms> rest rates
                        Expect.all rates (fun r -> abs r < 1e-12) (sprintf "a fixed point for g_L = %g: %A" gL rates)
                        Expect.isTrue (rest[0] > -36.0 && rest[0] < -34.0) (sprintf "V = %g mV" rest[0])
                testCase "a model without a fixed point still has no resting state, with a clear error"
                <| fun () ->
                    // dV/dt = (1 mV/ms) + V²/(1 mV·ms) is never zero.
                    let text =
                        "model \"climbs\"\nstate V : mV = -1 mV\ndV/dt = 1 mV / ms + V * V / (1 mV * ms)\nstart rest"

                    let model: Model<ParameterValues, float[], 1> =
                        Equations.parseOrThrow text |> Equations.compile

                    try
                        model.InitialState(Equations.defaults model) |> ignore
                        failtest "expected an ArgumentException"
                    with :? System.ArgumentException as e ->
                        Expect.stringContains e.Message "no resting state" "message"
                testCase "fires at arbitrarily low rates from the saddle-node near 0.16 µA/cm² (class I)"
                <| fun () ->
                    // Class I onset: the saddle-node of the fixed points is the knee of the steady-state I–V curve,
                    // 0.16009 µA/cm² in closed form above; 0.005 µA/cm² below it the neuron is silent, 0.005 above
                    // it the period is long (scipy DOP853: rates rise from zero like √(I − I_SN)).
                    Expect.floatClose { absolute = 1e-4; relative = 0.0 } onsetCurrent 0.1601 "I_SN"
                    Expect.isEmpty (spikes ((onsetCurrent - 0.005) * 1.0<uA / cm2>) 1000.0<ms>) "silent below I_SN"
                    let late = spikes ((onsetCurrent + 0.005) * 1.0<uA / cm2>) 3000.0<ms>
                    Expect.isGreaterThan late.Length 4 "repetitive firing above I_SN"
                    let rate = SpikeTrain.steadyRate 3 late
                    Expect.isLessThan (float rate) 10.0 (sprintf "near onset %.2f Hz" (float rate)) ] ]
