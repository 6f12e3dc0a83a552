module NeuronDsl.Tests.ReadmeTests

open System
open System.IO
open Expecto
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models

/// The repository root: the first folder above the test binaries that holds NeuronDsl.sln.
let repositoryRoot () =
    let rec up (d: DirectoryInfo) =
        if isNull d then
            failwith "NeuronDsl.sln not found above the test folder"
        elif File.Exists(Path.Combine(d.FullName, "NeuronDsl.sln")) then
            d.FullName
        else
            up d.Parent

    up (DirectoryInfo AppContext.BaseDirectory)

let private significant (lines: string seq) =
    lines
    |> Seq.map (fun l -> l.Trim())
    |> Seq.filter (fun l -> l.Length > 0)
    |> String.concat "\n"

/// The lines of a source file between "// README:begin NAME" and "// README:end NAME".
let block (file: string) (name: string) =
    let source =
        File.ReadAllLines(Path.Combine(repositoryRoot (), "tests", "NeuronDsl.Tests", file))

    let first =
        source |> Array.findIndex (fun l -> l.Trim() = "// README:begin " + name)

    let last = source |> Array.findIndex (fun l -> l.Trim() = "// README:end " + name)
    significant source[first + 1 .. last - 1]

let expectInReadme (example: string) (what: string) =
    let readme =
        significant (File.ReadAllLines(Path.Combine(repositoryRoot (), "README.md")))

    Expect.stringContains readme example what

/// The README's fenced blocks of a language (for example "model"), each as its text.
let private fenced (language: string) =
    let lines = File.ReadAllLines(Path.Combine(repositoryRoot (), "README.md"))

    [ let mutable inside = false
      let block = Text.StringBuilder()

      for line in lines do
          if not inside && line.Trim() = "```" + language then
              inside <- true
              block.Clear() |> ignore
          elif inside && line.Trim() = "```" then
              inside <- false
              yield block.ToString()
          elif inside then
              block.AppendLine line |> ignore ]

/// The README's model text whose first line names the model.
let private modelText (name: string) =
    fenced "model"
    |> List.find (fun text -> text.StartsWith(sprintf "model \"%s\"" name))

/// The README's example of compiling a model from text, compiled here.
let private fromTextExample (text: string) =
    // README:begin fromtext
    let theta: Model<ParameterValues, float[], 1> =
        Equations.compile (Equations.parseOrThrow text)

    let run =
        Problem.create theta (Equations.defaults theta) (Input.constant 4.0) 100.0<ms>
        |> Simulation.run (Solver.rungeKutta4 0.01<ms>)
    // README:end fromtext
    run

/// The README's first F# example, compiled here.
let private simulateExample () =
    // README:begin simulate
    let solution =
        Problem.create LeakyIntegrateAndFire.model LeakyIntegrateAndFire.defaults (Input.constant 300.0<pA>) 1000.0<ms>
        |> Simulation.run (Solver.exact 0.1<ms>)
    // solution.Spikes : float<ms>[], solution.Trace["V"], solution.Status = Completed
    // README:end simulate
    solution

/// The README's population example, compiled here.
let private populationExample () =
    // README:begin population
    let population =
        Population.create LeakyIntegrateAndFire.model 10000
        |> Population.withInput (Inputs.constantPerNeuron (Array.init 10000 (fun i -> float i * 0.05<pA>)))
        |> Population.withMonitor (RateMonitor 10.0<ms>)

    let solution = population |> Population.run (Solver.exact 0.1<ms>) 1000.0<ms>
    // solution.Spikes : { Neuron; Time }[] sorted by time, then neuron; solution.Rates.Head.Rates : Hz per bin
    // README:end population
    solution

/// The README's network example, compiled here.
let private networkExample () =
    // README:begin network
    let cells = Population.create LeakyIntegrateAndFireExponentialSynapse.model 100

    let solution =
        Network.create 42u
        |> Network.withSpikeTrains "input" 10 [ for k in 0..9 -> k, float k * 10.0<ms> ]
        |> Network.withPopulation "cells" cells
        |> Network.withProjection
            "input"
            "cells"
            "I_syn"
            { Connector = Connector.FixedProbability(0.5, Autapses.Allowed)
              Weights = SynapseValues.Constant 4000.0<pA>
              Delays = SynapseValues.Uniform(1.0<ms>, 2.0<ms>) }
        |> Network.run (Solver.exact 0.1<ms>) 200.0<ms>
    // solution.Populations["cells"] : PopulationSolution; solution.Spikes : every group's spikes by time
    // README:end network
    solution

[<Tests>]
let tests =
    testList
        "README"
        [ testCase "shows the simulation example exactly as it is compiled here"
          <| fun () -> expectInReadme (block "ReadmeTests.fs" "simulate") "README's F# simulation example"

          testCase "the simulation example fires 49 times in its second, as the LIF closed form says"
          <| fun () ->
              // From rest at 300 pA: first spike at 20 ln 3 ms, then every 2 + 20 ln 2.5 ms, so 49 spikes by 1 s.
              let solution = simulateExample ()
              Expect.equal solution.Status Completed "completed"
              Expect.equal solution.Spikes.Length 49 "spikes"

          testCase "shows the theta neuron in typed F# exactly as it is compiled and tested"
          <| fun () -> expectInReadme (block "ThetaNeuron.fs" "theta") "README's typed F# model"

          testCase "shows the example of compiling a model from text exactly as it is compiled here"
          <| fun () -> expectInReadme (block "ReadmeTests.fs" "fromtext") "README's text-to-model example"

          testCase "the theta neuron's text form is the same model as its typed F# form"
          <| fun () ->
              match Equations.parse (modelText "theta neuron") with
              | Ok parsed -> Expect.equal parsed ThetaNeuron.equations.Equations "same Equations"
              | Error errors -> failtestf "%A" errors

          testCase "the theta neuron fires every πτ/√I, from text and from F#"
          <| fun () ->
              // RK4's error is O(dt⁴): measured 6.4e-12 ms at dt = 0.01 ms and 4.1e-13 ms at 0.005 ms (ratio 15.5 ≈ 2⁴).
              // 1e-10 ms leaves a factor 15 for rounding on other machines; a first-order method would be ~1e-4 off.
              let fromText = fromTextExample (modelText "theta neuron")
              let p = Equations.defaults ThetaNeuron.model

              let fromFSharp =
                  Problem.create ThetaNeuron.model p (Input.constant 4.0) 100.0<ms>
                  |> Simulation.run (Solver.rungeKutta4 0.01<ms>)

              Expect.equal fromText.Spikes fromFSharp.Spikes "the same spikes"
              let period = ThetaNeuron.period p 4.0

              for interval in SpikeTrain.intervals fromText.Spikes do
                  Expect.floatClose
                      { absolute = 1e-10; relative = 0.0 }
                      (float interval)
                      (float period)
                      "interval = πτ/√I"

          testCase "Hodgkin–Huxley's text form is the same model as its typed F# form, and runs the same"
          <| fun () ->
              match Equations.parse (modelText "Hodgkin-Huxley") with
              | Ok parsed ->
                  Expect.equal parsed HodgkinHuxley.equations.Equations "same Equations"
                  let model: Model<ParameterValues, float[], uA / cm2> = Equations.compile parsed

                  let run m =
                      Problem.create m (Equations.defaults m) (Input.constant 10.0<uA / cm2>) 100.0<ms>
                      |> Simulation.run (Solver.rungeKutta4 0.01<ms>)

                  Expect.equal (run model).Spikes (run HodgkinHuxley.model).Spikes "identical spike times"
              | Error errors -> failtestf "%A" errors

          testCase "shows the population example exactly as it is compiled here"
          <| fun () -> expectInReadme (block "ReadmeTests.fs" "population") "README's population example"

          testCase "the population example fires as the LIF closed form says, neuron by neuron"
          <| fun () ->
              // Defaults: R = 100 MΩ, τ = 20 ms, E_L = −70, V_th = −50, V_reset = −65 mV, t_ref = 2 ms, from E_L.
              // Neuron i gets 0.05·i pA; it fires when R I > 20 mV: first at τ ln(RI / (RI − 20)), then every
              // t_ref + τ ln((RI + E_L − V_reset) / (RI + E_L − V_th)). Spike times are exact to ~1e-11 ms, so the
              // count in 1 s is the closed form's unless a spike falls within 1e-9 ms of 1 s (none here).
              let solution = populationExample ()
              let counts = Array.zeroCreate<int> 10000

              for s in solution.Spikes do
                  counts[s.Neuron] <- counts[s.Neuron] + 1

              for i in 0..9999 do
                  let ri = 100.0 * float i * 0.05 / 1000.0
                  let tau = 20.0

                  let expected =
                      if ri <= 20.0 then
                          0
                      else
                          let first = tau * log (ri / (ri - 20.0))
                          let period = 2.0 + tau * log ((ri - 5.0) / (ri - 20.0))

                          if first > 1000.0 then
                              0
                          else
                              1 + int (Math.Floor((1000.0 - first) / period))

                  Expect.equal counts[i] expected (sprintf "neuron %d (%.2f pA)" i (float i * 0.05))

          testCase "shows the network example exactly as it is compiled here"
          <| fun () -> expectInReadme (block "ReadmeTests.fs" "network") "README's network example"

          testCase "the network example delivers each input spike to its targets once"
          <| fun () ->
              let solution = networkExample ()
              // Each of the 10 inputs fires once through its synapses, so the deliveries are the synapse count:
              // Binomial(1000 pairs, 0.5), mean 500, σ = √(1000·0.25) ≈ 15.8; checked at 5 σ.
              let deliveries = float solution.Deliveries
              Expect.isLessThan (abs (deliveries - 500.0)) (5.0 * sqrt (1000.0 * 0.25)) "deliveries ≈ 500, 5 σ"
              Expect.isNonEmpty solution.Populations["cells"].Spikes "4 nA kicks (a 21 mV PSP) make the cells fire"
              Expect.equal (solution.Spikes |> Array.filter (fun s -> s.Group = "input")).Length 10 "ten input spikes" ]
