namespace NeuronDsl

/// <summary>
/// A model whose names are resolved and whose dimensions have been checked, reduced to plain arithmetic: every
/// expression computes a raw number in a known unit, with exact power-of-ten factors inserted wherever quantities
/// of different units meet. Compilers, interpreters and symbolic analysis read this form.
/// </summary>
/// <remarks>
/// Expressions here refer by <c>Name</c> to state variables, parameters, the input, definitions and <c>t</c>;
/// a <c>Number</c>'s unit is only a label, its value is used as it is.
/// </remarks>
type CheckedEquations =
    {
        /// <summary>The model as written.</summary>
        Source: Equations
        /// <summary>State variables in solver order.</summary>
        States: StateDeclaration[]
        /// <summary>Parameters in declaration order.</summary>
        Parameters: ParameterDeclaration[]
        /// <summary>The driving input, if the model declares one.</summary>
        Input: InputDeclaration option
        /// <summary>Definitions in an order where each comes after those it uses; values in the declared unit.</summary>
        Definitions: (string * Expr)[]
        /// <summary>d(state k)/dt in the state's unit per ms.</summary>
        Rates: Expr[]
        /// <summary>The spike function: a spike is its upward zero crossing (V − V_th for V &gt; V_th).</summary>
        SpikeFunction: Expr option
        /// <summary>Reset statements as (state index, new value in the state's unit), run in order.</summary>
        Reset: (int * Expr)[]
        /// <summary>The refractory period in ms (an expression of parameters; the number 0 when none).</summary>
        Refractory: Expr
        /// <summary>Indices of the states that hold still during the refractory period.</summary>
        Clamped: int[]
        /// <summary>Initial value of each state in its unit, as an expression of parameters.</summary>
        Initial: Expr[]
    }
