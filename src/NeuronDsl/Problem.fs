namespace NeuronDsl

open System
open NeuronDsl.Units

/// <summary>Building and checking simulation problems.</summary>
[<RequireQualifiedAccess; CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module Problem =
    /// <summary>A problem starting from the model's default initial state, recording every variable every 0.1 ms.</summary>
    /// <param name="model">The model.</param>
    /// <param name="parameters">Its parameters.</param>
    /// <param name="input">The input current.</param>
    /// <param name="duration">Simulated time in ms, ≥ 0.</param>
    /// <returns>The problem.</returns>
    /// <exception cref="System.ArgumentException">A parameter, the duration or the initial state is invalid.</exception>
    let create (model: Model<'P, 'S, 'I>) (parameters: 'P) (input: Input<'I>) (duration: float<ms>) =
        model.Validate parameters

        { Model = model
          Parameters = parameters
          InitialState = model.InitialState parameters
          Input = input
          Duration = duration
          Recording = Recording.defaults }

    /// <summary>The same problem with another initial state.</summary>
    let withInitialState (state: 'S) (problem: Problem<'P, 'S, 'I>) = { problem with InitialState = state }

    /// <summary>The same problem with other recording settings.</summary>
    let withRecording (recording: Recording) (problem: Problem<'P, 'S, 'I>) = { problem with Recording = recording }

    /// <summary>Indices of the recorded variables.</summary>
    let internal recordedIndices (problem: Problem<'P, 'S, 'I>) : int[] =
        let names = problem.Model.Variables |> List.map (fun v -> v.Name) |> Array.ofList

        match problem.Recording.Variables with
        | [] -> Array.init names.Length id
        | chosen ->
            chosen
            |> List.map (fun name ->
                match Array.tryFindIndex ((=) name) names with
                | Some k -> k
                | None ->
                    invalidArg
                        "Recording.Variables"
                        (sprintf
                            "unknown variable '%s' for model %s; expected one of: %s"
                            name
                            problem.Model.Name
                            (String.Join(", ", names))))
            |> Array.ofList

    /// <summary>Checks everything that can be checked before the first step.</summary>
    /// <param name="solver">The solver that will run the problem.</param>
    /// <param name="problem">The problem.</param>
    /// <exception cref="System.ArgumentException">Names the invalid field, its value and the valid range.</exception>
    let validate (solver: Solver) (problem: Problem<'P, 'S, 'I>) =
        let d = float problem.Duration

        if not (Double.IsFinite d) || d < 0.0 then
            invalidArg "duration" (sprintf "duration = %g ms; expected a finite time >= 0 ms" d)

        problem.Model.Validate problem.Parameters
        let vector = Array.zeroCreate problem.Model.Variables.Length
        problem.Model.Store problem.InitialState vector

        problem.Model.Variables
        |> List.iteri (fun k v ->
            if not (Double.IsFinite vector[k]) then
                invalidArg
                    "initialState"
                    (sprintf "initial %s = %g %s; expected a finite number" v.Name vector[k] v.Unit))

        match problem.Recording.Interval with
        | Every dt when not (Double.IsFinite(float dt)) || dt <= 0.0<ms> ->
            invalidArg
                "Recording.Interval"
                (sprintf "recording interval = %g ms; expected a finite interval > 0 ms" (float dt))
        | Every dt when d / float dt > 1e15 ->
            // Beyond 10^15 samples, consecutive sample times j·dt round to the same number: nothing to record.
            invalidArg
                "Recording.Interval"
                (sprintf
                    "recording interval = %g ms is too small to resolve over %g ms; expected >= %g ms"
                    (float dt)
                    d
                    (d * 1e-15))
        | _ -> ()

        recordedIndices problem |> ignore

        match solver.Requires with
        | Linearisation when problem.Model.Linearised.IsNone ->
            invalidArg
                "solver"
                (sprintf
                    "solver %s needs a conditionally linear model; %s provides no linearisation"
                    solver.Name
                    problem.Model.Name)
        | ExactFlow when problem.Model.Propagate.IsNone ->
            invalidArg
                "solver"
                (sprintf "solver %s needs a linear model with an exact flow; %s has none" solver.Name problem.Model.Name)
        | ExactFlow when not problem.Input.PiecewiseConstant ->
            invalidArg
                "input"
                (sprintf "solver %s needs a piecewise-constant input; got %s" solver.Name problem.Input.Description)
        | _ -> ()
