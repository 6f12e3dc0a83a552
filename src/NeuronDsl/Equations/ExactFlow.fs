namespace NeuronDsl

open System
open System.Buffers
open System.Linq.Expressions
open MathNet.Numerics.LinearAlgebra

/// <summary>
/// The exact flow of a linear model (see <c>LinearForm</c>) under a constant input I over a step h:
/// y(h) = y0 + h·φ1(hA)·(A·y0 + b + c·I), with φ1(z) = (e^z − 1)/z, exact for singular A too (a perfect
/// integrator has A = 0).
/// </summary>
/// <remarks>
/// One variable: the closed form y0 + h·exprel(a·h)·(a·y0 + b + c·I), compiled straight-line. Several: per parameter
/// set (cached; recomputed when the parameters change), A is eigen-decomposed once, A = V·Λ·V⁻¹; when every
/// eigenvalue is real and cond∞(V) ≤ 10⁴, a step costs two n×n products and n calls of exprel:
/// y1 = y0 + V·(h·exprel(λ h) ⊙ V⁻¹(A·y0 + b + c·I)), accurate to about cond(V)·ε relative to the increment.
/// Otherwise (complex eigenvalues, nearly equal eigenvalues, defective A) each step takes the exponential of the
/// augmented matrix [[A h, v h], [0, 0]] (v = A·y0 + b + c·I, normalised) by Padé scaling and squaring, whose last
/// column is h·φ1(hA)·v; that costs O(n³) per step. The cache keeps the last parameter set only: a population with
/// one parameter set per neuron should group neurons by parameters.
/// </remarks>
[<RequireQualifiedAccess>]
module ExactFlow =
    /// <summary>The name the closed form uses for the step h (not a valid identifier, so it clashes with none).</summary>
    let private stepName = "$h"

    /// <summary>b + c·I, or b without an input.</summary>
    let private forcing (model: CheckedEquations) (form: LinearForm) (i: int) =
        match model.Input with
        | Some input -> Binary(Add, form.Offset[i], Binary(Multiply, form.InputGain[i], Name input.Name))
        | None -> form.Offset[i]

    /// <summary>The one-variable closed form y0 + h·exprel(a·h)·(a·y0 + b + c·I) as an expression over the state's
    /// name (y0), the parameters, the input and the step, named "$h".</summary>
    /// <param name="model">A checked model with one state.</param>
    /// <param name="form">Its linear form.</param>
    /// <returns>The state after h.</returns>
    let scalar (model: CheckedEquations) (form: LinearForm) : Expr =
        let a = form.Matrix[0, 0]
        let y0 = Name model.States[0].Name
        let h = Name stepName
        let slope = Binary(Add, Binary(Multiply, a, y0), forcing model form 0)
        let phi = Binary(Multiply, h, Call(Exprel, [ Binary(Multiply, a, h) ]))
        Binary(Add, y0, Binary(Multiply, phi, slope)) |> Simplify.expression

    let private flowParameters () =
        Expression.Parameter(typeof<float[]>, "parameters"),
        Expression.Parameter(typeof<float>, "input"),
        Expression.Parameter(typeof<float>, "h"),
        Expression.Parameter(typeof<float[]>, "y0"),
        Expression.Parameter(typeof<float[]>, "y1")

    let private compileScalar (model: CheckedEquations) (form: LinearForm) : FlowKernel =
        let p, i, h, y0, y1 = flowParameters ()
        let noTime = Expression.Constant nan

        let resolve =
            Emit.resolver model y0 p i noTime (fun n ->
                if n = stepName then
                    h
                else
                    invalidOp (sprintf "unknown name %s" n))

        let body =
            Emit.block resolve [| scalar model form |] (fun _ v -> Emit.storeAt y1 0 v)

        Expression.Lambda<FlowKernel>(body, [| p; i; h; y0; y1 |]).Compile()

    /// <summary>A, b, c evaluated for one parameter set, with the eigen-decomposition when it is usable.</summary>
    type private Prepared =
        { Parameters: float[]
          A: float[,]
          Offset: float[]
          Gain: float[]
          Eigen: (float[] * float[,] * float[,]) option }

    let private conditionLimit = 1e4

    let private eigen (a: Matrix<float>) =
        try
            let evd = a.Evd()
            let values = evd.EigenValues.ToArray()
            let v = evd.EigenVectors
            let w = v.Inverse()
            let condition = v.InfinityNorm() * w.InfinityNorm()

            if
                values |> Array.forall (fun z -> z.Imaginary = 0.0)
                && Double.IsFinite condition
                && condition <= conditionLimit
            then
                Some(values |> Array.map (fun z -> z.Real), v.ToArray(), w.ToArray())
            else
                None
        with :? ArithmeticException ->
            None

    let private prepare (n: int) (coefficients: Action<float[], float[]>) (parameters: float[]) =
        let buffer = Array.zeroCreate (n * n + 2 * n)
        coefficients.Invoke(parameters, buffer)
        let a = Array2D.init n n (fun i j -> buffer[i * n + j])

        { Parameters = Array.copy parameters
          A = a
          Offset = buffer[n * n .. n * n + n - 1]
          Gain = buffer[n * n + n ..]
          Eigen =
            if Seq.forall Double.IsFinite buffer then
                eigen (Matrix<float>.Build.DenseOfArray a)
            else
                None }

    /// <summary>v = A·y0 + b + c·I into v.</summary>
    let private slope (q: Prepared) (input: float) (y0: float[]) (v: float[]) =
        let n = y0.Length

        for i in 0 .. n - 1 do
            let mutable s = 0.0

            for j in 0 .. n - 1 do
                s <- s + q.A[i, j] * y0[j]

            v[i] <- s + (q.Offset[i] + q.Gain[i] * input)

    let private stepEigen (values: float[], vectors: float[,], inverse: float[,]) h (v: float[]) (r: float[]) y0 y1 =
        let n = values.Length

        for k in 0 .. n - 1 do
            let mutable s = 0.0

            for j in 0 .. n - 1 do
                s <- s + inverse[k, j] * v[j]

            r[k] <- h * MathFunctions.Exprel(values[k] * h) * s

        for i in 0 .. n - 1 do
            let mutable s = 0.0

            for k in 0 .. n - 1 do
                s <- s + vectors[i, k] * r[k]

            (y1: float[])[i] <- (y0: float[])[i] + s

    let private stepPade (a: float[,]) (h: float) (v: float[]) (y0: float[]) (y1: float[]) =
        let n = v.Length
        let scale = v |> Array.fold (fun m x -> max m (abs x)) 0.0

        if scale = 0.0 then
            Array.blit y0 0 y1 0 n
        else
            let augmented =
                Matrix<float>
                    .Build.Dense(
                        n + 1,
                        n + 1,
                        fun i j ->
                            if i = n then 0.0
                            elif j = n then v[i] / scale * h
                            else a[i, j] * h
                    )

            let e = MatrixExponential.exp augmented

            for i in 0 .. n - 1 do
                y1[i] <- y0[i] + e[i, n] * scale

    /// <summary>Holds the last prepared parameter set; replaced whole, so concurrent callers never see a mix.</summary>
    type private Cache(n: int, coefficients: Action<float[], float[]>) =
        let mutable last: Prepared option = None

        member _.For(parameters: float[]) : Prepared =
            match last with
            | Some q when q.Parameters.AsSpan().SequenceEqual(ReadOnlySpan parameters) -> q
            | _ ->
                let q = prepare n coefficients parameters
                last <- Some q
                q

    let private compileCoefficients (model: CheckedEquations) (form: LinearForm) =
        let p = Expression.Parameter(typeof<float[]>, "parameters")
        let out = Expression.Parameter(typeof<float[]>, "coefficients")
        let unavailable = Expression.Constant nan

        let resolve =
            Emit.resolver model unavailable p unavailable unavailable (fun n -> invalidOp n)

        let roots =
            Array.concat [ Seq.cast<Expr> form.Matrix |> Array.ofSeq; form.Offset; form.InputGain ]
            |> Array.map Simplify.expression

        let body = Emit.block resolve roots (Emit.storeAt out)
        Expression.Lambda<Action<float[], float[]>>(body, [| p; out |]).Compile()

    let private compileMatrix (model: CheckedEquations) (form: LinearForm) : FlowKernel =
        let n = model.States.Length
        let cache = Cache(n, compileCoefficients model form)

        FlowKernel(fun parameters input h y0 y1 ->
            let q = cache.For parameters
            let v = ArrayPool<float>.Shared.Rent n
            let r = ArrayPool<float>.Shared.Rent n
            slope q input y0 v

            match q.Eigen with
            | Some decomposition -> stepEigen decomposition h v r y0 y1
            | None -> stepPade q.A h v[.. n - 1] y0 y1

            ArrayPool<float>.Shared.Return v
            ArrayPool<float>.Shared.Return r)

    /// <summary>The exact flow of a linear model, compiled.</summary>
    /// <param name="model">A checked model.</param>
    /// <param name="form">Its linear form (from <c>Linearity.tryLinear</c>).</param>
    /// <returns>The flow: parameters, constant input, step h (ms), y0 → y1.</returns>
    let compile (model: CheckedEquations) (form: LinearForm) : FlowKernel =
        if model.States.Length = 1 then
            compileScalar model form
        else
            compileMatrix model form
