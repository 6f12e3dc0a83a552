using System.Globalization;
using CoreValues = NeuronDsl.SynapseValues;

namespace NeuronDsl.CSharp;

/// <summary>
/// How the values of one synaptic quantity, the weight or the delay of a projection's synapses, are chosen: one for
/// all, one per synapse, or drawn per synapse from a distribution (from the network's seed, the same values for any
/// number of threads). A weight is in the unit of the variable it increments (mV onto V, nS onto a conductance); a
/// delay is in ms and never negative.
/// </summary>
/// <example><c>SynapseValue.Uniform(1.0, 3.0).ToString()</c> // evaluates to "uniform on (1, 3]"</example>
public sealed class SynapseValue
{
    private readonly string description;

    private SynapseValue(CoreValues core, double lowerBound, string description)
    {
        Core = core;
        LowerBound = lowerBound;
        this.description = description;
    }

    internal CoreValues Core { get; }

    /// <summary>No value can be below this (−∞ for an unbounded normal, 0 for a log-normal).</summary>
    internal double LowerBound { get; }

    /// <summary>Every synapse has this value.</summary>
    /// <param name="value">The value, finite, in the quantity's unit.</param>
    /// <returns>The values.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Not finite (ParamName "value").</exception>
    /// <example><c>SynapseValue.Constant(0.5).ToString()</c> // evaluates to "0.5"</example>
    public static SynapseValue Constant(double value)
    {
        Finite(value, nameof(value));
        return new(CoreValues.NewConstant(value), value, Text(value));
    }

    /// <summary>Synapse k has <c>values[k]</c>, in the order the connector lists synapses: the order of the lists of
    /// <see cref="Connector.Explicit"/>, or by source neuron, then target neuron, for the others.</summary>
    /// <param name="values">One finite value per synapse, in the quantity's unit; copied. The count is checked when the
    /// synapses are built.</param>
    /// <returns>The values.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is not finite (ParamName "values").</exception>
    public static SynapseValue PerSynapse(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var array = values.ToArray();
        var bad = Array.FindIndex(array, v => !double.IsFinite(v));
        if (bad >= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(values), array[bad],
                $"values[{bad}] = {Text(array[bad])}; expected a finite number");
        }
        return new(CoreValues.NewPerSynapse(array), array.Length == 0 ? double.PositiveInfinity : array.Min(),
            $"{array.Length} values");
    }

    /// <summary>Uniform on (low, high]: low + (high − low)·u with u in (0, 1].</summary>
    /// <param name="low">The lower end, in the quantity's unit.</param>
    /// <param name="high">The upper end, ≥ low.</param>
    /// <returns>The values.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An end is not finite, or high &lt; low (ParamName "high").</exception>
    public static SynapseValue Uniform(double low, double high)
    {
        Bounds(low, high);
        return new(CoreValues.NewUniform(low, high), low, $"uniform on ({Text(low)}, {Text(high)}]");
    }

    /// <summary>Normal with this mean and standard deviation, unbounded (so not for delays).</summary>
    /// <param name="mean">The mean, in the quantity's unit.</param>
    /// <param name="standardDeviation">The standard deviation, ≥ 0.</param>
    /// <returns>The values.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not finite, or the standard deviation is negative.</exception>
    public static SynapseValue Normal(double mean, double standardDeviation)
    {
        Spread(mean, standardDeviation);
        return new(CoreValues.NewNormal(mean, standardDeviation),
            standardDeviation == 0 ? mean : double.NegativeInfinity,
            $"normal (mean {Text(mean)}, standard deviation {Text(standardDeviation)})");
    }

    /// <summary>Normal conditioned on [low, high]: values outside are redrawn, so the density keeps its shape inside
    /// the bounds, which must hold at least 1 % of the mass (checked by <see cref="Network.WithProjection"/>).</summary>
    /// <param name="mean">The mean of the normal before truncation, in the quantity's unit.</param>
    /// <param name="standardDeviation">Its standard deviation, &gt; 0.</param>
    /// <param name="low">The lower bound.</param>
    /// <param name="high">The upper bound, ≥ low.</param>
    /// <returns>The values.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not finite, the standard deviation is not &gt; 0,
    /// or high &lt; low.</exception>
    public static SynapseValue TruncatedNormal(double mean, double standardDeviation, double low, double high)
    {
        Spread(mean, standardDeviation);
        if (standardDeviation == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation,
                "standardDeviation = 0; expected > 0 for a truncated normal");
        }
        Bounds(low, high);
        return new(CoreValues.NewTruncatedNormal(mean, standardDeviation, low, high), low,
            $"normal (mean {Text(mean)}, standard deviation {Text(standardDeviation)}) truncated to [{Text(low)}, {Text(high)}]");
    }

    /// <summary>Normal with values outside [low, high] set to the nearer bound, so the bounds get point masses.</summary>
    /// <param name="mean">The mean, in the quantity's unit.</param>
    /// <param name="standardDeviation">The standard deviation, ≥ 0.</param>
    /// <param name="low">The lower bound.</param>
    /// <param name="high">The upper bound, ≥ low.</param>
    /// <returns>The values.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not finite, the standard deviation is negative, or
    /// high &lt; low.</exception>
    public static SynapseValue ClippedNormal(double mean, double standardDeviation, double low, double high)
    {
        Spread(mean, standardDeviation);
        Bounds(low, high);
        return new(CoreValues.NewClippedNormal(mean, standardDeviation, low, high), low,
            $"normal (mean {Text(mean)}, standard deviation {Text(standardDeviation)}) clipped to [{Text(low)}, {Text(high)}]");
    }

    /// <summary>Log-normal: exp(logMean + logStandardDeviation·z) in the quantity's unit, z standard normal; the mean
    /// is exp(logMean + logStandardDeviation²/2).</summary>
    /// <param name="logMean">The mean of the logarithm.</param>
    /// <param name="logStandardDeviation">The standard deviation of the logarithm, ≥ 0.</param>
    /// <returns>The values.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not finite, or the standard deviation is negative.</exception>
    public static SynapseValue LogNormal(double logMean, double logStandardDeviation)
    {
        Finite(logMean, nameof(logMean));
        Finite(logStandardDeviation, nameof(logStandardDeviation));
        NotNegative(logStandardDeviation, nameof(logStandardDeviation));
        return new(CoreValues.NewLogNormal(logMean, logStandardDeviation),
            logStandardDeviation == 0 ? Math.Exp(logMean) : 0.0,
            $"log-normal (log mean {Text(logMean)}, log standard deviation {Text(logStandardDeviation)})");
    }

    /// <summary>The values in words, for example "uniform on (1, 3]".</summary>
    /// <returns>The description.</returns>
    public override string ToString() => description;

    private static void Spread(double mean, double standardDeviation)
    {
        Finite(mean, nameof(mean));
        Finite(standardDeviation, nameof(standardDeviation));
        NotNegative(standardDeviation, nameof(standardDeviation));
    }

    private static void Bounds(double low, double high)
    {
        Finite(low, nameof(low));
        Finite(high, nameof(high));
        if (high < low)
        {
            throw new ArgumentOutOfRangeException(nameof(high), high,
                $"high = {Text(high)}; expected at least low = {Text(low)}");
        }
    }

    private static void Finite(double value, string paramName)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} = {Text(value)}; expected a finite number");
        }
    }

    private static void NotNegative(double value, string paramName)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} = {Text(value)}; expected >= 0");
        }
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
