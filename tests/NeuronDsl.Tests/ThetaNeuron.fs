namespace NeuronDsl.Tests

open System
open NeuronDsl
open NeuronDsl.Units

/// <summary>
/// A model written outside the library with the typed F# builder, as in the README: the theta neuron
/// τ dθ/dt = (1 − cos θ) + (1 + cos θ) I, a spike when θ crosses π, then θ = −π.
/// </summary>
/// <remarks>Ermentrout &amp; Kopell, SIAM J. Appl. Math. 46 (1986) 233–253. With v = tan(θ/2) it is the quadratic
/// integrate-and-fire neuron τ dv/dt = v² + I, so for I &gt; 0 its period is πτ/√I.</remarks>
// README:begin theta
[<RequireQualifiedAccess>]
module ThetaNeuron =
    let TimeConstant = parameter "tau" (10.0 * ms) ValueRange.positive "time constant"
    let Drive = input "I" one "drive (dimensionless)"
    let Phase = state "theta" one (constant (-Math.PI * one)) ValueRange.any "phase"

    let equations: TypedModel<1> =
        TypedModel.create
            "theta neuron"
            "tau dtheta/dt = (1 - cos theta) + (1 + cos theta) I"
            "Ermentrout & Kopell, SIAM J. Appl. Math. 46 (1986) 233-253"
            Drive
            [ dt Phase (((1.0 - cos Phase) + (1.0 + cos Phase) * Drive) / TimeConstant) ]
        |> TypedModel.withThreshold (Phase >. constant (Math.PI * one))
        |> TypedModel.withReset [ Phase <-- constant (-Math.PI * one) ]

    let model = Equations.ofTyped equations

    /// Period under a constant drive I > 0: πτ/√I.
    let period (p: ParameterValues) (drive: float) : float<ms> =
        Math.PI * Parameters.get TimeConstant p / sqrt drive
// README:end theta
