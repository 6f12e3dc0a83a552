namespace NeuronDsl

/// <summary>What a sweep axis varies in the base run.</summary>
[<RequireQualifiedAccess>]
type SweepTarget =
    /// <summary>A model parameter, by its name in the equations, in its declared unit.</summary>
    | Parameter of Name: string
    /// <summary>The amplitude of the input, in the model's input unit.</summary>
    | InputAmplitude
    /// <summary>The initial value of a state variable, in its unit.</summary>
    | InitialValue of Variable: string
    /// <summary>The seed of the input noise: whole numbers from 0 to 4294967295.</summary>
    | Seed

/// <summary>One axis of a sweep: what it varies and the values it takes.</summary>
[<NoComparison>]
type SweepAxis =
    {
        /// <summary>What the axis varies.</summary>
        Target: SweepTarget
        /// <summary>The values, in the target's unit.</summary>
        Values: SweepValues
    }

/// <summary>Creating and describing sweep axes.</summary>
[<RequireQualifiedAccess>]
module SweepAxis =
    /// <summary>An axis over a parameter, by its name in the equations.</summary>
    /// <example><c>SweepAxis.parameter "C" (SweepValues.linear 100.0 300.0 5)</c></example>
    [<CompiledName("Parameter")>]
    let parameter (name: string) (values: SweepValues) =
        { Target = SweepTarget.Parameter name
          Values = values }

    /// <summary>An axis over the input amplitude, in the model's input unit.</summary>
    [<CompiledName("InputAmplitude")>]
    let inputAmplitude (values: SweepValues) =
        { Target = SweepTarget.InputAmplitude
          Values = values }

    /// <summary>An axis over the initial value of a state variable.</summary>
    [<CompiledName("InitialValue")>]
    let initialValue (variable: string) (values: SweepValues) =
        { Target = SweepTarget.InitialValue variable
          Values = values }

    /// <summary>An axis over the seed of the input noise.</summary>
    [<CompiledName("Seed")>]
    let seed (values: SweepValues) =
        { Target = SweepTarget.Seed
          Values = values }

    /// <summary>The column name of an axis in a sweep table: the parameter's or variable's name, "input" or "seed".</summary>
    /// <example><c>SweepAxis.name (SweepAxis.initialValue "V" (SweepValues.listed [ -70.0 ]))</c> // evaluates to "init_V"</example>
    [<CompiledName("Name")>]
    let name (axis: SweepAxis) =
        match axis.Target with
        | SweepTarget.Parameter n -> n
        | SweepTarget.InputAmplitude -> "input"
        | SweepTarget.InitialValue v -> "init_" + v
        | SweepTarget.Seed -> "seed"

    /// <summary>How messages name an axis: "parameter C", "input amplitude", "initial value of V", "seed".</summary>
    [<CompiledName("Describe")>]
    let describe (axis: SweepAxis) =
        match axis.Target with
        | SweepTarget.Parameter n -> "parameter " + n
        | SweepTarget.InputAmplitude -> "input amplitude"
        | SweepTarget.InitialValue v -> "initial value of " + v
        | SweepTarget.Seed -> "seed"
