namespace NeuronDsl

open System
open NeuronDsl.Units

/// <summary>
/// Dormand–Prince 5(4) with step-size control, FSAL, and Hairer's fourth-order continuous extension for dense output.
/// </summary>
/// <remarks>
/// Dormand &amp; Prince (1980), J. Comput. Appl. Math. 6: 19–26; error norm, initial step and dense output as in
/// Hairer, Nørsett &amp; Wanner, Solving ODEs I (1993), II.4–II.6 (their DOPRI5 code).
/// </remarks>
type DormandPrinceStepper(system: OdeSystem, tolerances: Tolerances) =
    inherit Stepper(system)
    static let a21 = 1.0 / 5.0
    static let a31, a32 = 3.0 / 40.0, 9.0 / 40.0
    static let a41, a42, a43 = 44.0 / 45.0, -56.0 / 15.0, 32.0 / 9.0

    static let a51, a52, a53, a54 =
        19372.0 / 6561.0, -25360.0 / 2187.0, 64448.0 / 6561.0, -212.0 / 729.0

    static let a61, a62, a63, a64, a65 =
        9017.0 / 3168.0, -355.0 / 33.0, 46732.0 / 5247.0, 49.0 / 176.0, -5103.0 / 18656.0

    static let b1, b3, b4, b5, b6 =
        35.0 / 384.0, 500.0 / 1113.0, 125.0 / 192.0, -2187.0 / 6784.0, 11.0 / 84.0

    static let e1, e3, e4, e5, e6, e7 =
        71.0 / 57600.0, -71.0 / 16695.0, 71.0 / 1920.0, -17253.0 / 339200.0, 22.0 / 525.0, -1.0 / 40.0

    static let d1, d3, d4 =
        -12715105075.0 / 11282082432.0, 87487479700.0 / 32700410799.0, -10690763975.0 / 1880347072.0

    static let d5, d6, d7 =
        701980252875.0 / 199316789632.0, -1453857185.0 / 822651844.0, 69997945.0 / 29380423.0

    let n = system.Dimension
    let k2 = Array.zeroCreate<float> n
    let k3 = Array.zeroCreate<float> n
    let k4 = Array.zeroCreate<float> n
    let k5 = Array.zeroCreate<float> n
    let k6 = Array.zeroCreate<float> n
    let k7 = Array.zeroCreate<float> n
    let stage = Array.zeroCreate<float> n
    let rtol = tolerances.Relative
    let atol = tolerances.Absolute
    let minStep = float tolerances.MinStep
    let maxStep = float tolerances.MaxStep
    let mutable next = float tolerances.InitialStep
    let mutable attempts = 0L
    let mutable y0: float[] = null
    let mutable k1: float[] = null
    let mutable y1: float[] = null
    let mutable h = 0.0

    /// <summary>Hairer's starting step: a step whose explicit Euler error would be about the tolerance.</summary>
    member private _.InitialStep(t: float, y: float[], f: float[], limit: float) =
        let mutable dy = 0.0
        let mutable df = 0.0

        for i in 0 .. n - 1 do
            let sk = atol + rtol * abs y[i]
            dy <- dy + (y[i] / sk) ** 2.0
            df <- df + (f[i] / sk) ** 2.0

        let dy, df = sqrt (dy / float n), sqrt (df / float n)
        let h0 = if dy < 1e-5 || df < 1e-5 then 1e-6 else 0.01 * dy / df
        let h0 = min h0 limit

        for i in 0 .. n - 1 do
            stage[i] <- y[i] + h0 * f[i]

        system.Derivative(t + h0, stage, k2)
        let mutable d2 = 0.0

        for i in 0 .. n - 1 do
            let sk = atol + rtol * abs y[i]
            d2 <- d2 + ((k2[i] - f[i]) / sk) ** 2.0

        let d2 = sqrt (d2 / float n) / h0
        let der = max df d2

        let h1 =
            if der <= 1e-15 then
                max 1e-6 (h0 * 1e-3)
            else
                (0.01 / der) ** 0.2

        min (100.0 * h0) h1 |> min limit

    /// <summary>Step attempts so far, accepted or rejected.</summary>
    member _.Attempts = attempts

    override this.Step(t, hMax, start, f0, finish) =
        if next <= 0.0 then
            next <- this.InitialStep(t, start, f0, min hMax maxStep)

        let mutable step = min next (min hMax maxStep)
        let mutable result = nan
        let mutable rejected = false

        while Double.IsNaN result do
            if not (step > 0.0) then
                result <- 0.0
            elif step < minStep && step < hMax then
                result <- -step
            else
                attempts <- attempts + 1L

                for i in 0 .. n - 1 do
                    stage[i] <- start[i] + step * a21 * f0[i]

                system.Derivative(t + step / 5.0, stage, k2)

                for i in 0 .. n - 1 do
                    stage[i] <- start[i] + step * (a31 * f0[i] + a32 * k2[i])

                system.Derivative(t + 3.0 * step / 10.0, stage, k3)

                for i in 0 .. n - 1 do
                    stage[i] <- start[i] + step * (a41 * f0[i] + a42 * k2[i] + a43 * k3[i])

                system.Derivative(t + 4.0 * step / 5.0, stage, k4)

                for i in 0 .. n - 1 do
                    stage[i] <- start[i] + step * (a51 * f0[i] + a52 * k2[i] + a53 * k3[i] + a54 * k4[i])

                system.Derivative(t + 8.0 * step / 9.0, stage, k5)

                for i in 0 .. n - 1 do
                    stage[i] <-
                        start[i]
                        + step * (a61 * f0[i] + a62 * k2[i] + a63 * k3[i] + a64 * k4[i] + a65 * k5[i])

                system.Derivative(t + step, stage, k6)

                for i in 0 .. n - 1 do
                    finish[i] <-
                        start[i]
                        + step * (b1 * f0[i] + b3 * k3[i] + b4 * k4[i] + b5 * k5[i] + b6 * k6[i])

                system.Derivative(t + step, finish, k7)
                let mutable sum = 0.0

                for i in 0 .. n - 1 do
                    let e =
                        step
                        * (e1 * f0[i] + e3 * k3[i] + e4 * k4[i] + e5 * k5[i] + e6 * k6[i] + e7 * k7[i])

                    let sk = atol + rtol * max (abs start[i]) (abs finish[i])
                    sum <- sum + (e / sk) * (e / sk)

                let err = sqrt (sum / float n)

                if err <= 1.0 then
                    let factor =
                        if err = 0.0 then
                            10.0
                        else
                            min 10.0 (max 0.2 (0.9 * err ** -0.2))

                    next <- step * (if rejected then min 1.0 factor else factor)
                    y0 <- start
                    k1 <- f0
                    y1 <- finish
                    h <- step
                    result <- step
                else
                    // Rejected; a non-finite estimate (the trial step overflowed) shrinks the step fivefold. A state
                    // that truly blows up therefore ends with StepSizeUnderflow near the singularity, never as NaN.
                    rejected <- true

                    step <-
                        step
                        * (if Double.IsFinite err then
                               max 0.2 (0.9 * err ** -0.2)
                           else
                               0.2)

        result

    override _.NextStep = next

    /// <summary>After a discontinuity the old step size says nothing: choose a new one as at the start.</summary>
    override _.Restart() = next <- float tolerances.InitialStep

    override _.TryEndDerivative f =
        Array.blit k7 0 f 0 n
        true

    override _.Interpolate(theta, y) =
        if theta >= 1.0 then
            Array.blit y1 0 y 0 n
        elif theta <= 0.0 then
            Array.blit y0 0 y 0 n
        else
            let theta1 = 1.0 - theta

            for i in 0 .. n - 1 do
                let ydiff = y1[i] - y0[i]
                let bspl = h * k1[i] - ydiff
                let c4 = ydiff - h * k7[i] - bspl

                let c5 =
                    h
                    * (d1 * k1[i] + d3 * k3[i] + d4 * k4[i] + d5 * k5[i] + d6 * k6[i] + d7 * k7[i])

                y[i] <- y0[i] + theta * (ydiff + theta1 * (bspl + theta * (c4 + theta1 * c5)))

/// <summary>The adaptive Dormand–Prince 5(4) method.</summary>
[<RequireQualifiedAccess>]
module DormandPrince =
    /// <summary>Default tolerances: relative 1e-6, absolute 1e-8, no step limits, at most 10⁸ attempts.</summary>
    let defaults =
        { Relative = 1e-6
          Absolute = 1e-8
          MinStep = 1e-12<ms>
          MaxStep = infinity * 1.0<ms>
          InitialStep = 0.0<ms>
          MaxSteps = 100_000_000L }

    /// <summary>Dormand–Prince 5(4) with the given tolerances.</summary>
    /// <param name="tolerances">Tolerances and step limits; start from <c>DormandPrince.defaults</c>.</param>
    /// <returns>The solver.</returns>
    /// <exception cref="System.ArgumentException">A tolerance is not &gt; 0, or a step limit is out of range.</exception>
    [<CompiledName("Create")>]
    let create (tolerances: Tolerances) : Solver =
        SolverChecks.tolerances tolerances

        { Name = "dopri5"
          Order = 5
          Step = tolerances.InitialStep
          Adaptive = true
          MaxSteps = tolerances.MaxSteps
          Requires = DerivativeOnly
          SpikeTiming = Located
          CreateStepper = fun system -> DormandPrinceStepper(system, tolerances) :> Stepper }

/// <summary>Adds <c>Solver.dormandPrince</c>.</summary>
[<AutoOpen>]
module DormandPrinceSolver =
    type Solver with
        /// <summary>Dormand–Prince 5(4) with the given tolerances.</summary>
        static member dormandPrince(tolerances: Tolerances) = DormandPrince.create tolerances
