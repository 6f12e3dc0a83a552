using System.Globalization;
using System.Text.RegularExpressions;
using CoreUnit = NeuronDsl.PhysicalUnitModule;

namespace NeuronDsl.Cli;

/// <summary>
/// Numbers with optional units ("10uA/cm2", "500pA", "0.2s", "-65mV"), read with the core's unit table
/// (<c>PhysicalUnit.tryParse</c>) and converted exactly (<c>PhysicalUnit.conversion</c>) into the unit a model
/// declares; the tool keeps no unit table of its own.
/// </summary>
internal static partial class Quantities
{
    /// <summary>Times on the command line are converted into ms.</summary>
    public const string Milliseconds = "ms";

    /// <summary>Frequencies are converted into Hz.</summary>
    public const string Hertz = "Hz";

    /// <summary>The unit of pure numbers (tolerances, phases in radians).</summary>
    public const string None = "";

    [GeneratedRegex(@"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")]
    private static partial Regex NumberAndUnit();

    /// <summary>The core's ASCII spelling of common typographic forms: µ → u, ² → 2, Ω and Ohm → ohm.</summary>
    private static string Ascii(string unit) =>
        unit.Replace('µ', 'u').Replace('μ', 'u').Replace("²", "2").Replace("³", "3").Replace("Ω", "ohm").Replace("Ohm", "ohm");

    private static PhysicalUnit ParseUnit(string text, Func<string, Exception> fail)
    {
        var parsed = CoreUnit.tryParse(Ascii(text));
        return parsed.IsOk ? parsed.ResultValue : throw fail(parsed.ErrorValue);
    }

    /// <summary>Parses a number and converts it into <paramref name="targetUnit"/>; a bare number is already in it.</summary>
    /// <param name="text">For example "2nA" or "500".</param>
    /// <param name="targetUnit">The unit the value is wanted in, as the model declares it ("pA", "uA/cm^2", "" for none).</param>
    /// <param name="what">Where it came from, for messages ("--duration").</param>
    /// <exception cref="UsageException">Not a number, an unknown unit, or a unit of another dimension.</exception>
    public static double Parse(string text, string targetUnit, string what)
    {
        var target = ParseUnit(targetUnit, message => new InvalidOperationException($"{what}: the model declares {message}"));
        var match = NumberAndUnit().Match(text);
        if (!match.Success)
        {
            throw new UsageException($"{what}: '{text}' is not a number; expected {Expected(target)}");
        }
        var value = double.Parse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        var unitText = match.Groups[2].Value;
        if (unitText.Length == 0) return value;
        var source = ParseUnit(unitText, message => new UsageException($"{what}: {message}"));
        if (CoreUnit.conversion(source, target) is null)
        {
            throw new UsageException($"{what}: '{text}' is in {source}, which does not convert to {Show(target)}; expected {Expected(target)}");
        }
        return Scale(match.Groups[1].Value, value, source, target);
    }

    /// <summary>The separator of a range FIRST..LAST, spread linearly over a population.</summary>
    public const string RangeSeparator = "..";

    /// <summary>True when the text is a range FIRST..LAST.</summary>
    public static bool IsRange(string text) => text.Contains(RangeSeparator, StringComparison.Ordinal);

    /// <summary>Parses FIRST..LAST, both converted into <paramref name="targetUnit"/> as <see cref="Parse"/> does; both
    /// ends carry a unit or neither does, so that "1..3nA" is not read as 1 pA to 3 nA.</summary>
    /// <param name="text">For example "1nA..3nA" or "-70..-60".</param>
    /// <param name="targetUnit">The unit the values are wanted in.</param>
    /// <param name="what">Where it came from, for messages ("--param E_L").</param>
    /// <exception cref="UsageException">Not two numbers, or a unit on one end only.</exception>
    public static (double First, double Last) ParseRange(string text, string targetUnit, string what)
    {
        var at = text.IndexOf(RangeSeparator, StringComparison.Ordinal);
        var (first, last) = (text[..at].Trim(), text[(at + RangeSeparator.Length)..].Trim());
        if (first.Length == 0 || last.Length == 0 || IsRange(last))
        {
            throw new UsageException($"{what}: '{text}' is not a range; expected FIRST..LAST, e.g. 1nA..3nA");
        }
        bool HasUnit(string end) => NumberAndUnit().Match(end) is { Success: true } m && m.Groups[2].Value.Length > 0;
        if (HasUnit(first) != HasUnit(last))
        {
            throw new UsageException($"{what}: '{text}' has a unit on one end only; give both ends a unit or neither (a bare number is in {(targetUnit.Length == 0 ? "no unit" : targetUnit)})");
        }
        return (Parse(first, targetUnit, what), Parse(last, targetUnit, what));
    }

    private static string Show(PhysicalUnit unit) => unit.Equals(CoreUnit.one) ? "a pure number" : unit.ToString();

    /// <summary>"a value in pA or a unit of its dimension such as nA, uA (a bare number is in pA)".</summary>
    private static string Expected(PhysicalUnit target)
    {
        if (target.Equals(CoreUnit.one)) return "a plain number without unit";
        var dimension = CoreUnit.dimension(target);
        var examples = CoreUnit.table
            .Where(u => u.Dimension.Equals(dimension) && u.Symbol != target.ToString())
            .Select(u => u.Symbol)
            .Take(4)
            .ToArray();
        var such = examples.Length > 0 ? $" such as {string.Join(", ", examples)}" : "";
        return $"a value in {target} or another unit of its dimension{such} (a bare number is in {target})";
    }

    /// <summary>
    /// The number converted from <paramref name="source"/> into <paramref name="target"/>, computed in decimal when the
    /// number fits, so that "1.6nA" is exactly 1600 pA (in binary, 1.6 × 1000 is 1600.0000000000002).
    /// </summary>
    private static double Scale(string number, double value, PhysicalUnit source, PhysicalUnit target)
    {
        var up = CoreUnit.power10(source) - CoreUnit.power10(target);
        if (up == 0) return value;
        if (Math.Abs(up) <= 28
            && decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var mantissa)
            && (mantissa != 0 || value == 0) && Math.Abs(value) is > 1e-12 and < 1e15 or 0)
        {
            var power = 1m;
            for (var k = 0; k < Math.Abs(up); k++) power *= 10m;
            try
            {
                return (double)(up > 0 ? mantissa * power : mantissa / power);
            }
            catch (OverflowException)
            {
                // Too large for decimal: fall through to binary arithmetic.
            }
        }
        // Divide by an exact power of ten rather than multiply by an inexact one (0.001 is not a double).
        return up > 0 ? value * CoreUnit.scale(up) : value / CoreUnit.scale(-up);
    }

    /// <summary>Formats a number with full round-trip precision, culture-invariant.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A unit as part of a file or column name: "uA/cm^2" becomes "uA_cm2".</summary>
    public static string ForFileName(string unit) => unit.Replace("^", "").Replace('/', '_').Replace('*', '_');
}
