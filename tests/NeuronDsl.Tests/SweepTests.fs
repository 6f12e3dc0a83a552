module NeuronDsl.Tests.SweepTests

open System
open System.Threading
open Expecto
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models

let private lif = (Catalogue.find "lif").Model
let private lifDefaults = LeakyIntegrateAndFire.defaults

/// An LIF sweep over constant currents, exact integration at 0.1 ms for 500 ms.
let private currentSweep (currents: float list) =
    Sweep.create (Solver.exact 0.1<ms>) 500.0<ms> lif
    |> Sweep.withAxis (SweepAxis.inputAmplitude (SweepValues.listed currents))

/// A two-axis sweep with noise: capacitance × seed, RK4, with the input noise drawn from each run's seed.
let private noisySweep () =
    Sweep.create (Solver.rungeKutta4 0.05<ms>) 200.0<ms> lif
    |> Sweep.withInput (SweepInput.constant 250.0 |> SweepInput.withNoise 100.0 1.0<ms>)
    |> Sweep.withAxis (SweepAxis.parameter "C" (SweepValues.linear 150.0 250.0 3))
    |> Sweep.withAxis (SweepAxis.seed (SweepValues.listed [ 1.0; 2.0; 3.0 ]))
    |> Sweep.keepSpikes true

/// A model that blows up in finite time from v = 1: dv/dt = (v² + I)/τ reaches infinity at t ≈ τ.
let private blowUp =
    Equations.parseOrThrow
        "model \"blow-up\"\nparameter tau = 10 ms > 0 \"time constant\"\ninput I : 1 \"drive\"\nstate v : 1 = 1 \"variable\"\ndv/dt = (v * v + I) / tau\n"
    |> Equations.compile

[<Tests>]
let tests =
    testList
        "Sweeps"
        [ testList
              "SpikeStatistics"
              [ testCase "steady rate is 1000 / the mean of the second half of the intervals"
                <| fun () ->
                    // intervals 10, 5, 5: the second half is the last two, mean 5 ms.
                    let rate = SpikeStatistics.steadyRate [| 1.0<ms>; 11.0<ms>; 16.0<ms>; 21.0<ms> |]
                    Expect.equal rate 200.0<Hz> "rate"
                testCase "a lone spike has no steady rate"
                <| fun () -> Expect.equal (SpikeStatistics.steadyRate [| 3.0<ms> |]) 0.0<Hz> "rate"
                testCase "a regular train has CV 0, and alternating intervals 1 and 3 have CV 1/2"
                <| fun () ->
                    Expect.equal (SpikeStatistics.intervalVariation [| 0.0<ms>; 10.0<ms>; 20.0<ms> |]) 0.0 "regular"
                    // mean 2, deviations ±1: σ = 1, CV = 0.5
                    let cv =
                        SpikeStatistics.intervalVariation [| 0.0<ms>; 1.0<ms>; 4.0<ms>; 5.0<ms>; 8.0<ms> |]

                    Expect.equal cv 0.5 "alternating"
                testCase "latency counts from the onset; NaN without a spike"
                <| fun () ->
                    Expect.equal (SpikeStatistics.firstSpikeLatency 5.0<ms> [| 12.0<ms> |]) 7.0<ms> "latency"
                    Expect.isTrue (Double.IsNaN(float (SpikeStatistics.firstSpikeLatency 0.0<ms> [||]))) "none" ]
          testList
              "SweepValues"
              [ testCase "a linear range ends at both ends; a log range has the geometric mean in the middle"
                <| fun () ->
                    Expect.equal (SweepValues.toArray (SweepValues.linear 0.0 10.0 3)) [| 0.0; 5.0; 10.0 |] "linear"
                    let log = SweepValues.toArray (SweepValues.logarithmic 1.0 100.0 3)
                    Expect.equal log[0] 1.0 "first"
                    Expect.floatClose Accuracy.veryHigh log[1] 10.0 "middle"
                    Expect.equal log[2] 100.0 "last" ]
          testList
              "Sweep.point"
              [ testCase "the first axis varies slowest"
                <| fun () ->
                    let sweep = noisySweep ()
                    Expect.equal (Sweep.size sweep) 9.0 "size"
                    Expect.equal (Sweep.point 0 sweep) [| 150.0; 1.0 |] "run 0"
                    Expect.equal (Sweep.point 1 sweep) [| 150.0; 2.0 |] "run 1"
                    Expect.equal (Sweep.point 3 sweep) [| 200.0; 1.0 |] "run 3"
                    Expect.equal (Sweep.point 8 sweep) [| 250.0; 3.0 |] "run 8" ]
          testList
              "SweepRunner"
              [ testCase
                    "an LIF current sweep fires at the closed-form rate at each current, and not below the rheobase"
                <| fun () ->
                    let currents = [ 150.0; 250.0; 300.0; 400.0; 600.0; 1000.0 ]
                    let rows = SweepRunner.run (currentSweep currents)

                    for row in rows do
                        let current = row.Point[0] * 1.0<pA>
                        let interval = LeakyIntegrateAndFire.interval lifDefaults current

                        if Double.IsPositiveInfinity(float interval) then
                            Expect.equal row.SpikeCount 0 (sprintf "%g pA is below the rheobase" (float current))
                        else
                            // Exact integration locates each spike to ~1e-9 ms; a mean interval between two spikes
                            // is off by at most 2e-9 ms, so the rate 1000/T by at most 1000·2e-9/T² Hz.
                            let tolerance = 1000.0 * 2e-9 / (float interval * float interval)
                            let expected = float (LeakyIntegrateAndFire.firingRate lifDefaults current)

                            Expect.floatClose
                                { absolute = tolerance; relative = 0.0 }
                                row.SteadyRate
                                expected
                                (sprintf "steady rate at %g pA" (float current))
                testCase "rows are bit-identical on 1, 2 and 8 threads"
                <| fun () ->
                    let sweep = noisySweep ()
                    let serial = SweepRunner.runWith 1 ignore CancellationToken.None sweep
                    Expect.isTrue (serial |> Array.forall (fun r -> r.SpikeCount > 0)) "every run fires"

                    for threads in [ 2; 8 ] do
                        let rows = SweepRunner.runWith threads ignore CancellationToken.None sweep
                        Expect.sequenceEqual rows serial (sprintf "%d threads" threads)
                testCase "row k is run k, at point k"
                <| fun () ->
                    let sweep = noisySweep ()
                    let rows = SweepRunner.run sweep

                    rows
                    |> Array.iteri (fun k row ->
                        Expect.equal row.Index k "index"
                        Expect.equal row.Point (Sweep.point k sweep) "point")
                testCase "runOne at each index equals that row of the full run, bit for bit"
                <| fun () ->
                    let sweep = noisySweep ()
                    let rows = SweepRunner.run sweep

                    for k in 0 .. rows.Length - 1 do
                        Expect.equal (SweepRun.runOne k sweep) rows[k] (sprintf "run %d" k)
                testCase "a lost run's row has its point, status Lost, the message and nothing simulated"
                <| fun () ->
                    let sweep = noisySweep ()
                    let row = SweepRun.lost "its worker was lost 3 times" 4 sweep

                    Expect.equal row.Index 4 "index"
                    Expect.equal row.Point (Sweep.point 4 sweep) "point"
                    Expect.equal row.Status SweepRunStatus.Lost "status"
                    Expect.equal row.Message "its worker was lost 3 times" "message"
                    Expect.equal (row.SpikeCount, row.EndTime, row.Spikes) (0, 0.0, [||]) "nothing simulated"
                    Expect.equal (SweepRowText.read (SweepRowText.write row)) row "reads back from its text"
                    expectArgumentMessage "index" [ "index = 9" ] (fun () -> SweepRun.lost "lost" 9 sweep |> ignore)
                testCase "seeds change the noise, and the same seed gives the same train"
                <| fun () ->
                    let rows = SweepRunner.run (noisySweep ())
                    Expect.notEqual rows[0].Spikes rows[1].Spikes "seeds 1 and 2"
                    let again = SweepRunner.run (noisySweep ())
                    Expect.equal again[1].Spikes rows[1].Spikes "seed 2 twice"
                testCase "a parameter out of its range at one point is a rejected row naming it; the others run"
                <| fun () ->
                    let sweep =
                        Sweep.create (Solver.exact 0.1<ms>) 100.0<ms> lif
                        |> Sweep.withInput (SweepInput.constant 400.0)
                        |> Sweep.withAxis (SweepAxis.parameter "C" (SweepValues.listed [ 200.0; -1.0; 300.0 ]))

                    let rows = SweepRunner.run sweep
                    Expect.equal rows[1].Status SweepRunStatus.Rejected "status"
                    Expect.stringContains rows[1].Message "C = -1" "message"
                    Expect.equal rows[0].Status SweepRunStatus.Completed "before"
                    Expect.equal rows[2].Status SweepRunStatus.Completed "after"
                    Expect.isGreaterThan rows[2].SpikeCount 0 "after fires"
                testCase "a run that diverges is a row with its time"
                <| fun () ->
                    let sweep =
                        Sweep.create (Solver.rungeKutta4 0.1<ms>) 20.0<ms> blowUp
                        |> Sweep.withAxis (SweepAxis.inputAmplitude (SweepValues.listed [ -1.0; 0.0 ]))

                    let rows = SweepRunner.run sweep
                    // I = -1: v = 1 is an equilibrium, v stays finite.
                    Expect.equal rows[0].Status SweepRunStatus.Completed "equilibrium"
                    Expect.equal rows[1].Status SweepRunStatus.Diverged "blows up"
                    // dv/dt = v²/τ from v = 1 reaches infinity at t = τ = 10 ms.
                    Expect.isLessThan rows[1].EndTime 11.0 "end time"
                    Expect.stringContains rows[1].Message "diverged at t = " "message"
                testCase "reports progress up to the number of runs, and stops when cancelled"
                <| fun () ->
                    let mutable most = 0
                    let sweep = noisySweep ()

                    SweepRunner.runWith
                        2
                        (fun n -> lock sweep (fun () -> most <- max most n))
                        CancellationToken.None
                        sweep
                    |> ignore

                    Expect.equal most 9 "progress"
                    use cancelled = new CancellationTokenSource()
                    cancelled.Cancel()

                    Expect.throwsT<OperationCanceledException>
                        (fun () -> SweepRunner.runWith 2 ignore cancelled.Token sweep |> ignore)
                        "cancelled" ]
          testList
              "Sweep.check"
              [ testCase "an unknown parameter is named, with the known ones"
                <| fun () ->
                    let sweep =
                        currentSweep [ 1.0 ]
                        |> Sweep.withAxis (SweepAxis.parameter "Cm" (SweepValues.listed [ 1.0 ]))

                    expectArgumentMessage "axes[1]" [ "'Cm'"; "C, R, E_L, V_th, V_reset, t_ref" ] (fun () ->
                        Sweep.check sweep)
                testCase "an unknown variable is named, with the known ones"
                <| fun () ->
                    let sweep =
                        currentSweep [ 1.0 ]
                        |> Sweep.withAxis (SweepAxis.initialValue "U" (SweepValues.listed [ 1.0 ]))

                    expectArgumentMessage "axes[1]" [ "'U'"; "expected one of: V" ] (fun () -> Sweep.check sweep)
                testCase "an empty axis, a zero count and a log range through 0 are refused with their values"
                <| fun () ->
                    expectArgumentMessage "axes[0]" [ "input amplitude"; "empty" ] (fun () ->
                        Sweep.check (currentSweep []))

                    let linear =
                        Sweep.create (Solver.exact 0.1<ms>) 10.0<ms> lif
                        |> Sweep.withAxis (SweepAxis.inputAmplitude (SweepValues.linear 0.0 1.0 0))

                    expectArgumentMessage "axes[0]" [ "count = 0"; "at least 1" ] (fun () -> Sweep.check linear)

                    let log =
                        Sweep.create (Solver.exact 0.1<ms>) 10.0<ms> lif
                        |> Sweep.withAxis (SweepAxis.parameter "C" (SweepValues.logarithmic 0.0 1.0 3))

                    expectArgumentMessage "axes[0]" [ "parameter C"; "log range 0 to 1"; "> 0" ] (fun () ->
                        Sweep.check log)
                testCase "a seed that is not a whole number is refused"
                <| fun () ->
                    let sweep =
                        currentSweep [ 1.0 ]
                        |> Sweep.withAxis (SweepAxis.seed (SweepValues.listed [ 1.5 ]))

                    expectArgumentMessage "axes[1]" [ "seed 1.5"; "whole number" ] (fun () -> Sweep.check sweep)
                testCase "a sweep of 10^9 runs is refused with its size before anything runs"
                <| fun () ->
                    let axis = SweepAxis.inputAmplitude (SweepValues.linear 0.0 1.0 1000)

                    let sweep =
                        Sweep.create (Solver.exact 0.1<ms>) 1.0<ms> lif
                        |> Sweep.withAxis axis
                        |> Sweep.withAxis axis
                        |> Sweep.withAxis axis

                    let e = Expect.throwsC (fun () -> SweepRunner.run sweep |> ignore) id
                    Expect.stringContains e.Message "1e+09 runs" "size"
                    Expect.isTrue (e :? SweepTooLargeException) (e.GetType().Name)
                testCase "exact integration of a nonlinear model is refused"
                <| fun () ->
                    let sweep = Sweep.create (Solver.exact 0.1<ms>) 10.0<ms> blowUp
                    expectArgumentMessage "solver" [ "blow-up"; "exact flow" ] (fun () -> Sweep.check sweep) ]
          testList
              "SweepRowText"
              [ testCase "every row of a sweep reads back bit for bit"
                <| fun () ->
                    let rows = SweepRunner.run (noisySweep ())

                    for row in rows do
                        Expect.equal (SweepRowText.read (SweepRowText.write row)) row (sprintf "row %d" row.Index)
                testCase "NaN payloads, -0, infinities and escapes read back"
                <| fun () ->
                    let row =
                        { Index = 3
                          Point = [| -0.0; BitConverter.Int64BitsToDouble 0x7ff8000000000123L; infinity |]
                          Status = SweepRunStatus.ModelFailed
                          Message = "a\tb\nc \\ d"
                          SpikeCount = 2
                          SteadyRate = Double.Epsilon
                          MeanRate = -infinity
                          FirstSpikeLatency = nan
                          IntervalVariation = 0.1 + 0.2
                          EndTime = Double.MaxValue
                          Spikes = [| 1.0 / 3.0; Math.PI |] }

                    let text = SweepRowText.write row
                    Expect.isFalse (text.Contains '\n') "one line"
                    Expect.equal (SweepRowText.read text) row "round trip"
                testCase "a malformed line names the field"
                <| fun () ->
                    let row = (SweepRunner.run (currentSweep [ 300.0 ])).[0]
                    let text = SweepRowText.write row
                    let broken = text.Split('\t') |> Array.mapi (fun k f -> if k = 4 then "12" else f)

                    expectArgumentMessage "line" [ "steady rate: '12'"; "16 hexadecimal digits" ] (fun () ->
                        SweepRowText.read (String.Join("\t", broken)) |> ignore) ] ]
