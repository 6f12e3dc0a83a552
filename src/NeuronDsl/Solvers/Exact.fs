namespace NeuronDsl

open System
open NeuronDsl.Units

/// <summary>
/// Exact integration of a linear model under piecewise-constant input: each step applies the model's exact flow,
/// and the dense output is the same flow over θh, so spike times are located to rounding error for any step.
/// </summary>
/// <remarks>
/// Rotter &amp; Diesmann (1999), Biol. Cybern. 81: 381–402, as used by NEST's iaf_psc models. Every state is
/// computed by one application of the flow from the start of the current segment (the anchor), not step after step,
/// so rounding does not accumulate with the number of steps.
/// </remarks>
type ExactStepper(system: OdeSystem, dt: float) =
    inherit Stepper(system)
    let n = system.Dimension
    let anchor = Array.zeroCreate<float> n
    let mutable anchorTime = nan
    let mutable lastEnd = nan
    let mutable lastState: float[] = null
    let mutable t0 = 0.0
    let mutable h = 0.0

    override _.NeedsStartDerivative = false

    override _.Restart() = anchorTime <- nan

    override _.Step(t, step, start, _, y1) =
        // Continue from the anchor only when this step starts where the last one ended, from the state it produced.
        if
            Double.IsNaN anchorTime
            || t <> lastEnd
            || not (obj.ReferenceEquals(start, lastState))
        then
            Array.blit start 0 anchor 0 n
            anchorTime <- t

        t0 <- t
        h <- step
        system.Propagate(anchorTime, t + step - anchorTime, anchor, y1)
        lastEnd <- t + step
        lastState <- y1
        step

    override _.NextStep = dt

    override _.Interpolate(theta, y) =
        if theta <= 0.0 && t0 = anchorTime then
            Array.blit anchor 0 y 0 n
        else
            system.Propagate(anchorTime, t0 + theta * h - anchorTime, anchor, y)

/// <summary>Exact integration.</summary>
[<RequireQualifiedAccess>]
module Exact =
    /// <summary>Exact integration with a fixed step; needs a model with an exact flow and a piecewise-constant input.</summary>
    /// <param name="dt">Step in ms, &gt; 0; accuracy does not depend on it, only where traces are sampled from.</param>
    /// <returns>The solver.</returns>
    /// <exception cref="System.ArgumentException">dt is not a finite number &gt; 0.</exception>
    [<CompiledName("Create")>]
    let create (dt: float<ms>) : Solver =
        SolverChecks.positiveStep "dt" dt

        { Name = "exact"
          Order = System.Int32.MaxValue
          Step = dt
          Adaptive = false
          MaxSteps = System.Int64.MaxValue
          Requires = ExactFlow
          SpikeTiming = Located
          CreateStepper = fun system -> ExactStepper(system, float dt) :> Stepper }

/// <summary>Adds <c>Solver.exact</c>.</summary>
[<AutoOpen>]
module ExactSolver =
    type Solver with
        /// <summary>Exact integration with a fixed step dt (ms).</summary>
        static member exact(dt: float<ms>) = Exact.create dt
