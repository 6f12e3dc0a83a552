namespace NeuronDsl.Testing

open System
open System.Collections.Generic
open Expecto
open FsCheck
open FsCheck.FSharp
open NeuronDsl
open NeuronDsl.Units

/// <summary>A failing case, shrunk: the run to paste into the command line, and what went wrong in it.</summary>
[<NoComparison; NoEquality>]
type Counterexample =
    {
        /// <summary>The property that failed.</summary>
        Property: string
        /// <summary>The shrunk case (its <c>CommandLine</c> repeats the run).</summary>
        Case: InvariantCase
        /// <summary>What went wrong in the shrunk case.</summary>
        Reason: string
        /// <summary>The case first found to fail, before shrinking.</summary>
        Original: InvariantCase
        /// <summary>Number of successful shrinking steps.</summary>
        Shrinks: int
        /// <summary>Number of cases tried before the first failure.</summary>
        Tests: int
        /// <summary>The seed of the generator.</summary>
        Seed: int
    }

    /// <summary>Several lines: the property, the reason, the command line, the original case.</summary>
    member c.Format() =
        sprintf
            "%s failed after %d case(s), shrunk %d time(s) (seed %d):\n  %s\nrepeat with:\n  %s\noriginal case:\n  %s"
            c.Property
            c.Tests
            c.Shrinks
            c.Seed
            c.Reason
            c.Case.CommandLine
            c.Original.CommandLine

/// <summary>The outcome of one property on one model.</summary>
[<NoComparison; NoEquality>]
type InvariantOutcome =
    /// <summary>Every case held; how many applied, and a note (for units: what was checked).</summary>
    | Passed of Cases: int * Note: string
    /// <summary>The property does not apply to this model (for example no threshold, or no declared rheobase).</summary>
    | Skipped of Reason: string
    /// <summary>A shrunk counterexample.</summary>
    | Failed of Counterexample

/// <summary>A property's outcome on a model.</summary>
[<NoComparison; NoEquality>]
type InvariantResult =
    {
        /// <summary>The property's name, for example "leak".</summary>
        Property: string
        /// <summary>The model's name.</summary>
        Model: string
        /// <summary>What happened.</summary>
        Outcome: InvariantOutcome
    }

/// <summary>Settings of the kit, and what a model declares beyond its equations.</summary>
[<NoComparison; NoEquality>]
type InvariantOptions =
    {
        /// <summary>Cases per property (each case is one to three simulations).</summary>
        Cases: int
        /// <summary>Seed of the generators: the same seed gives the same cases.</summary>
        Seed: int
        /// <summary>How far parameters are drawn from their defaults, relative to the default (0.1 is ±10 %).</summary>
        Spread: float
        /// <summary>Simulated time of each run (ms); leak runs last 5 slowest relaxation times at rest instead, at most
        /// ten times this.</summary>
        Duration: float<ms>
        /// <summary>The rheobase in the input's unit, when the model declares one: the threshold property checks
        /// that constant inputs below 0.9× it never spike and above 1.1× it spike.</summary>
        Rheobase: (ParameterValues -> float) option
        /// <summary>True when the model declares that its firing rate rises with a constant input.</summary>
        MonotoneRate: bool
    }

/// <summary>A ready property: a name, what it checks, and how.</summary>
[<NoComparison; NoEquality>]
type InvariantProperty =
    {
        /// <summary>Short name, for example "leak".</summary>
        Name: string
        /// <summary>What it checks, one line.</summary>
        Description: string
        /// <summary>Runs it on a model.</summary>
        Check: InvariantOptions -> ModelUnderTest -> InvariantOutcome
    }

type internal Verdict =
    | Holds
    | NotApplicable
    | Violated of string

/// <summary>
/// Ready properties any model written as equations can be checked against, read from what it declares: parameter
/// ranges and requirements, state bounds, threshold, reset and refractory statements, and the options
/// (<c>withRheobase</c>, <c>withMonotoneRate</c>) for facts the equations do not state.
/// </summary>
[<RequireQualifiedAccess>]
module Invariants =
    let private g (x: float) =
        x.ToString("G6", Globalization.CultureInfo.InvariantCulture)

    /// <summary>25 cases per property, seed 1, parameters within ±10 % of their defaults, 100 ms runs.</summary>
    let defaults =
        { Cases = 25
          Seed = 1
          Spread = 0.1
          Duration = 100.0<ms>
          Rheobase = None
          MonotoneRate = false }

    /// <summary>Declares the model's rheobase (in its input unit), for example
    /// <c>Invariants.withRheobase LeakyIntegrateAndFire.rheobase</c>.</summary>
    let withRheobase (rheobase: ParameterValues -> float<'u>) (options: InvariantOptions) =
        { options with
            Rheobase = Some(fun p -> float (rheobase p)) }

    /// <summary>Declares that the model's firing rate does not fall when a constant input rises.</summary>
    let withMonotoneRate (options: InvariantOptions) = { options with MonotoneRate = true }

    /// <summary>Another number of cases per property.</summary>
    let withCases (cases: int) (options: InvariantOptions) = { options with Cases = cases }

    /// <summary>Another seed.</summary>
    let withSeed (seed: int) (options: InvariantOptions) = { options with Seed = seed }

    /// <summary>Parameters drawn within ±spread of their defaults (relative).</summary>
    let withSpread (spread: float) (options: InvariantOptions) = { options with Spread = spread }

    // ---- running cases -------------------------------------------------------------------------------------------

    let private stateNames (m: ModelUnderTest) =
        m.Equations.States |> Array.map (fun s -> s.Name)

    let private initialOf (m: ModelUnderTest) (c: InvariantCase) =
        let y = m.Model.InitialState c.Parameters
        let names = stateNames m

        for name, v in c.Initial do
            y[Array.findIndex ((=) name) names] <- v

        y

    let private simulate (m: ModelUnderTest) (c: InvariantCase) =
        let problem =
            Problem.create m.Model c.Parameters (Stimulus.toInput c.Duration c.Stimulus) c.Duration
            |> Problem.withInitialState (initialOf m c)
            |> Problem.withRecording { Variables = []; Interval = EveryStep }

        Simulation.run (SolverSettings.create c.Solver) problem

    let private describeStatus (status: SimulationStatus) =
        match status with
        | Completed -> "completed"
        | Diverged(t, variable, value, _) -> sprintf "diverged at t = %s ms: %s = %s" (g (float t)) variable (g value)
        | OutOfBounds(t, variable, value, lo, hi, _) ->
            sprintf
                "left its bounds at t = %s ms: %s = %s outside [%s, %s]"
                (g (float t))
                variable
                (g value)
                (g lo)
                (g hi)
        | StepLimitReached t -> sprintf "reached the step limit at t = %s ms" (g (float t))
        | StepSizeUnderflow(t, h) -> sprintf "needed a step below %s ms at t = %s ms" (g (float h)) (g (float t))

    let private outsideBounds (m: ModelUnderTest) (s: Solution<_, _, _>) =
        let times = s.Trace.Times

        m.Equations.States
        |> Array.indexed
        |> Array.tryPick (fun (k, d) ->
            s.Trace.Values[k]
            |> Array.tryFindIndex (fun v -> not (ValueRange.contains d.Bounds v))
            |> Option.map (fun j ->
                sprintf
                    "%s = %s at t = %s ms, outside its declared bounds (%s)"
                    d.Name
                    (g (s.Trace.Values[k][j]))
                    (g (float times[j]))
                    (ValueRange.describe d.Bounds)))

    let private search
        (name: string)
        (options: InvariantOptions)
        (m: ModelUnderTest)
        (first: InvariantCase list)
        (cases: Gen<InvariantCase>)
        (check: InvariantCase -> Verdict)
        : InvariantOutcome =
        let safe (c: InvariantCase) =
            try
                check c
            with e ->
                Violated(sprintf "the run threw %s: %s" (e.GetType().Name) e.Message)

        let samples =
            Seq.append first (Gen.sampleWithSeed (Rnd(uint64 options.Seed)) 50 options.Cases cases)

        let mutable tested = 0
        let mutable applied = 0

        let firstFailure =
            samples
            |> Seq.tryPick (fun c ->
                tested <- tested + 1

                match safe c with
                | Violated reason -> Some(c, reason)
                | Holds ->
                    applied <- applied + 1
                    None
                | NotApplicable -> None)

        match firstFailure with
        | None when applied = 0 -> Skipped "no generated case applied to this model"
        | None -> Passed(applied, "")
        | Some(original, reason) ->
            let mutable current = original, reason
            let mutable shrinks = 0
            let mutable budget = 200
            let mutable progress = true

            while progress && budget > 0 do
                progress <- false
                use candidates = (ModelGen.shrink m (fst current)).GetEnumerator()

                while not progress && budget > 0 && candidates.MoveNext() do
                    budget <- budget - 1

                    match safe candidates.Current with
                    | Violated r ->
                        current <- candidates.Current, r
                        shrinks <- shrinks + 1
                        progress <- true
                    | _ -> ()

            Failed
                { Property = name
                  Case = fst current
                  Reason = snd current
                  Original = original
                  Shrinks = shrinks
                  Tests = tested
                  Seed = options.Seed }

    let private withModel (options: InvariantOptions) (m: ModelUnderTest) =
        ModelUnderTest.withSpread options.Spread m

    // ---- units ---------------------------------------------------------------------------------------------------

    /// <summary>Units: the equations are dimensionally consistent (the checker guarantees it for every compiled
    /// model; the property reports what was checked).</summary>
    let units: InvariantProperty =
        { Name = "units"
          Description = "every equation, definition, threshold, reset and requirement is dimensionally consistent"
          Check =
            fun options m ->
                match Equations.check m.Equations.Source with
                | Ok c ->
                    Passed(
                        1,
                        sprintf
                            "dimensions agree in %d rate(s), %d definition(s), %s, %d reset statement(s), %d requirement(s)"
                            c.Rates.Length
                            c.Definitions.Length
                            (if c.SpikeFunction.IsSome then
                                 "the threshold"
                             else
                                 "no threshold")
                            c.Reset.Length
                            c.Requirements.Length
                    )
                | Error errors ->
                    Failed
                        { Property = "units"
                          Case = ModelGen.baseCase m options.Duration
                          Reason = errors |> List.map (fun e -> e.Message) |> String.concat "; "
                          Original = ModelGen.baseCase m options.Duration
                          Shrinks = 0
                          Tests = 1
                          Seed = options.Seed } }

    // ---- parameters ----------------------------------------------------------------------------------------------

    /// <summary>The parameters that nothing the simulation evaluates refers to.</summary>
    let private unusedParameters (c: CheckedEquations) =
        let definitions = dict c.Definitions

        let roots =
            [ yield! c.Rates
              yield! Option.toList c.SpikeFunction
              yield! c.Reset |> Array.map snd
              yield c.Refractory
              yield! c.Initial ]

        let used = HashSet<string>()
        let pending = Stack<string>(roots |> List.collect Expr.names)

        while pending.Count > 0 do
            let n = pending.Pop()

            if used.Add n then
                match definitions.TryGetValue n with
                | true, e -> Expr.names e |> List.iter pending.Push
                | _ -> ()

        c.Parameters |> Array.filter (fun d -> not (used.Contains d.Name))

    /// <summary>Parameters: every declared parameter takes part in the model (a rate, a definition in use, the
    /// threshold, a reset statement, the refractory period or an initial value). A parameter nothing uses is a term
    /// forgotten, as in a reset that forgets <c>u += d</c>.</summary>
    let parameters: InvariantProperty =
        { Name = "parameters"
          Description = "every declared parameter takes part in the model"
          Check =
            fun options m ->
                match unusedParameters m.Equations with
                | [||] -> Passed(m.Equations.Parameters.Length, "")
                | unused ->
                    let d = unused[0]
                    let changed = if d.Default = 0.0 then 1.0 else 2.0 * d.Default

                    let case =
                        { ModelGen.baseCase m options.Duration with
                            Stimulus = Constant(ModelGen.round 2 (1.5 * ModelUnderTest.scale m)) }

                    Failed
                        { Property = "parameters"
                          Case = case
                          Reason =
                            sprintf
                                "parameter %s is declared but no rate, definition in use, threshold, reset statement, refractory period or initial value uses it: --param %s=%s and --param %s=%s give the same run%s"
                                d.Name
                                d.Name
                                (g d.Default)
                                d.Name
                                (g changed)
                                (if unused.Length > 1 then
                                     sprintf
                                         " (also unused: %s)"
                                         (unused[1..] |> Array.map (fun d -> d.Name) |> String.concat ", ")
                                 else
                                     "")
                          Original = case
                          Shrinks = 0
                          Tests = 1
                          Seed = options.Seed } }

    // ---- leak ----------------------------------------------------------------------------------------------------

    let private distance (scales: float[]) (a: float[]) (b: float[]) =
        Array.map3 (fun s x y -> abs (x - y) / s) scales a b |> Array.max

    let private clip (m: ModelUnderTest) (y: float[]) =
        y
        |> Array.mapi (fun k v ->
            let b = m.Equations.States[k].Bounds

            let v =
                match b.Minimum with
                | Some lo when v < lo -> lo
                | _ -> v

            match b.Maximum with
            | Some hi when v > hi -> hi
            | _ -> v)

    // What the leak property reads from the linearisation at rest (the Jacobian J and its eigenvalues λ there).
    //
    // Duration. Near a stable rest the distance from rest decays at least as fast as exp(−t/τ) in the long run, τ the
    // slowest relaxation time 1/min|Re λ|, oscillating when λ is complex (a damped oscillation: the distance is not
    // monotone, only its envelope is). A run lasts leakTimeConstants = 5 τ (the distance along the slowest mode falls
    // to e⁻⁵ ≈ 0.007) and counts only when it lasts at least leakMinimumTimeConstants = 3 τ (e⁻³ ≈ 0.05): the end
    // must then be within half the start's distance, which leaves a factor 10 for transient growth (a non-normal J,
    // as in adaptation driving V) and for the phase of an oscillation. A shorter run, which the shrinker proposes,
    // does not apply, so shrinking never takes the duration below what the property needs.
    //
    // Small. A start off rest is small when the rates there differ from their linearisation J (y − r) by at most
    // leakNonlinearity = 1 % (max norm, each rate relative to its variable's size): the start then lies where the
    // linearisation, whose eigenvalues say the rest is stable, describes the model. A larger perturbation of an
    // excitable model may rightly spike (FitzHugh-Nagumo's anodal break), and so may a reset beyond the unstable fixed
    // point (an EIF with V_reset above it bursts): such starts test excitability, not the leak. The reset of the
    // resting state is the start when it is small in this sense (adaptation kicked by b in a LIF), else a perturbation
    // of 1 % of each variable's size, halved until small.

    let private leakTimeConstants = 5.0
    let private leakMinimumTimeConstants = 3.0
    let private leakNonlinearity = 0.01

    /// <summary>The longest leak run: ten times the run duration of the other properties (1 s by default); a model
    /// that relaxes more slowly is not simulated cheaply enough, and the property does not apply to it.</summary>
    let private longestLeakRun (options: InvariantOptions) = 10.0 * options.Duration

    /// <summary>The slowest relaxation time at rest, 1 / min |Re λ| (ms); infinite at a zero eigenvalue.</summary>
    let private slowestTime (m: ModelUnderTest) (p: ParameterValues) (r: float[]) =
        1.0
        / (ModelUnderTest.eigenvalues m p r |> Array.map (fun l -> abs l.Real) |> Array.min)

    /// <summary>x rounded up to two significant digits (a duration that reads well on the command line).</summary>
    let private roundUp (x: float) =
        let magnitude = 10.0 ** (floor (log10 x) - 1.0)
        ModelGen.round 2 (ceil (x / magnitude - 1e-9) * magnitude)

    /// <summary>How far the rates at y are from their linearisation at the rest r (see "Small" above).</summary>
    let private nonlinearity (m: ModelUnderTest) (p: ParameterValues) (r: float[]) (y: float[]) =
        let j = ModelUnderTest.jacobian m p 0.0 r
        let scales = ModelUnderTest.stateScales m r
        let dy = Array.map2 (-) y r
        let f = ModelUnderTest.rates m p 0.0 y

        let linear =
            Array.init r.Length (fun row -> Array.fold2 (fun s k d -> s + j[row, k] * d) 0.0 [| 0 .. r.Length - 1 |] dy)

        let size (v: float[]) =
            Array.map2 (fun x s -> abs x / s) v scales |> Array.max

        let l = size linear
        if l = 0.0 then 0.0 else size (Array.map2 (-) f linear) / l

    /// <summary>A leak case for the given parameters: started at the reset of the resting state when that is a small
    /// perturbation of it (see "Small" above), else at a small random perturbation of the rest; it lasts
    /// 5 slowest relaxation times at rest, at most <c>longestLeakRun</c>.</summary>
    let private leakStart (options: InvariantOptions) (m: ModelUnderTest) (p: ParameterValues) =
        let names = stateNames m

        gen {
            let! fractions = Gen.arrayOfLength names.Length (ModelGen.floatBetween -1.0 1.0)

            let start, duration =
                try
                    match ModelUnderTest.rest m p with
                    | Some r ->
                        let scales = ModelUnderTest.stateScales m r

                        let afterReset =
                            match m.Model.Reset with
                            | Some reset -> reset p r
                            | None -> r

                        let start =
                            if
                                distance scales afterReset r > 1e-6
                                && nonlinearity m p r afterReset <= leakNonlinearity
                            then
                                afterReset
                            else
                                // 1 % of each variable's size, halved until the start is in the linear regime.
                                let at (size: float) =
                                    Array.init r.Length (fun k -> r[k] + size * fractions[k] * scales[k]) |> clip m

                                Seq.unfold (fun size -> Some(size, size / 2.0)) 0.01
                                |> Seq.take 30
                                |> Seq.map at
                                |> Seq.tryFind (fun y -> nonlinearity m p r y <= leakNonlinearity)
                                |> Option.defaultWith (fun () -> at 1e-9)

                        let wanted = leakTimeConstants * slowestTime m p r

                        start,
                        (if Double.IsFinite wanted then
                             min (roundUp wanted * 1.0<ms>) (longestLeakRun options)
                         else
                             longestLeakRun options)
                    | None -> m.Model.InitialState p, options.Duration
                with _ ->
                    Array.create names.Length 0.0, options.Duration

            return
                { ModelGen.baseCase m duration with
                    Parameters = p
                    Initial = Array.zip names start |> List.ofArray }
        }

    let private leakCases (options: InvariantOptions) (m: ModelUnderTest) =
        ModelGen.parameters m |> Gen.bind (leakStart options m)

    let private leakCheck (m: ModelUnderTest) (c: InvariantCase) =
        let p = c.Parameters

        match ModelUnderTest.rest m p with
        | None ->
            // No resting state under zero input for these parameters: past a saddle-node (an EIF with
            // V_T - Delta_T < E_L) the model fires without input, as with an unstable rest below. The defaults have a
            // rest, or the property is skipped.
            NotApplicable
        | Some r ->
            let restText =
                Array.map2 (fun n v -> sprintf "%s = %s" n (g v)) (stateNames m) r
                |> String.concat ", "

            match ModelUnderTest.eigenvalues m p r |> Array.tryFind (fun l -> l.Real >= 0.0) with
            | Some _ when p <> ModelUnderTest.defaults m -> NotApplicable // the model is an oscillator for these parameters; its defaults must have a stable rest
            | Some l ->
                Violated(
                    sprintf
                        "the resting state (%s) is unstable: the Jacobian there has the eigenvalue %s%+gi per ms"
                        restText
                        (g l.Real)
                        l.Imaginary
                )
            | None ->
                let bounded =
                    m.Equations.States
                    |> Array.forall2 (fun v d -> ValueRange.contains d.Bounds v) r

                let y0 = initialOf m c
                let scales = ModelUnderTest.stateScales m r

                if not bounded then
                    Violated(sprintf "the resting state (%s) is outside the declared bounds" restText)
                elif ModelUnderTest.spikeFunction m p r > 0.0 then
                    NotApplicable // rest above threshold: the model fires without input for these parameters
                elif
                    ModelUnderTest.spikeFunction m p y0 > 0.0
                    || not (
                        Array.forall2
                            (fun v (d: StateDeclaration) -> ValueRange.contains d.Bounds v)
                            y0
                            m.Equations.States
                    )
                then
                    NotApplicable
                elif nonlinearity m p r y0 > leakNonlinearity then
                    NotApplicable // not small (a shrunk start rounded away from rest): it may rightly spike
                elif float c.Duration < leakMinimumTimeConstants * slowestTime m p r then
                    NotApplicable // too short to relax (a shrunk run), or relaxing takes longer than longestLeakRun
                else
                    let s = simulate m c

                    if s.Status <> Completed then
                        Violated(sprintf "without input the run %s" (describeStatus s.Status))
                    elif s.Spikes.Length > 0 then
                        Violated(
                            sprintf "without input it spiked at t = %s ms (rest: %s)" (g (float s.Spikes[0])) restText
                        )
                    else
                        match outsideBounds m s with
                        | Some text -> Violated("without input " + text)
                        | None ->
                            let last = Array.init r.Length (fun k -> Array.last s.Trace.Values[k])
                            let d0 = distance scales y0 r
                            let d1 = distance scales last r

                            if d0 > 1e-9 && d1 > 0.5 * d0 then
                                Violated(
                                    sprintf
                                        "without input it did not relax toward rest (%s): in %s ms (%s slowest relaxation times at rest) its distance from rest went from %s to %s (relative to each variable's size)"
                                        restText
                                        (g (float c.Duration))
                                        (g (float c.Duration / slowestTime m p r))
                                        (g d0)
                                        (g d1)
                                )
                            else
                                Holds

    /// <summary>Leak, for models that declare one (a resting state under zero input with no zero eigenvalue at the
    /// defaults): the rest at the defaults is stable and within bounds; for every parameter set with a stable rest
    /// below threshold, started at a small perturbation of the rest (the rates within 1 % of their linearisation;
    /// the reset of the resting state when it is one) with no input, over 5 slowest relaxation times at rest
    /// (1/min|Re λ|), the model ends within half its starting distance from rest (damped oscillations allowed), never
    /// crosses threshold and stays within its declared bounds (gating variables in [0, 1]). Parameter sets without a
    /// resting state, or with an unstable one, make the model fire without input: the property does not apply to
    /// them. A model whose slowest relaxation at the defaults takes longer than ten run durations is skipped.</summary>
    let leak: InvariantProperty =
        { Name = "leak"
          Description = "with no input the model relaxes toward a stable rest, never spikes, stays within bounds"
          Check =
            fun options m ->
                let m = withModel options m
                let p = ModelUnderTest.defaults m

                if not (ModelUnderTest.declaresLeak m) then
                    Skipped "no leak: no resting state under zero input with nonzero eigenvalues at the defaults"
                else
                    let tau =
                        ModelUnderTest.rest m p
                        |> Option.map (slowestTime m p)
                        |> Option.defaultValue 0.0

                    if leakMinimumTimeConstants * tau > float (longestLeakRun options) then
                        Skipped(
                            sprintf
                                "the slowest relaxation at rest takes %s ms (1/min|Re λ| at the defaults): %s of them exceed the longest leak run, %s ms (10 × the run duration)"
                                (g tau)
                                (g leakMinimumTimeConstants)
                                (g (float (longestLeakRun options)))
                        )
                    else
                        let atDefaults =
                            Gen.sampleWithSeed (Rnd(uint64 options.Seed)) 1 1 (leakStart options m p)

                        search "leak" options m (List.ofArray atDefaults) (leakCases options m) (leakCheck m) }

    // ---- bounds --------------------------------------------------------------------------------------------------

    /// <summary>Bounds: under constant, step and pulse inputs over [−scale/2, 5 scale], with any method that applies
    /// and steps from 0.002 to 0.05 ms, every state variable stays within its declared bounds (gating variables in
    /// [0, 1]) and the run completes.</summary>
    let bounds: InvariantProperty =
        { Name = "bounds"
          Description = "under generated inputs and solvers every variable stays within its declared bounds"
          Check =
            fun options m ->
                let m = withModel options m

                search "bounds" options m [] (ModelGen.cases m options.Duration) (fun c ->
                    let s = simulate m c

                    if s.Status <> Completed then
                        Violated(sprintf "the run %s" (describeStatus s.Status))
                    else
                        match outsideBounds m s with
                        | Some text -> Violated text
                        | None -> Holds) }

    // ---- reset ---------------------------------------------------------------------------------------------------

    let private spikingCases (options: InvariantOptions) (m: ModelUnderTest) (low: float) (high: float) =
        let scale = ModelUnderTest.scale m

        gen {
            let! p = ModelGen.parameters m
            let! a = ModelGen.floatBetween (low * scale) (high * scale)

            return
                { ModelGen.baseCase m options.Duration with
                    Parameters = p
                    Stimulus = Constant a }
        }

    /// <summary>The declared reset statements applied to a state, evaluated by the interpreter (not the compiled
    /// code the engine runs).</summary>
    let private declaredReset (m: ModelUnderTest) (p: ParameterValues) (input: float) (time: float) (y: float[]) =
        let c = m.Equations
        let state = Array.copy y
        let names = stateNames m

        let lookup (n: string) =
            match Array.tryFindIndex ((=) n) names with
            | Some k -> state[k]
            | None ->
                if n = "t" then
                    time
                elif c.Input |> Option.exists (fun i -> i.Name = n) then
                    input
                else
                    p[n]

        let values = Dictionary<string, float>()

        let rec lookupAll (n: string) =
            match values.TryGetValue n with
            | true, v -> v
            | _ -> lookup n

        for k, value in c.Reset do
            values.Clear()

            for name, e in c.Definitions do
                values[name] <- Interpreter.evaluate lookupAll e

            state[k] <- Interpreter.evaluate lookupAll value

        state

    let private resetCheck (m: ModelUnderTest) (c: InvariantCase) =
        let p = c.Parameters
        let s = simulate m c
        let refractory = float (m.Model.Refractory p)
        let times = s.Trace.Times |> Array.map float
        let names = stateNames m
        let clamped = m.Equations.Clamped

        if s.Status <> Completed then
            Violated(sprintf "the run %s" (describeStatus s.Status))
        else
            let spikes = s.Spikes |> Array.map float

            let closeTogether =
                spikes
                |> Array.pairwise
                |> Array.tryFind (fun (a, b) -> b - a < refractory - 1e-9)

            match closeTogether with
            | Some(a, b) ->
                Violated(
                    sprintf
                        "spikes at t = %s and %s ms are closer than the refractory period %s ms"
                        (g a)
                        (g b)
                        (g refractory)
                )
            | None ->
                let problems =
                    spikes
                    |> Array.truncate 2
                    |> Array.filter (fun t -> t > 1e-6)
                    |> Array.indexed
                    |> Array.choose (fun (index, t) ->
                        // The state right after the reset is the last sample at the spike time.
                        match Array.tryFindIndexBack (fun x -> x = t) times with
                        | None -> None
                        | Some j ->
                            let post = Array.init names.Length (fun k -> s.Trace.Values[k][j])
                            let scales = ModelUnderTest.stateScales m post

                            let resetProblem =
                                if m.Model.Reset.IsNone then
                                    None
                                else
                                    // The state just before the spike: the same run, stopped a nanosecond earlier.
                                    let before =
                                        simulate
                                            m
                                            { c with
                                                Duration = (t - 1e-9) * 1.0<ms> }

                                    if before.Spikes.Length <> index || before.Status <> Completed then
                                        None
                                    else
                                        let pre = Array.init names.Length (fun k -> Array.last before.Trace.Values[k])
                                        let input = (Stimulus.toInput c.Duration c.Stimulus).Current(t * 1.0<ms>)
                                        let expected = declaredReset m p (float input) t pre

                                        Array.indexed expected
                                        |> Array.tryFind (fun (k, e) -> abs (post[k] - e) > 1e-6 * scales[k])
                                        |> Option.map (fun (k, e) ->
                                            sprintf
                                                "right after the spike at t = %s ms %s = %s, but the reset statements give %s (from %s)"
                                                (g t)
                                                names[k]
                                                (g post[k])
                                                (g e)
                                                (Array.map2 (fun n v -> sprintf "%s = %s" n (g v)) names pre
                                                 |> String.concat ", "))

                            let aboveThreshold =
                                if m.Model.Reset.IsSome && ModelUnderTest.spikeFunction m p post > 0.0 then
                                    Some(
                                        sprintf
                                            "the reset after the spike at t = %s ms leaves the neuron above threshold"
                                            (g t)
                                    )
                                else
                                    None

                            let moved =
                                clamped
                                |> Array.tryPick (fun k ->
                                    [| j .. times.Length - 1 |]
                                    |> Array.takeWhile (fun i -> times[i] < t + refractory - 1e-9)
                                    |> Array.tryFind (fun i ->
                                        abs (s.Trace.Values[k][i] - post[k]) > 1e-12 * scales[k])
                                    |> Option.map (fun i ->
                                        sprintf
                                            "%s moved from %s to %s at t = %s ms, inside the refractory period after the spike at %s ms"
                                            names[k]
                                            (g post[k])
                                            (g (s.Trace.Values[k][i]))
                                            (g times[i])
                                            (g t)))

                            [ resetProblem; aboveThreshold; moved ] |> List.tryPick id)

                match Array.tryHead problems with
                | Some text -> Violated text
                | None -> if spikes.Length = 0 then NotApplicable else Holds

    /// <summary>Reset, for models with a threshold: under inputs that make it spike, right after each spike the state
    /// equals the declared reset statements applied to the state at the spike (evaluated independently of the
    /// compiled code) and lies below threshold; during the refractory period the clamped variables do not move; no two
    /// spikes are closer than the refractory period.</summary>
    let reset: InvariantProperty =
        { Name = "reset"
          Description = "after each spike the state is the declared reset; clamped variables hold; spikes respect t_ref"
          Check =
            fun options m ->
                let m = withModel options m

                if not (ModelUnderTest.hasThreshold m) then
                    Skipped "no threshold"
                else
                    search "reset" options m [] (spikingCases options m 1.2 3.0) (resetCheck m) }

    // ---- threshold -----------------------------------------------------------------------------------------------

    /// <summary>Threshold, when the model declares a rheobase (<c>withRheobase</c>): from the initial state, a
    /// constant input below 0.9× the rheobase never spikes, one above 1.1× it spikes, within twice the run time.</summary>
    let threshold: InvariantProperty =
        { Name = "threshold"
          Description = "below the declared rheobase no spike, above it spiking"
          Check =
            fun options m ->
                let m = withModel options m

                match options.Rheobase with
                | None -> Skipped "no rheobase declared (Invariants.withRheobase)"
                | Some rheobase ->
                    let cases =
                        gen {
                            let! p = ModelGen.parameters m

                            let! factor =
                                Gen.oneof [ ModelGen.floatBetween 0.0 0.9; ModelGen.floatBetween 1.1 3.0 ]

                            return
                                { ModelGen.baseCase m (2.0 * options.Duration) with
                                    Parameters = p
                                    Stimulus = Constant(factor * rheobase p) }
                        }

                    search "threshold" options m [] cases (fun c ->
                        let r = rheobase c.Parameters
                        let a = Stimulus.amplitude c.Stimulus

                        if r <= 0.0 then
                            NotApplicable
                        else
                            let s = simulate m c

                            if s.Status <> Completed then
                                Violated(sprintf "the run %s" (describeStatus s.Status))
                            elif a <= 0.9 * r && s.Spikes.Length > 0 then
                                Violated(
                                    sprintf
                                        "the input %s is below the rheobase %s, yet the model spiked at t = %s ms"
                                        (g a)
                                        (g r)
                                        (g (float s.Spikes[0]))
                                )
                            elif a >= 1.1 * r && s.Spikes.Length = 0 then
                                Violated(
                                    sprintf
                                        "the input %s is above the rheobase %s, yet the model did not spike in %s ms"
                                        (g a)
                                        (g r)
                                        (g (float c.Duration))
                                )
                            elif a > 0.9 * r && a < 1.1 * r then
                                NotApplicable
                            else
                                Holds) }

    // ---- f–I -----------------------------------------------------------------------------------------------------

    /// <summary>f–I monotone, when the model declares it (<c>withMonotoneRate</c>): a constant input 25 % larger
    /// never gives fewer spikes in the run.</summary>
    let firingRateMonotone: InvariantProperty =
        { Name = "f-I monotone"
          Description = "a larger constant input never gives fewer spikes"
          Check =
            fun options m ->
                let m = withModel options m

                if not options.MonotoneRate then
                    Skipped "monotone f-I not declared (Invariants.withMonotoneRate)"
                elif not (ModelUnderTest.hasThreshold m) then
                    Skipped "no threshold"
                else
                    search "f-I monotone" options m [] (spikingCases options m 0.0 3.0) (fun c ->
                        let a = Stimulus.amplitude c.Stimulus
                        let s1 = simulate m c
                        let s2 = simulate m { c with Stimulus = Constant(1.25 * a) }

                        if s1.Status <> Completed || s2.Status <> Completed then
                            Violated(
                                sprintf
                                    "the run %s"
                                    (describeStatus (if s1.Status <> Completed then s1.Status else s2.Status))
                            )
                        elif s2.Spikes.Length < s1.Spikes.Length then
                            Violated(
                                sprintf
                                    "%d spike(s) under %s but only %d under %s"
                                    s1.Spikes.Length
                                    (g a)
                                    s2.Spikes.Length
                                    (g (1.25 * a))
                            )
                        else
                            Holds) }

    // ---- continuity ----------------------------------------------------------------------------------------------

    /// <summary>Continuity, for models with a threshold: a relative change of 10⁻⁶ in a constant input that makes
    /// the model spike moves each spike by less than 0.01 ms (the last one may appear or vanish).</summary>
    let continuity: InvariantProperty =
        { Name = "continuity"
          Description = "spike times are continuous in the input"
          Check =
            fun options m ->
                let m = withModel options m

                if not (ModelUnderTest.hasThreshold m) then
                    Skipped "no threshold"
                else
                    search "continuity" options m [] (spikingCases options m 1.2 3.0) (fun c ->
                        let a = Stimulus.amplitude c.Stimulus
                        let nudged = a * (1.0 + 1e-6)
                        let s1 = simulate m c
                        let s2 = simulate m { c with Stimulus = Constant nudged }

                        if s1.Status <> Completed || s2.Status <> Completed then
                            Violated(
                                sprintf
                                    "the run %s"
                                    (describeStatus (if s1.Status <> Completed then s1.Status else s2.Status))
                            )
                        elif s1.Spikes.Length = 0 && s2.Spikes.Length = 0 then
                            NotApplicable
                        elif abs (s1.Spikes.Length - s2.Spikes.Length) > 1 then
                            Violated(
                                sprintf
                                    "%d spike(s) under %s but %d under %s"
                                    s1.Spikes.Length
                                    (g a)
                                    s2.Spikes.Length
                                    (g nudged)
                            )
                        else
                            let common = min s1.Spikes.Length s2.Spikes.Length

                            let common =
                                if s1.Spikes.Length <> s2.Spikes.Length then
                                    max 0 (common - 1)
                                else
                                    common

                            match
                                Array.zip s1.Spikes[.. common - 1] s2.Spikes[.. common - 1]
                                |> Array.tryFind (fun (t1, t2) -> abs (float (t1 - t2)) > 0.01)
                            with
                            | Some(t1, t2) ->
                                Violated(
                                    sprintf
                                        "changing the input from %s to %s moved a spike from t = %s to %s ms"
                                        (g a)
                                        (g nudged)
                                        (g (float t1))
                                        (g (float t2))
                                )
                            | None -> Holds) }

    // ---- convergence ---------------------------------------------------------------------------------------------

    /// <summary>Convergence: for each fixed-step method that applies (Euler, Heun, RK4, exponential Euler), the
    /// state after 10 ms under a constant input of half the input scale, from the initial state, at steps h, h/2 and
    /// h/4 (h from 0.001 to 0.01 ms), shows the method's nominal order: log₂ of the ratio of successive differences is
    /// within [order − 0.5, order + 1.5], unless the differences are at rounding level; runs with spikes do not
    /// count.</summary>
    let convergence: InvariantProperty =
        { Name = "convergence"
          Description = "the observed order of each fixed-step method matches its nominal order"
          Check =
            fun options m ->
                let m = withModel options m
                let scale = ModelUnderTest.scale m

                let fixedMethods =
                    ModelGen.methods m |> List.filter (fun x -> x <> "dopri5" && x <> "exact")

                let cases =
                    gen {
                        let! p = ModelGen.parameters m
                        let! method = Gen.elements fixedMethods
                        let! h = ModelGen.logBetween 0.001 0.01

                        return
                            { ModelGen.baseCase m 10.0<ms> with
                                Parameters = p
                                Stimulus = Constant(ModelGen.round 3 (0.5 * scale))
                                Solver =
                                    { Method = method
                                      Step = ModelGen.round 3 h * 1.0<ms> } }
                    }

                search "convergence" options m [] cases (fun c ->
                    let at (k: float) =
                        simulate
                            m
                            { c with
                                Solver =
                                    { c.Solver with
                                        Step = c.Solver.Step / k } }

                    let runs = [| at 1.0; at 2.0; at 4.0 |]

                    match runs |> Array.tryFind (fun s -> s.Status <> Completed) with
                    | Some s -> Violated(sprintf "the run %s" (describeStatus s.Status))
                    | None when runs |> Array.exists (fun s -> s.Spikes.Length > 0) -> NotApplicable
                    | None ->
                        let final (s: Solution<_, _, _>) = s.Trace.Values |> Array.map Array.last

                        let y = runs |> Array.map final
                        let scales = ModelUnderTest.stateScales m y[2]
                        let e1 = distance scales y[0] y[1]
                        let e2 = distance scales y[1] y[2]
                        let order = SolverSettings.order c.Solver.Method

                        if e2 <= 1e-9 || e1 <= 1e-9 then
                            Holds
                        else
                            let observed = log (e1 / e2) / log 2.0

                            if observed < float order - 0.5 || observed > float order + 1.5 then
                                Violated(
                                    sprintf
                                        "%s: observed order %s (differences %s then %s at dt, dt/2, dt/4), nominal %d"
                                        c.Solver.Method
                                        (g observed)
                                        (g e1)
                                        (g e2)
                                        order
                                )
                            else
                                Holds) }

    // ---- all -----------------------------------------------------------------------------------------------------

    /// <summary>Every ready property, in the order they are reported.</summary>
    let all: InvariantProperty list =
        [ units
          parameters
          leak
          bounds
          reset
          threshold
          firingRateMonotone
          continuity
          convergence ]

    /// <summary>Runs one property on a model.</summary>
    let checkProperty (options: InvariantOptions) (property: InvariantProperty) (m: ModelUnderTest) : InvariantResult =
        { Property = property.Name
          Model = m.Equations.Source.Name
          Outcome = property.Check options m }

    /// <summary>Runs every property on a model (one built from equations: <c>Equations.ofTyped</c>,
    /// <c>Equations.compile</c>, or a built-in such as <c>LeakyIntegrateAndFire.model</c>).</summary>
    let checkModelWith (options: InvariantOptions) (model: Model<ParameterValues, float[], 'Input>) =
        let m = ModelUnderTest.ofModel model
        all |> List.map (fun property -> checkProperty options property m)

    /// <summary>Throws an Expecto assertion for a failed outcome, marks a skipped one as ignored.</summary>
    let expectHolds (result: InvariantResult) =
        match result.Outcome with
        | Passed _ -> ()
        | Skipped reason -> skiptest reason
        | Failed c -> failtest (c.Format())

    /// <summary>One property as an Expecto test, for example <c>Invariants.test Invariants.leak myModel</c>.</summary>
    let testWith
        (options: InvariantOptions)
        (property: InvariantProperty)
        (model: Model<ParameterValues, float[], 'Input>)
        : Test =
        let m = lazy (ModelUnderTest.ofModel model)

        testCase property.Name (fun () -> checkProperty options property m.Value |> expectHolds)

    /// <summary>One property as an Expecto test, with the default options.</summary>
    let test (property: InvariantProperty) (model: Model<ParameterValues, float[], 'Input>) : Test =
        testWith defaults property model

    /// <summary>Every property as an Expecto test, sharing one analysis of the model.</summary>
    let testModelWith (options: InvariantOptions) (model: Model<ParameterValues, float[], 'Input>) : Test list =
        let m = lazy (ModelUnderTest.ofModel model)

        all
        |> List.map (fun property ->
            testCase property.Name (fun () -> checkProperty options property m.Value |> expectHolds))

    /// <summary>Every property as an Expecto test: <c>testList "my model" (Invariants.testModel model)</c>.</summary>
    let testModel (model: Model<ParameterValues, float[], 'Input>) : Test list = testModelWith defaults model
