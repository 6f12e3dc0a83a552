namespace NeuronDsl.Testing

open System
open System.Globalization
open FsCheck
open FsCheck.FSharp
open MathNet.Numerics.LinearAlgebra
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models

/// <summary>
/// A model as the kit sees it: compiled, with its checked equations and what the kit reads from them once (the
/// resting state at the defaults, the scale of its input).
/// </summary>
[<NoEquality; NoComparison>]
type ModelUnderTest =
    {
        /// <summary>The compiled model, its input a plain number in the unit of the equations' input.</summary>
        Model: Model<ParameterValues, float[], 1>
        /// <summary>Its checked equations: declared ranges, bounds, requirements, reset statements.</summary>
        Equations: CheckedEquations
        /// <summary>How the command line names it: "--model lif" for a built-in, else "--model-file NAME.model".</summary>
        CommandLineModel: string
        /// <summary>How far each generated parameter may be from its default, relative to the default's size.</summary>
        Spread: float
        /// <summary>The input scale (<c>ModelUnderTest.inputScale</c>), computed once.</summary>
        Scale: Lazy<float>
    }

/// <summary>What the kit reads from a model's equations: resting state, its stability, scales.</summary>
[<RequireQualifiedAccess>]
module ModelUnderTest =
    let private bare (model: Model<ParameterValues, float[], 'Input>) : ModelUnderTest =
        match model.Equations with
        | None ->
            invalidArg "model" (sprintf "%s was not built from equations; the kit reads their declarations" model.Name)
        | Some equations ->
            let flag =
                match
                    Catalogue.all
                    |> List.tryFind (fun e -> e.Equations.Source.Name = equations.Source.Name)
                with
                | Some entry -> "--model " + entry.Alias
                | None ->
                    let file =
                        equations.Source.Name
                        |> String.map (fun c ->
                            if Char.IsLetterOrDigit c then
                                Char.ToLowerInvariant c
                            else
                                '-')

                    sprintf "--model-file %s.model" file
            // Units of measure are erased at run time: the same record serves every input unit.
            { Model = unbox<Model<ParameterValues, float[], 1>>(box model)
              Equations = equations
              CommandLineModel = flag
              Spread = 0.1
              Scale = lazy nan }

    /// <summary>The published defaults.</summary>
    let defaults (m: ModelUnderTest) = Parameters.defaults m.Equations

    /// <summary>True when the parameters meet every declared range and requirement and give an initial state.</summary>
    let isValid (m: ModelUnderTest) (p: ParameterValues) =
        // Valid when the model accepts the parameters and can start from them: a model that starts at its resting
        // state (Wang–Buzsáki) throws for a parameter set with no rest, which is outside the model's domain.
        try
            m.Model.Validate p
            m.Model.InitialState p |> ignore
            true
        with :? ArgumentException ->
            false

    /// <summary>The rates of change at a state under a constant input.</summary>
    let rates (m: ModelUnderTest) (p: ParameterValues) (input: float) (y: float[]) =
        let f = Array.zeroCreate y.Length
        m.Model.Derivative p input 0.0<ms> y f
        f

    /// <summary>The Jacobian of the rates at a state: the core's symbolic derivatives, evaluated.</summary>
    let jacobian (m: ModelUnderTest) (p: ParameterValues) (input: float) (y: float[]) =
        let states = m.Equations.States |> Array.mapi (fun k s -> s.Name, k) |> Map.ofArray
        let inputName = m.Equations.Input |> Option.map (fun i -> i.Name)

        let lookup (name: string) =
            match Map.tryFind name states with
            | Some k -> y[k]
            | None when Some name = inputName -> input
            | None when name = "t" -> 0.0
            | None -> p[name]

        Differentiation.jacobian m.Equations
        |> Array2D.map (Interpreter.evaluate lookup)

    /// <summary>The eigenvalues (per ms) of the Jacobian at a state.</summary>
    let eigenvalues (m: ModelUnderTest) (p: ParameterValues) (y: float[]) : Numerics.Complex[] =
        let j = Matrix<float>.Build.DenseOfArray(jacobian m p 0.0 y)
        j.Evd().EigenValues.ToArray()

    /// <summary>The resting state under zero input nearest the model's initial state, if Newton's method finds one.</summary>
    let rest (m: ModelUnderTest) (p: ParameterValues) : float[] option =
        try
            let start = m.Model.InitialState p
            RestingState.find (fun y f -> m.Model.Derivative p 0.0 0.0<ms> y f) start
        with :? ArgumentException ->
            None

    /// <summary>
    /// True when the model declares a leak: at its defaults it has a resting state under zero input at which no
    /// eigenvalue of the Jacobian is zero (a hyperbolic fixed point). A perfect integrator has none; a model at a
    /// saddle-node (the theta neuron at I = 0) has an eigenvalue 0. Stability is what the leak property then checks.
    /// </summary>
    let declaresLeak (m: ModelUnderTest) =
        match rest m (defaults m) with
        | Some y -> eigenvalues m (defaults m) y |> Array.forall (fun l -> abs l.Real > 1e-9)
        | None -> false

    /// <summary>A size for each state variable: the width of its bounds, else its magnitude at the start, at least 1.</summary>
    let stateScales (m: ModelUnderTest) (y: float[]) =
        m.Equations.States
        |> Array.mapi (fun k s ->
            match s.Bounds.Minimum, s.Bounds.Maximum with
            | Some lo, Some hi when hi > lo -> hi - lo
            | _ -> max 1.0 (abs y[k]))

    /// <summary>The value of the spike function (a spike is its upward zero crossing); −1 for a model without one.</summary>
    let spikeFunction (m: ModelUnderTest) (p: ParameterValues) (y: float[]) = m.Model.SpikeFunction p y

    /// <summary>True when the model has a threshold.</summary>
    let hasThreshold (m: ModelUnderTest) = m.Equations.SpikeFunction.IsSome

    /// <summary>A run under a constant input from the model's initial state, recording every step.</summary>
    let runConstant (m: ModelUnderTest) (p: ParameterValues) (amplitude: float) (duration: float<ms>) =
        Problem.create m.Model p (Input.constant amplitude) duration
        |> Problem.withRecording { Variables = []; Interval = NoTrace }
        |> Simulation.run (SolverSettings.create SolverSettings.defaults)

    let private spikesUnder (m: ModelUnderTest) (p: ParameterValues) (amplitude: float) =
        try
            let s = runConstant m p amplitude 100.0<ms>
            s.Status = Completed && s.Spikes.Length > 0
        with _ ->
            false

    /// <summary>
    /// The model's input scale, in its input unit: the smallest constant input (to about 3 %) that makes it spike
    /// within 100 ms at its defaults, found by doubling and bisection from the input that moves its first variable by
    /// 1 % of its size per ms; that first estimate when the model never spikes.
    /// </summary>
    let inputScale (m: ModelUnderTest) : float =
        let p = defaults m
        let y = m.Model.InitialState p
        let f0 = rates m p 0.0 y
        let f1 = rates m p 1.0 y
        let scales = stateScales m y

        let estimate =
            Array.init y.Length (fun k -> abs (f1[k] - f0[k]), scales[k])
            |> Array.tryFind (fun (sensitivity, _) -> sensitivity > 0.0 && Double.IsFinite sensitivity)
            |> Option.map (fun (sensitivity, scale) -> 0.01 * scale / sensitivity)
            |> Option.defaultValue 1.0

        if not (hasThreshold m) then
            estimate
        else
            let mutable hi = estimate
            let mutable doublings = 0

            while doublings < 40 && not (spikesUnder m p hi) do
                hi <- 2.0 * hi
                doublings <- doublings + 1

            if doublings = 40 then
                estimate
            else
                let mutable lo = if doublings = 0 then 0.0 else hi / 2.0

                while hi - lo > 0.03 * hi do
                    let mid = 0.5 * (lo + hi)
                    if spikesUnder m p mid then hi <- mid else lo <- mid

                hi

    /// <summary>The model with parameters drawn within ±spread of their defaults (0.1 is ±10 %).</summary>
    let withSpread (spread: float) (m: ModelUnderTest) = { m with Spread = spread }

    /// <summary>The input scale, computed once per model value.</summary>
    let scale (m: ModelUnderTest) = m.Scale.Value

    /// <summary>The model as the kit sees it; parameters vary by ±10 % of their defaults.</summary>
    /// <exception cref="System.ArgumentException">The model was not built from equations.</exception>
    let ofModel (model: Model<ParameterValues, float[], 'Input>) : ModelUnderTest =
        let m = bare model
        { m with Scale = lazy (inputScale m) }

    /// <summary>The model written as equations (typed builder or parsed text).</summary>
    /// <exception cref="System.ArgumentException">The equations have errors.</exception>
    let ofEquations (equations: Equations) : ModelUnderTest =
        ofModel (Equations.compile equations: Model<ParameterValues, float[], 1>)

/// <summary>FsCheck generators and shrinkers read from a model's declarations.</summary>
[<RequireQualifiedAccess>]
module ModelGen =
    /// <summary>A float uniformly spread over [lo, hi] on a grid of 10⁶ points.</summary>
    let floatBetween (lo: float) (hi: float) : Gen<float> =
        Gen.choose (0, 1_000_000) |> Gen.map (fun k -> lo + (hi - lo) * float k / 1e6)

    /// <summary>A float spread log-uniformly over [lo, hi] (both &gt; 0): as many values in each decade.</summary>
    let logBetween (lo: float) (hi: float) : Gen<float> =
        floatBetween (log10 lo) (log10 hi) |> Gen.map (fun e -> 10.0 ** e)

    /// <summary>The interval a parameter is drawn from: its declared range, within ±spread of its default (±spread
    /// itself when the default is 0).</summary>
    let parameterWindow (spread: float) (d: ParameterDeclaration) =
        let width = if d.Default = 0.0 then spread else spread * abs d.Default

        let inside (bound: float option) (inclusive: bool) (toward: float) (fallback: float) =
            match bound with
            | None -> fallback
            | Some b ->
                let b = if inclusive then b else b + 1e-9 * (toward - b)
                if toward > b then max b fallback else min b fallback

        let lo =
            inside d.Range.Minimum d.Range.MinimumInclusive d.Default (d.Default - width)

        let hi =
            inside d.Range.Maximum d.Range.MaximumInclusive d.Default (d.Default + width)

        lo, hi

    /// <summary>
    /// Valid parameter sets: each parameter within its declared range and within ±spread of its default; sets that
    /// break a requirement (for example V_th &gt; V_reset) are drawn again, up to 50 times, then the defaults.
    /// </summary>
    let parameters (m: ModelUnderTest) : Gen<ParameterValues> =
        let defaults = ModelUnderTest.defaults m

        let one =
            m.Equations.Parameters
            |> Array.map (fun d ->
                let lo, hi = parameterWindow m.Spread d
                floatBetween lo hi |> Gen.map (fun v -> d.Name, v))
            |> Gen.sequenceToArray
            |> Gen.map (Array.fold (fun p (name, v) -> Parameters.set name v p) defaults)

        Gen.listOfLength 50 one
        |> Gen.map (List.tryFind (ModelUnderTest.isValid m) >> Option.defaultValue defaults)

    /// <summary>
    /// Input protocols over [−scale/2, 3 scale] in the model's input unit (scale: <c>ModelUnderTest.inputScale</c>):
    /// constant, a step within the run, or a pulse train (widths 0.5–5 ms, periods up to 50 ms).
    /// </summary>
    let stimulus (scale: float) (duration: float<ms>) : Gen<Stimulus> =
        let amplitude = floatBetween (-0.5 * scale) (3.0 * scale)

        Gen.oneof
            [ amplitude |> Gen.map Constant
              gen {
                  let! a = amplitude
                  let! onset = floatBetween 0.0 (0.5 * float duration)
                  let! length = floatBetween (0.1 * float duration) (float duration)
                  return Step(a, onset * 1.0<ms>, (onset + length) * 1.0<ms>)
              }
              gen {
                  let! a = floatBetween 0.0 (5.0 * scale)
                  let! width = floatBetween 0.5 5.0
                  let! gap = floatBetween 1.0 45.0
                  return Pulses(a, width * 1.0<ms>, (width + gap) * 1.0<ms>)
              } ]

    /// <summary>The methods that apply to the model (exact only for a linear model, with piecewise-constant input).</summary>
    let methods (m: ModelUnderTest) =
        [ yield "euler"
          yield "heun"
          yield "rk4"
          if m.Model.Linearised.IsSome then
              yield "exponential-euler"
          if m.Model.Propagate.IsSome then
              yield "exact"
          yield "dopri5" ]

    /// <summary>Solver settings: a method that applies, the step log-uniform over [minStep, maxStep] (ms).</summary>
    let solver (m: ModelUnderTest) (minStep: float<ms>) (maxStep: float<ms>) : Gen<SolverSettings> =
        Gen.map2
            (fun method dt -> { Method = method; Step = dt * 1.0<ms> })
            (Gen.elements (methods m))
            (logBetween (float minStep) (float maxStep))

    /// <summary>A test case at the defaults, under no input, with the default solver.</summary>
    let baseCase (m: ModelUnderTest) (duration: float<ms>) =
        { Model = m.CommandLineModel
          Parameters = ModelUnderTest.defaults m
          Initial = []
          Stimulus = Constant 0.0
          Solver = SolverSettings.defaults
          Duration = duration }

    /// <summary>Cases: valid parameters, an input protocol and solver settings from the generators above.</summary>
    let cases (m: ModelUnderTest) (duration: float<ms>) : Gen<InvariantCase> =
        let scale = ModelUnderTest.scale m

        gen {
            let! p = parameters m
            let! s = stimulus scale duration
            let! solver = solver m 0.002<ms> 0.05<ms>

            return
                { baseCase m duration with
                    Parameters = p
                    Stimulus = s
                    Solver = solver }
        }

    /// <summary>x rounded to the given number of significant digits.</summary>
    let round (digits: int) (x: float) =
        if x = 0.0 || not (Double.IsFinite x) then
            x
        else
            let magnitude = 10.0 ** (floor (log10 (abs x)) - float (digits - 1))

            Math.Round(x / magnitude) * magnitude
            |> fun r ->
                Double.Parse(
                    r.ToString("G" + string digits, CultureInfo.InvariantCulture),
                    CultureInfo.InvariantCulture
                )

    /// <summary>
    /// Simpler cases, simplest first: each parameter back at its default, the input as a constant, amplitudes and
    /// values rounded to fewer digits, the default solver, a shorter run. Every candidate has valid parameters.
    /// </summary>
    let shrink (m: ModelUnderTest) (c: InvariantCase) : seq<InvariantCase> =
        let defaults = ModelUnderTest.defaults m

        seq {
            for d in m.Equations.Parameters do
                if c.Parameters[d.Name] <> d.Default then
                    yield
                        { c with
                            Parameters = Parameters.set d.Name d.Default c.Parameters }

            match c.Stimulus with
            | Constant _ -> ()
            | other ->
                yield
                    { c with
                        Stimulus = Constant(Stimulus.amplitude other) }

            match c.Stimulus with
            | Constant a when a <> 0.0 ->
                yield { c with Stimulus = Constant 0.0 }
                yield { c with Stimulus = Constant(a / 2.0) }
            | _ -> ()

            for digits in [ 1; 2; 3 ] do
                match c.Stimulus with
                | Constant a when round digits a <> a ->
                    yield
                        { c with
                            Stimulus = Constant(round digits a) }
                | Step(a, on, off) when round digits a <> a ->
                    yield
                        { c with
                            Stimulus = Step(round digits a, on, off) }
                | Pulses(a, w, p) when round digits a <> a ->
                    yield
                        { c with
                            Stimulus = Pulses(round digits a, w, p) }
                | _ -> ()

            for digits in [ 2; 3; 4 ] do
                for d in m.Equations.Parameters do
                    let v = c.Parameters[d.Name]

                    if round digits v <> v then
                        yield
                            { c with
                                Parameters = Parameters.set d.Name (round digits v) c.Parameters }

                for k, (name, v) in List.indexed c.Initial do
                    if round digits v <> v then
                        yield
                            { c with
                                Initial = c.Initial |> List.mapi (fun j x -> if j = k then name, round digits v else x) }

            if c.Solver <> SolverSettings.defaults then
                yield
                    { c with
                        Solver = SolverSettings.defaults }

            match c.Solver.Method with
            | "dopri5" -> ()
            | _ when round 1 (float c.Solver.Step) <> float c.Solver.Step ->
                yield
                    { c with
                        Solver =
                            { c.Solver with
                                Step = round 1 (float c.Solver.Step) * 1.0<ms> } }
            | _ -> ()

            if c.Duration > 20.0<ms> then
                yield
                    { c with
                        Duration = round 1 (float c.Duration / 2.0) * 1.0<ms> }
        }
        |> Seq.filter (fun candidate ->
            candidate.Parameters = defaults || ModelUnderTest.isValid m candidate.Parameters)

    /// <summary>Cases as an FsCheck arbitrary, with the shrinker above, for users' own properties.</summary>
    let arbitrary (m: ModelUnderTest) (duration: float<ms>) : Arbitrary<InvariantCase> =
        Arb.fromGenShrink (cases m duration, shrink m)
