namespace NeuronDsl

open System

/// <summary>
/// The resting state of a model: the fixed point of its rates under zero input, by Newton's method from the
/// declared initial values, with a forward-difference Jacobian (a fixed point's accuracy depends on the rates, not
/// on the Jacobian, so Newton still converges to the root to rounding error).
/// </summary>
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

    /// <summary>The fixed point of <paramref name="rates"/> nearest (in Newton's sense) to the start.</summary>
    /// <param name="rates">Writes f(y) into its second argument.</param>
    /// <param name="start">The initial guess.</param>
    /// <returns>The fixed point, or <c>None</c> when Newton's method does not converge in 100 iterations.</returns>
    let find (rates: float[] -> float[] -> unit) (start: float[]) : float[] option =
        let n = start.Length
        let y = Array.copy start
        let f = Array.zeroCreate<float> n
        let shifted = Array.zeroCreate<float> n
        let fShifted = Array.zeroCreate<float> n
        let jacobian = Array2D.zeroCreate<float> n n
        let mutable converged = false
        let mutable iterations = 0

        while not converged && iterations < 100 do
            iterations <- iterations + 1
            rates y f

            for c in 0 .. n - 1 do
                let h = 1e-7 * (1.0 + abs y[c])
                Array.blit y 0 shifted 0 n
                shifted[c] <- y[c] + h
                rates shifted fShifted

                for r in 0 .. n - 1 do
                    jacobian[r, c] <- (fShifted[r] - f[r]) / h

            let step = Array.map (fun x -> -x) f

            if solve jacobian step then
                for k in 0 .. n - 1 do
                    y[k] <- y[k] + step[k]

                converged <- Array.forall2 (fun (d: float) (x: float) -> abs d <= 1e-14 * (1.0 + abs x)) step y
            else
                iterations <- Int32.MaxValue

        if converged && Array.forall Double.IsFinite y then
            Some y
        else
            None
