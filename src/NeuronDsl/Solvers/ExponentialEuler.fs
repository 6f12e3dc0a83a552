namespace NeuronDsl

open NeuronDsl.Units

/// <summary>
/// Exponential Euler for conditionally linear systems: y1_i = y0_i + h·φ(b_i h)·f_i with b_i = ∂f_i/∂y_i and
/// φ(z) = (e^z − 1)/z. Exact for each variable's linear part (the gating equations of Hodgkin–Huxley);
/// first order overall. Dense output evaluates the same formula at θh.
/// </summary>
/// <remarks>As in NEURON's cnexp and Brian2's exponential_euler; see Rotter &amp; Diesmann (1999), Biol. Cybern. 81.</remarks>
type ExponentialEulerStepper(system: OdeSystem, dt: float) =
    inherit Stepper(system)
    let n = system.Dimension
    let f = Array.zeroCreate<float> n
    let b = Array.zeroCreate<float> n
    let mutable y0: float[] = null
    let mutable h = 0.0

    override _.NeedsStartDerivative = false

    override _.Step(t, step, start, _, y1) =
        system.Linearise(t, start, f, b)

        for i in 0 .. n - 1 do
            y1[i] <- start[i] + step * Numerics.phi (b[i] * step) * f[i]

        y0 <- start
        h <- step
        step

    override _.NextStep = dt

    override _.Interpolate(theta, y) =
        let s = theta * h

        for i in 0 .. n - 1 do
            y[i] <- y0[i] + s * Numerics.phi (b[i] * s) * f[i]

    override _.InterpolateOnly(theta, y, only) =
        let s = theta * h

        for i in 0 .. n - 1 do
            if only[i] then
                y[i] <- y0[i] + s * Numerics.phi (b[i] * s) * f[i]

/// <summary>Exponential Euler.</summary>
[<RequireQualifiedAccess>]
module ExponentialEuler =
    /// <summary>Exponential Euler with a fixed step; the model must provide its linearisation.</summary>
    /// <param name="dt">Step in ms, &gt; 0.</param>
    /// <returns>The solver.</returns>
    /// <exception cref="System.ArgumentException">dt is not a finite number &gt; 0.</exception>
    [<CompiledName("Create")>]
    let create (dt: float<ms>) : Solver =
        SolverChecks.positiveStep "dt" dt

        { Name = "exponential-euler"
          Order = 1
          Step = dt
          Adaptive = false
          MaxSteps = System.Int64.MaxValue
          Requires = Linearisation
          SpikeTiming = Located
          CreateStepper = fun system -> ExponentialEulerStepper(system, float dt) :> Stepper }

/// <summary>Adds <c>Solver.exponentialEuler</c>.</summary>
[<AutoOpen>]
module ExponentialEulerSolver =
    type Solver with
        /// <summary>Exponential Euler with a fixed step dt (ms).</summary>
        static member exponentialEuler(dt: float<ms>) = ExponentialEuler.create dt
