/// The fixed runs whose spike times are recorded in data/regression: the one definition that
/// data/regression/record.fsx (which #loads this file) and RegressionTests.fs (which compiles it) share.
/// When the built-in models are rewritten as equations, only the three model references below change.
module NeuronDsl.Tests.RegressionCases

open System
open System.Globalization
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models

/// What one run produced: how it ended and its spike times (ms).
type Outcome = { Status: string; Spikes: float[] }

/// One recorded run; every field but Run is written to cases.csv and checked against it.
[<NoEquality; NoComparison>]
type Case =
    {
        /// Stable id, e.g. "lif:rk4:dt0.1:step250pA@20-150ms"; the key in both CSV files.
        Id: string
        /// The model, e.g. "LeakyIntegrateAndFire".
        Model: string
        /// The solver's name as on the command line ("euler", …, "dopri5").
        Solver: string
        /// The fixed step in ms, printed round-trip; empty for the adaptive dopri5.
        Step: string
        /// The input's id, e.g. "constant300pA".
        Input: string
        /// Simulates the case with the current public API.
        Run: unit -> Outcome
        /// For an adaptive solver: the spike times of the same problem solved at tolerances 1e-12.
        Reference: (unit -> float[]) option
    }

/// Folder of the data files, relative to the test project (and to its output folder).
let dataFolder = "data/regression"
/// File with one row per case.
let casesFile = "cases.csv"
/// File with one row per spike.
let spikesFile = "spikes.csv"
/// Header of cases.csv.
let casesHeader = "case,model,solver,dt_ms,input,status,spike_count"
/// Header of spikes.csv.
let spikesHeader = "case,model,solver,dt_ms,input,spike_index,time_ms"

/// A float printed so that parsing it gives back the same float.
let roundTrip (x: float) =
    x.ToString("R", CultureInfo.InvariantCulture)

/// The status without its payload: "Completed", "Diverged", "StepLimitReached" or "StepSizeUnderflow".
let statusName (status: SimulationStatus) =
    match status with
    | Completed -> "Completed"
    | Diverged _ -> "Diverged"
    | StepLimitReached _ -> "StepLimitReached"
    | StepSizeUnderflow _ -> "StepSizeUnderflow"
    | OutOfBounds _ -> "OutOfBounds"

/// The first five columns of both files, which identify a case: case, model, solver, dt_ms, input.
let columns (case: Case) =
    [ case.Id; case.Model; case.Solver; case.Step; case.Input ]

/// Simulated time of every case.
let duration = 200.0<ms>

/// A solver choice; the step is given per case.
type Method =
    | Euler
    | Heun
    | RungeKutta4
    | ExponentialEuler
    | Exact
    | DormandPrince

let private solver (step: float<ms>) (method: Method) =
    match method with
    | Euler -> Solver.euler step
    | Heun -> Solver.heun step
    | RungeKutta4 -> Solver.rungeKutta4 step
    | ExponentialEuler -> Solver.exponentialEuler step
    | Exact -> Solver.exact step
    | DormandPrince -> Solver.dormandPrince DormandPrince.defaults

let private case
    (modelName: string)
    (shortName: string)
    (model: Model<'P, 'S, 'I>)
    (parameters: 'P)
    (step: float<ms>)
    (method: Method)
    (inputName: string, input: Input<'I>)
    =
    let solver = solver step method
    let stepText = if solver.Adaptive then "" else roundTrip (float step)
    let stepId = if solver.Adaptive then "adaptive" else "dt" + stepText

    { Id = String.Join(":", shortName, solver.Name, stepId, inputName)
      Model = modelName
      Solver = solver.Name
      Step = stepText
      Input = inputName
      Run =
        fun () ->
            let solution =
                Problem.create model parameters input duration |> Simulation.run solver

            { Status = statusName solution.Status
              Spikes = solution.Spikes |> Array.map float }
      Reference =
        if solver.Adaptive then
            let tight =
                { DormandPrince.defaults with
                    Relative = 1e-12
                    Absolute = 1e-12 }

            Some(fun () ->
                let solution =
                    Problem.create model parameters input duration
                    |> Simulation.run (Solver.dormandPrince tight)

                solution.Spikes |> Array.map float)
        else
            None }

/// Inputs of the point neurons (pA).
let private pointInputs: (string * Input<pA>) list =
    [ "constant300pA", Input.constant 300.0<pA>
      "step250pA@20-150ms", Input.step 250.0<pA> 20.0<ms> 150.0<ms>
      // 5 ms pulses of 800 pA every 25 ms from 10 ms: IF fires once per pulse, LIF only on some pulses.
      "pulses800pA-5ms-every25ms@10-190ms", Input.pulses 800.0<pA> 5.0<ms> 25.0<ms> 10.0<ms> 190.0<ms> ]

/// Inputs of Hodgkin–Huxley (µA/cm²).
let private membraneInputs: (string * Input<uA / cm2>) list =
    [ "constant10uA", Input.constant 10.0<uA / cm2>
      "step7uA@10-150ms", Input.step 7.0<uA / cm2> 10.0<ms> 150.0<ms>
      "pulses20uA-1ms-every20ms@5-195ms", Input.pulses 20.0<uA / cm2> 1.0<ms> 20.0<ms> 5.0<ms> 195.0<ms> ]

/// The solvers that apply to a model: exponential Euler needs a linearisation, exact needs an exact flow (and a
/// piecewise-constant input, which every input above is). Listed, not derived, so that a model that loses one fails.
let private linearWithExactFlow =
    [ Euler; Heun; RungeKutta4; ExponentialEuler; Exact; DormandPrince ]

let private conditionallyLinear =
    [ Euler; Heun; RungeKutta4; ExponentialEuler; DormandPrince ]

/// Every case, in the order they are recorded.
let all: Case list =
    let integrateAndFire =
        case "IntegrateAndFire" "if" IntegrateAndFire.model IntegrateAndFire.defaults

    let leakyIntegrateAndFire =
        case "LeakyIntegrateAndFire" "lif" LeakyIntegrateAndFire.model LeakyIntegrateAndFire.defaults

    let hodgkinHuxley =
        case "HodgkinHuxley" "hh" HodgkinHuxley.model HodgkinHuxley.defaults

    [ for method in linearWithExactFlow do
          for input in pointInputs do
              integrateAndFire 0.1<ms> method input
      for method in linearWithExactFlow do
          for input in pointInputs do
              leakyIntegrateAndFire 0.1<ms> method input
      for method in conditionallyLinear do
          for input in membraneInputs do
              hodgkinHuxley 0.01<ms> method input
      // One coarser step, where a change in the method's error term would show most.
      hodgkinHuxley 0.05<ms> RungeKutta4 membraneInputs.Head ]
