namespace NeuronDsl.Units

// One coherent unit set, so that derivatives never need conversion factors:
// base measures ms, mV, pF (point neurons) and µF, cm² (membrane patches); every other unit is derived.

/// <summary>Millisecond, the unit of time of every simulation.</summary>
[<Measure>]
type ms

/// <summary>Second, used only to report firing rates in hertz.</summary>
[<Measure>]
type s

/// <summary>Hertz, spikes per second.</summary>
[<Measure>]
type Hz = 1 / s

/// <summary>Millivolt, the unit of membrane potential.</summary>
[<Measure>]
type mV

/// <summary>Picofarad, capacitance of a point neuron.</summary>
[<Measure>]
type pF

/// <summary>Picoampere, current into a point neuron: 1 pA = 1 pF·mV/ms.</summary>
[<Measure>]
type pA = pF mV / ms

/// <summary>Nanosiemens, conductance of a point neuron: 1 nS = 1 pA/mV.</summary>
[<Measure>]
type nS = pA / mV

/// <summary>Gigaohm, resistance of a point neuron: 1 GΩ = 1 mV/pA.</summary>
[<Measure>]
type GOhm = mV / pA

/// <summary>Square centimetre of membrane, for per-area (patch) models such as Hodgkin–Huxley.</summary>
[<Measure>]
type cm2

/// <summary>Microfarad.</summary>
[<Measure>]
type uF

/// <summary>Microampere: 1 µA = 1 µF·mV/ms.</summary>
[<Measure>]
type uA = uF mV / ms

/// <summary>Millisiemens: 1 mS = 1 µA/mV.</summary>
[<Measure>]
type mS = uA / mV

/// <summary>Conversions between the units above.</summary>
[<RequireQualifiedAccess>]
module Unit =
    /// <summary>Milliseconds per second.</summary>
    [<Literal>]
    let private MillisecondsPerSecondValue = 1000.0

    /// <summary>Milliseconds per second, 1000 ms/s.</summary>
    let millisecondsPerSecond: float<ms / s> =
        LanguagePrimitives.FloatWithMeasure MillisecondsPerSecondValue

    /// <summary>Firing rate in hertz of <paramref name="count"/> spikes in <paramref name="duration"/>.</summary>
    /// <param name="count">Number of spikes.</param>
    /// <param name="duration">Length of the window, in ms; must be &gt; 0.</param>
    /// <returns>The rate in Hz.</returns>
    /// <example><c>Unit.rate 10 500.0&lt;ms&gt;</c> // evaluates to 20.0&lt;Hz&gt;</example>
    let rate (count: int) (duration: float<ms>) : float<Hz> =
        float count / (duration / millisecondsPerSecond)
