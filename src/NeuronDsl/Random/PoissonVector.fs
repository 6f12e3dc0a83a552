namespace NeuronDsl

open System.Runtime.Intrinsics

/// <summary>Uniforms and Poisson counts of eight lanes at once, each lane bit for bit the scalar
/// <c>RandomStream</c> function of its words: integer arithmetic, exact conversions and the same double
/// operations, so a count drawn here equals the one <c>RandomStream.poisson</c> draws at its address (for means below
/// <c>RandomStream.PoissonInversionLimit</c>, which it draws by inversion).</summary>
[<RequireQualifiedAccess>]
module PoissonVector =
    /// <summary><c>RandomStream.uniformOfWords</c> lane by lane, of words 0 and 1 of <c>PhiloxVector.blocks</c>.</summary>
    let uniforms (high: Vector512<uint64>) (low: Vector512<uint64>) : Vector512<float> =
        let k =
            Vector512.BitwiseOr(Vector512.ShiftLeft(high, 21), Vector512.ShiftRightLogical(low, 11))

        // k < 2^53, so its conversion is exact, as the scalar `float k`.
        (Vector512.ConvertToDouble k + Vector512.Create 1.0)
        * Vector512.Create RandomStream.Epsilon53

    /// <summary>The cumulative probabilities P(N ≤ k) of a Poisson mean, summed as <c>RandomStream.poisson</c>'s
    /// inversion sums them, up to the first k whose probability underflows to 0: built once for many draws of one
    /// mean.</summary>
    /// <param name="mean">The mean, &gt; 0 and below <c>RandomStream.PoissonInversionLimit</c>.</param>
    /// <exception cref="System.ArgumentException">The mean is outside that range.</exception>
    let table (mean: float) =
        if not (mean > 0.0 && mean < RandomStream.PoissonInversionLimit) then
            invalidArg
                "mean"
                (sprintf
                    "mean = %g; expected > 0 and < %g (larger means are drawn by rejection)"
                    mean
                    RandomStream.PoissonInversionLimit)

        RandomStream.poissonTable (exp -mean) mean

    /// <summary>The table search of <c>RandomStream.poisson</c>'s inversion lane by lane, as doubles, as doubles: the first k below the table's last
    /// with u ≤ cumulative[k], else the last. The cumulative probabilities do not decrease, so that k is the number
    /// of entries before the last that u exceeds; the search stops at the first entry no lane exceeds.</summary>
    /// <param name="cumulative">A table from <c>table</c>.</param>
    /// <param name="u">Uniforms in (0, 1].</param>
    let countsFromTable (cumulative: float[]) (u: Vector512<float>) : Vector512<float> =
        let last = cumulative.Length - 1
        let mutable counts = Vector512<int64>.Zero
        let mutable k = 0
        let mutable more = true

        while more && k < last do
            let above = Vector512.GreaterThan(u, Vector512.Create cumulative[k])

            if Vector512.EqualsAll(above, Vector512<float>.Zero) then
                more <- false
            else
                // A set lane is all ones, −1 as an integer.
                counts <- counts - Vector512.AsInt64 above
                k <- k + 1

        Vector512.ConvertToDouble counts
