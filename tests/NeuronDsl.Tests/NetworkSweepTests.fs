module NeuronDsl.Tests.NetworkSweepTests

open System
open System.Threading
open Expecto
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models

let private lifDefaults = LeakyIntegrateAndFire.defaults

/// Two unconnected LIF neurons at the model's defaults under constant currents I and 1.5 I.
let private unconnected (point: float[]) =
    let current = point[0] * 1.0<pA>

    Network.create 1u
    |> Network.withPopulation
        "cells"
        (Population.create LeakyIntegrateAndFire.model 2
         |> Population.withInput (Inputs.constantPerNeuron [| current; 1.5 * current |]))

/// Brunel's network at scale 25 (400 + 100 neurons, C_E = 40), axes g and seed, η = 2.
let private brunel (point: float[]) =
    BrunelNetwork.create 25.0 point[0] 2.0 (uint32 point[1])

let private brunelSweep () =
    NetworkSweep.create (Solver.exact 0.1<ms>) 100.0<ms> brunel
    |> NetworkSweep.withAxis "g" (SweepValues.listed [ 3.0; 6.0 ])
    |> NetworkSweep.withAxis "seed" (SweepValues.listed [ 1.0; 2.0 ])

/// The README's network sweep, compiled here: Brunel's network at scale 25 (500 neurons), η = 2, over g and seeds.
let private readmeExample () =
    let brunel (g: float) (seed: uint32) = BrunelNetwork.create 25.0 g 2.0 seed
    // README:begin networksweep
    let rows =
        NetworkSweep.create (Solver.exact 0.1<ms>) 500.0<ms> (fun p -> brunel p[0] (uint32 p[1]))
        |> NetworkSweep.withAxis "g" (SweepValues.linear 3.0 6.0 4)
        |> NetworkSweep.withAxis "seed" (SweepValues.listed [ 1.0; 2.0; 3.0 ])
        |> NetworkSweepRun.run // rows[k].Groups: each group's spikes, mean rate, CV of ISIs and Fano factor
    // README:end networksweep
    rows

let private bits (x: float) = BitConverter.DoubleToInt64Bits x

/// Rows equal field by field, numbers bit for bit.
let private expectSameRow (actual: NetworkSweepRow) (expected: NetworkSweepRow) (label: string) =
    Expect.equal
        (actual.Index, actual.Status, actual.Message, actual.Deliveries)
        (expected.Index, expected.Status, expected.Message, expected.Deliveries)
        label

    Expect.equal (Array.map bits actual.Point) (Array.map bits expected.Point) (label + ": point")
    Expect.equal actual.Groups.Length expected.Groups.Length (label + ": groups")

    for a, e in Array.zip actual.Groups expected.Groups do
        Expect.equal (a.Group, a.Count, a.Spikes, a.NeuronsWithCv) (e.Group, e.Count, e.Spikes, e.NeuronsWithCv) label

        Expect.equal
            (List.map bits [ a.MeanRate; a.MeanCv; a.Fano ])
            (List.map bits [ e.MeanRate; e.MeanCv; e.Fano ])
            label

let private expectTooLarge (parts: string list) (action: unit -> unit) =
    try
        action ()
        failtest "expected a SweepTooLargeException"
    with :? SweepTooLargeException as e ->
        for part in parts do
            Expect.stringContains e.Message part "message"

[<Tests>]
let tests =
    testList
        "NetworkSweep"
        [ testList
              "GroupStatistics"
              [ testCase "a small train gives the statistics worked out by hand"
                <| fun () ->
                    // Neuron 0 at 1, 2, 4 ms: intervals 1 and 2, mean 1.5, sample SD √0.5, CV √0.5/1.5. Neuron 1 has
                    // two spikes, too few for a CV. Bins of 1 ms over 5 ms hold 0, 2, 1, 1, 1: mean 1, sample
                    // variance 2/4, Fano 0.5. Rate: 5 spikes / (3 neurons × 5 ms) = 1000/3 Hz.
                    let s =
                        GroupStatistics.compute "g" 3 [| 0; 1; 0; 1; 0 |] [| 1.0; 1.5; 2.0; 3.5; 4.0 |] 5.0<ms> 1.0<ms>

                    Expect.equal (s.Spikes, s.NeuronsWithCv) (5L, 1) "spikes, neurons with a CV"
                    Expect.floatClose Accuracy.veryHigh s.MeanCv (sqrt 0.5 / 1.5) "CV"
                    Expect.floatClose Accuracy.veryHigh s.Fano 0.5 "Fano"
                    Expect.floatClose Accuracy.veryHigh s.MeanRate (1000.0 / 3.0) "rate"
                testCase "without spikes: rate 0, CV and Fano factor NaN"
                <| fun () ->
                    let s = GroupStatistics.compute "g" 4 [||] [||] 10.0<ms> 1.0<ms>
                    Expect.equal (s.Spikes, s.MeanRate, s.NeuronsWithCv) (0L, 0.0, 0) "counts"
                    Expect.isTrue (Double.IsNaN s.MeanCv && Double.IsNaN s.Fano) "NaN"
                testCase "a bad count, duration or bin is refused with its value"
                <| fun () ->
                    expectArgumentMessage "count" [ "count = 0" ] (fun () ->
                        GroupStatistics.compute "g" 0 [||] [||] 1.0<ms> 1.0<ms> |> ignore)

                    expectArgumentMessage "bin" [ "bin = 0 ms" ] (fun () ->
                        GroupStatistics.compute "g" 1 [||] [||] 1.0<ms> 0.0<ms> |> ignore)
                testCase "refuses spikes it cannot summarise, naming the array and the spike"
                <| fun () ->
                    let compute neurons times () =
                        GroupStatistics.compute "g" 2 neurons times 10.0<ms> 1.0<ms> |> ignore

                    expectArgumentMessage "neurons" [] (compute null [||])
                    expectArgumentMessage "times" [] (compute [||] null)
                    expectArgumentMessage "neurons" [ "neurons[1] = 2"; "0 to 1" ] (compute [| 0; 2 |] [| 1.0; 2.0 |])
                    expectArgumentMessage "neurons" [ "neurons[0] = -1" ] (compute [| -1 |] [| 1.0 |])
                    expectArgumentMessage "times" [ "times[0] = -1 ms" ] (compute [| 0 |] [| -1.0 |])
                    expectArgumentMessage "times" [ "times[1] = NaN ms" ] (compute [| 0; 1 |] [| 1.0; nan |])

                    expectArgumentMessage
                        "times"
                        [ "times[2] = 1 ms"; "sorted" ]
                        (compute [| 0; 0; 0 |] [| 3.0; 3.0; 1.0 |])
                testCase "a neuron whose spikes all fall at one time has no CV, and the others' mean stands"
                <| fun () ->
                    // Spike trains may repeat a time: neuron 0 fires three times at 1 ms (intervals 0 and 0: no CV, as
                    // 0/0), neuron 1 at 1, 2 and 4 ms (CV √0.5/1.5, as in the first case).
                    let s =
                        GroupStatistics.compute
                            "g"
                            2
                            [| 0; 0; 0; 1; 1; 1 |]
                            [| 1.0; 1.0; 1.0; 1.0; 2.0; 4.0 |]
                            5.0<ms>
                            1.0<ms>

                    Expect.equal s.NeuronsWithCv 1 "neurons with a CV"
                    Expect.floatClose Accuracy.veryHigh s.MeanCv (sqrt 0.5 / 1.5) "CV"
                testCase "bins far finer than the duration cost no memory: 3 spikes in 10^12 bins"
                <| fun () ->
                    // Three spikes in three of N = 10^12 bins: mean 3/N, sample variance (3 − 9/N)/(N − 1), so the
                    // Fano factor is (N − 3)/(N − 1), 1 − 2e-12; a few roundings of numbers near 1 and 3/N, ~1e-15.
                    let s =
                        GroupStatistics.compute "g" 1 [| 0; 0; 0 |] [| 1.0; 2.0; 3.0 |] 1000.0<ms> 1e-9<ms>

                    let n = 1e12
                    Expect.floatClose { absolute = 0.0; relative = 1e-13 } s.Fano ((n - 3.0) / (n - 1.0)) "Fano"
                testCase "a duration of a whole number of bins has that many bins, however duration / bin rounds"
                <| fun () ->
                    // 21 / 0.7 rounds to 30.000000000000004: one spike in the middle of each of the 30 bins of 0.7 ms
                    // gives equal counts, a Fano factor of 0 (a 31st, empty bin would give 1/30).
                    let times = Array.init 30 (fun k -> (float k + 0.5) * 0.7)
                    let s = GroupStatistics.compute "g" 1 (Array.zeroCreate 30) times 21.0<ms> 0.7<ms>
                    Expect.floatClose Accuracy.veryHigh s.Fano 0.0 "Fano" ]
          testList
              "runs"
              [ testCase "unconnected LIF neurons count the closed-form spikes at every current, at a CV of 0"
                <| fun () ->
                    let duration = 200.0

                    let sweep =
                        NetworkSweep.create (Solver.exact 0.1<ms>) (duration * 1.0<ms>) unconnected
                        |> NetworkSweep.withAxis "I" (SweepValues.listed [ 250.0; 400.0; 600.0 ])

                    for row in NetworkSweepRun.run sweep do
                        let cells = row.Groups |> Array.exactlyOne
                        Expect.equal row.Status SweepRunStatus.Completed row.Message

                        // From rest the first spike comes at T₀ = τ ln(RI / (RI − (V_th − E_L))), then one every
                        // interspike interval T (from V_reset, refractory after each spike). Exact integration places
                        // each within ~1e-9 ms, so the count up to the duration is exact unless a spike lies within
                        // 1e-6 ms of it (checked).
                        let firstAndInterval (current: float<pA>) =
                            let drive =
                                float (Parameters.get LeakyIntegrateAndFire.Resistance lifDefaults * current)

                            let gap =
                                float (
                                    Parameters.get LeakyIntegrateAndFire.Threshold lifDefaults
                                    - Parameters.get LeakyIntegrateAndFire.RestingPotential lifDefaults
                                )

                            float (LeakyIntegrateAndFire.timeConstant lifDefaults)
                            * log (drive / (drive - gap)),
                            float (LeakyIntegrateAndFire.interval lifDefaults current)

                        let trains =
                            [ 1.0; 1.5 ]
                            |> List.map (fun f -> firstAndInterval (f * row.Point[0] * 1.0<pA>))

                        let intervals = trains |> List.map snd

                        let counts =
                            trains
                            |> List.map (fun (first, t) ->
                                let spikes = (duration - first) / t
                                Expect.isGreaterThan (abs (spikes - round spikes)) 1e-6 "no spike at the end"
                                int64 (floor spikes) + 1L)

                        Expect.equal cells.Spikes (List.sum counts) (sprintf "spikes at %g pA" row.Point[0])
                        Expect.equal cells.MeanRate (float (List.sum counts) / (2.0 * duration / 1000.0)) "rate"
                        // Intervals are T to ~2e-9 ms, so each CV is below 2e-9/T·√(n/(n−1)) ≤ 4e-9/T.
                        Expect.isLessThan cells.MeanCv (4e-9 / List.min intervals) "CV"
                testCase "rows are the direct runs at their points, bit for bit, for 1 and 3 runs at once"
                <| fun () ->
                    let sweep = brunelSweep ()
                    let serial = NetworkSweepRun.runAll 1 ignore CancellationToken.None sweep
                    let spread = NetworkSweepRun.runAll 3 ignore CancellationToken.None sweep
                    Expect.equal serial.Length 4 "2 × 2 runs"

                    for k in 0..3 do
                        let point = NetworkSweep.point k sweep
                        let network = brunel point
                        let solution = Network.run (Solver.exact 0.1<ms>) 100.0<ms> network

                        let direct =
                            { Index = k
                              Point = point
                              Status = SweepRunStatus.Completed
                              Message = "completed"
                              Groups = GroupStatistics.ofNetwork 1.0<ms> 100.0<ms> network solution
                              Deliveries = solution.Deliveries }

                        Expect.isGreaterThan direct.Groups[0].Spikes 0L "the network fires"
                        expectSameRow serial[k] direct (sprintf "run %d, one at a time" k)
                        expectSameRow spread[k] direct (sprintf "run %d, three at once" k)
                        expectSameRow (NetworkSweepRun.runOne k sweep) direct (sprintf "run %d alone" k)

                    Expect.notEqual serial[0].Groups[0].Spikes serial[1].Groups[0].Spikes "another seed, other spikes"
                testCase "a point the run refuses is a Rejected row with the reason; the other points run"
                <| fun () ->
                    let build (point: float[]) =
                        Network.create 1u
                        |> Network.withSpikeTrains "input" 1 [ 0, 1.0<ms> ]
                        |> Network.withPopulation "cell" (Population.create LeakyIntegrateAndFire.model 1)
                        |> Network.withProjection
                            "input"
                            "cell"
                            "V"
                            { Connector = Connector.OneToOne
                              Weights = SynapseValues.Constant 1.0<mV>
                              Delays = SynapseValues.Constant(point[0] * 1.0<ms>) }

                    let rows =
                        NetworkSweep.create (Solver.exact 0.1<ms>) 10.0<ms> build
                        |> NetworkSweep.withAxis "delay" (SweepValues.listed [ 0.05; 1.0 ])
                        |> NetworkSweepRun.run

                    Expect.equal rows[0].Status SweepRunStatus.Rejected "a delay shorter than the step"
                    Expect.stringContains rows[0].Message "shortest synaptic delay is 0.05 ms" "the reason"
                    Expect.isEmpty rows[0].Groups "no statistics"
                    Expect.equal (rows[1].Status, rows[1].Deliveries) (SweepRunStatus.Completed, 1L) "the other point"
                testCase
                    "a network function that throws other than an argument error stops the sweep with its exception"
                <| fun () ->
                    // (1, 1) is no single axis value away from the first point, so the check does not build it.
                    let sweep =
                        NetworkSweep.create (Solver.exact 0.1<ms>) 1.0<ms> (fun p ->
                            if p[0] = 1.0 && p[1] = 1.0 then
                                invalidOp "no network here"

                            unconnected [| 300.0 |])
                        |> NetworkSweep.withAxis "a" (SweepValues.listed [ 0.0; 1.0 ])
                        |> NetworkSweep.withAxis "b" (SweepValues.listed [ 0.0; 1.0 ])

                    for runsAtOnce in [ 1; 2 ] do
                        let e =
                            Expect.throwsC
                                (fun () ->
                                    NetworkSweepRun.runAll runsAtOnce ignore CancellationToken.None sweep |> ignore)
                                id

                        Expect.equal
                            (e.GetType(), e.Message)
                            (typeof<InvalidOperationException>, "no network here")
                            (sprintf "%d runs at once" runsAtOnce) ]
          testCase "the README's sweep is shown as compiled, and inhibition lowers Brunel's rate (Brunel 2000, fig. 2)"
          <| fun () ->
              ReadmeTests.expectInReadme
                  (ReadmeTests.block "NetworkSweepTests.fs" "networksweep")
                  "README's network sweep"

              let rows = readmeExample ()
              Expect.equal rows.Length 12 "4 g × 3 seeds"
              Expect.isTrue (rows |> Array.forall (fun r -> r.Status = SweepRunStatus.Completed)) "every run completed"
              // Past the balance point g = 4 the excitatory rate falls with g: at η = 2, g = 3 is Brunel's synchronous
              // regular state at hundreds of Hz, g = 6 his asynchronous irregular state at tens of Hz.
              let rate (g: float) =
                  rows
                  |> Array.filter (fun r -> r.Point[0] = g)
                  |> Array.averageBy (fun r -> r.Groups[0].MeanRate)

              Expect.isGreaterThan (rate 3.0) (2.0 * rate 6.0) "g = 3 fires far faster than g = 6"
              Expect.isGreaterThan (rate 5.0) (rate 6.0) "g = 5 faster than g = 6"
          testList
              "NetworkSweepRowText"
              [ testCase "rows read back bit for bit: a run's, and one with NaN, infinity, −0 and escaped text"
                <| fun () ->
                    let run = NetworkSweepRun.runOne 3 (brunelSweep ())

                    let odd =
                        { Index = 7
                          Point = [| -0.0; infinity; 1e-300 |]
                          Status = SweepRunStatus.Diverged
                          Message = "cells: neuron 3 diverged\n\tat\\ once\r\n"
                          Groups =
                            [| { Group = "a\tb\\c"
                                 Count = 3
                                 Spikes = 5000000000L
                                 MeanRate = nan
                                 MeanCv = -0.0
                                 NeuronsWithCv = 0
                                 Fano = -infinity } |]
                          Deliveries = Int64.MaxValue }

                    for row in [ run; odd; { odd with Groups = [||] } ] do
                        let back = NetworkSweepRowText.read (NetworkSweepRowText.write row)
                        expectSameRow back row (sprintf "row %d" row.Index)
                        Expect.equal (back.Groups |> Array.map _.Group) (row.Groups |> Array.map _.Group) "names"
                testCase "a line that is not a row is refused naming the field"
                <| fun () ->
                    let line = NetworkSweepRowText.write (NetworkSweepRun.runOne 0 (brunelSweep ()))

                    let fields = line.Split('\t')

                    let change (k: int) (text: string) =
                        String.Join("\t", fields |> Array.mapi (fun i f -> if i = k then text else f))

                    expectArgumentMessage "line" [ "fields; expected 6 + 7 per group" ] (fun () ->
                        NetworkSweepRowText.read (line + "\textra") |> ignore)

                    expectArgumentMessage "line" [ "group 1 mean rate"; "16 hexadecimal digits" ] (fun () ->
                        NetworkSweepRowText.read (change 15 "zz") |> ignore)

                    expectArgumentMessage "line" [ "status: 'Fine'" ] (fun () ->
                        NetworkSweepRowText.read (change 1 "Fine") |> ignore)

                    // Only the names write writes: not a number, padding or a combination that Enum.TryParse takes.
                    for status in [ "1"; " Completed"; "Completed, Diverged" ] do
                        expectArgumentMessage "line" [ sprintf "status: '%s'" status ] (fun () ->
                            NetworkSweepRowText.read (change 1 status) |> ignore)

                    expectArgumentMessage "line" [ "2147483652 for 306783378 groups" ] (fun () ->
                        NetworkSweepRowText.read (change 4 "306783378") |> ignore)

                    expectArgumentMessage "line" [ "fields; expected 6 + 7 per group" ] (fun () ->
                        NetworkSweepRowText.read (change 4 "3") |> ignore) ]
          testList
              "check"
              [ testCase "a value the network refuses is named with its axis before anything runs"
                <| fun () ->
                    let sweep =
                        NetworkSweep.create (Solver.exact 0.1<ms>) 10.0<ms> (fun p ->
                            Network.create 1u |> Network.withPoissonSources "drive" 10 (p[0] * 1.0<Hz>))
                        |> NetworkSweep.withAxis "rate" (SweepValues.listed [ 10.0; -5.0 ])

                    expectArgumentMessage "axes[0]" [ "axes[0] (rate) value -5"; "rate = -5 Hz" ] (fun () ->
                        NetworkSweep.check sweep)

                    // The same at the axes' first values, where every axis has its first value.
                    expectArgumentMessage "axes[0]" [ "axes[0] (rate) value -5"; "rate = -5 Hz" ] (fun () ->
                        { sweep with Axes = [] }
                        |> NetworkSweep.withAxis "rate" (SweepValues.listed [ -5.0; 10.0 ])
                        |> NetworkSweep.check)
                testCase "a repeated axis name, an adaptive method and a bad duration are refused"
                <| fun () ->
                    let sweep =
                        NetworkSweep.create (Solver.exact 0.1<ms>) 10.0<ms> unconnected
                        |> NetworkSweep.withAxis "I" (SweepValues.listed [ 300.0 ])

                    expectArgumentMessage "axes[1]" [ "name = \"I\"" ] (fun () ->
                        sweep
                        |> NetworkSweep.withAxis "I" (SweepValues.listed [ 1.0 ])
                        |> NetworkSweep.check)

                    expectArgumentMessage "solver" [ "adaptive" ] (fun () ->
                        NetworkSweep.check
                            { sweep with
                                Solver = Solver.dormandPrince DormandPrince.defaults })

                    expectArgumentMessage "duration" [ "duration = 0 ms" ] (fun () ->
                        NetworkSweep.check { sweep with Duration = 0.0<ms> })
                testCase "too many runs or neuron-steps are refused with the size"
                <| fun () ->
                    let many =
                        NetworkSweep.create (Solver.exact 0.1<ms>) 10.0<ms> unconnected
                        |> NetworkSweep.withAxis "I" (SweepValues.linear 300.0 400.0 2000)
                        |> NetworkSweep.withAxis "J" (SweepValues.linear 0.0 1.0 1000)

                    expectTooLarge [ "2e+06 runs"; "at most 1e+06" ] (fun () -> NetworkSweep.check many)

                    let large =
                        NetworkSweep.create (Solver.exact 0.1<ms>) 1000.0<ms> (fun _ ->
                            Network.create 1u
                            |> Network.withPopulation "cells" (Population.create LeakyIntegrateAndFire.model 1_000_000))
                        |> NetworkSweep.withAxis "seed" (SweepValues.linear 0.0 199.0 200)

                    expectTooLarge [ "200 runs"; "2e+12 neuron-steps"; "at most 1e+12" ] (fun () ->
                        NetworkSweep.check large) ] ]
