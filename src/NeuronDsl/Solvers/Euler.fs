namespace NeuronDsl

open NeuronDsl.Units

/// <summary>Forward Euler, y1 = y0 + h·f(t0, y0): first order; linear interpolation inside a step.</summary>
type EulerStepper(system: OdeSystem, dt: float) =
    inherit Stepper(system)
    let n = system.Dimension
    let mutable y0: float[] = null
    let mutable y1: float[] = null

    override _.Step(t, h, start, f0, finish) =
        for i in 0 .. n - 1 do
            finish[i] <- start[i] + h * f0[i]

        y0 <- start
        y1 <- finish
        h

    override _.NextStep = dt

    override _.Interpolate(theta, y) =
        for i in 0 .. n - 1 do
            y[i] <- y0[i] + theta * (y1[i] - y0[i])

/// <summary>Forward Euler.</summary>
[<RequireQualifiedAccess>]
module Euler =
    /// <summary>Forward Euler with a fixed step.</summary>
    /// <param name="dt">Step in ms, &gt; 0.</param>
    /// <returns>The solver.</returns>
    /// <exception cref="System.ArgumentException">dt is not a finite number &gt; 0.</exception>
    [<CompiledName("Create")>]
    let create (dt: float<ms>) : Solver =
        SolverChecks.positiveStep "dt" dt

        { Name = "euler"
          Order = 1
          Step = dt
          Adaptive = false
          MaxSteps = System.Int64.MaxValue
          Requires = DerivativeOnly
          SpikeTiming = Located
          CreateStepper = fun system -> EulerStepper(system, float dt) :> Stepper }

/// <summary>Adds <c>Solver.euler</c>.</summary>
[<AutoOpen>]
module EulerSolver =
    type Solver with
        /// <summary>Forward Euler with a fixed step dt (ms).</summary>
        static member euler(dt: float<ms>) = Euler.create dt
