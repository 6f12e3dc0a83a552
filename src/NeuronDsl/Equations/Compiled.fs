namespace NeuronDsl

/// <summary>Writes d(state)/dt (each variable's unit per ms) into <c>rates</c>.</summary>
type RateKernel = delegate of state: float[] * parameters: float[] * input: float * time: float * rates: float[] -> unit

/// <summary>Writes d(state)/dt and the diagonal of its Jacobian ∂f_i/∂y_i (per ms).</summary>
type LinearisedKernel =
    delegate of
        state: float[] * parameters: float[] * input: float * time: float * rates: float[] * diagonal: float[] -> unit

/// <summary>The spike function's value; a spike is its upward zero crossing.</summary>
type SpikeKernel = delegate of state: float[] * parameters: float[] * input: float * time: float -> float

/// <summary>Runs the reset statements in order, in place: each sees the state the previous one left.</summary>
type ResetKernel = delegate of state: float[] * parameters: float[] * input: float * time: float -> unit

/// <summary>A quantity that depends on the parameters only (the refractory period, in ms).</summary>
type ParameterKernel = delegate of parameters: float[] -> float

/// <summary>Writes the initial state for the given parameters.</summary>
type InitialKernel = delegate of parameters: float[] * state: float[] -> unit

/// <summary>
/// The exact flow of a linear model under a constant input: writes the state at time h (ms) after y0 into y1.
/// </summary>
type FlowKernel = delegate of parameters: float[] * input: float * h: float * y0: float[] * y1: float[] -> unit

/// <summary>
/// A checked model compiled to .NET code: one delegate per job, each a straight-line method over arrays, with
/// parameters, states and the input at the indices of <c>Checked.Parameters</c>, <c>Checked.States</c>.
/// </summary>
[<NoEquality; NoComparison>]
type CompiledEquations =
    {
        /// <summary>The checked model it was compiled from.</summary>
        Checked: CheckedEquations
        /// <summary>d(state)/dt.</summary>
        Rates: RateKernel
        /// <summary>d(state)/dt and the diagonal of the Jacobian, by symbolic differentiation (exponential Euler).</summary>
        Linearised: LinearisedKernel
        /// <summary>The spike function, when the model has a threshold.</summary>
        SpikeFunction: SpikeKernel option
        /// <summary>The reset, when the model has reset statements.</summary>
        Reset: ResetKernel option
        /// <summary>The refractory period in ms.</summary>
        Refractory: ParameterKernel
        /// <summary>The declared initial values.</summary>
        Initial: InitialKernel
        /// <summary>The exact flow, when every rate is linear in the states with coefficients that depend on
        /// parameters only, and the input enters additively (IF, LIF and other linear models).</summary>
        ExactFlow: FlowKernel option
    }
