namespace NeuronDsl

open System
open NeuronDsl.Units

/// <summary>The right-hand side dy/dt = f(t, y) of an ODE system, as a generic solver sees it: plain floats.</summary>
/// <remarks>Solvers know nothing about neurons; the simulation adapts a model and its input to this shape.</remarks>
[<AbstractClass>]
type OdeSystem(dimension: int) =
    do
        if dimension < 1 then
            invalidArg "dimension" (sprintf "dimension = %d; expected >= 1" dimension)

    /// <summary>Number of state variables.</summary>
    member _.Dimension = dimension

    /// <summary>Writes f(t, y) into <paramref name="dydt"/>.</summary>
    abstract Derivative: t: float * y: float[] * dydt: float[] -> unit

    /// <summary>True when <c>Linearise</c> is available (needed by exponential Euler).</summary>
    abstract CanLinearise: bool
    default _.CanLinearise = false

    /// <summary>Writes f(t, y) and the diagonal of its Jacobian ∂f_i/∂y_i.</summary>
    abstract Linearise: t: float * y: float[] * dydt: float[] * diagonal: float[] -> unit

    default _.Linearise(_, _, _, _) =
        invalidOp "this system has no linearisation"

    /// <summary>True when <c>Propagate</c> (the exact flow) is available.</summary>
    abstract CanPropagate: bool
    default _.CanPropagate = false

    /// <summary>Writes the exact solution at t + h, starting from y0 at t, into y1.</summary>
    abstract Propagate: t: float * h: float * y0: float[] * y1: float[] -> unit

    default _.Propagate(_, _, _, _) =
        invalidOp "this system has no exact flow"

/// <summary>One solver's working memory for one system: takes steps and interpolates inside the last one.</summary>
/// <remarks>Steppers allocate their buffers once, at creation; <c>Step</c> and <c>Interpolate</c> allocate nothing.</remarks>
[<AbstractClass>]
type Stepper(system: OdeSystem) =
    /// <summary>The system being integrated.</summary>
    member _.System = system

    /// <summary>
    /// Steps from (t, y0), where f0 = f(t, y0), by at most h, writing the new state into y1. Returns the step
    /// taken: h for fixed-step methods, at most h for adaptive ones, or a value ≤ 0 when an adaptive method
    /// would need a step below its minimum. The arrays must stay unchanged until the next call.
    /// </summary>
    abstract Step: t: float * h: float * y0: float[] * f0: float[] * y1: float[] -> float

    /// <summary>The step size the method suggests next (the fixed step for fixed-step methods).</summary>
    abstract NextStep: float

    /// <summary>Writes the state at fraction theta ∈ [0, 1] of the last step (dense output) into y.</summary>
    abstract Interpolate: theta: float * y: float[] -> unit

    /// <summary>As <c>Interpolate</c>, but only the variables k with <c>only[k]</c> need be written (the others may
    /// be left as they were): what a root search on a spike function that reads a few variables needs. Each written
    /// variable has the bits <c>Interpolate</c> gives it.</summary>
    abstract InterpolateOnly: theta: float * y: float[] * only: bool[] -> unit
    default this.InterpolateOnly(theta, y, _) = this.Interpolate(theta, y)

    /// <summary>If the last step already computed f(t1, y1), copies it into f and returns true.</summary>
    abstract TryEndDerivative: f: float[] -> bool
    default _.TryEndDerivative _ = false

    /// <summary>
    /// Tells the stepper that the system or the state changed discontinuously (a new input segment, a reset, the
    /// start or end of a refractory clamp), so that the next step starts afresh.
    /// </summary>
    abstract Restart: unit -> unit
    default _.Restart() = ()

    /// <summary>False when <c>Step</c> ignores f0, so the caller need not compute it.</summary>
    abstract NeedsStartDerivative: bool
    default _.NeedsStartDerivative = true

/// <summary>What a method needs from the system beyond f(t, y).</summary>
type SolverRequirement =
    /// <summary>Only the derivative.</summary>
    | DerivativeOnly
    /// <summary>The diagonal of the Jacobian of a conditionally linear system.</summary>
    | Linearisation
    /// <summary>The exact flow of a linear system under piecewise-constant input.</summary>
    | ExactFlow

/// <summary>How spike times are reported.</summary>
type SpikeTiming =
    /// <summary>The crossing is located inside the step (the default).</summary>
    | Located
    /// <summary>Spikes are reported at the end of the step that crossed, as grid-based simulators do; for comparisons.</summary>
    | OnGrid

/// <summary>An ODE method with its settings; create one with <c>Solver.euler</c>, <c>Solver.rungeKutta4</c>, ….</summary>
[<NoEquality; NoComparison>]
type Solver =
    {
        /// <summary>Short name, as on the command line: "euler", "heun", "rk4", "exponential-euler", "exact", "dopri5".</summary>
        Name: string
        /// <summary>Order of accuracy of the method.</summary>
        Order: int
        /// <summary>Fixed step, or first trial step of an adaptive method (ms).</summary>
        Step: float<ms>
        /// <summary>True for methods that choose their own step size.</summary>
        Adaptive: bool
        /// <summary>Maximum number of steps (accepted or rejected) before the run stops with <c>StepLimitReached</c>.</summary>
        MaxSteps: int64
        /// <summary>What the method needs from the model.</summary>
        Requires: SolverRequirement
        /// <summary>How spike times are reported.</summary>
        SpikeTiming: SpikeTiming
        /// <summary>Creates a stepper for a system.</summary>
        CreateStepper: OdeSystem -> Stepper
    }

/// <summary>Relative and absolute tolerances and step limits of an adaptive method.</summary>
type Tolerances =
    {
        /// <summary>Relative tolerance per step, &gt; 0.</summary>
        Relative: float
        /// <summary>Absolute tolerance per step, in each variable's unit, &gt; 0.</summary>
        Absolute: float
        /// <summary>Smallest step before the run stops with <c>StepSizeUnderflow</c> (ms), ≥ 0.</summary>
        MinStep: float<ms>
        /// <summary>Largest step (ms), &gt; 0 (may be infinity).</summary>
        MaxStep: float<ms>
        /// <summary>First trial step (ms); 0 chooses it automatically.</summary>
        InitialStep: float<ms>
        /// <summary>Maximum number of step attempts.</summary>
        MaxSteps: int64
    }

/// <summary>Accurate elementary functions the solvers need.</summary>
module internal Numerics =
    /// <summary>exp(x) - 1 without cancellation near 0 (Kahan's method).</summary>
    let expm1 (x: float) =
        let e = exp x

        if e = 1.0 then x
        elif e - 1.0 = -1.0 then -1.0
        elif Double.IsPositiveInfinity e then e
        else (e - 1.0) * x / log e

    /// <summary>φ(z) = (exp(z) − 1) / z, with φ(0) = 1.</summary>
    /// <remarks>
    /// For |z| &lt; 0.01 a Taylor series to z⁵ (truncation below 2e-16 relative); above, the direct quotient, whose
    /// cancellation error is at most ε/|z| ≤ 2.3e-14 relative, one exp instead of Kahan's exp and log.
    /// </remarks>
    let phi (z: float) =
        if abs z < 0.01 then
            1.0
            + z
              * (1.0 / 2.0
                 + z * (1.0 / 6.0 + z * (1.0 / 24.0 + z * (1.0 / 120.0 + z * (1.0 / 720.0)))))
        else
            (exp z - 1.0) / z

/// <summary>Helpers shared by the solver files.</summary>
module internal SolverChecks =
    let positiveStep (name: string) (dt: float<ms>) =
        if not (Double.IsFinite(float dt)) || dt <= 0.0<ms> then
            invalidArg name (sprintf "%s = %g ms; expected a finite step > 0 ms" name (float dt))

    let tolerances (t: Tolerances) =
        let positive name (v: float) =
            if not (Double.IsFinite v) || v <= 0.0 then
                invalidArg name (sprintf "%s = %g; expected a finite number > 0" name v)

        positive "Relative" t.Relative
        positive "Absolute" t.Absolute

        if not (Double.IsFinite(float t.MinStep)) || t.MinStep < 0.0<ms> then
            invalidArg "MinStep" (sprintf "MinStep = %g ms; expected a finite step >= 0 ms" (float t.MinStep))

        if Double.IsNaN(float t.MaxStep) || t.MaxStep <= t.MinStep then
            invalidArg
                "MaxStep"
                (sprintf "MaxStep = %g ms; expected > MinStep = %g ms" (float t.MaxStep) (float t.MinStep))

        if not (Double.IsFinite(float t.InitialStep)) || t.InitialStep < 0.0<ms> then
            invalidArg
                "InitialStep"
                (sprintf "InitialStep = %g ms; expected a finite step >= 0 ms (0 = automatic)" (float t.InitialStep))

        if t.MaxSteps < 1L then
            invalidArg "MaxSteps" (sprintf "MaxSteps = %d; expected >= 1" t.MaxSteps)

/// <summary>Cubic Hermite dense output from y0, y1 and the derivatives at both ends, shared by RK methods.</summary>
[<AbstractClass>]
type HermiteStepper(system: OdeSystem) =
    inherit Stepper(system)
    let n = system.Dimension
    let f1 = Array.zeroCreate<float> n
    let mutable hasF1 = false
    let mutable t0 = 0.0
    let mutable h = 0.0
    let mutable y0: float[] = null
    let mutable f0: float[] = null
    let mutable y1: float[] = null

    /// <summary>Remembers the step for interpolation; call at the end of <c>Step</c>.</summary>
    member _.Remember(t: float, step: float, start: float[], slope: float[], finish: float[]) =
        t0 <- t
        h <- step
        y0 <- start
        f0 <- slope
        y1 <- finish
        hasF1 <- false

    /// The Hermite weights at theta inside the step, of (y1 − y0), f0 and f1 (computing f1 once per step).
    member private this.Weights(theta: float) =
        if not hasF1 then
            this.System.Derivative(t0 + h, y1, f1)
            hasF1 <- true

        let t2 = theta * theta
        let t3 = t2 * theta
        struct (-2.0 * t3 + 3.0 * t2, (t3 - 2.0 * t2 + theta) * h, (t3 - t2) * h)

    override this.Interpolate(theta, y) =
        if theta >= 1.0 then
            Array.blit y1 0 y 0 n
        elif theta <= 0.0 then
            Array.blit y0 0 y 0 n
        else
            let struct (a, b, c) = this.Weights theta

            for i in 0 .. n - 1 do
                y[i] <- y0[i] + a * (y1[i] - y0[i]) + b * f0[i] + c * f1[i]

    override this.InterpolateOnly(theta, y, only) =
        if theta >= 1.0 || theta <= 0.0 then
            this.Interpolate(theta, y)
        else
            let struct (a, b, c) = this.Weights theta

            for i in 0 .. n - 1 do
                if only[i] then
                    y[i] <- y0[i] + a * (y1[i] - y0[i]) + b * f0[i] + c * f1[i]

    override _.TryEndDerivative f =
        if hasF1 then
            Array.blit f1 0 f 0 n
            true
        else
            false
