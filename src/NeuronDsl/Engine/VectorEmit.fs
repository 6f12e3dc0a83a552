namespace NeuronDsl

open System
open System.Collections.Generic
open System.Linq.Expressions
open System.Numerics
open System.Runtime.CompilerServices
open System.Runtime.Intrinsics

/// <summary>
/// Turns checked expressions into one straight-line block over <c>Vector512&lt;double&gt;</c>: the same hash-consing
/// as <c>Emit.block</c>, with comparisons as lane masks, conditionals as <c>ConditionalSelect</c> and functions by
/// <c>VectorExp.Exp</c>, <c>VectorMath</c> (exprel on <c>VectorLog.NearOne</c>) and <c>Vector512</c> (exp and ln
/// within an ulp of <c>Math</c>'s).
/// </summary>
module internal VectorEmit =
    type private E = Expression

    let vectorType = typeof<Vector512<float>>

    let private generic (name: string) (arity: int) =
        typeof<Vector512>.GetMethods()
        |> Array.find (fun m ->
            m.Name = name
            && m.IsGenericMethodDefinition
            && m.GetParameters().Length = arity
            && m.GetParameters()
               |> Array.forall (fun p ->
                   p.ParameterType.IsGenericType
                   && p.ParameterType.GetGenericTypeDefinition() = typedefof<Vector512<_>>))
        |> fun m -> m.MakeGenericMethod(typeof<float>)

    let private concrete (name: string) =
        typeof<Vector512>.GetMethod(name, [| vectorType |])

    let private helper (name: string) (arity: int) =
        typeof<VectorMath>
            .GetMethod(
                name,
                Reflection.BindingFlags.Static
                ||| Reflection.BindingFlags.NonPublic
                ||| Reflection.BindingFlags.Public,
                null,
                Array.create arity vectorType,
                null
            )

    let select = generic "ConditionalSelect" 3
    let equals = generic "Equals" 2
    let onesComplement = generic "OnesComplement" 1
    let bitwiseAnd = generic "BitwiseAnd" 2
    let andNot = generic "AndNot" 2
    let bitwiseOr = generic "BitwiseOr" 2
    let lessThan = generic "LessThan" 2
    let lessThanOrEqual = generic "LessThanOrEqual" 2
    let greaterThan = generic "GreaterThan" 2
    let private greaterThanOrEqual = generic "GreaterThanOrEqual" 2
    let abs = generic "Abs" 1

    let private method (owner: Type) (name: string) =
        owner.GetMethod(
            name,
            Reflection.BindingFlags.Static ||| Reflection.BindingFlags.NonPublic,
            null,
            [| vectorType |],
            null
        )

    let private exp = method typeof<VectorExp> "Exp"
    let private expInRange = method typeof<VectorExp> "InRange"
    let private exprelInRange = method typeof<VectorMath> "ExprelInRange"
    let outOfRange = method typeof<VectorExp> "OutOfRange"
    let phi = method typeof<VectorMath> "Phi"
    let phiInRange = method typeof<VectorMath> "PhiInRange"

    let private functionMethod (f: MathFunction) =
        match f with
        | Exp -> exp
        | Log -> concrete "Log"
        | Sqrt -> generic "Sqrt" 1
        | Abs -> abs
        | Sin -> concrete "Sin"
        | Cos -> concrete "Cos"
        | Tanh -> helper "Tanh" 1
        | Exprel -> helper "Exprel" 1
        | Pow -> helper "Pow" 2
        | Min -> generic "Min" 2
        | Max -> generic "Max" 2

    let private isCondition (e: Expr) =
        match e with
        | Compare _
        | Logical _
        | Not _ -> true
        | _ -> false

    /// <summary>One block computing every root once over vectors; <paramref name="constant"/> gives the vector of a
    /// number (for example a local filled before the loop). With <paramref name="unusual"/>, exp and exprel are
    /// <c>VectorExp.InRange</c>'s, which needs neither branch nor call, and the lanes where that does not apply are
    /// added to the mask; without it they are <c>VectorExp.Exp</c>'s.</summary>
    let block
        (resolve: string -> Expression)
        (constant: float -> Expression)
        (unusual: ParameterExpression option)
        (roots: Expr[])
        (store: int -> Expression -> Expression)
        : Expression =
        // Hash-consing: identical sub-trees share one node; nodes used more than once go into locals.
        let uses = Dictionary<Expr, int>(HashIdentity.Structural)

        let rec count (e: Expr) =
            match uses.TryGetValue e with
            | true, k -> uses[e] <- k + 1
            | _ ->
                uses[e] <- 1

                match e with
                | Number _
                | Name _ -> ()
                | Negate a
                | Not a -> count a
                | Binary(_, a, b)
                | Compare(_, a, b)
                | Logical(_, a, b) ->
                    count a
                    count b
                | Call(_, args) -> List.iter count args
                | Conditional(c, a, b) ->
                    count c
                    count a
                    count b

        Array.iter count roots
        let locals = Dictionary<Expr, ParameterExpression>(HashIdentity.Structural)
        let arguments = ResizeArray<ParameterExpression>()
        let assignments = ResizeArray<Expression>()
        let zero () = constant 0.0
        let one () = constant 1.0

        let rec value (e: Expr) : Expression =
            match locals.TryGetValue e with
            | true, local -> local
            | _ ->
                let computed = compute e

                match e with
                | Number _
                | Name _ -> computed
                | _ when uses[e] > 1 ->
                    let local = E.Variable(vectorType)
                    assignments.Add(E.Assign(local, computed))
                    locals[e] <- local
                    local
                | _ -> computed

        and mask (e: Expr) : Expression =
            if isCondition e then
                value e
            else
                E.Call(onesComplement, E.Call(equals, value e, zero ()))

        and number (e: Expr) : Expression =
            if isCondition e then
                E.Call(select, value e, one (), zero ())
            else
                value e

        and compute (e: Expr) : Expression =
            match e with
            | Number(v, _) -> constant v
            | Name n -> resolve n
            | Negate a -> E.Negate(number a)
            | Binary(Add, a, b) -> E.Add(number a, number b)
            | Binary(Subtract, a, b) -> E.Subtract(number a, number b)
            | Binary(Multiply, a, b) -> E.Multiply(number a, number b)
            // A division by a number becomes a multiplication by its reciprocal: a vector division costs about 16
            // multiplications, and the result differs from the quotient by at most an ulp (as Vector512.Exp does).
            | Binary(Divide, a, Number(c, _)) when c <> 0.0 && Double.IsFinite(1.0 / c) ->
                E.Multiply(number a, constant (1.0 / c))
            | Binary(Divide, a, b) -> E.Divide(number a, number b)
            | Binary(Power, a, b) -> E.Call(helper "Pow" 2, number a, number b)
            | Call((Exp | Exprel) as f, [ a ]) when unusual.IsSome ->
                let mask = unusual.Value
                let x = E.Variable(vectorType)
                arguments.Add x
                assignments.Add(E.Assign(x, number a))
                assignments.Add(E.Assign(mask, E.Call(bitwiseOr, mask, E.Call(outOfRange, x))))
                E.Call((if f = Exp then expInRange else exprelInRange), x)
            | Call(f, args) -> E.Call(functionMethod f, args |> List.map number)
            | Compare(op, a, b) ->
                let x, y = number a, number b

                match op with
                | Less -> E.Call(lessThan, x, y)
                | LessOrEqual -> E.Call(lessThanOrEqual, x, y)
                | Greater -> E.Call(greaterThan, x, y)
                | GreaterOrEqual -> E.Call(greaterThanOrEqual, x, y)
                | Equal -> E.Call(equals, x, y)
                | NotEqual -> E.Call(onesComplement, E.Call(equals, x, y))
            | Logical(And, a, b) -> E.Call(bitwiseAnd, mask a, mask b)
            | Logical(Or, a, b) -> E.Call(bitwiseOr, mask a, mask b)
            | Not a -> E.Call(onesComplement, mask a)
            | Conditional(c, a, b) -> E.Call(select, mask c, number a, number b)

        let stores = roots |> Array.mapi (fun k r -> store k (number r))

        E.Block(
            Seq.append locals.Values arguments,
            Seq.concat
                [ Seq.ofArray (assignments.ToArray())
                  Seq.ofArray stores
                  Seq.singleton (E.Empty() :> Expression) ]
        )
        :> Expression

/// <summary>
/// Column kernels over <c>Vector512&lt;double&gt;</c> for RK4 and exponential Euler: the compiled kernels' step on
/// eight neurons at a time. Chunks start at multiples of 8 and the columns are padded to a multiple of 8, so every
/// neuron is always computed in the same lane arithmetic, whatever the chunk size.
/// </summary>
module internal VectorColumnKernels =
    type private E = Expression

    let private lowered = ColumnKernels.lowered

    let private vectorMath (name: string) =
        typeof<VectorMath>
            .GetMethod(
                name,
                Reflection.BindingFlags.Static
                ||| Reflection.BindingFlags.NonPublic
                ||| Reflection.BindingFlags.Public
            )

    let private load = vectorMath "Load"
    let private storeWhere = vectorMath "StoreWhere"
    let private defer = vectorMath "Defer"

    let private broadcast = typeof<Vector512>.GetMethod("Create", [| typeof<float> |])

    /// <summary>The vector kernel of RK4 or exponential Euler (other methods: invalidOp).</summary>
    let compile
        (compiled: CompiledEquations)
        (method: ColumnMethod)
        (parameters: Column[])
        (inputPerNeuron: bool)
        : ColumnKernel =
        let model = compiled.Checked
        let n = model.States.Length
        let v = VectorEmit.vectorType
        let frame = KernelFrame()
        let statesP, parametersP = frame.States, frame.Parameters

        let inputP, stageP, spikeP, refractoryP =
            frame.Input, frame.StageInputs, frame.Spike, frame.RefractoryEnd

        let tP, hP, t1P, finishP, pendingP =
            frame.T, frame.H, frame.T1, frame.Finish, frame.Pending

        let local (t: Type) (name: string) = frame.Local(t, name)
        let constants = Dictionary<int64, ParameterExpression>()

        let constant (value: float) : Expression =
            let key = BitConverter.DoubleToInt64Bits value

            match constants.TryGetValue key with
            | true, c -> c
            | _ ->
                let c = local v (sprintf "constant%d" constants.Count)
                frame.Prologue(E.Assign(c, E.Call(broadcast, E.Constant value)))
                constants[key] <- c
                c

        let vectorOf (scalar: Expression) =
            let c = local v "broadcast"
            frame.Prologue(E.Assign(c, E.Call(broadcast, scalar)))
            c

        let doubles name =
            Array.init n (fun k -> local v (sprintf "%s%d" name k))

        let i, count = frame.I, frame.Count

        let stateColumns =
            Array.init n (fun k -> frame.Column(statesP, k, sprintf "column%d" k))

        let readParameter =
            parameters
            |> Array.mapi (fun k c ->
                match c with
                | Constant value -> fun () -> constant value
                | PerNeuron _ ->
                    let column = frame.Column(parametersP, k, sprintf "parameter%d" k)
                    fun () -> E.Call(load, column, i) :> Expression)

        let hV = vectorOf hP
        let half = vectorOf (E.Multiply(E.Constant 0.5, hP))
        let sixth = vectorOf (E.Divide(hP, E.Constant 6.0))
        let tV = vectorOf tP
        let tHalf = vectorOf (E.Add(tP, E.Multiply(E.Constant 0.5, hP)))
        let tEnd = vectorOf (E.Add(tP, hP))
        let t1V = vectorOf t1P
        let neuronInput = local v "neuronInput"

        let stageInputs =
            if inputPerNeuron then
                [| neuronInput; neuronInput; neuronInput |]
            else
                Array.init 3 (fun s -> vectorOf (E.ArrayIndex(stageP, E.Constant s)))

        let resolve = ColumnKernels.resolver "VectorColumnKernels" model readParameter

        // Shared parameters are numbers for the whole run: written as numbers, a division by one becomes a
        // multiplication by its reciprocal (VectorEmit.block's rule for a division by a number).
        let withShared (e: Expr) =
            e
            |> Expr.substitute (fun name ->
                match Array.tryFindIndex (fun (d: ParameterDeclaration) -> d.Name = name) model.Parameters with
                | Some k ->
                    match parameters[k] with
                    | Constant value -> Expr.number value
                    | PerNeuron _ -> Name name
                | None -> Name name)

        let rateRoots = model.Rates |> Array.map (lowered model >> withShared)

        // Lanes where an exp or exprel argument is out of VectorExp.InRange's range (|x| ≥ 708 or NaN) go per neuron:
        // the kernel then holds no branch to a call, around which every live vector would be spilled.
        let unusual = local v "unusual"
        let inLoop = Some unusual

        let rates (ys: ParameterExpression[]) (input: Expression) (time: Expression) (out: ParameterExpression[]) =
            VectorEmit.block (resolve ys input time) constant inLoop rateRoots (fun k x ->
                E.Assign(out[k], x) :> Expression)

        let y0 = doubles "y"
        let y1 = doubles "next"
        let body = ResizeArray<Expression>()
        body.Add(E.Assign(unusual, constant 0.0))

        if inputPerNeuron then
            body.Add(E.Assign(neuronInput, E.Call(load, inputP, i)))

        for k in 0 .. n - 1 do
            body.Add(E.Assign(y0[k], E.Call(load, stateColumns[k], i)))

        // Lanes refractory for the whole step: their clamped states' slopes are zero, as NeuronSystem's Clamping
        // makes them for one neuron; lanes whose refractory period ends inside the step go per neuron.
        let refractoryEnd = local v "refractoryEnd"
        let hold = local v "hold"
        body.Add(E.Assign(refractoryEnd, E.Call(load, refractoryP, i)))

        body.Add(
            E.Assign(
                hold,
                if model.Clamped.Length > 0 then
                    E.Call(VectorEmit.greaterThan, refractoryEnd, t1V) :> Expression
                else
                    constant 0.0
            )
        )

        let clampSlopes (slopes: ParameterExpression[]) =
            for k in model.Clamped do
                body.Add(E.Assign(slopes[k], E.Call(VectorEmit.andNot, slopes[k], hold)))

        match method with
        | RungeKutta4Step ->
            let k1, k2, k3, k4, stage, slope =
                doubles "k1", doubles "k2", doubles "k3", doubles "k4", doubles "stage", doubles "slope"

            // The four stages as one loop over one block of the rates (unrolled, four copies of a model with many
            // exponentials outgrow what the JIT inlines, and every helper left as a call spills the live vectors):
            // the same operations per stage as written out, so the same bits.
            let index = local typeof<int> "rkStage"
            let stageInput = local v "stageInput"
            let stageTime = local v "stageTime"

            let assign (target: ParameterExpression[]) (value: int -> Expression) =
                Array.init n (fun k -> E.Assign(target[k], value k) :> Expression)

            let stageFrom (scale: Expression) (from: ParameterExpression[]) =
                assign stage (fun k -> E.Add(y0[k], E.Multiply(scale, from[k])))

            let next (k: ParameterExpression[]) (scale: Expression) (input: Expression) (time: Expression) =
                E.Block(
                    Array.concat
                        [ assign k (fun j -> slope[j])
                          stageFrom scale k
                          [| E.Assign(stageInput, input); E.Assign(stageTime, time) |] ]
                )
                :> Expression

            body.AddRange(assign stage (fun k -> y0[k]))
            body.Add(E.Assign(stageInput, stageInputs[0]))
            body.Add(E.Assign(stageTime, tV))
            body.Add(E.Assign(index, E.Constant 0))
            let stagesDone = E.Label "stagesDone"

            let stageBody =
                [| rates stage stageInput stageTime slope
                   yield!
                       model.Clamped
                       |> Array.map (fun k ->
                           E.Assign(slope[k], E.Call(VectorEmit.andNot, slope[k], hold)) :> Expression)
                   E.Switch(
                       index,
                       E.Block(assign k4 (fun k -> slope[k])),
                       E.SwitchCase(next k1 half stageInputs[1] tHalf, E.Constant 0),
                       E.SwitchCase(next k2 half stageInputs[1] tHalf, E.Constant 1),
                       E.SwitchCase(next k3 hV stageInputs[2] tEnd, E.Constant 2)
                   )
                   E.PreIncrementAssign index
                   E.IfThen(E.Equal(index, E.Constant 4), E.Break stagesDone) |]

            body.Add(E.Loop(E.Block(stageBody), stagesDone))

            for k in 0 .. n - 1 do
                let weighted =
                    E.Add(E.Add(k1[k], E.Multiply(constant 2.0, E.Add(k2[k], k3[k]))), k4[k])

                body.Add(E.Assign(y1[k], E.Add(y0[k], E.Multiply(sixth, weighted))))
        | ExponentialEulerStep ->
            let f, b = doubles "f", doubles "b"
            let z = local v "z"
            let diagonal = Differentiation.diagonal model |> Array.map withShared

            // A diagonal entry of shared parameters only (a conductance's −1/τ, numbers once they are written in)
            // is the same in every lane and step of a call: its φ is computed once, before the loop, by the same
            // arithmetic.
            let invariant (e: Expr) = List.isEmpty (Expr.names e)

            let hoisted =
                diagonal
                |> Array.mapi (fun k e ->
                    if invariant e then
                        let zk, phik = local v (sprintf "z%d" k), local v (sprintf "phi%d" k)

                        frame.Prologue(
                            VectorEmit.block (resolve y0 stageInputs[0] tV) constant None [| e |] (fun _ x ->
                                E.Assign(zk, E.Multiply(x, hV)) :> Expression)
                        )

                        frame.Prologue(E.Assign(phik, E.Call(VectorEmit.phi, zk)))
                        Some phik
                    else
                        None)

            let perStep = [| 0 .. n - 1 |] |> Array.filter (fun k -> hoisted[k].IsNone)
            let roots = Array.append rateRoots (perStep |> Array.map (fun k -> diagonal[k]))

            let store k x =
                if k < n then
                    E.Assign(f[k], x) :> Expression
                else
                    E.Assign(b[perStep[k - n]], x) :> Expression

            body.Add(VectorEmit.block (resolve y0 stageInputs[0] tV) constant inLoop roots store)
            clampSlopes f
            // A hoisted entry is not clamped: a held lane's slope f is zero, so y0 + h·φ·0 is y0 as with φ(0) = 1.
            for k in model.Clamped do
                if hoisted[k].IsNone then
                    body.Add(E.Assign(b[k], E.Call(VectorEmit.andNot, b[k], hold)))

            for k in 0 .. n - 1 do
                match hoisted[k] with
                | Some phik -> body.Add(E.Assign(y1[k], E.Add(y0[k], E.Multiply(E.Multiply(hV, phik), f[k]))))
                | None ->
                    body.Add(E.Assign(z, E.Multiply(b[k], hV)))
                    body.Add(E.Assign(unusual, E.Call(VectorEmit.bitwiseOr, unusual, E.Call(VectorEmit.outOfRange, z))))
                    let phi = E.Call(VectorEmit.phiInRange, z)
                    body.Add(E.Assign(y1[k], E.Add(y0[k], E.Multiply(E.Multiply(hV, phi), f[k]))))
        | ExactStep -> invalidOp "VectorColumnKernels: exact integration has its own kernel"

        let g1 = local v "g1"
        let g0 = local v "g0"
        let nan = constant Double.NaN

        let spikeValue =
            match model.SpikeFunction with
            | Some g ->
                VectorEmit.block (resolve y1 nan nan) constant inLoop [| withShared (lowered model g) |] (fun _ x ->
                    E.Assign(g1, x) :> Expression)
            | None -> E.Assign(g1, constant -1.0) :> Expression

        body.Add spikeValue
        body.Add(E.Assign(g0, E.Call(load, spikeP, i)))

        let allBits, bitAnd, andNot =
            VectorEmit.equals, VectorEmit.bitwiseAnd, VectorEmit.andNot

        let finiteOf (x: Expression) =
            E.Call(allBits, E.Subtract(x, x), constant 0.0) :> Expression

        let finite =
            Array.append y1 [| g1 |]
            |> Array.map (fun x -> finiteOf x)
            |> Array.reduce (fun a b -> E.Call(bitAnd, a, b) :> Expression)

        let crossed =
            E.Call(
                bitAnd,
                E.Call(VectorEmit.lessThanOrEqual, g0, constant 0.0),
                E.Call(VectorEmit.greaterThan, g1, constant 0.0)
            )

        // A plain lane: finite, no unusual exp argument, and either held for the whole step or free and not crossing;
        // its spike function is stored when free (held lanes keep theirs, as the per-neuron path does during a
        // refractory period).
        let refractory = E.Call(VectorEmit.greaterThan, refractoryEnd, tV)
        let free = local v "free"
        body.Add(E.Assign(free, E.Call(VectorEmit.onesComplement, refractory)))
        let ok = local v "ok"

        body.Add(
            E.Assign(
                ok,
                E.Call(
                    andNot,
                    E.Call(
                        bitAnd,
                        finite,
                        E.Call(
                            VectorEmit.onesComplement,
                            E.Call(andNot, E.Call(VectorEmit.select, free, crossed, refractory), hold)
                        )
                    ),
                    unusual
                )
            )
        )

        for k in 0 .. n - 1 do
            body.Add(E.Call(storeWhere, ok, y1[k], stateColumns[k], i))

        body.Add(E.Call(storeWhere, E.Call(bitAnd, ok, free), g1, spikeP, i))
        body.Add(E.Assign(count, E.Call(defer, E.Call(VectorEmit.onesComplement, ok), i, pendingP, count)))
        let exit = E.Label "exit"

        let loop =
            E.Loop(
                E.IfThenElse(E.LessThan(i, finishP), E.Block(E.Block(body), E.AddAssign(i, E.Constant 8)), E.Break exit),
                exit
            )

        frame.Assemble loop
