namespace NeuronDsl.Models

open NeuronDsl
open NeuronDsl.Units

/// <summary>
/// Perfect integrate-and-fire (Lapicque 1907): C dV/dt = I(t); when V reaches the threshold a spike is emitted,
/// V is reset and held there for the refractory period.
/// </summary>
/// <remarks>
/// Abbott, Brain Res. Bull. 50 (1999) 303–304; Gerstner et al., Neuronal Dynamics (2014), ch. 1. Defaults match
/// <c>LeakyIntegrateAndFire.defaults</c> without the leak. Under a constant I &gt; 0 the rate is
/// 1 / (t_ref + C (V_th − V_reset) / I).
/// </remarks>
[<RequireQualifiedAccess>]
module IntegrateAndFire =
    /// <summary>Parameters of the integrate-and-fire neuron.</summary>
    type Parameters =
        {
            /// <summary>Membrane capacitance C, &gt; 0.</summary>
            Capacitance: float<pF>
            /// <summary>Spike threshold V_th, &gt; ResetPotential.</summary>
            Threshold: float<mV>
            /// <summary>Potential V_reset after a spike, and the default initial potential.</summary>
            ResetPotential: float<mV>
            /// <summary>Absolute refractory period t_ref, ≥ 0.</summary>
            Refractory: float<ms>
        }

    /// <summary>C = 200 pF, V_th = −50 mV, V_reset = −65 mV, t_ref = 2 ms (Gerstner et al. 2014, ch. 1).</summary>
    let defaults =
        { Capacitance = 200.0<pF>
          Threshold = -50.0<mV>
          ResetPotential = -65.0<mV>
          Refractory = 2.0<ms> }

    /// <summary>Throws <c>ArgumentException</c> naming the first invalid parameter.</summary>
    let validate (p: Parameters) =
        Check.positive "Capacitance" "pF" p.Capacitance
        Check.finite "ResetPotential" "mV" p.ResetPotential
        Check.above "Threshold" "mV" "ResetPotential" p.ResetPotential p.Threshold
        Check.nonNegative "Refractory" "ms" p.Refractory

    /// <summary>dV/dt = I / C.</summary>
    let derivative (p: Parameters) (input: float<pA>) (_: float<mV>) : float<mV / ms> = input / p.Capacitance

    /// <summary>Exact flow over h under a constant current: V + I h / C.</summary>
    let propagate (p: Parameters) (input: float<pA>) (h: float<ms>) (v: float<mV>) : float<mV> =
        v + input * h / p.Capacitance

    /// <summary>Spike function V − V_th: a spike when it crosses zero upward.</summary>
    let threshold (p: Parameters) (v: float<mV>) = float (v - p.Threshold)

    /// <summary>V after a spike.</summary>
    let reset (p: Parameters) (_: float<mV>) = p.ResetPotential

    /// <summary>Firing rate under a constant current: 1 / (t_ref + C (V_th − V_reset) / I), 0 Hz for I ≤ 0.</summary>
    /// <param name="p">Parameters.</param>
    /// <param name="input">Constant current in pA.</param>
    /// <returns>The rate in Hz.</returns>
    let firingRate (p: Parameters) (input: float<pA>) : float<Hz> =
        if input <= 0.0<pA> then
            0.0<Hz>
        else
            Unit.millisecondsPerSecond
            / (p.Refractory + p.Capacitance * (p.Threshold - p.ResetPotential) / input)

    /// <summary>The model, with exact integration and a (trivial) linearisation.</summary>
    let model: Model<Parameters, float<mV>, pA> =
        let scalar =
            Model.scalar
                "integrate-and-fire"
                { Name = "V"
                  Unit = "mV"
                  Description = "membrane potential" }
                derivative
                (fun p -> p.ResetPotential)

        { scalar with
            Linearised =
                Some(fun p i y dydt diagonal ->
                    dydt[0] <- float (derivative p i (LanguagePrimitives.FloatWithMeasure y[0]))
                    diagonal[0] <- 0.0)
            Propagate = Some propagate }
        |> Model.withSpike threshold reset
        |> Model.withRefractory (fun p -> p.Refractory)
        |> Model.withValidation validate
