namespace NeuronDsl.CSharp;

/// <summary>Every spike of a network's populations and spike trains as three parallel lists, sorted by time, then
/// group order, then neuron: spike k is neuron <c>Neurons[k]</c> of group <c>Groups[k]</c> at <c>Times[k]</c> ms.
/// Poisson sources' spikes are counted, not listed (<see cref="NetworkResult.PoissonSpikeCounts"/>).</summary>
public sealed class NetworkSpikes
{
    private readonly string[] groups;
    private readonly int[] neurons;
    private readonly double[] times;

    internal NetworkSpikes(NetworkSpike[] spikes)
    {
        groups = new string[spikes.Length];
        neurons = new int[spikes.Length];
        times = new double[spikes.Length];
        for (var k = 0; k < spikes.Length; k++)
        {
            groups[k] = spikes[k].Group;
            neurons[k] = spikes[k].Neuron;
            times[k] = spikes[k].Time;
        }
    }

    /// <summary>Number of spikes.</summary>
    public int Count => neurons.Length;

    /// <summary>The group of each spike.</summary>
    public IReadOnlyList<string> Groups => groups;

    /// <summary>The index of each spike's neuron in its group, from 0.</summary>
    public IReadOnlyList<int> Neurons => neurons;

    /// <summary>The time of each spike in ms.</summary>
    public IReadOnlyList<double> Times => times;

    /// <summary>The spikes of one group, as two parallel lists sorted by time, then neuron.</summary>
    internal PopulationSpikes Of(string group)
    {
        var selected = Enumerable.Range(0, groups.Length).Where(k => groups[k] == group).ToArray();
        return new PopulationSpikes(selected.Select(k => neurons[k]).ToArray(), selected.Select(k => times[k]).ToArray());
    }
}

/// <summary>What a network run did: every spike, each population's result, the Poisson groups' spike counts and the
/// synaptic events delivered.</summary>
public sealed class NetworkResult
{
    internal NetworkResult(NetworkSolution solution, Network network, double duration)
    {
        Duration = duration;
        AllSpikes = new NetworkSpikes(solution.Spikes);
        Spikes = network.Groups.Where(g => g.Population is not null || g.Neurons is not null)
            .ToDictionary(g => g.Name, g => AllSpikes.Of(g.Name));
        Populations = network.Groups.Where(g => g.Population is not null)
            .ToDictionary(g => g.Name, g => new PopulationResult(solution.Populations[g.Name], g.Count, duration));
        PoissonSpikeCounts = solution.PoissonSpikes.ToDictionary(p => p.Key, p => p.Value);
        Deliveries = solution.Deliveries;
    }

    /// <summary>The requested duration in ms.</summary>
    public double Duration { get; }

    /// <summary>Every spike of every population and spike-train group, sorted by time, then group order, then neuron.</summary>
    public NetworkSpikes AllSpikes { get; }

    /// <summary>The spikes of each population and spike-train group, by name: two parallel lists (neurons, times in
    /// ms) sorted by time, then neuron. Spike trains list their spikes up to the duration.</summary>
    public IReadOnlyDictionary<string, PopulationSpikes> Spikes { get; }

    /// <summary>Each population's result (spikes, recordings, status), by name.</summary>
    public IReadOnlyDictionary<string, PopulationResult> Populations { get; }

    /// <summary>The spikes of each Poisson group, counted, by name.</summary>
    public IReadOnlyDictionary<string, long> PoissonSpikeCounts { get; }

    /// <summary>Synaptic events delivered: one per synapse per presynaptic spike.</summary>
    public long Deliveries { get; }
}
