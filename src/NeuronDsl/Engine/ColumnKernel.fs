namespace NeuronDsl

open System
open System.Collections.Generic
open System.Linq.Expressions
open MathNet.Numerics.LinearAlgebra

/// <summary>
/// One fixed step of a method for the neurons [start, finish) of a population, over columns: <c>states[k][i]</c> is
/// state k of neuron i. Neurons that need more than the plain step (a spike inside it, a refractory period that ends
/// in it, a non-finite result) are left untouched and their indices written to <c>pending</c>; returns how many.
/// <c>pending</c> has room for 2·(finish − start) entries; a kernel may use those past the first finish − start as
/// scratch.
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

    /// <summary>How a kernel reads a name of the model: a state from the given locals, a parameter through
    /// <paramref name="readParameter"/>, the input, or t; anything else is a bug (<paramref name="kernel"/> names the
    /// compiler in the message).</summary>
    let resolver
        (kernel: string)
        (model: CheckedEquations)
        (readParameter: (unit -> Expression)[])
        : ParameterExpression[] -> Expression -> Expression -> string -> Expression =
        let stateIndex = Dictionary<string, int>()
        let parameterIndex = Dictionary<string, int>()

        for k, s in Array.indexed model.States do
            stateIndex[s.Name] <- k

        for k, d in Array.indexed model.Parameters do
            parameterIndex[d.Name] <- k

        let inputName = model.Input |> Option.map (fun d -> d.Name)

        fun ys input time name ->
            match stateIndex.TryGetValue name with
            | true, k -> ys[k] :> Expression
            | _ ->
                match parameterIndex.TryGetValue name with
                | true, k -> readParameter[k]()
                | _ when Some name = inputName -> input
                | _ when name = "t" -> time
                | _ -> invalidOp (sprintf "%s: '%s' is not a state, parameter, input or t" kernel name)

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

        let resolve = resolver "ColumnKernels" model readParameter

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
