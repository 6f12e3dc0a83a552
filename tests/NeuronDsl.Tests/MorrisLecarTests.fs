module NeuronDsl.Tests.MorrisLecarTests

open Expecto
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models

let private ml = MorrisLecar.model
let private entry = Catalogue.find "ml"
let private classII = Catalogue.preset "class2" entry
let private classI = Catalogue.preset "class1" entry

/// The steady-state current I∞(V) = g_L (V − E_L) + g_Ca m∞ (V − E_Ca) + g_K w∞ (V − E_K): the current that holds
/// the membrane at V. Its local maximum is the saddle-node of the fixed points, where class I firing starts.
let private steadyCurrent (p: ParameterValues) (v: float) =
    let half x = 0.5 * (1.0 + tanh x)
    let mInf = half ((v - p["V1"]) / p["V2"])
    let wInf = half ((v - p["V3"]) / p["V4"])

    p["g_L"] * (v - p["E_L"])
    + p["g_Ca"] * mInf * (v - p["E_Ca"])
    + p["g_K"] * wInf * (v - p["E_K"])

/// The knee of I∞ on [−50, 0] mV by golden-section search (to 1e-9 mV, so I∞ to ~1e-15 relative: it is flat there).
let private saddleNodeCurrent (p: ParameterValues) =
    let ratio = (sqrt 5.0 - 1.0) / 2.0
    let mutable lo, hi = -50.0, 0.0

    while hi - lo > 1e-9 do
        let x1, x2 = hi - ratio * (hi - lo), lo + ratio * (hi - lo)

        if steadyCurrent p x1 > steadyCurrent p x2 then
            hi <- x2
        else
            lo <- x1

    steadyCurrent p (0.5 * (lo + hi))

/// Steady firing rate in Hz under a constant current (from rest): the mean of the last three intervals among the
/// spikes after the first second of the run, or 0 when fewer than four spikes come after the first second.
let private rate (duration: float<ms>) (p: ParameterValues) (current: float<uA / cm2>) =
    let spikes =
        Problem.create ml p (Input.constant current) duration
        |> Problem.withRecording { Variables = []; Interval = NoTrace }
        |> Simulation.run (Solver.rungeKutta4 0.01<ms>)
        |> fun s -> s.Spikes |> Array.filter (fun t -> t > 1000.0<ms>)

    if spikes.Length < 4 then
        0.0
    else
        float (SpikeTrain.steadyRate 3 spikes)

[<Tests>]
let tests =
    testList
        "Models"
        [ testList
              "MorrisLecar"
              [ testCase "the defaults are the class II (Hopf) set, and both presets are listed"
                <| fun () ->
                    Expect.equal (entry.Presets |> List.map (fun p -> p.Name)) [ "class2"; "class1" ] "presets"
                    Expect.equal classII (MorrisLecar.defaults) "class2 changes nothing"
                testCase "class I starts firing at an arbitrarily low rate, class II jumps to a finite rate"
                <| fun () ->
                    // Class I: the saddle-node on the invariant circle is at the knee of I∞ (≈ 39.963 µA/cm²), and
                    // the rate grows like √(I − I_SN) from zero: 0.05 µA/cm² above it, the period is about 1 s
                    // (scipy DOP853 at 1e-9: 1.06 Hz at 40.0), far below class II's smallest rate.
                    let onset = saddleNodeCurrent classI
                    Expect.floatClose { absolute = 1e-3; relative = 0.0 } onset 39.963 "I_SN of class I"
                    Expect.equal (rate 5000.0<ms> classI ((onset - 0.1) * 1.0<uA / cm2>)) 0.0 "silent just below I_SN"
                    let nearOnset = rate 5000.0<ms> classI ((onset + 0.05) * 1.0<uA / cm2>)
                    Expect.isTrue (nearOnset > 0.0 && nearOnset < 2.0) (sprintf "class I near onset: %.3f Hz" nearOnset)
                    // Class II: sweep 86 to 92 µA/cm² in 0.5 steps from rest; the first current that fires at all
                    // fires at ≈ 8.7 Hz (scipy, onset near 88.3): no low-rate branch.
                    let sweep =
                        [ 86.0..0.5..92.0 ]
                        |> List.map (fun i -> i, rate 2500.0<ms> classII (i * 1.0<uA / cm2>))

                    let firing = sweep |> List.filter (fun (_, f) -> f > 0.0)
                    Expect.isNonEmpty firing "class II fires by 92 µA/cm²"
                    Expect.equal (snd (List.head sweep)) 0.0 "class II silent at 86 µA/cm²"
                    let lowest = firing |> List.map snd |> List.min
                    Expect.isGreaterThan lowest 8.0 (sprintf "class II's smallest rate %.3f Hz" lowest) ] ]
