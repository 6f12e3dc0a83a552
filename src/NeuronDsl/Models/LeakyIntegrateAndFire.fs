namespace NeuronDsl.Models

open NeuronDsl
open NeuronDsl.Units

/// <summary>
/// Leaky integrate-and-fire: C dV/dt = I(t) − (V − E_L)/R. A spike when V reaches V_th, then V = V_reset held
/// for t_ref. It fires only when I exceeds the rheobase I_th = (V_th − E_L)/R.
/// </summary>
/// <remarks>
/// Gerstner, Kistler, Naud &amp; Paninski, Neuronal Dynamics (2014), ch. 1.3. Under constant I &gt; I_th and
/// starting at V_reset, spikes occur every t_ref + τ ln((R I + E_L − V_reset)/(R I + E_L − V_th)), τ = R C.
/// </remarks>
[<RequireQualifiedAccess>]
module LeakyIntegrateAndFire =
    /// <summary>Parameters of the leaky integrate-and-fire neuron.</summary>
    type Parameters =
        {
            /// <summary>Membrane capacitance C, &gt; 0.</summary>
            Capacitance: float<pF>
            /// <summary>Membrane (leak) resistance R, &gt; 0; the leak conductance is 1/R.</summary>
            Resistance: float<GOhm>
            /// <summary>Leak reversal (resting) potential E_L.</summary>
            RestingPotential: float<mV>
            /// <summary>Spike threshold V_th, &gt; ResetPotential.</summary>
            Threshold: float<mV>
            /// <summary>Potential V_reset after a spike.</summary>
            ResetPotential: float<mV>
            /// <summary>Absolute refractory period t_ref, ≥ 0.</summary>
            Refractory: float<ms>
        }

    /// <summary>
    /// C = 200 pF, R = 0.1 GΩ (g_L = 10 nS, τ = 20 ms), E_L = −70 mV, V_th = −50 mV, V_reset = −65 mV, t_ref = 2 ms,
    /// so I_th = 200 pA (Gerstner et al. 2014, ch. 1).
    /// </summary>
    let defaults =
        { Capacitance = 200.0<pF>
          Resistance = 0.1<GOhm>
          RestingPotential = -70.0<mV>
          Threshold = -50.0<mV>
          ResetPotential = -65.0<mV>
          Refractory = 2.0<ms> }

    /// <summary>Throws <c>ArgumentException</c> naming the first invalid parameter.</summary>
    let validate (p: Parameters) =
        Check.positive "Capacitance" "pF" p.Capacitance
        Check.positive "Resistance" "GOhm" p.Resistance
        Check.positive "MembraneTimeConstant" "ms" (p.Resistance * p.Capacitance)
        Check.finite "RestingPotential" "mV" p.RestingPotential
        Check.finite "ResetPotential" "mV" p.ResetPotential
        Check.above "Threshold" "mV" "ResetPotential" p.ResetPotential p.Threshold
        Check.nonNegative "Refractory" "ms" p.Refractory

    /// <summary>Membrane time constant τ = R C.</summary>
    let timeConstant (p: Parameters) : float<ms> = p.Resistance * p.Capacitance

    /// <summary>Rheobase (threshold current) I_th = (V_th − E_L)/R: the neuron fires only above it.</summary>
    let rheobase (p: Parameters) : float<pA> =
        (p.Threshold - p.RestingPotential) / p.Resistance

    /// <summary>dV/dt = (I − (V − E_L)/R) / C.</summary>
    let derivative (p: Parameters) (input: float<pA>) (v: float<mV>) : float<mV / ms> =
        (input - (v - p.RestingPotential) / p.Resistance) / p.Capacitance

    /// <summary>Exact flow over h under a constant current: V∞ + (V − V∞) e^(−h/τ), V∞ = E_L + R I.</summary>
    let propagate (p: Parameters) (input: float<pA>) (h: float<ms>) (v: float<mV>) : float<mV> =
        let steady = p.RestingPotential + p.Resistance * input
        // v + (V∞ − v)(1 − e^(−h/τ)), with expm1 so that short steps keep full precision.
        v - (steady - v) * Numerics.expm1 (-h / timeConstant p)

    /// <summary>Spike function V − V_th.</summary>
    let threshold (p: Parameters) (v: float<mV>) = float (v - p.Threshold)

    /// <summary>V after a spike.</summary>
    let reset (p: Parameters) (_: float<mV>) = p.ResetPotential

    /// <summary>Interspike interval under a constant current, refractory period included; infinite at or below I_th.</summary>
    /// <param name="p">Parameters.</param>
    /// <param name="input">Constant current in pA.</param>
    /// <returns>t_ref + τ ln((R I + E_L − V_reset)/(R I + E_L − V_th)), or infinity.</returns>
    let interval (p: Parameters) (input: float<pA>) : float<ms> =
        let drive = p.Resistance * input + p.RestingPotential

        if drive <= p.Threshold then
            infinity * 1.0<ms>
        else
            p.Refractory
            + timeConstant p * log ((drive - p.ResetPotential) / (drive - p.Threshold))

    /// <summary>Firing rate under a constant current, 0 Hz at or below the rheobase.</summary>
    let firingRate (p: Parameters) (input: float<pA>) : float<Hz> =
        Unit.millisecondsPerSecond / interval p input

    /// <summary>The model, with exact integration and a linearisation for exponential Euler.</summary>
    let model: Model<Parameters, float<mV>, pA> =
        let scalar =
            Model.scalar
                "leaky integrate-and-fire"
                { Name = "V"
                  Unit = "mV"
                  Description = "membrane potential" }
                derivative
                (fun p -> p.RestingPotential)

        { scalar with
            Linearised =
                Some(fun p i y dydt diagonal ->
                    dydt[0] <- float (derivative p i (LanguagePrimitives.FloatWithMeasure y[0]))
                    diagonal[0] <- -1.0 / float (timeConstant p))
            Propagate = Some propagate }
        |> Model.withSpike threshold reset
        |> Model.withRefractory (fun p -> p.Refractory)
        |> Model.withValidation validate
