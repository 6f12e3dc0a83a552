namespace NeuronDsl.Models

open NeuronDsl
open NeuronDsl.Units

/// <summary>
/// Hodgkin–Huxley (1952) squid giant axon, per unit area, modern convention (rest near −65 mV):
/// C dV/dt = I − ḡ_Na m³h (V − E_Na) − ḡ_K n⁴ (V − E_K) − g_L (V − E_L), dx/dt = α_x(V)(1 − x) − β_x(V) x.
/// A spike is an upward crossing of the detection potential; there is no reset.
/// </summary>
/// <remarks>
/// Hodgkin &amp; Huxley, J. Physiol. 117 (1952) 500–544, with V shifted so that rest is −65 mV, as in
/// Gerstner et al., Neuronal Dynamics (2014), ch. 2.2, and Dayan &amp; Abbott (2001), ch. 5.6.
/// </remarks>
[<RequireQualifiedAccess>]
module HodgkinHuxley =
    /// <summary>Parameters of the Hodgkin–Huxley membrane.</summary>
    type Parameters =
        {
            /// <summary>Membrane capacitance per area C_m, &gt; 0.</summary>
            Capacitance: float<uF / cm2>
            /// <summary>Maximal sodium conductance ḡ_Na, ≥ 0.</summary>
            SodiumConductance: float<mS / cm2>
            /// <summary>Maximal potassium conductance ḡ_K, ≥ 0.</summary>
            PotassiumConductance: float<mS / cm2>
            /// <summary>Leak conductance g_L, ≥ 0.</summary>
            LeakConductance: float<mS / cm2>
            /// <summary>Sodium reversal potential E_Na.</summary>
            SodiumReversal: float<mV>
            /// <summary>Potassium reversal potential E_K.</summary>
            PotassiumReversal: float<mV>
            /// <summary>Leak reversal potential E_L.</summary>
            LeakReversal: float<mV>
            /// <summary>A spike is counted when V crosses this potential upward.</summary>
            DetectionThreshold: float<mV>
        }

    /// <summary>
    /// C_m = 1 µF/cm², ḡ_Na = 120, ḡ_K = 36, g_L = 0.3 mS/cm², E_Na = 50, E_K = −77, E_L = −54.387 mV, spikes
    /// detected at 0 mV (Hodgkin &amp; Huxley 1952, modern convention).
    /// </summary>
    let defaults =
        { Capacitance = 1.0<uF / cm2>
          SodiumConductance = 120.0<mS / cm2>
          PotassiumConductance = 36.0<mS / cm2>
          LeakConductance = 0.3<mS / cm2>
          SodiumReversal = 50.0<mV>
          PotassiumReversal = -77.0<mV>
          LeakReversal = -54.387<mV>
          DetectionThreshold = 0.0<mV> }

    /// <summary>Membrane potential and the three gating variables (each in [0, 1]).</summary>
    [<Struct>]
    type State =
        {
            /// <summary>Membrane potential V.</summary>
            Potential: float<mV>
            /// <summary>Sodium activation m.</summary>
            M: float
            /// <summary>Sodium inactivation h.</summary>
            H: float
            /// <summary>Potassium activation n.</summary>
            N: float
        }

    /// <summary>Time derivative of <c>State</c>.</summary>
    [<Struct>]
    type Rates =
        {
            /// <summary>dV/dt.</summary>
            Potential: float<mV / ms>
            /// <summary>dm/dt.</summary>
            M: float</ ms>
            /// <summary>dh/dt.</summary>
            H: float</ ms>
            /// <summary>dn/dt.</summary>
            N: float</ ms>
        }

    /// <summary>Throws <c>ArgumentException</c> naming the first invalid parameter.</summary>
    let validate (p: Parameters) =
        Check.positive "Capacitance" "uF/cm2" p.Capacitance
        Check.nonNegative "SodiumConductance" "mS/cm2" p.SodiumConductance
        Check.nonNegative "PotassiumConductance" "mS/cm2" p.PotassiumConductance
        Check.nonNegative "LeakConductance" "mS/cm2" p.LeakConductance
        Check.finite "SodiumReversal" "mV" p.SodiumReversal
        Check.finite "PotassiumReversal" "mV" p.PotassiumReversal
        Check.finite "LeakReversal" "mV" p.LeakReversal
        Check.finite "DetectionThreshold" "mV" p.DetectionThreshold

    /// <summary>x / (1 − e^(−x/k)), equal to k at x = 0 (the 0/0 points of α_m and α_n).</summary>
    let private linoid (x: float) (k: float) =
        let u = x / k

        if abs u < 1e-3 then
            // Series of u / (1 − e^(−u)) = 1 + u/2 + u²/12 − u⁴/720 + O(u⁶): exact to rounding for |u| < 1e-3.
            let u2 = u * u
            k * (1.0 + 0.5 * u + u2 / 12.0 - u2 * u2 / 720.0)
        else
            x / (1.0 - exp -u)

    /// <summary>Opening rate of m: 0.1 (V + 40) / (1 − e^(−(V + 40)/10)) per ms; 1 at V = −40 mV.</summary>
    let alphaM (v: float<mV>) : float</ ms> =
        0.1<1 / ms> * linoid (float v + 40.0) 10.0

    /// <summary>Closing rate of m: 4 e^(−(V + 65)/18) per ms.</summary>
    let betaM (v: float<mV>) : float</ ms> =
        4.0<1 / ms> * exp (-(float v + 65.0) / 18.0)

    /// <summary>Opening rate of h: 0.07 e^(−(V + 65)/20) per ms.</summary>
    let alphaH (v: float<mV>) : float</ ms> =
        0.07<1 / ms> * exp (-(float v + 65.0) / 20.0)

    /// <summary>Closing rate of h: 1 / (1 + e^(−(V + 35)/10)) per ms.</summary>
    let betaH (v: float<mV>) : float</ ms> =
        1.0<1 / ms> / (1.0 + exp (-(float v + 35.0) / 10.0))

    /// <summary>Opening rate of n: 0.01 (V + 55) / (1 − e^(−(V + 55)/10)) per ms; 0.1 at V = −55 mV.</summary>
    let alphaN (v: float<mV>) : float</ ms> =
        0.01<1 / ms> * linoid (float v + 55.0) 10.0

    /// <summary>Closing rate of n: 0.125 e^(−(V + 65)/80) per ms.</summary>
    let betaN (v: float<mV>) : float</ ms> =
        0.125<1 / ms> * exp (-(float v + 65.0) / 80.0)

    /// <summary>Total ionic current density at a state (outward positive).</summary>
    let ionicCurrent (p: Parameters) (s: State) : float<uA / cm2> =
        let m3h = s.M * s.M * s.M * s.H
        let n2 = s.N * s.N

        p.SodiumConductance * m3h * (s.Potential - p.SodiumReversal)
        + p.PotassiumConductance * n2 * n2 * (s.Potential - p.PotassiumReversal)
        + p.LeakConductance * (s.Potential - p.LeakReversal)

    /// <summary>The state's rate of change under input current density I.</summary>
    let derivative (p: Parameters) (input: float<uA / cm2>) (s: State) : Rates =
        let v = s.Potential
        let am, bm = alphaM v, betaM v
        let ah, bh = alphaH v, betaH v
        let an, bn = alphaN v, betaN v

        { Potential = (input - ionicCurrent p s) / p.Capacitance
          M = am * (1.0 - s.M) - bm * s.M
          H = ah * (1.0 - s.H) - bh * s.H
          N = an * (1.0 - s.N) - bn * s.N }

    /// <summary>Gating variables at steady state for a clamped potential: x∞ = α / (α + β).</summary>
    let steadyState (v: float<mV>) : State =
        let am, bm = alphaM v, betaM v
        let ah, bh = alphaH v, betaH v
        let an, bn = alphaN v, betaN v

        { Potential = v
          M = am / (am + bm)
          H = ah / (ah + bh)
          N = an / (an + bn) }

    /// <summary>
    /// The resting state: the potential where the steady-state ionic current vanishes, found by bisection on
    /// [−100, 0] mV to rounding error, with its steady-state gating (≈ −65.00 mV for the defaults).
    /// </summary>
    let restingState (p: Parameters) : State =
        let current v = ionicCurrent p (steadyState v)
        let mutable lo, hi = -100.0<mV>, 0.0<mV>

        if current lo >= 0.0<uA / cm2> || current hi <= 0.0<uA / cm2> then
            invalidArg "p" "the steady-state current does not change sign between -100 mV and 0 mV; no resting state"

        while hi - lo > 1e-13<mV> do
            let mid = 0.5 * (lo + hi)
            if current mid < 0.0<uA / cm2> then lo <- mid else hi <- mid

        steadyState (0.5 * (lo + hi))

    let private load (y: float[]) : State =
        { Potential = LanguagePrimitives.FloatWithMeasure y[0]
          M = y[1]
          H = y[2]
          N = y[3] }

    let private store (s: State) (y: float[]) =
        y[0] <- float s.Potential
        y[1] <- s.M
        y[2] <- s.H
        y[3] <- s.N

    /// <summary>Spike function V − V_detect.</summary>
    let threshold (p: Parameters) (s: State) =
        float (s.Potential - p.DetectionThreshold)

    /// <summary>The model: four variables, conditionally linear (exponential Euler applies), no reset.</summary>
    let model: Model<Parameters, State, uA / cm2> =
        { Name = "Hodgkin-Huxley"
          Variables =
            [ { Name = "V"
                Unit = "mV"
                Description = "membrane potential" }
              { Name = "m"
                Unit = ""
                Description = "sodium activation" }
              { Name = "h"
                Unit = ""
                Description = "sodium inactivation" }
              { Name = "n"
                Unit = ""
                Description = "potassium activation" } ]
          Load = load
          Store = store
          Derivative =
            fun p i y dydt ->
                let r = derivative p i (load y)
                dydt[0] <- float r.Potential
                dydt[1] <- float r.M
                dydt[2] <- float r.H
                dydt[3] <- float r.N
          Linearised =
            Some(fun p i y dydt diagonal ->
                let s = load y
                let v = s.Potential
                let am, bm = alphaM v, betaM v
                let ah, bh = alphaH v, betaH v
                let an, bn = alphaN v, betaN v
                let n2 = s.N * s.N

                let conductance =
                    p.SodiumConductance * s.M * s.M * s.M * s.H
                    + p.PotassiumConductance * n2 * n2
                    + p.LeakConductance
                // Same expressions as derivative, with each rate computed once for both outputs.
                dydt[0] <- float ((i - ionicCurrent p s) / p.Capacitance)
                dydt[1] <- float (am * (1.0 - s.M) - bm * s.M)
                dydt[2] <- float (ah * (1.0 - s.H) - bh * s.H)
                dydt[3] <- float (an * (1.0 - s.N) - bn * s.N)
                diagonal[0] <- float (-conductance / p.Capacitance)
                diagonal[1] <- float (-(am + bm))
                diagonal[2] <- float (-(ah + bh))
                diagonal[3] <- float (-(an + bn)))
          Propagate = None
          SpikeFunction = threshold
          Reset = None
          Refractory = fun _ -> 0.0<ms>
          Clamped = []
          Validate = validate
          InitialState = restingState }
