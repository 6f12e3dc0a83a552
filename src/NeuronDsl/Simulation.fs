namespace NeuronDsl

open System
open System.Threading
open NeuronDsl.Units

/// <summary>
/// Thrown when code supplied with the model or the input (derivative, spike function, reset, input current) throws
/// during a run: carries the start of the step being taken and the state there; the original exception is the
/// <c>InnerException</c>.
/// </summary>
type ModelException(message: string, time: float<ms>, state: (string * float) list, inner: exn) =
    inherit Exception(message, inner)
    /// <summary>Start of the step during which the model's code threw, in ms.</summary>
    member _.Time = time
    /// <summary>Each variable's value at that time, in its unit.</summary>
    member _.State = state

/// <summary>The result of a simulation: what was recorded, the spikes, how the run ended, and what produced it.</summary>
[<NoEquality; NoComparison>]
type Solution<'Parameters, 'State, [<Measure>] 'Input> =
    {
        /// <summary>Recorded samples.</summary>
        Trace: Trace
        /// <summary>Spike times in ms, located inside the step unless the solver asked for grid timing.</summary>
        Spikes: float<ms>[]
        /// <summary>How the run ended.</summary>
        Status: SimulationStatus
        /// <summary>Number of accepted steps.</summary>
        Steps: int64
        /// <summary>The problem solved.</summary>
        Problem: Problem<'Parameters, 'State, 'Input>
        /// <summary>The solver used.</summary>
        Solver: Solver
    }

/// <summary>Adapts a problem (model, parameters, input, refractory clamp) to the generic solvers' view.</summary>
type internal ModelSystem<'P, 'S, [<Measure>] 'I>(problem: Problem<'P, 'S, 'I>) =
    inherit OdeSystem(problem.Model.Variables.Length)
    let model = problem.Model
    let parameters = problem.Parameters
    let current = problem.Input.Current
    let clamped = model.Clamped |> Array.ofList
    // Applied to the parameters once per run: a model may fetch its compiled kernels here, not at every stage.
    let derivative = model.Derivative parameters
    let propagate = model.Propagate |> Option.map (fun flow -> flow parameters)
    let mutable segmentEnd = infinity
    let mutable clamping = false
    let mutable badTime = nan
    let mutable badValue = 0.0
    let mutable checkRates = false
    let mutable badRateTime = nan
    let mutable badRateIndex = 0
    let mutable badRateValue = 0.0
    let piecewiseConstant = problem.Input.PiecewiseConstant
    let mutable segmentInput = LanguagePrimitives.FloatWithMeasure<'I> 0.0

    /// <summary>End of the interval on which the input is smooth; stage times at or past it see its left limit.</summary>
    member _.SegmentEnd
        with get () = segmentEnd
        and set value = segmentEnd <- value

    /// <summary>True during a refractory period: clamped variables do not change.</summary>
    member _.Clamping
        with get () = clamping
        and set value = clamping <- value

    /// <summary>Time of the first non-finite input current, or NaN.</summary>
    member _.BadInputTime = badTime
    /// <summary>That current.</summary>
    member _.BadInputValue = badValue

    /// <summary>
    /// Starts a segment at time t. A piecewise-constant input is constant until the segment ends, so it is evaluated
    /// once here instead of at every stage of every step.
    /// </summary>
    member private _.Checked(at: float, i: float<'I>) =
        if not (Double.IsFinite(float i)) && Double.IsNaN badTime then
            badTime <- at
            badValue <- float i

        i

    member this.BeginSegment(t: float) =
        if piecewiseConstant then
            segmentInput <- this.Checked(t, current (LanguagePrimitives.FloatWithMeasure t))

    member inline private this.Input(t: float) : float<'I> =
        if piecewiseConstant then
            segmentInput
        else
            let at = if t >= segmentEnd then Math.BitDecrement segmentEnd else t
            this.Checked(at, current (LanguagePrimitives.FloatWithMeasure at))

    /// <summary>When true, the last non-finite rate the model returned is remembered (for adaptive methods, which
    /// reject such steps instead of propagating NaN).</summary>
    member _.CheckRates
        with get () = checkRates
        and set value = checkRates <- value

    /// <summary>Time of the last non-finite rate since <c>ClearBadRate</c>, or NaN.</summary>
    member _.BadRateTime = badRateTime
    /// <summary>Which variable's rate it was.</summary>
    member _.BadRateIndex = badRateIndex
    /// <summary>That rate.</summary>
    member _.BadRateValue = badRateValue

    /// <summary>Forgets the last non-finite rate.</summary>
    member _.ClearBadRate() = badRateTime <- nan

    override this.Derivative(t, y, dydt) =
        derivative (this.Input t) (LanguagePrimitives.FloatWithMeasure t) y dydt

        if checkRates then
            for k in 0 .. dydt.Length - 1 do
                if not (Double.IsFinite dydt[k]) then
                    badRateTime <- t
                    badRateIndex <- k
                    badRateValue <- dydt[k]

        if clamping then
            for k in clamped do
                dydt[k] <- 0.0

    override _.CanLinearise = model.Linearised.IsSome

    override this.Linearise(t, y, dydt, diagonal) =
        match model.Linearised with
        | Some linearised ->
            linearised.Invoke(parameters, float (this.Input t), t, y, dydt, diagonal)

            if clamping then
                for k in clamped do
                    dydt[k] <- 0.0
                    diagonal[k] <- 0.0
        | None -> invalidOp (sprintf "%s provides no linearisation" model.Name)

    override _.CanPropagate = model.Propagate.IsSome

    override this.Propagate(t, h, y0, y1) =
        match propagate with
        | Some propagate ->
            propagate (this.Input t) (LanguagePrimitives.FloatWithMeasure h) y0 y1

            if clamping then
                for k in clamped do
                    y1[k] <- y0[k]
        | None -> invalidOp (sprintf "%s has no exact flow" model.Name)

/// <summary>Runs a problem with a solver: update, then threshold, then reset, with spikes located inside the step.</summary>
[<RequireQualifiedAccess>]
module Simulation =

    let private named (model: Model<_, _, _>) (state: float[]) =
        List.zip (model.Variables |> List.map (fun v -> v.Name)) (List.ofArray state)

    let private divergedStatus (model: Model<_, _, _>) (time: float) (k: int) (value: float) (last: float[]) =
        Diverged(LanguagePrimitives.FloatWithMeasure time, model.Variables[k].Name, value, named model last)

    let private divergedAs (model: Model<_, _, _>) (time: float) (what: string) (value: float) (last: float[]) =
        Diverged(LanguagePrimitives.FloatWithMeasure time, what, value, named model last)

    /// <summary>
    /// The declared physically possible range of each state variable, widened by 1 % of its span, for variables
    /// bounded on both sides (gating variables in [0, 1], a potential in [−200, 200] mV); others are unbounded here.
    /// </summary>
    let private tolerableBounds (model: Model<_, _, _>) =
        match model.Equations with
        | Some m ->
            m.States
            |> Array.map (fun s ->
                match s.Bounds.Minimum, s.Bounds.Maximum with
                | Some lo, Some hi -> struct (lo - 0.01 * (hi - lo), hi + 0.01 * (hi - lo))
                | _ -> struct (-infinity, infinity))
        | None -> Array.replicate model.Variables.Length (struct (-infinity, infinity))

    /// <summary>Index of the first entry outside its bounds, or -1.</summary>
    let private firstOutside (bounds: struct (float * float)[]) (values: float[]) =
        let mutable outside = -1

        for k in values.Length - 1 .. -1 .. 0 do
            let struct (lo, hi) = bounds[k]

            if values[k] < lo || values[k] > hi then
                outside <- k

        outside

    /// <summary>Index of the first non-finite entry, or -1.</summary>
    let private firstNonFinite (values: float[]) =
        let mutable bad = -1

        for k in values.Length - 1 .. -1 .. 0 do
            if not (Double.IsFinite values[k]) then
                bad <- k

        bad

    /// <summary>
    /// Runs a problem, sending samples, spikes and progress to an observer instead of keeping them: memory use does
    /// not grow with the duration.
    /// </summary>
    /// <remarks>
    /// A state whose spike function is above zero at t = 0 fires at t = 0 (as in Brian2 and NEST) and is reset;
    /// afterwards a spike is an upward crossing. Fixed steps end at t₀ + k·dt from the start t₀ of each segment. A
    /// non-finite state, input, spike function, reset or (for adaptive methods) rate ends the run with
    /// <c>Diverged</c>, naming the time, the variable ("dV/dt" for a rate, "spike function", "input current") and
    /// the value. A fixed step of a model with a reset that starts below threshold and ends non-finite (an exponential
    /// or quadratic upswing overflowing within one step) is not divergence yet: it is retried in substeps of dt/2,
    /// dt/4, … (at most 60 halvings, and never below the resolution of t) until the end state is finite, so the spike
    /// is located on a finite dense output; the grid resumes after the spike or at the next grid point. A substep past
    /// that limit that still ends non-finite (+∞ or, from inf − inf in a stage, NaN) is the spike when the flow from its
    /// start, followed by small explicit Euler probes, reaches the threshold within the substep. Likewise, an adaptive
    /// step that underflows (or meets a non-finite rate) below threshold is the spike when the probes reach the
    /// threshold within 100 last accepted steps: a finite-time blow-up leaves the controller a few step floors
    /// (AdEx: ≈ 3e-12 ms) from the singularity, and any finite threshold is nearer; the spike time is the probes'
    /// time, an upper bound on a convex upswing. A blow-up away from the threshold still ends with a status.
    /// </remarks>
    /// <param name="observer">Receives samples, spikes and progress.</param>
    /// <param name="cancellation">Checked every 256 steps.</param>
    /// <param name="solver">The ODE method.</param>
    /// <param name="problem">What to simulate.</param>
    /// <returns>How the run ended and the number of accepted steps.</returns>
    /// <exception cref="System.ArgumentException">The problem is invalid (checked before the first step).</exception>
    /// <exception cref="System.OperationCanceledException">The token was cancelled.</exception>
    /// <exception cref="ModelException">The model's or the input's code threw; carries the time and the state.</exception>
    let stream
        (observer: SimulationObserver)
        (cancellation: CancellationToken)
        (solver: Solver)
        (problem: Problem<'P, 'S, 'I>)
        : SimulationStatus * int64 =
        Problem.validate solver problem
        let model = problem.Model
        let parameters = problem.Parameters
        let n = model.Variables.Length
        let system = ModelSystem(problem)
        let stepper = solver.CreateStepper system
        system.CheckRates <- solver.Adaptive
        let duration = float problem.Duration
        let spikeFunction = model.SpikeFunction parameters
        let refractory = float (model.Refractory parameters)
        let mutable y = Array.zeroCreate<float> n
        let mutable y1 = Array.zeroCreate<float> n
        let f0 = Array.zeroCreate<float> n
        let scratch = Array.zeroCreate<float> n
        model.Store problem.InitialState y
        let recorded = Problem.recordedIndices problem
        let bounds = tolerableBounds model

        let declaredBounds =
            match model.Equations with
            | Some m ->
                m.States
                |> Array.map (fun s ->
                    Option.defaultValue -infinity s.Bounds.Minimum, Option.defaultValue infinity s.Bounds.Maximum)
            | None -> Array.replicate n (-infinity, infinity)

        let sample = Array.zeroCreate<float> recorded.Length
        // True while the observer runs: what it throws is its own, not the model's, and passes through unwrapped.
        let inObserver = ref false

        let emit (t: float) (state: float[]) =
            for k in 0 .. recorded.Length - 1 do
                sample[k] <- state[recorded[k]]

            inObserver.Value <- true
            observer.OnSample (LanguagePrimitives.FloatWithMeasure t) sample
            inObserver.Value <- false

        let spikeAt (t: float) =
            inObserver.Value <- true
            observer.OnSpike(LanguagePrimitives.FloatWithMeasure t)
            inObserver.Value <- false

        let progressAt (t: float) =
            inObserver.Value <- true
            observer.OnProgress(LanguagePrimitives.FloatWithMeasure t)
            inObserver.Value <- false
        // Sample j is at min(j·interval, duration); the count tolerates rounding in duration / interval.
        let interval, sampleCount =
            match problem.Recording.Interval with
            | Every dt -> float dt, int64 (Math.Floor(duration / float dt * (1.0 + 1e-12))) + 1L
            | EveryStep -> 0.0, 1L
            | NoTrace -> 0.0, 0L

        let everyStep = problem.Recording.Interval = EveryStep
        let sampleTime (j: int64) = min (float j * interval) duration
        let mutable nextSample = 0L
        // Breakpoints strictly inside (0, duration), then the duration itself.
        let breakpoints =
            Array.append
                (problem.Input.Breakpoints
                 |> Array.map float
                 |> Array.filter (fun b -> b > 0.0 && b < duration))
                [| duration |]

        let mutable nextBreakpoint = 0
        let mutable t = 0.0
        let mutable refractoryEnd = -infinity
        let mutable g0 = 0.0
        let mutable f0Valid = false
        let mutable fresh = true
        let mutable status = Completed
        let mutable steps = 0L
        let progressEvery = 4096L
        // Fixed-step methods place step k of a segment at anchor + k·dt, so that time does not drift by repeated
        // addition; the anchor is the start of the segment (t = 0, an input edge, a spike, a refractory end).
        let fixedStep = not solver.Adaptive
        let dt = float solver.Step
        let mutable anchor = 0.0
        let mutable stepsInSegment = 0L
        // A fixed step whose end state is not finite, taken by a model with a reset from below its threshold, is
        // retried in substeps of dt / 2^halvings (up to the planned end of the step) instead of ending the run: the
        // exponential or quadratic upswing of AdEx, EIF, QIF or Izhikevich can overflow within one step before the
        // threshold is seen. The substeps find the crossing on a finite dense output, so the spike time is kept; a
        // state that stays non-finite after maxHalvings, or below the resolution of t, is divergence as before.
        let mutable halvings = 0
        let maxHalvings = 60
        let mayHalve = fixedStep && model.Reset.IsSome
        // The same substeps resolve a fast upswing that does not overflow: for methods that use f at the step start
        // (the Runge-Kutta family), f(t1, y1) is computed after the step (and reused as the next step's start
        // derivative) and a step that moves toward threshold by more than 0.1% of the distance, with a variable whose
        // rate grows along it at a local rate λ = (|f1| − |f0|)/|y1 − y0| with h·λ > 0.5, is halved: RK4's relative
        // error on e^(λt) is then below (h·λ)^5/120 ≈ 3e-4 per step, so the exponential approach to V_peak is resolved.
        let watchGrowth = mayHalve && stepper.NeedsStartDerivative
        let growthLimit = 0.5
        let f1 = Array.zeroCreate<float> n
        let mutable f1Valid = false

        // True when the step just taken from (t, y, f0) to (t1, y1) moved toward threshold (g0 → g1) and was too
        // long for a variable growing along it; computes f1 = f(t1, y1).
        let tooFast (t: float) (h: float) (y: float[]) (y1: float[]) (g0: float) (g1: float) =
            if g1 - g0 > 1e-3 * abs g0 then
                system.Derivative(t + h, y1, f1)
                f1Valid <- true
                let mutable fast = false

                for i in 0 .. n - 1 do
                    let step = y1[i] - y[i]

                    if not (Double.IsFinite f1[i]) then
                        fast <- true
                    elif
                        f0[i] * f1[i] > 0.0
                        && step * f1[i] > 0.0
                        && h * (abs f1[i] - abs f0[i]) > growthLimit * abs step
                    then
                        fast <- true

                fast
            else
                false

        // Past the step floor an upswing is followed to its threshold by explicit Euler probes, each changing no
        // variable by more than 1 % of (its magnitude + 1): the time the flow from (t, y) takes to carry the spike
        // function above zero, when that is within the budget, else NaN. On a convex upswing (an exponential or
        // quadratic blow-up) Euler lags the flow, so the true crossing is earlier still; away from the threshold the
        // spike function never rises above zero and the answer is NaN.
        let probe = Array.zeroCreate<float> n
        let probeRate = Array.zeroCreate<float> n

        let reachTime (t: float) (y: float[]) (budget: float) =
            Array.blit y 0 probe 0 n
            // The probes are not the trajectory: a non-finite rate they meet is not the run's to report.
            let checking = system.CheckRates
            system.CheckRates <- false
            let mutable elapsed = 0.0
            let mutable result = nan
            let mutable going = true
            let mutable probes = 0

            while going && probes < 10000 do
                probes <- probes + 1
                system.Derivative(t + elapsed, probe, probeRate)
                let mutable h = infinity

                for i in 0 .. n - 1 do
                    if probeRate[i] <> 0.0 then
                        h <- min h (0.01 * (abs probe[i] + 1.0) / abs probeRate[i])

                if not (h > 0.0 && Double.IsFinite h) then
                    going <- false
                else
                    for i in 0 .. n - 1 do
                        probe[i] <- probe[i] + h * probeRate[i]

                    elapsed <- elapsed + h
                    let g = spikeFunction (model.Load probe)

                    if elapsed > budget || not (Double.IsFinite g) then
                        going <- false
                    elif g > 0.0 then
                        result <- elapsed
                        going <- false

            system.CheckRates <- checking
            result

        let mutable lastTaken = 0.0

        // Writes the reset of the state in `from` into `into`; Diverged when the reset is not finite.
        let resetInto (spikeTime: float) (from: float[]) (into: float[]) =
            match model.Reset with
            | Some reset ->
                model.Store (reset parameters (model.Load from)) into
                let bad = firstNonFinite into

                if bad >= 0 then
                    divergedStatus model spikeTime bad into[bad] from
                else
                    Completed
            | None -> Completed

        try
            if sampleCount > 0L then
                emit 0.0 y
                nextSample <- 1L

            g0 <- spikeFunction (model.Load y)

            if not (Double.IsFinite g0) then
                status <- divergedAs model 0.0 "spike function" g0 y
            elif g0 > 0.0 then
                // A state that starts above threshold fires at once, at t = 0, as in Brian2 and NEST; without a reset
                // the next spike needs a new upward crossing.
                spikeAt 0.0

                if model.Reset.IsSome then
                    Array.blit y 0 scratch 0 n
                    status <- resetInto 0.0 scratch y
                    refractoryEnd <- refractory
                    g0 <- spikeFunction (model.Load y)

                    if status = Completed && not (Double.IsFinite g0) then
                        status <- divergedAs model 0.0 "spike function" g0 y

                    if everyStep && status = Completed then
                        emit 0.0 y

            while t < duration && status = Completed do
                if steps % 256L = 0L then
                    cancellation.ThrowIfCancellationRequested()

                if steps % progressEvery = 0L then
                    progressAt t

                while breakpoints[nextBreakpoint] <= t do
                    nextBreakpoint <- nextBreakpoint + 1

                let isRefractory = t < refractoryEnd

                let segmentEnd =
                    if isRefractory then
                        min refractoryEnd breakpoints[nextBreakpoint]
                    else
                        breakpoints[nextBreakpoint]

                let changed =
                    fresh || segmentEnd <> system.SegmentEnd || isRefractory <> system.Clamping

                system.SegmentEnd <- segmentEnd
                system.Clamping <- isRefractory

                if changed then
                    f0Valid <- false
                    fresh <- false
                    halvings <- 0
                    system.BeginSegment t
                    stepper.Restart()
                    anchor <- t
                    stepsInSegment <- 0L

                let remaining = segmentEnd - t
                // The planned end of a fixed step; within a billionth of a step of the segment's end, the end itself,
                // so that rounding in k·dt never leaves a sliver of a step.
                let planned =
                    if fixedStep then
                        let next = anchor + float (stepsInSegment + 1L) * dt

                        if next >= segmentEnd - 1e-9 * dt then segmentEnd else next
                    else
                        nan
                // A substep ends short of the planned end; the last substep ends exactly there.
                let substepEnd =
                    if halvings > 0 then
                        let next = t + Math.ScaleB(dt, -halvings)

                        if next >= planned - 1e-9 * dt then planned else next
                    else
                        planned

                let substep = substepEnd < planned

                let h =
                    if fixedStep then
                        substepEnd - t
                    else
                        let suggested = stepper.NextStep

                        if suggested > 0.0 then
                            min suggested remaining
                        else
                            remaining

                if stepper.NeedsStartDerivative && not f0Valid then
                    system.Derivative(t, y, f0)

                // An adaptive method rejects a step whose error estimate is not finite and shrinks it until it
                // underflows; a non-finite derivative at an accepted state is divergence, and is named as such.
                let badRate =
                    if solver.Adaptive && stepper.NeedsStartDerivative then
                        firstNonFinite f0
                    else
                        -1

                if badRate >= 0 then
                    status <- divergedAs model t (sprintf "d%s/dt" model.Variables[badRate].Name) f0[badRate] y
                else
                    f1Valid <- false
                    let taken = stepper.Step(t, h, y, f0, y1)
                    steps <- steps + 1L

                    if not substep then
                        stepsInSegment <- stepsInSegment + 1L

                    // An adaptive step that underflows (or meets a non-finite rate) on an upswing of a model with a
                    // reset: the singularity is a few step floors away, and any finite V_peak nearer still. When the
                    // Euler probes of reachTime carry the last accepted state over the threshold within 100 last
                    // accepted steps, that is the spike, at t + the probes' time (an upper bound of the true crossing
                    // on a convex upswing; the error is a fraction of it), with the reset applied to that state. AdEx
                    // defaults at 700 pA: the step floor (1e-12 ms) is met at V ≈ 7.2 mV, the probes reach V_peak =
                    // 20 mV in 2.9e-12 ms, and τ_m e^(−(V − V_T)/Δ_T) ≈ 3e-12 ms is left to V = ∞. A blow-up away
                    // from the threshold never carries the spike function above zero and still ends with
                    // StepSizeUnderflow or Diverged.
                    let blowUpTime =
                        if
                            taken <= 0.0
                            && solver.Adaptive
                            && model.Reset.IsSome
                            && not isRefractory
                            && g0 <= 0.0
                            && lastTaken > 0.0
                        then
                            reachTime t y (100.0 * lastTaken)
                        else
                            nan

                    let blowUp = not (Double.IsNaN blowUpTime)

                    if taken > 0.0 && solver.Adaptive then
                        lastTaken <- taken

                    if blowUp then
                        Array.blit y 0 y1 0 n

                    if taken <= 0.0 && not blowUp && not (Double.IsNaN system.BadRateTime) then
                        // The step shrank to nothing against a non-finite rate: that is divergence, not stiffness.
                        let k = system.BadRateIndex

                        status <-
                            divergedAs
                                model
                                system.BadRateTime
                                (sprintf "d%s/dt" model.Variables[k].Name)
                                system.BadRateValue
                                y
                    elif taken <= 0.0 && not blowUp then
                        status <-
                            StepSizeUnderflow(
                                LanguagePrimitives.FloatWithMeasure t,
                                LanguagePrimitives.FloatWithMeasure -taken
                            )
                    elif not blowUp && steps >= solver.MaxSteps && t + taken < duration then
                        status <- StepLimitReached(LanguagePrimitives.FloatWithMeasure(t + taken))
                    else
                        system.ClearBadRate()

                        let t1 =
                            if blowUp then t + blowUpTime
                            elif fixedStep then substepEnd
                            elif taken >= remaining then segmentEnd
                            else t + taken

                        let bad = if blowUp then -1 else firstNonFinite y1

                        let canHalve =
                            mayHalve
                            && not isRefractory
                            && g0 <= 0.0
                            && halvings < maxHalvings
                            && t + Math.ScaleB(dt, -(halvings + 1)) > t

                        let belowThreshold = mayHalve && not isRefractory && g0 <= 0.0

                        let g1 =
                            if isRefractory then
                                g0
                            elif bad < 0 || belowThreshold && not canHalve then
                                spikeFunction (model.Load y1)
                            else
                                nan

                        let retry =
                            canHalve
                            && not blowUp
                            && (bad >= 0 || Double.IsFinite g1 && watchGrowth && tooFast t (t1 - t) y y1 g0 g1)

                        // Past the resolution of t (AdEx with V_peak = 20 mV: e^(-35) τ_m ≈ 1e-14 ms from the peak) a
                        // substep can still overflow; when it overflows upward through the threshold, or to NaN (inf − inf
                        // in a stage: AdEx with Δ_T = 1.8 mV at 1000 pA from V ≈ 19.3 mV, 1e-16 ms from V = ∞) while the
                        // flow from its start reaches the threshold within the substep, that is the spike, at its end,
                        // with the reset applied to its start state. An adaptive blow-up spike is the same.
                        let outside = if bad >= 0 then -1 else firstOutside bounds y1

                        let unresolved =
                            blowUp
                            || bad >= 0
                               && belowThreshold
                               && not canHalve
                               && (g1 > 0.0 || Double.IsFinite(reachTime t y (t1 - t)))

                        if not (Double.IsNaN system.BadInputTime) then
                            status <- divergedAs model system.BadInputTime "input current" system.BadInputValue y
                        elif retry then
                            // Take this step again in halves; the attempt does not count as a step.
                            halvings <- halvings + 1
                            steps <- steps - 1L

                            if not substep then
                                stepsInSegment <- stepsInSegment - 1L

                            stepper.Restart()
                        elif bad >= 0 && not unresolved then
                            status <- divergedStatus model t1 bad y1[bad] y
                        elif outside >= 0 && not (g0 <= 0.0 && g1 > 0.0) && not unresolved then
                            // Checked on steps that do not cross the threshold: a crossing step's end may overshoot
                            // (the spike is located before it). No spike is counted from this step.
                            let lo, hi = declaredBounds[outside]

                            status <-
                                OutOfBounds(
                                    LanguagePrimitives.FloatWithMeasure t1,
                                    model.Variables[outside].Name,
                                    y1[outside],
                                    lo,
                                    hi,
                                    named model y
                                )
                        else if not (Double.IsFinite g1) && not unresolved then
                            status <- divergedAs model t1 "spike function" g1 y1
                        else
                            // A spike is a strict upward crossing: the event function goes from ≤ 0 to > 0, so
                            // a state that only reaches the threshold (LIF at exactly its rheobase, to rounding)
                            // does not fire.
                            let crossed = not isRefractory && g0 <= 0.0 && (g1 > 0.0 || unresolved)

                            let theta =
                                if not crossed then
                                    2.0
                                elif g0 = 0.0 then
                                    0.0
                                elif unresolved then
                                    1.0
                                else
                                    match solver.SpikeTiming with
                                    | OnGrid -> 1.0
                                    | Located ->
                                        Events.locateCrossing
                                            (fun theta ->
                                                stepper.Interpolate(theta, scratch)
                                                spikeFunction (model.Load scratch))
                                            g0
                                            g1

                            let spikeTime = if theta >= 1.0 then t1 else t + theta * (t1 - t)
                            // Samples inside this step come from its dense output, in time order with the spike.
                            let emitUntil (until: float) =
                                while nextSample < sampleCount && sampleTime nextSample <= until do
                                    let ts = sampleTime nextSample
                                    let fraction = if ts >= t1 then 1.0 else (ts - t) / (t1 - t)
                                    // An unresolved step has no usable dense output; its start state stands in.
                                    if unresolved then
                                        Array.blit y 0 scratch 0 n
                                    else
                                        stepper.Interpolate(fraction, scratch)

                                    emit ts scratch
                                    nextSample <- nextSample + 1L

                            emitUntil (if crossed then spikeTime else t1)

                            if crossed then
                                spikeAt spikeTime

                            if crossed && model.Reset.IsSome then
                                if unresolved then Array.blit y 0 scratch 0 n
                                elif theta >= 1.0 then Array.blit y1 0 scratch 0 n
                                else stepper.Interpolate(theta, scratch)

                                status <- resetInto spikeTime scratch y
                                t <- spikeTime
                                refractoryEnd <- spikeTime + refractory
                                g0 <- spikeFunction (model.Load y)
                                fresh <- true

                                if status = Completed && not (Double.IsFinite g0) then
                                    status <- divergedAs model t "spike function" g0 y

                                if everyStep && status = Completed then
                                    emit t y
                            else
                                // Without a reset the step stands: the rest of its samples follow the spike.
                                emitUntil t1
                                let previous = y
                                y <- y1
                                y1 <- previous
                                t <- t1
                                g0 <- g1

                                if not substep then
                                    halvings <- 0

                                if isRefractory && t >= refractoryEnd then
                                    g0 <- spikeFunction (model.Load y)

                                f0Valid <-
                                    t1 < segmentEnd
                                    && (if f1Valid then
                                            Array.blit f1 0 f0 0 n
                                            true
                                        else
                                            stepper.TryEndDerivative f0)

                                if everyStep then
                                    emit t y
        with
        | :? OperationCanceledException -> reraise ()
        | e when not inObserver.Value ->
            let message =
                sprintf "%s threw %s at t = %g ms: %s" model.Name (e.GetType().Name) t e.Message

            raise (ModelException(message, LanguagePrimitives.FloatWithMeasure t, named model y, e))

        progressAt t
        status, steps

    /// <summary>Runs a problem and keeps the recorded trace and the spike times.</summary>
    /// <param name="solver">The ODE method, e.g. <c>Solver.rungeKutta4 0.01&lt;ms&gt;</c>.</param>
    /// <param name="problem">What to simulate.</param>
    /// <returns>The solution; check its <c>Status</c>.</returns>
    /// <exception cref="System.ArgumentException">The problem is invalid (checked before the first step).</exception>
    /// <example>
    /// <c>Problem.create LeakyIntegrateAndFire.model LeakyIntegrateAndFire.defaults (Input.constant 0.0&lt;pA&gt;) 100.0&lt;ms&gt;
    /// |> Simulation.run (Solver.exact 0.1&lt;ms&gt;) |> fun s -> s.Spikes.Length</c> // evaluates to 0
    /// </example>
    let run (solver: Solver) (problem: Problem<'P, 'S, 'I>) : Solution<'P, 'S, 'I> =
        let recorded = Problem.recordedIndices problem
        let times = ResizeArray<float<ms>>()
        let values = Array.init recorded.Length (fun _ -> ResizeArray<float>())
        let spikes = ResizeArray<float<ms>>()

        let observer =
            { OnSample =
                fun t sample ->
                    times.Add t

                    for k in 0 .. sample.Length - 1 do
                        values[k].Add sample[k]
              OnSpike = spikes.Add
              OnProgress = ignore }

        let status, steps = stream observer CancellationToken.None solver problem
        let variables = problem.Model.Variables |> Array.ofList

        { Trace =
            { Times = times.ToArray()
              Variables = recorded |> Array.map (fun k -> variables[k]) |> List.ofArray
              Values = values |> Array.map (fun v -> v.ToArray()) }
          Spikes = spikes.ToArray()
          Status = status
          Steps = steps
          Problem = problem
          Solver = solver }
