// Spike-time accuracy of every fixed-step method, per built-in model and dt.
// Run from the repository root after building the core:
//   dotnet build src/NeuronDsl && dotnet fsi bench/accuracy/measure.fsx
// Writes src/NeuronDsl.Cli/accuracy.csv (the CLI embeds it and warns when a run's (model, method, dt) loses spikes)
// and prints the table in Markdown.
//
// Protocol, per catalogue model at its published defaults and default initial state:
// - input: one constant input for 200 ms. Starting from a small value in the model's declared input unit
//   (pA: 10, uA/cm^2: 0.5, dimensionless: 0.05, mV/ms: 1) the amplitude is multiplied by 1.2 (at most 45 times)
//   until the reference fires >= 5 spikes in 200 ms; that first amplitude is used (column input). A model that never
//   reaches 5 (Morris-Lecar's slow class-II defaults) gets the amplitude of the ladder with the most spikes (>= 2).
// - reference: rk4 at dt = 0.0005 ms (spike times located inside the step). As a check, dopri5 at rtol = atol = 1e-10
//   is also run and its largest difference from the reference is printed (not written).
// - runs: euler, heun, rk4 and (where the model is conditionally linear) exponential-euler at dt in
//   {0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2} ms.
// - max_error_ms: largest |t_k - t_ref_k| over the spikes, NaN when the counts differ.
// - status: ok (same count, max error <= 1 ms), error>1ms (same count, larger error), lost-spikes / extra-spikes
//   (count differs), or the run's status when it did not complete (Diverged, OutOfBounds, ...).
#r "../../src/NeuronDsl/bin/Debug/net10.0/NeuronDsl.dll"
#r "nuget: FParsec, 1.1.1"
#r "nuget: MathNet.Numerics, 5.0.0"

open System
open System.Globalization
open System.IO
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models

let duration = 200.0<ms>
let dts = [ 0.001; 0.005; 0.01; 0.02; 0.05; 0.1; 0.2 ]
let referenceDt = 0.0005

let methods: (string * (float<ms> -> Solver)) list =
    [ "euler", Euler.create
      "heun", Heun.create
      "rk4", RungeKutta4.create
      "exponential-euler", ExponentialEuler.create ]

let recording =
    { Variables = []
      Interval = Every 1000.0<ms> }

let simulate (entry: CatalogueEntry) (solver: Solver) (amplitude: float) =
    let model = entry.Model

    let problem =
        Problem.create model (Equations.defaults model) (Input.constant amplitude) duration
        |> Problem.withRecording recording

    let s = Simulation.run solver problem
    s.Status, s.Spikes |> Array.map float

let reference entry amplitude =
    simulate entry (RungeKutta4.create (referenceDt * 1.0<ms>)) amplitude

let startOf (entry: CatalogueEntry) =
    match entry.Equations.Input with
    | None -> failwithf "%s has no input" entry.Name
    | Some input ->
        match (string input.Unit).Replace(" ", "") with
        | "pA" -> 10.0
        | "uA/cm^2"
        | "µA/cm²"
        | "uA/cm2" -> 0.5
        | "mV/ms" -> 1.0
        | _ -> 0.05

let chooseInput (entry: CatalogueEntry) =
    let rec search amplitude tries (best: float * float[]) =
        if tries > 45 then
            if (snd best).Length >= 2 then
                best
            else
                failwithf "%s: no amplitude up to %g fires 2 spikes" entry.Name amplitude
        else
            let status, spikes = reference entry amplitude

            if status = Completed && spikes.Length >= 5 then
                amplitude, spikes
            else
                let best =
                    if status = Completed && spikes.Length > (snd best).Length then
                        (amplitude, spikes)
                    else
                        best

                search (amplitude * 1.2) (tries + 1) best

    search (startOf entry) 0 (nan, [||])

let inv (x: float) =
    x.ToString("R", CultureInfo.InvariantCulture)

let lines = Collections.Generic.List<string>()
let markdown = Collections.Generic.List<string>()
lines.Add "model,alias,input,input_unit,method,dt_ms,spikes,reference_spikes,max_error_ms,status"
markdown.Add "| model | method | dt (ms) | spikes | reference | max error (ms) | status |"
markdown.Add "|---|---|---:|---:|---:|---:|---|"

for entry in Catalogue.all do
    let amplitude, refSpikes = chooseInput entry

    let unit =
        match entry.Equations.Input with
        | Some i -> string i.Unit
        | None -> ""

    let amplitudeText = amplitude.ToString("G6", CultureInfo.InvariantCulture)

    let _, check =
        simulate
            entry
            (DormandPrince.create
                { DormandPrince.defaults with
                    Relative = 1e-10
                    Absolute = 1e-10 })
            amplitude

    let checkText =
        if check.Length = refSpikes.Length then
            sprintf "%.2e ms" (Array.map2 (fun a b -> abs (a - b)) check refSpikes |> Array.max)
        else
            sprintf "count %d vs %d" check.Length refSpikes.Length

    eprintfn
        "%s: input %s %s, %d reference spikes; dopri5 1e-10 vs reference: %s"
        entry.Name
        amplitudeText
        unit
        refSpikes.Length
        checkText

    let linear = entry.Model.Linearised.IsSome

    for name, create in methods do
        if name <> "exponential-euler" || linear then
            for dt in dts do
                let status, spikes =
                    try
                        simulate entry (create (dt * 1.0<ms>)) amplitude
                    with e ->
                        Diverged(0.0<ms>, e.Message, nan, []), [||]

                let error =
                    if spikes.Length = refSpikes.Length then
                        if spikes.Length = 0 then
                            0.0
                        else
                            Array.map2 (fun a b -> abs (a - b)) spikes refSpikes |> Array.max
                    else
                        nan

                let verdict =
                    match status with
                    | Completed ->
                        if spikes.Length < refSpikes.Length then "lost-spikes"
                        elif spikes.Length > refSpikes.Length then "extra-spikes"
                        elif error > 1.0 then "error>1ms"
                        else "ok"
                    | other ->
                        (sprintf "%A" other)
                            .Split([| ' '; '('; '\n'; '\r' |], StringSplitOptions.RemoveEmptyEntries)
                            .[0]

                let errorText =
                    if Double.IsNaN error then
                        "NaN"
                    else
                        error.ToString("0.######", CultureInfo.InvariantCulture)

                lines.Add(
                    String.Join(
                        ",",
                        [ entry.Name
                          entry.Alias
                          amplitudeText
                          unit
                          name
                          inv dt
                          string spikes.Length
                          string refSpikes.Length
                          errorText
                          verdict ]
                    )
                )

                markdown.Add(
                    sprintf
                        "| %s | %s | %s | %d | %d | %s | %s |"
                        entry.Alias
                        name
                        (inv dt)
                        spikes.Length
                        refSpikes.Length
                        errorText
                        verdict
                )

let path =
    Path.Combine(__SOURCE_DIRECTORY__, "..", "..", "src", "NeuronDsl.Cli", "accuracy.csv")

File.WriteAllLines(path, lines)
eprintfn "wrote %s" (Path.GetFullPath path)

for l in markdown do
    printfn "%s" l
