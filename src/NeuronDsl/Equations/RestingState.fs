namespace NeuronDsl

open System

/// <summary>
/// The resting state of a model: the fixed point of its rates under zero input, by Newton's method from the
/// declared initial values, with a forward-difference Jacobian (a fixed point's accuracy depends on the rates, not
/// on the Jacobian, so Newton still converges to the root to rounding error). When Newton does not converge from
/// there, pseudo-transient continuation (implicit Euler steps that lengthen as the rates fall) carries the state to
/// a fixed point and Newton polishes it to the same accuracy.
/// </summary>
/// <remarks>
/// Newton alone fails where the start is near the ghost of a vanished fixed point: past the saddle-node of
/// Wang–Buzsáki (E_L raised by a few mV) |f| has a local minimum near −59 mV that is not a zero, and the iterates
/// wander there. Pseudo-transient continuation (Kelley &amp; Keyes, SIAM J. Numer. Anal. 35 (1998) 508–523) takes
/// y ← y + s with (I/δ − J) s = f(y), δ growing by 10 % a step, or by the fall of ‖f‖ when that is larger (switched evolution relaxation, at most ×10): a
/// short δ follows the flow, a long one is Newton's step. Implicit Euler with a long step also settles on unstable
/// fixed points (its factor 1/|1 − δλ| is below 1 for any λ once δ is long enough), so the fixed point found may be
/// unstable; Wang–Buzsáki past its saddle-node has only an unstable focus near −35 mV and fires at zero input.
/// </remarks>
[<RequireQualifiedAccess>]
module RestingState =
    /// <summary>Solves a x = b in place by Gaussian elimination with partial pivoting; false when singular.</summary>
    let private solve (a: float[,]) (b: float[]) =
        let n = b.Length
        let mutable regular = true

        for col in 0 .. n - 1 do
            let pivot = seq { col .. n - 1 } |> Seq.maxBy (fun r -> abs a[r, col])

            if a[pivot, col] = 0.0 then
                regular <- false
            else
                for c in 0 .. n - 1 do
                    let tmp = a[col, c]
                    a[col, c] <- a[pivot, c]
                    a[pivot, c] <- tmp

                let tmp = b[col]
                b[col] <- b[pivot]
                b[pivot] <- tmp

                for r in col + 1 .. n - 1 do
                    let f = a[r, col] / a[col, col]

                    for c in col .. n - 1 do
                        a[r, c] <- a[r, c] - f * a[col, c]

                    b[r] <- b[r] - f * b[col]

        if regular then
            for r in n - 1 .. -1 .. 0 do
                let mutable s = b[r]

                for c in r + 1 .. n - 1 do
                    s <- s - a[r, c] * b[c]

                b[r] <- s / a[r, r]

        regular

    /// <summary>The forward-difference Jacobian of <paramref name="rates"/> at y, where f = rates y.</summary>
    let private jacobianAt
        (rates: float[] -> float[] -> unit)
        (y: float[])
        (f: float[])
        (shifted: float[])
        (fShifted: float[])
        (jacobian: float[,])
        =
        let n = y.Length

        for c in 0 .. n - 1 do
            let h = 1e-7 * (1.0 + abs y[c])
            Array.blit y 0 shifted 0 n
            shifted[c] <- y[c] + h
            rates shifted fShifted

            for r in 0 .. n - 1 do
                jacobian[r, c] <- (fShifted[r] - f[r]) / h

    /// <summary>Newton's method from y, in place, for at most 100 iterations; true when the last step is below
    /// 1e-14 of every entry (relative, plus 1e-14 absolute) and the state is finite.</summary>
    let private newton (rates: float[] -> float[] -> unit) (y: float[]) =
        let n = y.Length
        let f = Array.zeroCreate<float> n
        let shifted = Array.zeroCreate<float> n
        let fShifted = Array.zeroCreate<float> n
        let jacobian = Array2D.zeroCreate<float> n n
        let mutable converged = false
        let mutable iterations = 0

        while not converged && iterations < 100 do
            iterations <- iterations + 1
            rates y f
            jacobianAt rates y f shifted fShifted jacobian
            let step = Array.map (fun x -> -x) f

            if solve jacobian step then
                for k in 0 .. n - 1 do
                    y[k] <- y[k] + step[k]

                converged <- Array.forall2 (fun (d: float) (x: float) -> abs d <= 1e-14 * (1.0 + abs x)) step y
            else
                iterations <- Int32.MaxValue

        converged && Array.forall Double.IsFinite y

    let private norm (f: float[]) = sqrt (Array.sumBy (fun x -> x * x) f)

    /// <summary>
    /// Pseudo-transient continuation from y, in place: at most 2000 steps (I/δ − J) s = f, y ← y + s, with δ₀ a
    /// hundredth of the fastest rate's time scale (1/max |J_ii|) and δ ← δ max(1.1, min(10, ‖f_old‖/‖f_new‖)): a
    /// growth that never stalls, since along a spike ‖f‖ rises and plain SER would shrink δ back to following the flow;
    /// stops when ‖f‖ is below 1e-8 of its start (plus 1e-10), Newton's domain.
    /// </summary>
    let private continuation (rates: float[] -> float[] -> unit) (y: float[]) =
        let n = y.Length
        let f = Array.zeroCreate<float> n
        let shifted = Array.zeroCreate<float> n
        let fShifted = Array.zeroCreate<float> n
        let jacobian = Array2D.zeroCreate<float> n n
        let step = Array.zeroCreate<float> n
        rates y f
        jacobianAt rates y f shifted fShifted jacobian
        let fastest = seq { 0 .. n - 1 } |> Seq.map (fun k -> abs jacobian[k, k]) |> Seq.max
        let mutable delta = if fastest > 0.0 then 0.01 / fastest else 1e-3
        let start = norm f
        let mutable residual = start
        let mutable steps = 0
        let mutable going = Double.IsFinite start

        while going && steps < 2000 && residual > 1e-8 * start + 1e-10 do
            steps <- steps + 1
            jacobianAt rates y f shifted fShifted jacobian

            for k in 0 .. n - 1 do
                jacobian[k, k] <- jacobian[k, k] - 1.0 / delta
                // (J − I/δ) s = −f is (I/δ − J) s = f.
                step[k] <- -f[k]

            if solve jacobian step then
                for k in 0 .. n - 1 do
                    y[k] <- y[k] + step[k]

                rates y f
                let next = norm f

                if Double.IsFinite next && next > 0.0 then
                    delta <- delta * max 1.1 (min 10.0 (residual / next))
                    residual <- next
                else
                    going <- Double.IsFinite next
                    residual <- next
            else
                going <- false

        going && Array.forall Double.IsFinite y

    /// <summary>The fixed point of <paramref name="rates"/> nearest (in Newton's sense) to the start; failing that, the
    /// one pseudo-transient continuation reaches from it.</summary>
    /// <param name="rates">Writes f(y) into its second argument.</param>
    /// <param name="start">The initial guess.</param>
    /// <returns>The fixed point to rounding error, or <c>None</c> when neither Newton's method from the start nor
    /// Newton after continuation converges.</returns>
    let find (rates: float[] -> float[] -> unit) (start: float[]) : float[] option =
        let y = Array.copy start

        if newton rates y then
            Some y
        else
            let relaxed = Array.copy start

            if continuation rates relaxed && newton rates relaxed then
                Some relaxed
            else
                None
