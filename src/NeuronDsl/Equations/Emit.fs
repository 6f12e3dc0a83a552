namespace NeuronDsl

open System
open System.Collections.Generic
open System.Linq.Expressions

/// <summary>
/// Turns checked expressions into one straight-line System.Linq.Expressions block: identical sub-trees are
/// hash-consed into one node, every node used more than once is computed once into a local, and operations map
/// one to one onto those of the <c>Interpreter</c> (IL arithmetic, <c>Math.*</c>, <c>MathFunctions.*</c>), so the
/// compiled code gives the interpreter's bits.
/// </summary>
/// <remarks>
/// Shared locals are computed at the top of the block, before any conditional: a sub-expression shared between
/// the two branches of a conditional is evaluated even when its branch is not taken. Evaluation has no side effects
/// and throws nothing (NaN and infinities propagate), so this changes no value.
/// </remarks>
module internal Emit =
    /// <summary>
    /// How compiled code reads a model's names: state k as <c>state[k]</c>, parameter k as <c>parameters[k]</c>, the
    /// input and t as the given expressions; any other name by <paramref name="other"/>.
    /// </summary>
    let resolver
        (model: CheckedEquations)
        (state: Expression)
        (parameters: Expression)
        (input: Expression)
        (time: Expression)
        (other: string -> Expression)
        : string -> Expression =
        let at (array: Expression) (k: int) =
            fun () -> Expression.ArrayIndex(array, Expression.Constant k) :> Expression

        let index =
            [ for k, s in Array.indexed model.States -> s.Name, at state k ]
            @ [ for k, p in Array.indexed model.Parameters -> p.Name, at parameters k ]
            @ [ for i in Option.toList model.Input -> i.Name, (fun () -> input) ]
            @ [ "t", (fun () -> time) ]
            |> Map.ofList

        fun n ->
            match Map.tryFind n index with
            | Some read -> read ()
            | None -> other n

    /// <summary>An assignment of a value to <c>array[k]</c>.</summary>
    let storeAt (array: Expression) (k: int) (value: Expression) : Expression =
        Expression.Assign(Expression.ArrayAccess(array, Expression.Constant k), value)

    /// <summary>A node of the hash-consed graph: its operation and the ids of its operands.</summary>
    type private Key =
        | KNumber of int64
        | KName of string
        | KNegate of int
        | KBinary of BinaryOperator * int * int
        | KCall of MathFunction * int list
        | KCompare of Comparison * int * int
        | KLogical of LogicalOperator * int * int
        | KNot of int
        | KConditional of int * int * int

    let private operands (k: Key) =
        match k with
        | KNumber _
        | KName _ -> []
        | KNegate a
        | KNot a -> [ a ]
        | KBinary(_, a, b)
        | KCompare(_, a, b)
        | KLogical(_, a, b) -> [ a; b ]
        | KCall(_, args) -> args
        | KConditional(c, a, b) -> [ c; a; b ]

    let private isCondition (k: Key) =
        match k with
        | KCompare _
        | KLogical _
        | KNot _ -> true
        | _ -> false

    /// <summary>Identical sub-trees share one id; ids are in post-order (operands before their users).</summary>
    type private Graph() =
        let ids = Dictionary<Key, int>()
        let nodes = ResizeArray<Key>()

        member _.Nodes = nodes

        member g.Add(e: Expr) : int =
            let key =
                match e with
                | Number(v, _) -> KNumber(BitConverter.DoubleToInt64Bits v)
                | Name n -> KName n
                | Negate a -> KNegate(g.Add a)
                | Binary(op, a, b) -> KBinary(op, g.Add a, g.Add b)
                | Call(f, args) -> KCall(f, List.map g.Add args)
                | Compare(op, a, b) -> KCompare(op, g.Add a, g.Add b)
                | Logical(op, a, b) -> KLogical(op, g.Add a, g.Add b)
                | Not a -> KNot(g.Add a)
                | Conditional(c, a, b) -> KConditional(g.Add c, g.Add a, g.Add b)

            match ids.TryGetValue key with
            | true, id -> id
            | _ ->
                nodes.Add key
                ids[key] <- nodes.Count - 1
                nodes.Count - 1

    let private method (t: Type) (name: string) (arity: int) =
        t.GetMethod(name, Array.create arity typeof<float>)

    let private mathMethod (f: MathFunction) =
        match f with
        | Exp -> method typeof<Math> "Exp" 1
        | Log -> method typeof<Math> "Log" 1
        | Sqrt -> method typeof<Math> "Sqrt" 1
        | Abs -> method typeof<Math> "Abs" 1
        | Sin -> method typeof<Math> "Sin" 1
        | Cos -> method typeof<Math> "Cos" 1
        | Tanh -> method typeof<Math> "Tanh" 1
        | Exprel -> method typeof<MathFunctions> "Exprel" 1
        | Pow -> method typeof<Math> "Pow" 2
        | Min -> method typeof<Math> "Min" 2
        | Max -> method typeof<Math> "Max" 2

    let private pow = method typeof<Math> "Pow" 2

    /// <summary>The expression of one node, given the expressions of its operands.</summary>
    let private operation (resolve: string -> Expression) (k: Key) (args: Expression list) : Expression =
        let asBool (e: Expression) =
            if e.Type = typeof<bool> then
                e
            else
                Expression.NotEqual(e, Expression.Constant 0.0) :> Expression

        let asValue (e: Expression) =
            if e.Type = typeof<bool> then
                Expression.Condition(e, Expression.Constant 1.0, Expression.Constant 0.0) :> Expression
            else
                e

        match k, List.map asValue args with
        | KNumber b, _ -> Expression.Constant(BitConverter.Int64BitsToDouble b) :> Expression
        | KName n, _ -> resolve n
        | KNegate _, [ a ] -> Expression.Negate a
        | KBinary(Add, _, _), [ a; b ] -> Expression.Add(a, b)
        | KBinary(Subtract, _, _), [ a; b ] -> Expression.Subtract(a, b)
        | KBinary(Multiply, _, _), [ a; b ] -> Expression.Multiply(a, b)
        | KBinary(Divide, _, _), [ a; b ] -> Expression.Divide(a, b)
        | KBinary(Power, _, _), [ a; b ] -> Expression.Call(pow, a, b)
        | KCall(f, _), values -> Expression.Call(mathMethod f, values)
        | KCompare(Less, _, _), [ a; b ] -> Expression.LessThan(a, b)
        | KCompare(LessOrEqual, _, _), [ a; b ] -> Expression.LessThanOrEqual(a, b)
        | KCompare(Greater, _, _), [ a; b ] -> Expression.GreaterThan(a, b)
        | KCompare(GreaterOrEqual, _, _), [ a; b ] -> Expression.GreaterThanOrEqual(a, b)
        | KCompare(Equal, _, _), [ a; b ] -> Expression.Equal(a, b)
        | KCompare(NotEqual, _, _), [ a; b ] -> Expression.NotEqual(a, b)
        | KLogical(And, _, _), _ -> Expression.AndAlso(asBool args[0], asBool args[1])
        | KLogical(Or, _, _), _ -> Expression.OrElse(asBool args[0], asBool args[1])
        | KNot _, _ -> Expression.Not(asBool args[0])
        | KConditional _, [ _; a; b ] -> Expression.Condition(asBool args[0], a, b)
        | _ -> invalidOp "Emit: malformed node"

    /// <summary>
    /// One block that computes every root once: shared nodes into locals first, then <paramref name="store"/> of each
    /// root's value (a double expression) in order.
    /// </summary>
    /// <param name="resolve">The expression that reads a name (an array element, a lambda parameter).</param>
    /// <param name="roots">The values to compute.</param>
    /// <param name="store">What to do with root k's value, for example assign it to an array element.</param>
    let block (resolve: string -> Expression) (roots: Expr[]) (store: int -> Expression -> Expression) : Expression =
        let graph = Graph()
        let rootIds = roots |> Array.map graph.Add
        let nodes = graph.Nodes
        let uses = Array.zeroCreate nodes.Count

        for k in nodes do
            for a in operands k do
                uses[a] <- uses[a] + 1

        for r in rootIds do
            uses[r] <- uses[r] + 1

        let shared (id: int) =
            uses[id] > 1
            && (match nodes[id] with
                | KNumber _ -> false
                | _ -> true)

        let locals = Dictionary<int, ParameterExpression>()
        let assignments = ResizeArray<Expression>()

        let rec value (id: int) : Expression =
            match locals.TryGetValue id with
            | true, local -> local
            | _ -> operation resolve nodes[id] (operands nodes[id] |> List.map value)

        for id in 0 .. nodes.Count - 1 do
            if shared id then
                let computed = value id
                let local = Expression.Variable(computed.Type, sprintf "n%d" id)
                assignments.Add(Expression.Assign(local, computed))
                locals[id] <- local

        let stores =
            rootIds
            |> Array.mapi (fun k id ->
                let v = value id

                let v =
                    if isCondition nodes[id] then
                        Expression.Condition(v, Expression.Constant 1.0, Expression.Constant 0.0) :> Expression
                    else
                        v

                store k v)

        Expression.Block(
            locals.Values,
            Seq.append assignments stores |> Seq.append [ Expression.Empty() :> Expression ]
        )
        :> Expression
