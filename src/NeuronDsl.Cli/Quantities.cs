using System.Globalization;
using System.Text.RegularExpressions;

namespace NeuronDsl.Cli;

/// <summary>A physical dimension a number on the command line may carry, with its units and their factors.</summary>
/// <param name="Name">What the number is, for messages ("a current").</param>
/// <param name="BaseUnit">The unit the simulation uses; a bare number is in it.</param>
/// <param name="Units">Accepted unit spellings and their factor to the base unit.</param>
internal sealed record Dimension(string Name, string BaseUnit, IReadOnlyDictionary<string, double> Units)
{
    private static Dictionary<string, double> Table(params (string Unit, double Factor)[] units) =>
        units.ToDictionary(u => u.Unit, u => u.Factor, StringComparer.Ordinal);

    public static readonly Dimension Time = new("a time", "ms", Table(("ms", 1), ("s", 1000), ("us", 1e-3), ("µs", 1e-3)));
    public static readonly Dimension Voltage = new("a potential", "mV", Table(("mV", 1), ("V", 1000), ("uV", 1e-3), ("µV", 1e-3)));
    public static readonly Dimension Current = new("a current", "pA", Table(("pA", 1), ("nA", 1e3), ("uA", 1e6), ("µA", 1e6), ("fA", 1e-3)));
    public static readonly Dimension CurrentDensity = new("a current density", "uA/cm2",
        Table(("uA/cm2", 1), ("µA/cm2", 1), ("µA/cm²", 1), ("uA/cm^2", 1), ("nA/cm2", 1e-3), ("mA/cm2", 1e3)));
    public static readonly Dimension Capacitance = new("a capacitance", "pF", Table(("pF", 1), ("nF", 1e3), ("uF", 1e6), ("µF", 1e6)));
    public static readonly Dimension SpecificCapacitance = new("a capacitance per area", "uF/cm2",
        Table(("uF/cm2", 1), ("µF/cm2", 1), ("µF/cm²", 1), ("nF/cm2", 1e-3)));
    public static readonly Dimension Resistance = new("a resistance", "GOhm",
        Table(("GOhm", 1), ("GΩ", 1), ("MOhm", 1e-3), ("MΩ", 1e-3), ("kOhm", 1e-6), ("kΩ", 1e-6)));
    public static readonly Dimension SpecificConductance = new("a conductance per area", "mS/cm2",
        Table(("mS/cm2", 1), ("mS/cm²", 1), ("uS/cm2", 1e-3), ("µS/cm2", 1e-3), ("S/cm2", 1e3)));
    public static readonly Dimension Frequency = new("a frequency", "Hz", Table(("Hz", 1), ("kHz", 1e3)));
    public static readonly Dimension Dimensionless = new("a number", "", Table());

    private static readonly Dimension[] All =
        [Time, Voltage, Current, CurrentDensity, Capacitance, SpecificCapacitance, Resistance, SpecificConductance, Frequency];

    /// <summary>The dimension whose base unit is the given unit name, as the models list them.</summary>
    public static Dimension OfUnit(string unit) =>
        All.FirstOrDefault(d => d.BaseUnit == unit) ?? Dimensionless;

    /// <summary>Examples of accepted spellings, for error messages.</summary>
    public string Examples => Units.Count == 0 ? "a plain number" : string.Join(", ", Units.Keys.Take(3).Select(u => "10" + u));

    /// <summary>Which dimension a unit spelling belongs to, if any.</summary>
    public static Dimension? Owning(string unit) => All.FirstOrDefault(d => d.Units.ContainsKey(unit));
}

/// <summary>Numbers with optional units ("10uA/cm2", "500pA", "2nA", "200ms", "-65mV").</summary>
internal static partial class Quantities
{
    [GeneratedRegex(@"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")]
    private static partial Regex NumberAndUnit();

    /// <summary>Parses a number in the given dimension, converting its unit to the base unit.</summary>
    /// <param name="text">For example "2nA" or "500".</param>
    /// <param name="dimension">What the number must be.</param>
    /// <param name="what">Where it came from, for messages ("--duration").</param>
    /// <exception cref="UsageException">Not a number, unknown unit, or a unit of another dimension.</exception>
    public static double Parse(string text, Dimension dimension, string what)
    {
        var match = NumberAndUnit().Match(text);
        if (!match.Success)
        {
            throw new UsageException($"{what}: '{text}' is not a number; expected {dimension.Name} such as {dimension.Examples}");
        }
        var value = double.Parse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        var unit = match.Groups[2].Value;
        if (unit.Length == 0) return value;
        if (dimension.Units.TryGetValue(unit, out var factor)) return Scale(match.Groups[1].Value, value, factor);
        var owner = Dimension.Owning(unit);
        var expected = dimension.Units.Count == 0
            ? "a plain number without unit"
            : $"{dimension.Name} in {string.Join(", ", dimension.Units.Keys)} (a bare number is in {dimension.BaseUnit})";
        throw new UsageException(owner is null
            ? $"{what}: unknown unit '{unit}' in '{text}'; expected {expected}"
            : $"{what}: '{text}' is {owner.Name}; expected {expected}");
    }

    /// <summary>
    /// The number times the unit's factor, computed in decimal when the number fits, so that "1.6nA" is exactly
    /// 1600 pA (in binary, 1.6 × 1000 is 1600.0000000000002).
    /// </summary>
    private static double Scale(string number, double value, double factor)
    {
        if (factor == 1) return value;
        var decimalFactor = (decimal)factor;
        if (decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var mantissa)
            && (mantissa != 0 || value == 0) && Math.Abs(value) is > 1e-12 and < 1e15 or 0)
        {
            return (double)(mantissa * decimalFactor);
        }
        return value * factor;
    }

    /// <summary>Formats a number with full round-trip precision, culture-invariant.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
