namespace NeuronDsl

open System.Runtime.CompilerServices
open System.Runtime.Intrinsics

/// <summary>
/// ln(e) on eight doubles for e in [e^−1/2, e^1/2], where <c>MathFunctions.Exprel</c> takes Kahan's quotient: within
/// an ulp of <c>Math.Log</c> there, without a branch or call, so that it inlines into the compiled kernels.
/// </summary>
/// <remarks>
/// With c = 1 + j/16 (j = round(16(e − 1)) in −6..9, an exact number), ln e = ln c + ln(1 + v) where v = (e − c)/c:
/// e − c is exact, and v is carried as v + v_lo (the rounding of v recovered with an FMA, exact since c has 5 bits),
/// so |v| ≤ 0.0551. ln(1 + v) = v − v²/2 + v³·P(v), P of degree 8 fitted on [−0.0552, 0.0552] (absolute error of
/// v³P below 2^−61.6). ln c is a table in two parts; its head and v add exactly (Fast2Sum), the small parts after.
/// bench/accuracy/log_table.py computes the tables and P.
/// </remarks>
[<AbstractClass; Sealed>]
type internal VectorLog =
    /// <summary>ln(e) lane by lane for e in [e^−1/2, e^1/2]; anything elsewhere.</summary>
    [<MethodImpl(MethodImplOptions.AggressiveInlining)>]
    static member NearOne(e: Vector512<float>) : Vector512<float> =
        let inline c (v: float) = Vector512.Create v

        let inline fma (a: Vector512<float>) b addend =
            Vector512.FusedMultiplyAdd(a, b, addend)

        let inline lookup (lower: Vector512<float>) (upper: Vector512<float>) index =
            VectorExp.Lookup(lower.AsUInt64(), upper.AsUInt64(), index).AsDouble()

        let f = e - c 1.0 // exact for e in [1/2, 2]
        let j = Vector512.Min(Vector512.Max(Vector512.Round(f * c 16.0), c -6.0), c 9.0)
        // 1.5·2^52 + 6: adding it puts j + 6, the table index, in the low bits.
        let index = (j + c 6755399441055750.0).AsUInt64()
        let u = fma j (c -0.0625) f // e − c, exact
        let cj = fma j (c 0.0625) (c 1.0)

        let inverse =
            lookup
                (Vector512.Create(
                    1.6,
                    1.4545454545454546,
                    1.3333333333333333,
                    1.2307692307692308,
                    1.1428571428571428,
                    1.0666666666666667,
                    1.0,
                    0.9411764705882353
                ))
                (Vector512.Create(
                    0.8888888888888888,
                    0.8421052631578947,
                    0.8,
                    0.7619047619047619,
                    0.7272727272727273,
                    0.6956521739130435,
                    0.6666666666666666,
                    0.64
                ))
                index

        let v = u * inverse
        let vLow = fma (fma -v cj u) inverse (c 0.0)

        let logHigh =
            lookup
                (Vector512.Create(
                    -0.4700036292457356,
                    -0.3746934494414107,
                    -0.2876820724517809,
                    -0.2076393647782445,
                    -0.13353139262452263,
                    -0.06453852113757118,
                    0.0,
                    0.06062462181643484
                ))
                (Vector512.Create(
                    0.11778303565638346,
                    0.17185025692665923,
                    0.22314355131420976,
                    0.27193371548364176,
                    0.3184537311185346,
                    0.3629054936893685,
                    0.4054651081081644,
                    0.44628710262841953
                ))
                index

        let logLow =
            lookup
                (Vector512.Create(
                    2.3229412495470032e-17,
                    3.9243112288632396e-18,
                    -2.607160616442564e-17,
                    -1.2053243216686129e-17,
                    3.664457663660085e-18,
                    6.470486661692933e-18,
                    0.0,
                    2.6424025938726934e-18
                ))
                (Vector512.Create(
                    -1.1971685747593677e-18,
                    -6.0224538210113705e-18,
                    -9.091270597324799e-18,
                    7.83319637697442e-19,
                    2.7114779367326236e-17,
                    -2.1492361455310972e-17,
                    -2.8811380259626426e-18,
                    -1.8182541194649598e-17
                ))
                index

        let p = fma v (c 0.09143855933957876) (c -0.10057356578211678)
        let p = fma v p (c 0.11110989961706985)
        let p = fma v p (c -0.1249986876233427)
        let p = fma v p (c 0.1428571438831008)
        let p = fma v p (c -0.1666666677780509)
        let p = fma v p (c 0.1999999999997655)
        let p = fma v p (c -0.24999999999974598)
        let p = fma v p (c 0.3333333333333333)
        let v2 = v * v
        let tail = fma (v2 * v) p (v2 * c -0.5)
        // |ln c| ≥ |v| (or ln c = 0): the sum's rounding error is (ln c − w) + v exactly.
        let w = logHigh + v
        let error = logHigh - w + v
        w + (error + logLow + vLow + tail)
