module NeuronDsl.Tests.IzhikevichTests

open Expecto
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models
open NeuronDsl.Tests.ReferenceSpikes

let private entry = Catalogue.find "izhikevich"

/// Spike times (ms) of a preset under a constant drive (mV/ms) from the model's initial state.
let private spikes (solver: Solver) (preset: string) (drive: float) (duration: float<ms>) =
    let solution =
        Problem.create entry.Model (Catalogue.preset preset entry) (Input.constant drive) duration
        |> Problem.withRecording { Variables = []; Interval = NoTrace }
        |> Simulation.run solver

    Expect.equal solution.Status Completed "status"
    solution.Spikes |> Array.map float

/// Reference spike times by preset: (drive, times).
let private reference =
    rows "izhikevich_spikes.csv"
    |> Array.groupBy (fun r -> r[0])
    |> Array.map (fun (preset, rs) -> preset, (float (rs[0].[1]), rs |> Array.map (fun r -> float (r.[3]))))

/// Error of the first spike of RS at I = 10 mV/ms against the reference, for a solver at dt.
let private firstSpikeError (create: float<ms> -> Solver) (dt: float<ms>) =
    let drive, times = reference |> Array.find (fun (p, _) -> p = "RS") |> snd
    abs ((spikes (create dt) "RS" drive 10.0<ms>)[0] - times[0])

[<Tests>]
let tests =
    testList
        "Models"
        [ testList
              "Izhikevich"
              [ testCase "matches scipy's DOP853 spike times to 1e-3 ms with RK4 at dt = 0.01 ms, for every preset"
                <| fun () ->
                    // The reference's own error is below 1e-8 ms (its header: 1e-12 vs 1e-10 tolerances). RK4's
                    // spike-time error here is O(dt^4) through the cubic Hermite dense output, observed ≤ 2.1e-6 ms
                    // over 200 ms at dt = 0.01 ms; 1e-3 ms is the issue's bar, and 1e-5 ms is what we promise here.
                    for preset, (drive, expected) in reference do
                        let actual = spikes (Solver.rungeKutta4 0.01<ms>) preset drive 200.0<ms>
                        Expect.equal actual.Length expected.Length (sprintf "%s: spike count" preset)
                        let worst = maxDifference actual expected
                        Expect.isLessThan worst 1e-5 (sprintf "%s: largest spike-time error (ms)" preset)
                testCase "first spike time converges at order 1 (Euler), 2 (Heun) and 4 (RK4)"
                <| fun () ->
                    // Observed orders from dt = 0.01 and 0.005 ms (first spike of RS ≈ 3.127 ms): Euler's error
                    // 1.9e-2 ms, Heun's 1.3e-4 ms, RK4's 2.8e-8 ms at dt = 0.01 ms. RK4 is ~3.6 at these steps
                    // (the crossing is located on its cubic Hermite dense output, itself O(dt^4)).
                    let order create =
                        observedOrder (firstSpikeError create 0.01<ms>) (firstSpikeError create 0.005<ms>)

                    let euler, heun, rk4 =
                        order Solver.euler, order Solver.heun, order Solver.rungeKutta4

                    Expect.isTrue (euler > 0.8 && euler < 1.3) (sprintf "Euler order %.2f" euler)
                    Expect.isTrue (heun > 1.7 && heun < 2.5) (sprintf "Heun order %.2f" heun)
                    Expect.isTrue (rk4 > 3.3 && rk4 < 4.7) (sprintf "RK4 order %.2f" rk4)
                    Expect.isLessThan (firstSpikeError Solver.rungeKutta4 0.01<ms>) 1e-7 "RK4 at 0.01 ms"
                testCase "FS fires faster than RS under the same drive"
                <| fun () ->
                    let rs = spikes (Solver.rungeKutta4 0.01<ms>) "RS" 10.0 500.0<ms>
                    let fs = spikes (Solver.rungeKutta4 0.01<ms>) "FS" 10.0 500.0<ms>
                    Expect.isGreaterThan fs.Length (3 * rs.Length) "FS spikes vs RS spikes in 500 ms"
                testCase "RS adapts: its interspike intervals lengthen"
                <| fun () ->
                    let isi = spikes (Solver.rungeKutta4 0.01<ms>) "RS" 10.0 500.0<ms> |> intervals
                    Expect.isGreaterThan isi[isi.Length - 1] (1.5 * isi[0]) "last interval vs first"
                testCase "CH bursts: its interspike intervals are bimodal"
                <| fun () ->
                    let isi = spikes (Solver.rungeKutta4 0.01<ms>) "CH" 10.0 500.0<ms> |> intervals
                    // Split at the geometric mean of the extremes; both groups occur and are well separated.
                    let split = sqrt (Array.min isi * Array.max isi)
                    let short, long = isi |> Array.partition (fun x -> x < split)
                    Expect.isGreaterThan short.Length 2 "intervals within bursts"
                    Expect.isGreaterThan long.Length 2 "intervals between bursts"
                    Expect.isGreaterThan (Array.min long) (3.0 * Array.max short) "gap between the two modes"
                testCase "every preset of Fig. 2 is listed, with RS as the defaults"
                <| fun () ->
                    Expect.equal
                        (entry.Presets |> List.map (fun p -> p.Name))
                        [ "RS"; "IB"; "CH"; "FS"; "LTS"; "TC"; "RZ" ]
                        "preset names"

                    let values (p: ParameterValues) =
                        [ for n in [ "a"; "b"; "c"; "d" ] -> p[n] ]

                    Expect.equal (values (Catalogue.preset "RS" entry)) (values Izhikevich.defaults) "RS = defaults"
                testCase "its printed equations parse back to the same equations"
                <| fun () ->
                    let text = ModelPrinter.print Izhikevich.equations.Equations
                    Expect.equal (Equations.parseOrThrow text) Izhikevich.equations.Equations "round trip" ] ]
