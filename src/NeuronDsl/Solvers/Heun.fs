namespace NeuronDsl

open NeuronDsl.Units

/// <summary>Heun's method (explicit trapezoid, RK2): second order; cubic Hermite interpolation.</summary>
type HeunStepper(system: OdeSystem, dt: float) =
    inherit HermiteStepper(system)
    let n = system.Dimension
    let predictor = Array.zeroCreate<float> n
    let k2 = Array.zeroCreate<float> n

    override this.Step(t, h, y0, f0, y1) =
        for i in 0 .. n - 1 do
            predictor[i] <- y0[i] + h * f0[i]

        system.Derivative(t + h, predictor, k2)
        let half = 0.5 * h

        for i in 0 .. n - 1 do
            y1[i] <- y0[i] + half * (f0[i] + k2[i])

        this.Remember(t, h, y0, f0, y1)
        h

    override _.NextStep = dt

/// <summary>Heun's method.</summary>
[<RequireQualifiedAccess>]
module Heun =
    /// <summary>Heun's method (RK2) with a fixed step.</summary>
    /// <param name="dt">Step in ms, &gt; 0.</param>
    /// <returns>The solver.</returns>
    /// <exception cref="System.ArgumentException">dt is not a finite number &gt; 0.</exception>
    [<CompiledName("Create")>]
    let create (dt: float<ms>) : Solver =
        SolverChecks.positiveStep "dt" dt

        { Name = "heun"
          Order = 2
          Step = dt
          Adaptive = false
          MaxSteps = System.Int64.MaxValue
          Requires = DerivativeOnly
          SpikeTiming = Located
          CreateStepper = fun system -> HeunStepper(system, float dt) :> Stepper }

/// <summary>Adds <c>Solver.heun</c>.</summary>
[<AutoOpen>]
module HeunSolver =
    type Solver with
        /// <summary>Heun's method (RK2) with a fixed step dt (ms).</summary>
        static member heun(dt: float<ms>) = Heun.create dt
