/// Reference spike times from bench/reference/<model>_spikes.csv (scipy solve_ivp at 1e-12, written by the scripts
/// there), copied beside the test binaries; and comparisons with our spike times.
module NeuronDsl.Tests.ReferenceSpikes

open System
open System.Globalization
open System.IO
open Expecto
open NeuronDsl
open NeuronDsl.Units

/// One reference spike: the current (in the model's input unit), its index, its time, and the reference's own
/// error estimate |DOP853 − Radau| in ms.
type ReferenceSpike =
    { Current: float
      Index: int
      Time: float<ms>
      OwnError: float<ms> }

/// The spikes of a reference file, header lines (starting with '#') and the column names skipped.
let read (file: string) : ReferenceSpike[] =
    let path = Path.Combine(AppContext.BaseDirectory, "data", "reference", file)

    let number (s: string) =
        Double.Parse(s, CultureInfo.InvariantCulture)

    File.ReadAllLines path
    |> Array.filter (fun line -> line.Length > 0 && not (line.StartsWith "#"))
    |> Array.skip 1
    |> Array.map (fun line ->
        let cells = line.Split ','

        { Current = number cells[0]
          Index = int cells[1]
          Time = number cells[2] * 1.0<ms>
          OwnError = number cells[3] * 1.0<ms> })

/// Largest |ours − reference| over the reference's spikes at each current, with the spike counts checked equal;
/// `simulate current` runs our model under that constant current.
let maxError (reference: ReferenceSpike[]) (simulate: float -> float<ms>[]) : float<ms> =
    reference
    |> Array.groupBy (fun s -> s.Current)
    |> Array.map (fun (current, expected) ->
        let ours = simulate current

        if ours.Length <> expected.Length then
            failtestf "I = %g: %d spikes, the reference has %d" current ours.Length expected.Length

        Array.map2 (fun (a: float<ms>) b -> abs (a - b.Time)) ours expected |> Array.max)
    |> Array.max

/// Our spike times under a constant current from t = 0, RK4 at dt = 0.01 ms, starting at the model's initial state
/// (its resting state for the zoo models, as in the reference scripts).
let rungeKutta4Spikes (model: Model<ParameterValues, float[], 'I>) (p: ParameterValues) (duration: float<ms>) =
    fun (current: float) ->
        (Problem.create model p (Input.constant (LanguagePrimitives.FloatWithMeasure<'I> current)) duration
         |> Problem.withRecording { Variables = []; Interval = NoTrace }
         |> Simulation.run (Solver.rungeKutta4 0.01<ms>))
            .Spikes

/// The rows of a reference CSV (comment lines starting with '#' and the header skipped), split at commas.
let rows (file: string) : string[][] =
    Path.Combine(AppContext.BaseDirectory, "data", "reference", file)
    |> File.ReadAllLines
    |> Array.filter (fun line -> not (line.StartsWith "#"))
    |> Array.skip 1
    |> Array.map (fun line -> line.Split ',')

/// The provenance header of a reference CSV (its '#' lines).
let header (file: string) : string[] =
    Path.Combine(AppContext.BaseDirectory, "data", "reference", file)
    |> File.ReadAllLines
    |> Array.filter (fun line -> line.StartsWith "#")

/// Largest |a_k − b_k| over the first min(|a|, |b|) spikes; infinity when the counts differ.
let maxDifference (actual: float[]) (expected: float[]) =
    if actual.Length <> expected.Length then
        infinity
    else
        Array.map2 (fun a b -> abs (a - b)) actual expected |> Array.fold max 0.0

/// Interspike intervals.
let intervals (spikes: float[]) =
    Array.pairwise spikes |> Array.map (fun (a, b) -> b - a)
