using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NeuronDsl.CSharp;

namespace NeuronDsl.Cli;

using Population = NeuronDsl.CSharp.Population;

/// <summary>
/// Noise currents as population inputs, one per neuron, drawn from the run's seed: <c>ou:MEAN,SIGMA,TAU</c> (an
/// Ornstein–Uhlenbeck current, SIGMA its stationary standard deviation) and <c>white:MEAN,SIGMA</c> (white noise,
/// SIGMA an intensity "VALUE UNIT*sqrt(ms)" or a number in the input unit · √ms: variance SIGMA²/dt per step). The
/// intensity's form is the one network files use too.
/// </summary>
internal static partial class NoiseSpec
{
    /// <summary>The forms, for --input's help and its errors.</summary>
    public const string Forms = "ou:MEAN,SIGMA,TAU (e.g. ou:250pA,50pA,5ms) or white:MEAN,SIGMA (e.g. white:250pA,300pA*sqrt(ms))";

    /// <summary>Whether an --input spec is a noise current.</summary>
    public static bool IsNoise(string spec) => KindOf(spec) is "ou" or "white";

    /// <summary>The population driven by the noise current of an --input spec, and its description for summary.json.</summary>
    public static (Population Population, JsonObject Node) Apply(Population population, string spec)
    {
        var unit = population.InputUnit;
        var kind = KindOf(spec);
        var parts = spec[(spec.IndexOf(':') + 1)..].Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != (kind == "ou" ? 3 : 2)) throw new UsageException($"--input '{spec}': expected {Forms}");
        var mean = Quantities.Parse(parts[0], unit, $"--input {kind} mean");
        var node = new JsonObject { ["spec"] = spec, ["unit"] = unit, ["mean"] = mean, ["seed_option"] = "--seed" };
        try
        {
            if (kind == "ou")
            {
                var sigma = Quantities.Parse(parts[1], unit, "--input ou sigma");
                var tau = Quantities.Parse(parts[2], Quantities.Milliseconds, "--input ou tau");
                (node["kind"], node["sigma"], node["tau_ms"]) = ("Ornstein-Uhlenbeck current per neuron, stationary start", sigma, tau);
                return (population.WithOrnsteinUhlenbeck(mean, sigma, tau), node);
            }
            var intensity = Intensity(parts[1], unit, "--input white sigma");
            (node["kind"], node["sigma_times_sqrt_ms"]) = ("white noise per neuron, variance sigma^2/dt per step", intensity);
            return (population.WithWhiteNoise(mean, intensity), node);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new UsageException($"--input '{spec}': {Messages.OneLine(e)}");
        }
    }

    /// <summary>A white-noise intensity: "VALUE UNIT*sqrt(ms)", or a number in the input unit · √ms.</summary>
    /// <exception cref="UsageException">Neither form; the message starts with <paramref name="what"/>.</exception>
    private static double Intensity(string text, string unit, string what)
    {
        if (QuantityTimesSqrtMilliseconds(text) is { } quantity) return Quantities.Parse(quantity, unit, what);
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var bare)) return bare;
        throw new UsageException($"{what}: '{text}'; expected an intensity \"VALUE {unit}*sqrt(ms)\" or a number in {unit}·√ms");
    }

    /// <summary>The "VALUE UNIT" of "VALUE UNIT*sqrt(ms)", or null for any other text.</summary>
    public static string? QuantityTimesSqrtMilliseconds(string text)
    {
        var match = SqrtMilliseconds().Match(text);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static string KindOf(string spec)
    {
        var colon = spec.IndexOf(':');
        return colon < 0 ? "" : spec[..colon].Trim().ToLowerInvariant();
    }

    [GeneratedRegex(@"^\s*(.*?)\s*\*\s*sqrt\(\s*ms\s*\)\s*$")]
    private static partial Regex SqrtMilliseconds();
}
