using System.Globalization;
using CoreAutapses = NeuronDsl.Autapses;
using CoreConnector = NeuronDsl.Connector;
using CoreMultapses = NeuronDsl.Multapses;

namespace NeuronDsl.CSharp;

/// <summary>
/// How the neurons of a projection's source group connect to those of its target population, as PyNN and NEST name
/// them (<c>one_to_one</c>, <c>all_to_all</c>, <c>pairwise_bernoulli</c>, <c>fixed_indegree</c>,
/// <c>fixed_outdegree</c>). Random connectors draw from the network's seed, the same synapses for any number of
/// threads. Pass one to <see cref="Network.WithProjection"/>, which checks it against the two groups' sizes.
/// </summary>
/// <example><c>Connector.FixedInDegree(100, allowAutapses: false).ToString()</c> // evaluates to "fixed in-degree 100, no autapses"</example>
public sealed class Connector
{
    private readonly string description;

    private Connector(CoreConnector core, string description)
    {
        Core = core;
        this.description = description;
    }

    internal CoreConnector Core { get; }

    /// <summary>Neuron i of the source to neuron i of the target; both groups have the same size.</summary>
    /// <returns>The connector.</returns>
    public static Connector OneToOne() => new(CoreConnector.OneToOne, "one-to-one");

    /// <summary>Every source neuron to every target neuron.</summary>
    /// <param name="allowAutapses">False leaves out i → i; the projection must then be a population onto itself.</param>
    /// <returns>The connector.</returns>
    public static Connector AllToAll(bool allowAutapses = true) =>
        new(CoreConnector.NewAllToAll(Autapses(allowAutapses)), "all-to-all" + AutapsesText(allowAutapses));

    /// <summary>Each pair independently with a probability (Bernoulli trials), at most one synapse per pair.</summary>
    /// <param name="probability">The probability of each pair, in [0, 1].</param>
    /// <param name="allowAutapses">False leaves out i → i; the projection must then be a population onto itself.</param>
    /// <returns>The connector.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The probability is outside [0, 1] (ParamName "probability").</exception>
    public static Connector FixedProbability(double probability, bool allowAutapses = true)
    {
        if (!(probability >= 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability,
                $"probability = {Text(probability)}; expected a value in [0, 1]");
        }
        return new(CoreConnector.NewFixedProbability(probability, Autapses(allowAutapses)),
            $"fixed probability {Text(probability)}{AutapsesText(allowAutapses)}");
    }

    /// <summary>Each target neuron receives exactly <paramref name="degree"/> synapses from uniformly drawn source
    /// neurons.</summary>
    /// <param name="degree">Synapses per target neuron, ≥ 0.</param>
    /// <param name="allowAutapses">False leaves out i → i; the projection must then be a population onto itself.</param>
    /// <param name="allowMultapses">False makes the sources of a neuron distinct.</param>
    /// <returns>The connector.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The degree is negative (ParamName "degree").</exception>
    public static Connector FixedInDegree(int degree, bool allowAutapses = true, bool allowMultapses = true) =>
        new(CoreConnector.NewFixedInDegree(Degree(degree), Autapses(allowAutapses), Multapses(allowMultapses)),
            $"fixed in-degree {degree}{AutapsesText(allowAutapses)}{MultapsesText(allowMultapses)}");

    /// <summary>Each source neuron makes exactly <paramref name="degree"/> synapses onto uniformly drawn target
    /// neurons.</summary>
    /// <param name="degree">Synapses per source neuron, ≥ 0.</param>
    /// <param name="allowAutapses">False leaves out i → i; the projection must then be a population onto itself.</param>
    /// <param name="allowMultapses">False makes the targets of a neuron distinct.</param>
    /// <returns>The connector.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The degree is negative (ParamName "degree").</exception>
    public static Connector FixedOutDegree(int degree, bool allowAutapses = true, bool allowMultapses = true) =>
        new(CoreConnector.NewFixedOutDegree(Degree(degree), Autapses(allowAutapses), Multapses(allowMultapses)),
            $"fixed out-degree {degree}{AutapsesText(allowAutapses)}{MultapsesText(allowMultapses)}");

    /// <summary>Synapse k connects source neuron <c>sources[k]</c> to target neuron <c>targets[k]</c>; per-synapse
    /// weights and delays (<see cref="SynapseValue.PerSynapse"/>) follow this order.</summary>
    /// <param name="sources">Source neuron of each synapse, from 0; copied.</param>
    /// <param name="targets">Target neuron of each synapse, from 0; copied.</param>
    /// <returns>The connector.</returns>
    /// <exception cref="ArgumentException">The lists differ in length (ParamName "targets").</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative index (ParamName "sources" or "targets").</exception>
    public static Connector Explicit(IEnumerable<int> sources, IEnumerable<int> targets)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(targets);
        var from = sources.ToArray();
        var to = targets.ToArray();
        if (from.Length != to.Length)
        {
            throw new ArgumentException($"targets has {to.Length} elements; expected {from.Length}, the length of sources",
                nameof(targets));
        }
        NonNegative(from, nameof(sources));
        NonNegative(to, nameof(targets));
        return new(CoreConnector.NewExplicit(from, to), $"explicit, {from.Length} synapses");
    }

    /// <summary>The connector in words, for example "fixed in-degree 100, no autapses".</summary>
    /// <returns>The description.</returns>
    public override string ToString() => description;

    private static CoreAutapses Autapses(bool allowed) => allowed ? CoreAutapses.Allowed : CoreAutapses.Excluded;

    private static CoreMultapses Multapses(bool allowed) => allowed ? CoreMultapses.Allowed : CoreMultapses.Excluded;

    private static string AutapsesText(bool allowed) => allowed ? "" : ", no autapses";

    private static string MultapsesText(bool allowed) => allowed ? "" : ", no multapses";

    private static int Degree(int degree) =>
        degree >= 0 ? degree : throw new ArgumentOutOfRangeException(nameof(degree), degree, $"degree = {degree}; expected >= 0");

    private static void NonNegative(int[] indices, string paramName)
    {
        var bad = Array.FindIndex(indices, i => i < 0);
        if (bad >= 0)
        {
            throw new ArgumentOutOfRangeException(paramName, indices[bad],
                $"{paramName}[{bad}] = {indices[bad]}; expected a neuron index >= 0");
        }
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
