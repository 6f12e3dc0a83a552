namespace NeuronDsl

open System.Linq.Expressions

/// <summary>
/// Compiles a checked model to .NET code with System.Linq.Expressions: one straight-line method per kernel, whose
/// results are bit-identical to the <c>Interpreter</c>'s.
/// </summary>
/// <remarks>
/// Each kernel's expressions have their definitions inlined and are simplified (<c>Simplify</c>, exact
/// rewrites only); identical sub-trees, such as a definition used by several rates, are then computed once into a
/// local (<c>Emit</c>). Reset statements are compiled one after another, each reading the state the previous one
/// wrote. <c>Linearised</c> uses the symbolic diagonal (<c>Differentiation</c>), sharing sub-expressions with the
/// rates; <c>ExactFlow</c> is present when <c>Linearity</c> finds the model linear.
/// </remarks>
[<RequireQualifiedAccess>]
module Compiler =
    /// <summary>The lambda parameters every model kernel reads.</summary>
    type private Arguments =
        { State: ParameterExpression
          Parameters: ParameterExpression
          Input: ParameterExpression
          Time: ParameterExpression }

    let private arguments () =
        { State = Expression.Parameter(typeof<float[]>, "state")
          Parameters = Expression.Parameter(typeof<float[]>, "parameters")
          Input = Expression.Parameter(typeof<float>, "input")
          Time = Expression.Parameter(typeof<float>, "time") }

    let private resolve (model: CheckedEquations) (a: Arguments) =
        Emit.resolver model a.State a.Parameters a.Input a.Time (fun n ->
            invalidOp (sprintf "Compiler: '%s' is not a state, parameter, input or t" n))

    let private lowered (model: CheckedEquations) (e: Expr) =
        e |> Differentiation.inlineDefinitions model.Definitions |> Simplify.expression

    let private lambda<'Kernel> (body: Expression) (parameters: ParameterExpression list) =
        Expression.Lambda<'Kernel>(body, parameters).Compile()

    let private rates (model: CheckedEquations) : RateKernel =
        let a = arguments ()
        let out = Expression.Parameter(typeof<float[]>, "rates")
        let roots = model.Rates |> Array.map (lowered model)
        let body = Emit.block (resolve model a) roots (Emit.storeAt out)
        lambda body [ a.State; a.Parameters; a.Input; a.Time; out ]

    let private linearised (model: CheckedEquations) : LinearisedKernel =
        let a = arguments ()
        let out = Expression.Parameter(typeof<float[]>, "rates")
        let diagonal = Expression.Parameter(typeof<float[]>, "diagonal")
        let n = model.States.Length

        let roots =
            Array.append (model.Rates |> Array.map (lowered model)) (Differentiation.diagonal model)

        let store k v =
            if k < n then
                Emit.storeAt out k v
            else
                Emit.storeAt diagonal (k - n) v

        let body = Emit.block (resolve model a) roots store
        lambda body [ a.State; a.Parameters; a.Input; a.Time; out; diagonal ]

    let private spike (model: CheckedEquations) (spikeFunction: Expr) : SpikeKernel =
        let a = arguments ()

        let body =
            Emit.block (resolve model a) [| lowered model spikeFunction |] (fun _ v -> v)

        lambda body [ a.State; a.Parameters; a.Input; a.Time ]

    let private reset (model: CheckedEquations) : ResetKernel =
        let a = arguments ()

        let statements =
            model.Reset
            |> Array.map (fun (index, value) ->
                Emit.block (resolve model a) [| lowered model value |] (fun _ v -> Emit.storeAt a.State index v))

        let body = Expression.Block(Array.append statements [| Expression.Empty() |])
        lambda body [ a.State; a.Parameters; a.Input; a.Time ]

    let private refractory (model: CheckedEquations) : ParameterKernel =
        let a = arguments ()

        let body =
            Emit.block (resolve model a) [| lowered model model.Refractory |] (fun _ v -> v)

        lambda body [ a.Parameters ]

    let private initial (model: CheckedEquations) : InitialKernel =
        let a = arguments ()
        let roots = model.Initial |> Array.map (lowered model)
        let body = Emit.block (resolve model a) roots (Emit.storeAt a.State)
        lambda body [ a.Parameters; a.State ]

    /// <summary>Compiles every kernel of a checked model.</summary>
    /// <param name="model">A model from <c>Checker.check</c>.</param>
    /// <returns>The compiled model; its kernels give the interpreter's results bit for bit.</returns>
    /// <example><c>Checker.check lif |> Result.map Compiler.compile</c> // evaluates to Ok compiled, with ExactFlow = Some _</example>
    let compile (model: CheckedEquations) : CompiledEquations =
        { Checked = model
          Rates = rates model
          Linearised = linearised model
          SpikeFunction = model.SpikeFunction |> Option.map (spike model)
          Reset =
            if Array.isEmpty model.Reset then
                None
            else
                Some(reset model)
          Refractory = refractory model
          Initial = initial model
          ExactFlow = Linearity.tryLinear model |> Option.map (ExactFlow.compile model) }
