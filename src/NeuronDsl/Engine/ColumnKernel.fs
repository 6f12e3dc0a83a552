namespace NeuronDsl

open System
open System.Collections.Generic
open System.Linq.Expressions
open MathNet.Numerics.LinearAlgebra

/// <summary>
/// One fixed step of a method for the neurons [start, finish) of a population, over columns: <c>states[k][i]</c> is
/// state k of neuron i. Neurons that need more than the plain step (a spike inside it, a refractory period that ends
/// in it, a non-finite result) are left untouched and their indices written to <c>pending</c>; returns how many.
/// </summary>
type internal ColumnKernel =
    delegate of
        states: float[][] *
        parameters: float[][] *
        coefficients: float[][] *
        input: float[] *
        stageInputs: float[] *
        spike: float[] *
        refractoryEnd: float[] *
        t: float *
        h: float *
        t1: float *
        start: int *
        finish: int *
        pending: int[] ->
            int

/// <summary>
/// The parts every column kernel shares: its parameters (those of <c>ColumnKernel</c>), its local variables, the
/// prologue run once per call (column loads, constants), the neuron index and the pending count; <c>Assemble</c> wraps
/// a loop over [start, finish) into the compiled kernel.
/// </summary>
type internal KernelFrame() =
    let p name (t: Type) = Expression.Parameter(t, name)
    let variables = ResizeArray<ParameterExpression>()
    let prologue = ResizeArray<Expression>()

    let local (t: Type) (name: string) =
        let v = Expression.Variable(t, name)
        variables.Add v
        v

    let states = p "states" typeof<float[][]>
    let parameters = p "parameters" typeof<float[][]>
    let coefficients = p "coefficients" typeof<float[][]>
    let input = p "input" typeof<float[]>
    let stageInputs = p "stageInputs" typeof<float[]>
    let spike = p "spike" typeof<float[]>
    let refractoryEnd = p "refractoryEnd" typeof<float[]>
    let t = p "t" typeof<float>
    let h = p "h" typeof<float>
    let t1 = p "t1" typeof<float>
    let start = p "start" typeof<int>
    let finish = p "finish" typeof<int>
    let pending = p "pending" typeof<int[]>
    let i = local typeof<int> "i"
    let count = local typeof<int> "count"

    member _.States = states
    member _.Parameters = parameters
    member _.Coefficients = coefficients
    member _.Input = input
    member _.StageInputs = stageInputs
    member _.Spike = spike
    member _.RefractoryEnd = refractoryEnd
    member _.T = t
    member _.H = h
    member _.T1 = t1
    member _.Finish = finish
    member _.Pending = pending
    /// <summary>The neuron index.</summary>
    member _.I = i
    /// <summary>How many neurons were left pending.</summary>
    member _.Count = count
    /// <summary>A new local variable of the kernel.</summary>
    member _.Local(t: Type, name: string) = local t name
    /// <summary>Adds an expression run once per call, before the loop.</summary>
    member _.Prologue(e: Expression) = prologue.Add e

    /// <summary>A local holding column k of a column-array parameter, loaded in the prologue.</summary>
    member _.Column(source: ParameterExpression, k: int, name: string) =
        let c = local typeof<float[]> name
        prologue.Add(Expression.Assign(c, Expression.ArrayIndex(source, Expression.Constant k)))
        c

    /// <summary>The kernel: prologue, i = start, count = 0, the loop, then count.</summary>
    member _.Assemble(loop: Expression) : ColumnKernel =
        let body =
            Expression.Block(
                variables,
                Seq.append
                    prologue
                    [ Expression.Assign(i, start) :> Expression
                      Expression.Assign(count, Expression.Constant 0)
                      loop
                      count ]
            )

        Expression
            .Lambda<ColumnKernel>(
                body,
                [| states
                   parameters
                   coefficients
                   input
                   stageInputs
                   spike
                   refractoryEnd
                   t
                   h
                   t1
                   start
                   finish
                   pending |]
            )
            .Compile()

/// <summary>The fixed-step methods the column kernels implement.</summary>
type internal ColumnMethod =
    /// <summary>y1 = Φ·y0 + d + e·I with Φ, d, e precomputed for the step (<c>ColumnKernels.exactCoefficients</c>).</summary>
    | ExactStep
    /// <summary>The classic Runge–Kutta method, the arithmetic of <c>RungeKutta4Stepper</c>.</summary>
    | RungeKutta4Step
    /// <summary>Exponential Euler, the arithmetic of <c>ExponentialEulerStepper</c>.</summary>
    | ExponentialEulerStep

/// <summary>
/// Compiles column kernels from checked equations with System.Linq.Expressions: one loop over a chunk of neurons whose
/// body is the method's step written out, with the model's rates inlined (<c>Emit.block</c>), shared parameters as
/// constants and per-neuron parameters read from their columns.
/// </summary>
/// <remarks>
/// The per-neuron arithmetic is that of the solvers' steppers over the per-neuron kernels (<c>CompiledEquations</c>),
/// operation for operation, so a neuron's plain step gives the same bits in a population as alone (exact integration
/// excepted: its propagator is precomputed for the fixed step).
/// </remarks>
module internal ColumnKernels =
    type private E = Expression

    /// <summary>An expression with its definitions inlined and simplified, as every column kernel evaluates it.</summary>
    let lowered (model: CheckedEquations) (e: Expr) =
        e |> Differentiation.inlineDefinitions model.Definitions |> Simplify.expression

    let private isFinite = typeof<Double>.GetMethod("IsFinite", [| typeof<float> |])
    let private exp = typeof<Math>.GetMethod("Exp", [| typeof<float> |])
    let private abs = typeof<Math>.GetMethod("Abs", [| typeof<float> |])

    /// <summary>The linear form's propagator for a step h, as y1 = y0 + M·(A·y0 + (b + c·I)) with
    /// M = h·φ1(hA) (h·exprel(a h) for one variable, as <c>ExactFlow.scalar</c> writes it): 2n² + 2n numbers,
    /// M row by row, A row by row, then b, then c. The increment form keeps the rounding of a step at the last bit of
    /// y0.</summary>
    let exactCoefficients (form: LinearForm) (h: float) (lookup: string -> float) : float[] =
        let n = form.Offset.Length
        let value = Interpreter.evaluate lookup
        let a = Array2D.map value form.Matrix
        let b = Array.map value form.Offset
        let c = Array.map value form.InputGain

        let m =
            if n = 1 then
                Array2D.create 1 1 (h * MathFunctions.Exprel(a[0, 0] * h))
            else
                let augmented =
                    Matrix<float>
                        .Build.Dense(
                            2 * n,
                            2 * n,
                            fun i j ->
                                if i >= n then 0.0
                                elif j < n then a[i, j] * h
                                elif j - n = i then h
                                else 0.0
                        )

                let e = MatrixExponential.exp augmented
                Array2D.init n n (fun i j -> e[i, n + j])

        Array.concat
            [ Array.init (n * n) (fun r -> m[r / n, r % n])
              Array.init (n * n) (fun r -> a[r / n, r % n])
              b
              c ]

    /// <summary>φ(z) = (e^z − 1)/z as <c>Numerics.phi</c> computes it (a series below |z| = 0.01).</summary>
    let private phi (z: ParameterExpression) : Expression =
        let c (v: float) = E.Constant v :> Expression

        let series =
            E.Add(
                c 1.0,
                E.Multiply(
                    z,
                    E.Add(
                        c (1.0 / 2.0),
                        E.Multiply(
                            z,
                            E.Add(
                                c (1.0 / 6.0),
                                E.Multiply(
                                    z,
                                    E.Add(
                                        c (1.0 / 24.0),
                                        E.Multiply(z, E.Add(c (1.0 / 120.0), E.Multiply(z, c (1.0 / 720.0))))
                                    )
                                )
                            )
                        )
                    )
                )
            )

        E.Condition(E.LessThan(E.Call(abs, z), c 0.01), series, E.Divide(E.Subtract(E.Call(exp, z), c 1.0), z))

    /// <summary>Compiles the kernel of a method for a model whose parameters (and exact coefficients) are laid out
    /// as given; the input is a column when <paramref name="inputPerNeuron"/>, else three shared stage values.</summary>
    let compile
        (compiled: CompiledEquations)
        (method: ColumnMethod)
        (parameters: Column[])
        (coefficients: Column[])
        (inputPerNeuron: bool)
        : ColumnKernel =
        let model = compiled.Checked
        let n = model.States.Length
        let frame = KernelFrame()

        let statesP, parametersP, coefficientsP =
            frame.States, frame.Parameters, frame.Coefficients

        let inputP, stageP, spikeP, refractoryP =
            frame.Input, frame.StageInputs, frame.Spike, frame.RefractoryEnd

        let tP, hP, t1P, finishP, pendingP =
            frame.T, frame.H, frame.T1, frame.Finish, frame.Pending

        let local (t: Type) (name: string) = frame.Local(t, name)

        let doubles name =
            Array.init n (fun k -> local typeof<float> (sprintf "%s%d" name k))

        let i, count = frame.I, frame.Count

        let stateColumns =
            Array.init n (fun k -> frame.Column(statesP, k, sprintf "column%d" k))

        let columnReader (source: ParameterExpression) (layout: Column[]) (name: string) =
            layout
            |> Array.mapi (fun k c ->
                match c with
                | Constant v -> fun () -> E.Constant v :> Expression
                | PerNeuron _ ->
                    let column = frame.Column(source, k, sprintf "%s%d" name k)
                    fun () -> E.ArrayIndex(column, i) :> Expression)

        let readParameter = columnReader parametersP parameters "parameter"
        let readCoefficient = columnReader coefficientsP coefficients "coefficient"

        let half = local typeof<float> "half"
        let sixth = local typeof<float> "sixth"
        let tHalf = local typeof<float> "tHalf"
        let tEnd = local typeof<float> "tEnd"
        frame.Prologue(E.Assign(half, E.Multiply(E.Constant 0.5, hP)))
        frame.Prologue(E.Assign(sixth, E.Divide(hP, E.Constant 6.0)))
        frame.Prologue(E.Assign(tHalf, E.Add(tP, half)))
        frame.Prologue(E.Assign(tEnd, E.Add(tP, hP)))

        // Input at the step's start, middle and end: per neuron one value; shared, three loaded once per call.
        let neuronInput = local typeof<float> "neuronInput"

        let stageInputs =
            if inputPerNeuron then
                [| neuronInput; neuronInput; neuronInput |]
            else
                Array.init 3 (fun s ->
                    let v = local typeof<float> (sprintf "stageInput%d" s)
                    frame.Prologue(E.Assign(v, E.ArrayIndex(stageP, E.Constant s)))
                    v)

        let stateIndex = Dictionary<string, int>()
        let parameterIndex = Dictionary<string, int>()

        for k, s in Array.indexed model.States do
            stateIndex[s.Name] <- k

        for k, d in Array.indexed model.Parameters do
            parameterIndex[d.Name] <- k

        let inputName = model.Input |> Option.map (fun d -> d.Name)

        let resolve (ys: ParameterExpression[]) (input: Expression) (time: Expression) (name: string) : Expression =
            match stateIndex.TryGetValue name with
            | true, k -> ys[k]
            | _ ->
                match parameterIndex.TryGetValue name with
                | true, k -> readParameter[k]()
                | _ when Some name = inputName -> input
                | _ when name = "t" -> time
                | _ -> invalidOp (sprintf "ColumnKernels: '%s' is not a state, parameter, input or t" name)

        let rateRoots = model.Rates |> Array.map (lowered model)

        let rates (ys: ParameterExpression[]) (input: Expression) (time: Expression) (out: ParameterExpression[]) =
            Emit.block (resolve ys input time) rateRoots (fun k v -> E.Assign(out[k], v) :> Expression)

        let y0 = doubles "y"
        let y1 = doubles "next"
        let body = ResizeArray<Expression>()

        for k in 0 .. n - 1 do
            body.Add(E.Assign(y0[k], E.ArrayIndex(stateColumns[k], i)))

        match method with
        | RungeKutta4Step ->
            let k1, k2, k3, k4, stage =
                doubles "k1", doubles "k2", doubles "k3", doubles "k4", doubles "stage"

            let stageFrom (scale: Expression) (slope: ParameterExpression[]) =
                for k in 0 .. n - 1 do
                    body.Add(E.Assign(stage[k], E.Add(y0[k], E.Multiply(scale, slope[k]))))

            body.Add(rates y0 stageInputs[0] tP k1)
            stageFrom half k1
            body.Add(rates stage stageInputs[1] tHalf k2)
            stageFrom half k2
            body.Add(rates stage stageInputs[1] tHalf k3)
            stageFrom hP k3
            body.Add(rates stage stageInputs[2] tEnd k4)

            for k in 0 .. n - 1 do
                let weighted =
                    E.Add(E.Add(k1[k], E.Multiply(E.Constant 2.0, E.Add(k2[k], k3[k]))), k4[k])

                body.Add(E.Assign(y1[k], E.Add(y0[k], E.Multiply(sixth, weighted))))
        | ExponentialEulerStep ->
            let f, b = doubles "f", doubles "b"
            let z = local typeof<float> "z"

            let roots = Array.append rateRoots (Differentiation.diagonal model)

            let store k v =
                if k < n then
                    E.Assign(f[k], v) :> Expression
                else
                    E.Assign(b[k - n], v) :> Expression

            body.Add(Emit.block (resolve y0 stageInputs[0] tP) roots store)

            for k in 0 .. n - 1 do
                body.Add(E.Assign(z, E.Multiply(b[k], hP)))
                body.Add(E.Assign(y1[k], E.Add(y0[k], E.Multiply(E.Multiply(hP, phi z), f[k]))))
        | ExactStep ->
            let v = doubles "v"

            for r in 0 .. n - 1 do
                let mutable sum = E.Multiply(readCoefficient[n * n + r * n](), y0[0]) :> Expression

                for c in 1 .. n - 1 do
                    sum <- E.Add(sum, E.Multiply(readCoefficient[n * n + r * n + c](), y0[c]))

                let forcing =
                    if model.Input.IsSome then
                        E.Add(
                            readCoefficient[2 * n * n + r](),
                            E.Multiply(readCoefficient[2 * n * n + n + r](), stageInputs[0])
                        )
                        :> Expression
                    else
                        readCoefficient[2 * n * n + r]()

                body.Add(E.Assign(v[r], E.Add(sum, forcing)))

            for r in 0 .. n - 1 do
                let mutable sum = E.Multiply(readCoefficient[r * n](), v[0]) :> Expression

                for c in 1 .. n - 1 do
                    sum <- E.Add(sum, E.Multiply(readCoefficient[r * n + c](), v[c]))

                body.Add(E.Assign(y1[r], E.Add(y0[r], sum)))

        // Plain outcome: finite, no upward crossing of the spike function. Anything else is left to the per-neuron path.
        let g1 = local typeof<float> "g1"
        let g0 = local typeof<float> "g0"
        let nan = E.Constant Double.NaN :> Expression

        let spikeValue =
            match model.SpikeFunction with
            | Some g -> Emit.block (resolve y1 nan nan) [| lowered model g |] (fun _ v -> E.Assign(g1, v))
            | None -> E.Assign(g1, E.Constant -1.0)

        body.Add spikeValue
        body.Add(E.Assign(g0, E.ArrayIndex(spikeP, i)))

        let finite =
            Array.append y1 [| g1 |]
            |> Array.map (fun v -> E.Call(isFinite, v) :> Expression)
            |> Array.reduce (fun a b -> E.AndAlso(a, b) :> Expression)

        let crossed =
            E.AndAlso(E.LessThanOrEqual(g0, E.Constant 0.0), E.GreaterThan(g1, E.Constant 0.0))

        let defer =
            E.Block(E.Assign(E.ArrayAccess(pendingP, count), i), E.PreIncrementAssign count) :> Expression

        let store =
            E.Block(
                Array.append
                    (Array.init n (fun k -> E.Assign(E.ArrayAccess(stateColumns[k], i), y1[k]) :> Expression))
                    [| E.Assign(E.ArrayAccess(spikeP, i), g1) |]
            )

        body.Add(E.IfThenElse(E.AndAlso(finite, E.Not crossed), store, defer))

        // A neuron refractory for the whole step holds still when every state is clamped; otherwise it goes per neuron.
        let allClamped = model.Clamped.Length = n
        let refractoryEnd = local typeof<float> "refractoryEnd"

        let refractoryCase =
            if allClamped then
                E.IfThen(E.Not(E.GreaterThan(refractoryEnd, t1P)), defer) :> Expression
            else
                defer

        let neuron =
            E.Block(
                [| if inputPerNeuron then
                       E.Assign(neuronInput, E.ArrayIndex(inputP, i)) :> Expression
                   E.Assign(refractoryEnd, E.ArrayIndex(refractoryP, i))
                   E.IfThenElse(E.GreaterThan(refractoryEnd, tP), refractoryCase, E.Block(body)) |]
            )

        let exit = E.Label "exit"

        let loop =
            E.Loop(E.IfThenElse(E.LessThan(i, finishP), E.Block(neuron, E.PreIncrementAssign i), E.Break exit), exit)

        frame.Assemble loop

/// <summary>
/// The column kernel of exact integration for a one-variable linear model whose spike function is affine in its
/// variable, written with <c>Vector512</c>: y1 = y0 + m·(a·y0 + (b + c·I)), g1 = w·y1 + g0 for 8 neurons at a time,
/// and the same formula one neuron at a time for the rest (IEEE arithmetic lane by lane, so a neuron's bits do not
/// depend on which of the two computed it).
/// </summary>
module internal VectorKernels =
    open System.Runtime.Intrinsics
    open System.Numerics

    /// <summary>The kernel for coefficients m, a, b, c, w, g0 (each shared or per neuron); refractory neurons are
    /// skipped when <paramref name="allClamped"/>, else deferred, as by the compiled kernels.</summary>
    /// When <paramref name="spikeTimes"/> is not null, coefficients 6 and 7 are the state after the reset and the
    /// refractory period: a neuron that crosses in a plain step is then handled here (closed-form crossing time,
    /// reset, refractory start), its time written to <c>spikeTimes</c> and its index as −(j + 1) to <c>pending</c>.
    let exactOneVariable (coefficients: Column[]) (allClamped: bool) (spikeTimes: float[]) : ColumnKernel =
        let constant k =
            match coefficients[k] with
            | Constant v -> v
            | Column.PerNeuron _ -> nan

        let column k =
            match coefficients[k] with
            | Constant _ -> null
            | Column.PerNeuron c -> c

        let columns = Array.init coefficients.Length column
        let constants = Array.init coefficients.Length constant
        let spikesHere = not (isNull spikeTimes) && allClamped

        ColumnKernel(fun states _ _ input stageInputs spike refractoryEnd t h t1 start finish pending ->
            let v = states[0]
            let mutable count = 0
            let mutable i = start

            let inline at (k: int) (j: int) =
                let c = columns[k]
                if isNull c then constants[k] else c[j]

            if Vector512.IsHardwareAccelerated then
                let vector k (j: int) =
                    let c = columns[k]

                    if isNull c then
                        Vector512.Create constants[k]
                    else
                        Vector512.LoadUnsafe(&c[j])

                let zero = Vector512<float>.Zero
                let tV = Vector512.Create t
                let t1V = Vector512.Create t1
                let sharedInput = Vector512.Create(if isNull input then stageInputs[0] else 0.0)

                while i + 8 <= finish do
                    let v0 = Vector512.LoadUnsafe(&v[i])
                    let re = Vector512.LoadUnsafe(&refractoryEnd[i])
                    let g0 = Vector512.LoadUnsafe(&spike[i])

                    let current =
                        if isNull input then
                            sharedInput
                        else
                            Vector512.LoadUnsafe(&input[i])

                    let v1 = v0 + vector 0 i * (vector 1 i * v0 + (vector 2 i + vector 3 i * current))
                    let g1 = vector 4 i * v1 + vector 5 i
                    let refractory = Vector512.GreaterThan(re, tV)

                    // A held neuron whose refractory period ends inside the step integrates from its end, t_ref,
                    // to t1 here: the step's propagator for the lane's own length (the per-neuron path would do
                    // the same with the scalar exprel).
                    let ending =
                        if allClamped then
                            Vector512.AndNot(refractory, Vector512.GreaterThan(re, t1V))
                        else
                            zero

                    let struct (v1, g1, g0) =
                        if allClamped && Vector512.ExtractMostSignificantBits ending <> 0UL then
                            let rest = t1V - re
                            let a = vector 1 i
                            let m = rest * VectorMath.Exprel(a * rest)
                            let vEnd = v0 + m * (a * v0 + (vector 2 i + vector 3 i * current))
                            let gStart = vector 4 i * v0 + vector 5 i
                            let gEnd = vector 4 i * vEnd + vector 5 i

                            struct (Vector512.ConditionalSelect(ending, vEnd, v1),
                                    Vector512.ConditionalSelect(ending, gEnd, g1),
                                    Vector512.ConditionalSelect(ending, gStart, g0))
                        else
                            struct (v1, g1, g0)

                    let refractory = Vector512.AndNot(refractory, ending)

                    let finite = Vector512.Equals(v1 - v1, zero) &&& Vector512.Equals(g1 - g1, zero)

                    let crossed =
                        Vector512.LessThanOrEqual(g0, zero) &&& Vector512.GreaterThan(g1, zero)

                    let ok = Vector512.AndNot(Vector512.AndNot(finite, refractory), crossed)

                    // Crossings in a plain step: y(s) reaches y_c = −g0/w at s = log1p(a (y_c − y0)/f)/a (Kahan's
                    // log1p), the reset holds the neuron past t1 (else it goes per neuron).
                    let plainCrossed =
                        if spikesHere then
                            Vector512.AndNot(crossed &&& finite, refractory)
                            &&& Vector512.OnesComplement ending
                        else
                            zero

                    let spiking =
                        if spikesHere && Vector512.ExtractMostSignificantBits plainCrossed <> 0UL then
                            let a = vector 1 i
                            let f = a * v0 + (vector 2 i + vector 3 i * current)
                            let yc = -(vector 5 i) / vector 4 i
                            let x = a * (yc - v0) / f
                            let one = Vector512.Create 1.0
                            let u = one + x

                            let log1p =
                                Vector512.ConditionalSelect(
                                    Vector512.Equals(u, one),
                                    x,
                                    Vector512.Log u * x / (u - one)
                                )

                            let s =
                                Vector512.ConditionalSelect(Vector512.Equals(a, zero), (yc - v0) / f, log1p / a)

                            let hV = Vector512.Create h
                            let theta = s / hV

                            let time =
                                Vector512.ConditionalSelect(
                                    Vector512.GreaterThanOrEqual(theta, one),
                                    t1V,
                                    tV + theta * hV
                                )

                            let ends = time + vector 7 i

                            let valid =
                                Vector512.GreaterThan(theta, zero) &&& Vector512.LessThanOrEqual(theta, one)

                            let spiking = plainCrossed &&& valid &&& Vector512.GreaterThanOrEqual(ends, t1V)

                            if Vector512.ExtractMostSignificantBits spiking <> 0UL then
                                let reset = vector 6 i
                                let gReset = vector 4 i * reset + vector 5 i
                                Vector512.ConditionalSelect(spiking, reset, v0).StoreUnsafe(&v[i])
                                Vector512.ConditionalSelect(spiking, gReset, g0).StoreUnsafe(&spike[i])
                                Vector512.ConditionalSelect(spiking, ends, re).StoreUnsafe(&refractoryEnd[i])
                                let old = Vector512.LoadUnsafe(&spikeTimes[i])
                                Vector512.ConditionalSelect(spiking, time, old).StoreUnsafe(&spikeTimes[i])

                            spiking
                        else
                            zero

                    let v0 = Vector512.LoadUnsafe(&v[i])
                    let g0 = Vector512.LoadUnsafe(&spike[i])
                    Vector512.ConditionalSelect(ok, v1, v0).StoreUnsafe(&v[i])
                    Vector512.ConditionalSelect(ok, g1, g0).StoreUnsafe(&spike[i])

                    let held =
                        if allClamped then
                            refractory &&& Vector512.GreaterThan(re, t1V)
                        else
                            zero

                    let deferred =
                        Vector512.AndNot(Vector512.AndNot(Vector512.OnesComplement ok, held), spiking)

                    let mutable spiked = Vector512.ExtractMostSignificantBits spiking

                    while spiked <> 0UL do
                        pending[count] <- -(i + BitOperations.TrailingZeroCount spiked) - 1
                        count <- count + 1
                        spiked <- spiked &&& (spiked - 1UL)

                    let mutable bits = Vector512.ExtractMostSignificantBits deferred

                    while bits <> 0UL do
                        pending[count] <- i + BitOperations.TrailingZeroCount bits
                        count <- count + 1
                        bits <- bits &&& (bits - 1UL)

                    i <- i + 8

            while i < finish do
                let re = refractoryEnd[i]

                if re > t then
                    if not (allClamped && re > t1) then
                        pending[count] <- i
                        count <- count + 1
                else
                    let v0 = v[i]
                    let current = if isNull input then stageInputs[0] else input[i]
                    let v1 = v0 + at 0 i * (at 1 i * v0 + (at 2 i + at 3 i * current))
                    let g1 = at 4 i * v1 + at 5 i
                    let g0 = spike[i]

                    if Double.IsFinite v1 && Double.IsFinite g1 && not (g0 <= 0.0 && g1 > 0.0) then
                        v[i] <- v1
                        spike[i] <- g1
                    else
                        pending[count] <- i
                        count <- count + 1

                i <- i + 1

            count)
