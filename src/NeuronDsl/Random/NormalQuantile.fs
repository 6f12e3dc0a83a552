namespace NeuronDsl

open System.Runtime.Intrinsics

/// <summary>
/// The standard normal quantile Φ⁻¹ by Wichura's algorithm AS 241 (PPND16), "The percentage points of the normal
/// distribution", Applied Statistics 37 (1988) 477–484: rational functions of degree 7 in three ranges, accurate to
/// about 1 part in 10^16. The central range (|p − ½| ≤ 0.425, 85 % of draws) needs only multiplications, additions
/// and one division; the tails one logarithm and one square root. Normal deviates by inversion take one uniform
/// each, so a 128-bit Philox block gives two of them without the sine, cosine and logarithm of Box–Muller.
/// </summary>
[<RequireQualifiedAccess>]
module NormalQuantile =
    /// <summary>2^-53.</summary>
    [<Literal>]
    let private Epsilon53 = 1.1102230246251565e-16

    // The coefficients of AS 241, highest degree first: central range (a/b), r ≤ 5 (c/d), r > 5 (e/f).
    let private a =
        [| 2.5090809287301226727e3
           3.3430575583588128105e4
           6.7265770927008700853e4
           4.5921953931549871457e4
           1.3731693765509461125e4
           1.9715909503065514427e3
           1.3314166789178437745e2
           3.3871328727963666080 |]

    let private b =
        [| 5.2264952788528545610e3
           2.8729085735721942674e4
           3.9307895800092710610e4
           2.1213794301586595867e4
           5.3941960214247511077e3
           6.8718700749205790830e2
           4.2313330701600911252e1
           1.0 |]

    let private c =
        [| 7.74545014278341407640e-4
           2.27238449892691845833e-2
           2.41780725177450611770e-1
           1.27045825245236838258
           3.64784832476320460504
           5.76949722146069140550
           4.63033784615654529590
           1.42343711074968357734 |]

    let private d =
        [| 1.05075007164441684324e-9
           5.47593808499534494600e-4
           1.51986665636164571966e-2
           1.48103976427480074590e-1
           6.89767334985100004550e-1
           1.67638483018380384940
           2.05319162663775882187
           1.0 |]

    let private e =
        [| 2.01033439929228813265e-7
           2.71155556874348757815e-5
           1.24266094738807843860e-3
           2.65321895265761230930e-2
           2.96560571828504891230e-1
           1.78482653991729133580
           5.46378491116411436990
           6.65790464350110377720 |]

    let private f =
        [| 2.04426310338993978564e-15
           1.42151175831644588870e-7
           1.84631831751005468180e-5
           7.86869131145613259100e-4
           1.48753612908506148525e-2
           1.36929880922735805310e-1
           5.99832206555887937690e-1
           1.0 |]

    /// Horner's rule, highest degree first: ((c0·r + c1)·r + …) + c7.
    let private horner (coefficients: float[]) (r: float) =
        let mutable sum = coefficients[0]

        for i in 1 .. coefficients.Length - 1 do
            sum <- sum * r + coefficients[i]

        sum

    /// The same operations, in the same order, on eight lanes: each lane's bits equal the scalar's.
    let private hornerVector (coefficients: float[]) (r: Vector512<float>) =
        let mutable sum = Vector512.Create coefficients[0]

        for i in 1 .. coefficients.Length - 1 do
            sum <- sum * r + Vector512.Create coefficients[i]

        sum

    /// <summary>Φ⁻¹(½ + q) for q in (−½, ½), q given exactly so that the tail probability ½ − |q| never rounds
    /// to 0 or loses digits.</summary>
    /// <param name="q">The probability minus ½.</param>
    /// <example><c>NormalQuantile.ofCentred 0.0</c> // evaluates to 0.0</example>
    let ofCentred (q: float) =
        if abs q <= 0.425 then
            let r = 0.180625 - q * q
            q * horner a r / horner b r
        else
            let r = sqrt (-log(0.5 - abs q))

            let z =
                if r <= 5.0 then
                    horner c (r - 1.6) / horner d (r - 1.6)
                else
                    horner e (r - 5.0) / horner f (r - 5.0)

            if q < 0.0 then -z else z

    /// <summary>A standard normal deviate from 53 random bits (the 32 of <c>high</c>, the top 21 of <c>low</c>):
    /// Φ⁻¹ at the midpoint (k + ½)·2^-53 of the k-th of 2^53 equal cells of (0, 1), computed as ½ + q with q exact.
    /// Symmetric (the cells pair up around ½), never infinite (|z| ≤ 8.3).</summary>
    /// <example><c>NormalQuantile.ofWords 0x80000000u 0u</c> // evaluates to Φ⁻¹(½ + 2^-54), about 1.4e-16</example>
    let ofWords (high: uint32) (low: uint32) =
        let k = (int64 high <<< 21) ||| int64 (low >>> 11)
        ofCentred ((float (k - 4503599627370496L) + 0.5) * Epsilon53)

    /// <summary><c>ofWords</c> on eight lanes (the high and low words in the low halves of 64-bit lanes), bit for bit:
    /// the central range by the same operations on vectors, the tails lane by lane.</summary>
    /// <param name="high">The words giving the high 32 bits.</param>
    /// <param name="low">The words giving the low 21 bits.</param>
    let ofWordVectors (high: Vector512<uint64>) (low: Vector512<uint64>) : Vector512<float> =
        let k =
            Vector512.BitwiseOr(Vector512.ShiftLeft(high, 21), Vector512.ShiftRightLogical(low, 11))

        let centred =
            Vector512.ConvertToDouble(Vector512.AsInt64 k - Vector512.Create 4503599627370496L)

        let q = (centred + Vector512.Create 0.5) * Vector512.Create Epsilon53
        let r = Vector512.Create 0.180625 - q * q
        let central = q * hornerVector a r / hornerVector b r
        let tails = Vector512.GreaterThan(Vector512.Abs q, Vector512.Create 0.425)

        let lanes = Vector512.ExtractMostSignificantBits tails
        let mutable z = central

        for lane in 0..7 do
            if (lanes >>> lane) &&& 1UL = 1UL then
                z <- Vector512.WithElement(z, lane, ofCentred (Vector512.GetElement(q, lane)))

        z
