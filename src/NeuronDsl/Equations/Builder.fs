namespace NeuronDsl

/// <summary>
/// A model written with the typed F# builder: its equations as data, with the input's unit <c>'Input</c> known to
/// the compiler. Every declaration is collected from the equations that use it.
/// </summary>
[<NoComparison>]
type TypedModel<[<Measure>] 'Input> =
    {
        /// <summary>The model as data.</summary>
        Equations: Equations
    }

/// <summary>Building models with the typed F# front-end.</summary>
[<RequireQualifiedAccess>]
module TypedModel =
    let private collect (uses: Declaration list) (m: Equations) =
        let all = List.distinct uses

        let parameters =
            all
            |> List.choose (function
                | DeclaredParameter p -> Some p
                | _ -> None)

        let states =
            all
            |> List.choose (function
                | DeclaredState s -> Some s
                | _ -> None)

        let inputs =
            all
            |> List.choose (function
                | DeclaredInput i -> Some i
                | _ -> None)

        let definitions =
            all
            |> List.choose (function
                | DeclaredDefinition d -> Some d
                | _ -> None)

        { m with
            Parameters = parameters
            States = states
            Inputs = inputs
            Definitions = definitions }

    let private rebuild (uses: Declaration list) (m: TypedModel<'I>) =
        let previous =
            [ yield! m.Equations.Parameters |> List.map DeclaredParameter
              yield! m.Equations.States |> List.map DeclaredState
              yield! m.Equations.Inputs |> List.map DeclaredInput
              yield! m.Equations.Definitions |> List.map DeclaredDefinition ]

        { Equations = collect (previous @ uses) m.Equations }

    /// <summary>
    /// A model from its differential equations, in the order the state variables are stored (the first is the one
    /// recorded by default, usually the membrane potential).
    /// </summary>
    /// <param name="name">Full name, for example "leaky integrate-and-fire".</param>
    /// <param name="description">What the model is, one or two lines.</param>
    /// <param name="citation">Where the model and its defaults come from.</param>
    /// <param name="input">The input term, which fixes the model's input unit.</param>
    /// <param name="equations">One <c>dt x rate</c> per state variable.</param>
    /// <returns>A model without threshold, reset or refractory period.</returns>
    let create
        (name: string)
        (description: string)
        (citation: string)
        (input: Term<'I>)
        (equations: TypedEquation list)
        : TypedModel<'I> =
        let states =
            equations
            |> List.collect (fun e -> e.Uses)
            |> List.choose (function
                | DeclaredState s -> Some s
                | _ -> None)
            |> List.distinct
        // States in the order of their equations, then everything else in order of first use.
        let order (s: StateDeclaration) =
            equations
            |> List.tryFindIndex (fun e -> e.Equation.Variable = s.Name)
            |> Option.defaultValue System.Int32.MaxValue

        let uses =
            (states |> List.sortBy order |> List.map DeclaredState)
            @ input.Uses
            @ (equations |> List.collect (fun e -> e.Uses))

        { Equations =
            collect
                uses
                { Name = name
                  Description = description
                  Citation = citation
                  Parameters = []
                  States = []
                  Inputs = []
                  Definitions = []
                  Derivatives = equations |> List.map (fun e -> e.Equation)
                  Threshold = None
                  Reset = []
                  Refractory = None
                  Start = InitialValues
                  Requirements = [] } }

    /// <summary>The spike condition, for example <c>V &gt;. V_th</c>.</summary>
    let withThreshold (condition: Condition) (m: TypedModel<'I>) =
        rebuild
            condition.Uses
            { Equations =
                { m.Equations with
                    Threshold = Some condition.Node } }

    /// <summary>Statements run after each spike, in order, for example <c>[ v &lt;-- c; u += d ]</c>.</summary>
    let withReset (statements: TypedReset list) (m: TypedModel<'I>) =
        rebuild
            (statements |> List.collect (fun s -> s.Uses))
            { Equations =
                { m.Equations with
                    Reset = statements |> List.map (fun s -> s.Statement) } }

    /// <summary>An absolute refractory period after each spike.</summary>
    let withRefractory (period: Term<Units.ms>) (m: TypedModel<'I>) =
        rebuild
            period.Uses
            { Equations =
                { m.Equations with
                    Refractory = Some period.Node } }

    /// <summary>A condition every parameter set must meet, for example <c>Threshold &gt;. ResetPotential</c>.</summary>
    let withRequirement (condition: Condition) (m: TypedModel<'I>) =
        rebuild
            condition.Uses
            { Equations =
                { m.Equations with
                    Requirements = m.Equations.Requirements @ [ condition.Node ] } }

    /// <summary>Start at the resting state (the fixed point under zero input) instead of the initial values.</summary>
    let startAtRest (m: TypedModel<'I>) =
        { Equations = { m.Equations with Start = Rest } }

    /// <summary>
    /// Lists the parameters in the given order (the paper's) instead of the order of first use; parameters not named
    /// follow, in their order. Only the listing changes: printed text, tools' tables.
    /// </summary>
    let withParameterOrder (names: string list) (m: TypedModel<'I>) =
        let rank (p: ParameterDeclaration) =
            names
            |> List.tryFindIndex ((=) p.Name)
            |> Option.defaultValue System.Int32.MaxValue

        { Equations =
            { m.Equations with
                Parameters = m.Equations.Parameters |> List.sortBy rank } }
