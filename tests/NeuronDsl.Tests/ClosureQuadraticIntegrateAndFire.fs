namespace NeuronDsl.Tests

open NeuronDsl
open NeuronDsl.Units

/// <summary>
/// A model built from F# functions rather than equations (the closure path that custom C# models also take): the
/// quadratic integrate-and-fire neuron
/// τ dv/dt = v² + I (v and I dimensionless), spiking at v_peak and resetting to v_reset.
/// </summary>
/// <remarks>Ermentrout &amp; Kopell, SIAM J. Appl. Math. 46 (1986); Latham et al., J. Neurophysiol. 83 (2000).</remarks>
[<RequireQualifiedAccess>]
module ClosureQuadraticIntegrateAndFire =
    type Parameters =
        { TimeConstant: float<ms> // τ
          Reset: float // v_reset
          Peak: float } // v_peak

    let defaults =
        { TimeConstant = 10.0<ms>
          Reset = -10.0
          Peak = 10.0 }

    let derivative (p: Parameters) (input: float) (v: float) : float</ ms> = (v * v + input) / p.TimeConstant

    let validate (p: Parameters) =
        Check.positive "TimeConstant" "ms" p.TimeConstant
        Check.finite "Reset" "" p.Reset
        Check.above "Peak" "" "Reset" p.Reset p.Peak

    let model: Model<Parameters, float, 1> =
        Model.scalar
            "quadratic integrate-and-fire"
            { Name = "v"
              Unit = ""
              Description = "membrane variable" }
            derivative
            (fun p -> p.Reset)
        |> Model.withSpike (fun p v -> v - p.Peak) (fun p _ -> p.Reset)
        |> Model.withValidation validate

    /// Period under a constant input I > 0: (τ/√I)(arctan(v_peak/√I) − arctan(v_reset/√I)).
    let period (p: Parameters) (input: float) : float<ms> =
        let s = sqrt input
        p.TimeConstant / s * (atan (p.Peak / s) - atan (p.Reset / s))
