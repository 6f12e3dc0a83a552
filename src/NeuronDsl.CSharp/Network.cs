using System.Collections.Immutable;
using System.Globalization;
using CoreNetwork = NeuronDsl.Network;
using CorePopulation = NeuronDsl.Population;

namespace NeuronDsl.CSharp;

/// <summary>
/// Named groups (populations, spike trains, Poisson sources) and projections between them, with one seed for all the
/// network's randomness. Immutable: every <c>With…</c> method returns a changed copy, checked at once (names, sizes,
/// variables, synapse values); run it with <see cref="Simulator.Run(Network, NetworkOptions)"/>. The same calls in
/// the same order build the same network as the F# core's <c>Network</c> module, to the bit.
/// </summary>
/// <example><code>
/// var lif = Neurons.ByName("lif").Population(1).WithParameter("V_reset", -70);
/// var network = Network.Create(1)
///     .WithSpikeTrains("source", 1, [(0, 0.35)])
///     .WithPopulation("a", lif)
///     .WithProjection("source", "a", "V", Connector.OneToOne(), SynapseValue.Constant(30), SynapseValue.Constant(1.0));
/// var result = Simulator.Run(network, NetworkOptions.Default with { Duration = 10, Solver = Solvers.Exact(0.1) });
/// </code></example>
public sealed class Network
{
    internal sealed record Group(string Name, int Count, Population? Population, int[]? Neurons, double[]? Times, double Rate);

    internal sealed record Projection(string From, string To, string Variable, Connector Connector, SynapseValue Weight,
        SynapseValue Delay);

    private Network(uint seed, ImmutableList<Group> groups, ImmutableList<Projection> projections, CoreNetwork core)
    {
        Seed = seed;
        Groups = groups;
        Projections = projections;
        Core = core;
    }

    internal ImmutableList<Group> Groups { get; }

    internal ImmutableList<Projection> Projections { get; }

    /// <summary>The core network these calls built, its populations as given.</summary>
    internal CoreNetwork Core { get; }

    /// <summary>The seed every projection and Poisson group draws from (projection k from stream k).</summary>
    public uint Seed { get; }

    /// <summary>The groups' names, in the order they were added.</summary>
    public IReadOnlyList<string> GroupNames => Groups.Select(g => g.Name).ToArray();

    /// <summary>A network with no groups.</summary>
    /// <param name="seed">The seed of all the network's random numbers (random connectors, drawn weights and delays,
    /// Poisson spikes).</param>
    /// <returns>The empty network.</returns>
    /// <example><c>Network.Create(1).GroupNames.Count</c> // evaluates to 0</example>
    public static Network Create(uint seed) => new(seed, [], [], NetworkModule.create(seed));

    /// <summary>A copy with a population added under a name.</summary>
    /// <param name="name">The group's name, not empty, not used yet.</param>
    /// <param name="population">The population; its parameters, inputs and recordings are kept.</param>
    /// <returns>The changed network; this one is unchanged.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The name is empty or already used (ParamName "name").</exception>
    public Network WithPopulation(string name, Population population)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(population);
        var core = Errors.Translate(() => NetworkModule.withPopulation(name, population.Core, Core));
        return new(Seed, Groups.Add(new Group(name, population.Count, population, null, null, 0)), Projections, core);
    }

    /// <summary>A copy with spike sources added: <paramref name="count"/> neurons that fire at the given times.</summary>
    /// <param name="name">The group's name, not empty, not used yet.</param>
    /// <param name="count">Number of sources, ≥ 1.</param>
    /// <param name="spikes">(neuron, time) pairs: the source's index from 0, the time in ms (finite, ≥ 0); copied.</param>
    /// <returns>The changed network; this one is unchanged.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The name is empty or used (ParamName "name"), count &lt; 1
    /// ("count"), or a neuron out of range or a bad time ("spikes").</exception>
    public Network WithSpikeTrains(string name, int count, IEnumerable<(int Neuron, double TimeMs)> spikes)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(spikes);
        var pairs = spikes.ToArray();
        var neurons = pairs.Select(p => p.Neuron).ToArray();
        var times = pairs.Select(p => p.TimeMs).ToArray();
        var core = Errors.Translate(() => NetworkInterop.WithSpikeTrains(name, count, neurons, times, Core));
        return new(Seed, Groups.Add(new Group(name, count, null, neurons, times, 0)), Projections, core);
    }

    /// <summary>A copy with <paramref name="count"/> independent Poisson sources added, each firing at
    /// <paramref name="rateHz"/> in continuous time, drawn from the network's seed. Their spikes are delivered and
    /// counted (<see cref="NetworkResult.PoissonSpikeCounts"/>), not kept.</summary>
    /// <param name="name">The group's name, not empty, not used yet.</param>
    /// <param name="count">Number of sources, ≥ 1.</param>
    /// <param name="rateHz">The rate of each source in Hz, finite, ≥ 0.</param>
    /// <returns>The changed network; this one is unchanged.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The name is empty or used (ParamName "name"), count &lt; 1
    /// ("count"), or a bad rate ("rateHz").</exception>
    public Network WithPoissonSources(string name, int count, double rateHz)
    {
        ArgumentNullException.ThrowIfNull(name);
        var core = Errors.Translate(() => NetworkModule.withPoissonSources(name, count, rateHz, Core),
            n => n == "rate" ? nameof(rateHz) : n);
        return new(Seed, Groups.Add(new Group(name, count, null, null, null, rateHz)), Projections, core);
    }

    /// <summary>A copy with a projection added: each spike of a neuron of group <paramref name="from"/> adds the
    /// weight of each of its synapses to state <paramref name="variable"/> of the synapse's target neuron in
    /// population <paramref name="to"/>, a delay later (delivered on the step grid).</summary>
    /// <param name="from">The source group: a population, spike trains or Poisson sources.</param>
    /// <param name="to">The target group: a population.</param>
    /// <param name="variable">A state variable of the target's model, for example "V" or "g_e".</param>
    /// <param name="connector">Which neurons connect; checked against the two groups' sizes.</param>
    /// <param name="weight">The weight of each synapse, in the variable's unit.</param>
    /// <param name="delay">The delay of each synapse in ms: never negative, at least the solver's step (checked when
    /// the network runs).</param>
    /// <returns>The changed network; this one is unchanged.</returns>
    /// <exception cref="ArgumentOutOfRangeException">ParamName names the field: "from" or "to" for an unknown group
    /// (or a target that is not a population), "variable" for a state the target does not have, "connector" for a
    /// connector that does not fit the sizes, "weight" or "delay" for bad values; the message gives the value and
    /// what was expected.</exception>
    public Network WithProjection(string from, string to, string variable, Connector connector, SynapseValue weight,
        SynapseValue delay)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(variable);
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(delay);
        var spec = new SynapseSpec(connector.Core, weight.Core, delay.Core);
        var core = Errors.Translate(() => NetworkModule.withProjection(from, to, variable, spec, Core),
            n => n switch { "source" => nameof(from), "target" => nameof(to), _ => n });
        var presynaptic = Groups.First(g => g.Name == from).Count;
        var postsynaptic = Groups.First(g => g.Name == to).Count;
        Errors.Translate(() => { ConnectorModule.validate(presynaptic, postsynaptic, connector.Core); return 0; },
            _ => nameof(connector));
        Errors.Translate(() => { SynapseValuesModule.validate(nameof(weight), weight.Core); return 0; });
        Errors.Translate(() =>
        {
            SynapseValuesModule.validate(nameof(delay), delay.Core);
            SynapseValuesModule.validateNonNegative(nameof(delay), delay.Core);
            return 0;
        });
        var projection = new Projection(from, to, variable, connector, weight, delay);
        return new(Seed, Groups, Projections.Add(projection), core);
    }

    /// <summary>Throws unless every delay that can occur is at least one step.</summary>
    internal void CheckDelays(double step)
    {
        foreach (var p in Projections)
        {
            if (!NetworkDelay.fits(step, p.Delay.LowerBound))
            {
                throw new ArgumentOutOfRangeException("delay", p.Delay.LowerBound,
                    $"projection {p.From} → {p.To}: delay {p.Delay} can be {Text(p.Delay.LowerBound)} ms, shorter than the " +
                    $"step {Text(step)} ms; delivery on the grid needs delays of at least one step");
            }
        }
    }

    /// <summary>The core network again, every population run with this parallelism and chunk size.</summary>
    internal CoreNetwork BuildCore(int parallelism, int chunkSize)
    {
        var network = NetworkModule.create(Seed);
        foreach (var g in Groups)
        {
            if (g.Population is { } population)
            {
                CorePopulation core = PopulationModule.withChunkSize(chunkSize,
                    PopulationModule.withParallelism(parallelism, population.Core));
                network = NetworkModule.withPopulation(g.Name, core, network);
            }
            else if (g.Neurons is not null)
            {
                network = NetworkInterop.WithSpikeTrains(g.Name, g.Count, g.Neurons, g.Times!, network);
            }
            else
            {
                network = NetworkModule.withPoissonSources(g.Name, g.Count, g.Rate, network);
            }
        }
        foreach (var p in Projections)
        {
            var spec = new SynapseSpec(p.Connector.Core, p.Weight.Core, p.Delay.Core);
            network = NetworkModule.withProjection(p.From, p.To, p.Variable, spec, network);
        }
        return network;
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
