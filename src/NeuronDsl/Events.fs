namespace NeuronDsl

/// <summary>Locating events (spikes) inside a step.</summary>
[<RequireQualifiedAccess>]
module Events =
    /// <summary>
    /// Finds where g crosses zero upward on [0, 1], given g(0) &lt; 0 ≤ g(1): the Illinois variant of regula falsi,
    /// with bisection whenever the bracket fails to halve, to a bracket of 1e-15 (or 200 evaluations).
    /// </summary>
    /// <param name="g">The event function along the step, as a function of the fraction θ of the step.</param>
    /// <param name="g0">g(0), &lt; 0.</param>
    /// <param name="g1">g(1), ≥ 0.</param>
    /// <returns>The smallest θ found with g(θ) ≥ 0: the upper end of the final bracket.</returns>
    /// <example><c>Events.locateCrossing (fun x -> x - 0.25) -0.25 0.75</c> // evaluates to 0.25</example>
    let locateCrossing (g: float -> float) (g0: float) (g1: float) : float =
        if not (g0 < 0.0 && g1 >= 0.0) then
            invalidArg "g0" (sprintf "g0 = %g, g1 = %g; expected g0 < 0 <= g1" g0 g1)

        let mutable lo, flo = 0.0, g0
        let mutable hi, fhi = 1.0, g1
        let mutable side = 0
        let mutable iterations = 0
        let mutable lastWidth = 1.0

        while hi - lo > 1e-15 && fhi <> 0.0 && iterations < 200 do
            iterations <- iterations + 1
            let secant = (lo * fhi - hi * flo) / (fhi - flo)
            // Every third evaluation, bisect unless the bracket halved meanwhile: guarantees linear convergence.
            let x =
                if
                    not (secant > lo && secant < hi)
                    || (iterations % 3 = 0 && hi - lo > 0.5 * lastWidth)
                then
                    0.5 * (lo + hi)
                else
                    secant

            if iterations % 3 = 0 then
                lastWidth <- hi - lo

            let fx = g x

            if fx < 0.0 then
                lo <- x
                flo <- fx

                if side = -1 then
                    fhi <- 0.5 * fhi

                side <- -1
            else
                hi <- x
                fhi <- fx

                if side = 1 then
                    flo <- 0.5 * flo

                side <- 1

        hi
