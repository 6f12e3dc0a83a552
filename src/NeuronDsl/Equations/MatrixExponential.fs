namespace NeuronDsl

open System
open MathNet.Numerics.LinearAlgebra

/// <summary>
/// The matrix exponential by scaling and squaring with the [13/13] Padé approximant (Higham, "The scaling and
/// squaring method for the matrix exponential revisited", SIAM J. Matrix Anal. Appl. 26 (2005) 1179–1193), the
/// algorithm of MATLAB's expm; MathNet.Numerics 5.0 has none.
/// </summary>
/// <remarks>Backward error below double precision's unit roundoff for every matrix (Higham 2005, Table 2.3).</remarks>
[<RequireQualifiedAccess>]
module MatrixExponential =
    let private coefficients =
        [| 64764752532480000.0
           32382376266240000.0
           7771770303897600.0
           1187353796428800.0
           129060195264000.0
           10559470521600.0
           670442572800.0
           33522128640.0
           1323241920.0
           40840800.0
           960960.0
           16380.0
           182.0
           1.0 |]

    /// <summary>θ13: the largest 1-norm for which the [13/13] approximant needs no scaling.</summary>
    let private theta13 = 5.371920351148152

    /// <summary>e^M.</summary>
    /// <param name="m">A square matrix.</param>
    /// <returns>Its exponential.</returns>
    /// <example><c>MatrixExponential.exp (Matrix&lt;float&gt;.Build.DenseOfArray(array2D [ [ 0.0 ] ]))</c> // evaluates to [[1.0]]</example>
    let exp (m: Matrix<float>) : Matrix<float> =
        let norm = m.L1Norm()

        let s =
            if norm > theta13 then
                int (Math.Ceiling(Math.Log2(norm / theta13)))
            else
                0

        let a = m / Math.Pow(2.0, float s)
        let b = coefficients
        let identity = Matrix<float>.Build.DenseIdentity(m.RowCount)
        let a2 = a * a
        let a4 = a2 * a2
        let a6 = a4 * a2

        let u =
            a
            * (a6 * (b[13] * a6 + b[11] * a4 + b[9] * a2)
               + b[7] * a6
               + b[5] * a4
               + b[3] * a2
               + b[1] * identity)

        let v =
            a6 * (b[12] * a6 + b[10] * a4 + b[8] * a2)
            + b[6] * a6
            + b[4] * a4
            + b[2] * a2
            + b[0] * identity

        let mutable r = (v - u).Solve(v + u)

        for _ in 1..s do
            r <- r * r

        r
