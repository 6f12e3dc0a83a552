using System.Text.RegularExpressions;
using NeuronDsl;

namespace NeuronDsl.Cli;

/// <summary>
/// The distributions a network file may write where a value is expected: <c>normal(MEAN, SD)</c>,
/// <c>uniform(LOW, HIGH)</c>, <c>clipped_normal(MEAN, SD, LOW[, HIGH])</c> (values outside set to the bound; no HIGH
/// means no upper bound) and <c>truncated_normal(MEAN, SD, LOW, HIGH)</c> (redrawn; synapses only). Every argument is
/// a quantity read by <see cref="Quantities"/>. One syntax for initial values and for weights and delays.
/// </summary>
internal static partial class Draws
{
    public const string Forms = "normal(MEAN, SD), uniform(LOW, HIGH), clipped_normal(MEAN, SD, LOW[, HIGH]) or truncated_normal(MEAN, SD, LOW, HIGH)";

    [GeneratedRegex(@"^\s*([a-z_]+)\s*\((.*)\)\s*$")]
    private static partial Regex Call();

    /// <summary>True when the text looks like NAME(...).</summary>
    public static bool IsDraw(string text) => Call().IsMatch(text);

    /// <summary>Parses a distribution into the core's <c>SynapseValues</c> (in <paramref name="unit"/>), which both
    /// synapses and initial values use.</summary>
    /// <exception cref="UsageException">An unknown name, the wrong number of arguments, or an argument that is not a
    /// quantity of the unit's dimension.</exception>
    public static SynapseValues Parse(string text, string unit)
    {
        var match = Call().Match(text);
        if (!match.Success) throw new UsageException($"'{text}' is not a distribution; expected {Forms}");
        var name = match.Groups[1].Value;
        var args = match.Groups[2].Value.Split(',').Select(a => Quantities.Parse(a.Trim(), unit, "")).ToArray();
        (int Min, int Max) arity = name switch
        {
            "normal" or "uniform" => (2, 2),
            "clipped_normal" => (3, 4),
            "truncated_normal" => (4, 4),
            _ => throw new UsageException($"'{text}': unknown distribution '{name}'; expected {Forms}"),
        };
        if (args.Length < arity.Min || args.Length > arity.Max)
        {
            throw new UsageException($"'{text}': {name} takes {(arity.Min == arity.Max ? arity.Min : $"{arity.Min} or {arity.Max}")} values, got {args.Length}; expected {Forms}");
        }
        return name switch
        {
            "normal" => SynapseValues.NewNormal(args[0], args[1]),
            "uniform" => SynapseValues.NewUniform(args[0], args[1]),
            "clipped_normal" => SynapseValues.NewClippedNormal(args[0], args[1], args[2],
                args.Length == 4 ? args[3] : double.PositiveInfinity),
            _ => SynapseValues.NewTruncatedNormal(args[0], args[1], args[2], args[3]),
        };
    }

    /// <summary>
    /// Draws one value per neuron of a population from a distribution: neuron i of the population whose first neuron
    /// is the network's neuron <paramref name="first"/> draws its normal or uniform deviate at stream neuron first + i,
    /// step 0, draw <paramref name="draw"/> of the network seed's stream 1000 (the variable's index in the model), as
    /// <c>CobaNetwork</c> in the tests does, so a file and the code give the same network.
    /// </summary>
    public static double[] PerNeuron(SynapseValues values, uint seed, int first, int count, int draw)
    {
        var stream = RandomStreamModule.create(seed, InitialValueStream);
        double Normal(int i) => RandomStreamModule.normal(first + i, 0L, draw, stream);
        double Uniform(int i) => RandomStreamModule.uniform(first + i, 0L, draw, stream);
        return values switch
        {
            SynapseValues.Normal n => Enumerable.Range(0, count).Select(i => n.Mean + n.StandardDeviation * Normal(i)).ToArray(),
            SynapseValues.Uniform u => Enumerable.Range(0, count).Select(i => u.Low + (u.High - u.Low) * Uniform(i)).ToArray(),
            SynapseValues.ClippedNormal c => Enumerable.Range(0, count)
                .Select(i => Math.Min(Math.Max(c.Mean + c.StandardDeviation * Normal(i), c.Low), c.High)).ToArray(),
            _ => throw new UsageException("initial values are drawn from normal, uniform or clipped_normal; truncated_normal applies to synapses"),
        };
    }

    /// <summary>The stream of the network seed that initial values draw from (projections use streams 0, 1, …).</summary>
    public const uint InitialValueStream = 1000u;
}
