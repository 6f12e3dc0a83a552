using CoreValues = NeuronDsl.SweepValuesModule;

namespace NeuronDsl.CSharp;

/// <summary>The values one sweep axis takes: a list, a linear range or a logarithmic range. Create one with
/// <see cref="List"/>, <see cref="Linear"/> or <see cref="Logarithmic"/>; checked when the sweep runs.</summary>
public sealed class SweepValues
{
    private SweepValues(global::NeuronDsl.SweepValues core) => Core = core;

    internal global::NeuronDsl.SweepValues Core { get; }

    /// <summary>The given values, in order.</summary>
    /// <param name="values">The values, in the unit of what the axis varies.</param>
    /// <example><c>SweepValues.List(100, 200, 300).Count</c> // evaluates to 3</example>
    public static SweepValues List(params double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(CoreValues.Listed(values));
    }

    /// <summary><paramref name="count"/> equally spaced values from <paramref name="first"/> to <paramref name="last"/>.</summary>
    /// <example><c>SweepValues.Linear(0, 10, 3)[1]</c> // evaluates to 5</example>
    public static SweepValues Linear(double first, double last, int count) => new(CoreValues.Linear(first, last, count));

    /// <summary><paramref name="count"/> values from <paramref name="first"/> to <paramref name="last"/> (both &gt; 0),
    /// equally spaced in log.</summary>
    /// <example><c>SweepValues.Logarithmic(1, 100, 3)[2]</c> // evaluates to 100</example>
    public static SweepValues Logarithmic(double first, double last, int count) =>
        new(CoreValues.Logarithmic(first, last, count));

    /// <summary>The number of values.</summary>
    public int Count => CoreValues.Count(Core);

    /// <summary>The k-th value, from 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">k is outside 0 .. Count − 1.</exception>
    public double this[int k] => Errors.Translate(() => CoreValues.Item(k, Core));
}
