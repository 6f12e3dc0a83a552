namespace NeuronDsl

open NeuronDsl.Units

/// <summary>The classic fourth-order Runge–Kutta method; cubic Hermite interpolation.</summary>
type RungeKutta4Stepper(system: OdeSystem, dt: float) =
    inherit HermiteStepper(system)
    let n = system.Dimension
    let stage = Array.zeroCreate<float> n
    let k2 = Array.zeroCreate<float> n
    let k3 = Array.zeroCreate<float> n
    let k4 = Array.zeroCreate<float> n

    override this.Step(t, h, y0, k1, y1) =
        let half = 0.5 * h

        for i in 0 .. n - 1 do
            stage[i] <- y0[i] + half * k1[i]

        system.Derivative(t + half, stage, k2)

        for i in 0 .. n - 1 do
            stage[i] <- y0[i] + half * k2[i]

        system.Derivative(t + half, stage, k3)

        for i in 0 .. n - 1 do
            stage[i] <- y0[i] + h * k3[i]

        system.Derivative(t + h, stage, k4)
        let sixth = h / 6.0

        for i in 0 .. n - 1 do
            y1[i] <- y0[i] + sixth * (k1[i] + 2.0 * (k2[i] + k3[i]) + k4[i])

        this.Remember(t, h, y0, k1, y1)
        h

    override _.NextStep = dt

/// <summary>The classic Runge–Kutta method.</summary>
[<RequireQualifiedAccess>]
module RungeKutta4 =
    /// <summary>Classic RK4 with a fixed step.</summary>
    /// <param name="dt">Step in ms, &gt; 0.</param>
    /// <returns>The solver.</returns>
    /// <exception cref="System.ArgumentException">dt is not a finite number &gt; 0.</exception>
    [<CompiledName("Create")>]
    let create (dt: float<ms>) : Solver =
        SolverChecks.positiveStep "dt" dt

        { Name = "rk4"
          Order = 4
          Step = dt
          Adaptive = false
          MaxSteps = System.Int64.MaxValue
          Requires = DerivativeOnly
          SpikeTiming = Located
          CreateStepper = fun system -> RungeKutta4Stepper(system, float dt) :> Stepper }

/// <summary>Adds <c>Solver.rungeKutta4</c>.</summary>
[<AutoOpen>]
module RungeKutta4Solver =
    type Solver with
        /// <summary>Classic RK4 with a fixed step dt (ms).</summary>
        static member rungeKutta4(dt: float<ms>) = RungeKutta4.create dt
