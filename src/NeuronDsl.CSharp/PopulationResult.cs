using System.Globalization;
using CorePopulationStatus = NeuronDsl.PopulationStatus;

namespace NeuronDsl.CSharp;

/// <summary>How a population run ended.</summary>
public enum PopulationStatus
{
    /// <summary>Reached the requested duration.</summary>
    Completed,

    /// <summary>A neuron's state, spike function or input became NaN or infinite; the run stopped there. See
    /// <see cref="PopulationResult.TryGetDivergence"/>.</summary>
    Diverged,
}

/// <summary>Where a population run diverged: the earliest neuron whose state stopped being finite (the lowest index
/// among equal times).</summary>
/// <param name="Neuron">The neuron's index, from 0.</param>
/// <param name="Time">Time in ms at which a value stopped being finite.</param>
/// <param name="Variable">What became non-finite: a state variable's name, "spike function" or "input current".</param>
/// <param name="Value">The non-finite value.</param>
/// <param name="LastFiniteState">The neuron's last finite state, each variable in its unit.</param>
public sealed record PopulationDivergence(int Neuron, double Time, string Variable, double Value,
    IReadOnlyDictionary<string, double> LastFiniteState);

/// <summary>Every spike of a run as two parallel lists, sorted by time, then neuron: spike k is neuron
/// <c>Neurons[k]</c> at <c>Times[k]</c> ms.</summary>
public sealed class PopulationSpikes
{
    private readonly int[] neurons;
    private readonly double[] times;

    internal PopulationSpikes(int[] neurons, double[] times)
    {
        this.neurons = neurons;
        this.times = times;
    }

    internal PopulationSpikes(PopulationSpike[] spikes)
    {
        neurons = new int[spikes.Length];
        times = new double[spikes.Length];
        for (var k = 0; k < spikes.Length; k++)
        {
            neurons[k] = spikes[k].Neuron;
            times[k] = spikes[k].Time;
        }
    }

    /// <summary>Number of spikes.</summary>
    public int Count => neurons.Length;

    /// <summary>The index of the neuron of each spike, from 0.</summary>
    public IReadOnlyList<int> Neurons => neurons;

    /// <summary>The time of each spike in ms, located inside the step unless the solver asked for grid times.</summary>
    public IReadOnlyList<double> Times => times;

    /// <summary>The spike times of one neuron, in ms, in order.</summary>
    /// <param name="neuron">The neuron's index, from 0.</param>
    /// <returns>A new list; empty when the neuron did not fire (or is not in the population).</returns>
    public IReadOnlyList<double> TimesOf(int neuron)
    {
        var result = new List<double>();
        for (var k = 0; k < neurons.Length; k++)
        {
            if (neurons[k] == neuron) result.Add(times[k]);
        }
        return result;
    }
}

/// <summary>States of some neurons recorded at an interval (<see cref="Population.RecordStates"/>).</summary>
public sealed class PopulationStates
{
    private readonly string[] variables;
    private readonly int[] neurons;
    private readonly double[][][] values;

    internal PopulationStates(StateRecording core)
    {
        Times = core.Times;
        neurons = core.Neurons;
        variables = core.Variables.ToArray();
        values = core.Values;
    }

    /// <summary>Sample times in ms.</summary>
    public IReadOnlyList<double> Times { get; }

    /// <summary>The recorded neurons, in increasing order, each once.</summary>
    public IReadOnlyList<int> Neurons => neurons;

    /// <summary>The recorded variables, in order.</summary>
    public IReadOnlyList<string> Variables => variables;

    /// <summary>The samples of one variable of one neuron, at <see cref="Times"/>.</summary>
    /// <param name="variable">A name from <see cref="Variables"/>.</param>
    /// <param name="neuron">An index from <see cref="Neurons"/>.</param>
    /// <returns>The samples, in the variable's unit.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The variable or the neuron was not recorded.</exception>
    public IReadOnlyList<double> Trace(string variable, int neuron)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var v = Array.IndexOf(variables, variable);
        if (v < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(variable), variable,
                $"variable '{variable}' was not recorded; recorded: {string.Join(", ", variables)}");
        }
        var j = Array.IndexOf(neurons, neuron);
        if (j < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(neuron), neuron,
                $"neuron {neuron} was not recorded; recorded: {string.Join(", ", neurons)}");
        }
        return values[v][j];
    }
}

/// <summary>The population rate in bins (<see cref="Population.RecordRate"/>).</summary>
/// <param name="BinWidth">Bin width in ms; bin b covers [b·width, (b + 1)·width).</param>
/// <param name="Rates">Spikes in each bin per neuron per second, in Hz.</param>
public sealed record PopulationRate(double BinWidth, IReadOnlyList<double> Rates);

/// <summary>The spikes, recordings and status of a population run.</summary>
public sealed class PopulationResult
{
    private readonly PopulationStates? states;
    private readonly PopulationDivergence? divergence;

    internal PopulationResult(PopulationSolution solution, int count, double duration)
    {
        Count = count;
        Duration = duration;
        Steps = solution.Steps;
        Spikes = new PopulationSpikes(solution.Spikes);
        states = solution.States.IsEmpty ? null : new PopulationStates(solution.States.Head);
        Rates = solution.Rates.Select(r => new PopulationRate(r.BinWidth, r.Rates)).ToArray();
        if (solution.Status is CorePopulationStatus.Diverged d)
        {
            Status = PopulationStatus.Diverged;
            EndTime = d.Time;
            divergence = new PopulationDivergence(d.Neuron, d.Time, d.Variable, d.Value,
                d.LastFiniteState.ToDictionary(p => p.Item1, p => p.Item2));
            StatusMessage = $"neuron {d.Neuron} diverged at t = {Text(d.Time)} ms: {d.Variable} = {Text(d.Value)}; " +
                            "last finite state: " + string.Join(", ", d.LastFiniteState.Select(p => $"{p.Item1} = {Text(p.Item2)}"));
        }
        else
        {
            Status = PopulationStatus.Completed;
            EndTime = duration;
            StatusMessage = "completed";
        }
    }

    /// <summary>Number of neurons.</summary>
    public int Count { get; }

    /// <summary>Every spike, sorted by time, then neuron.</summary>
    public PopulationSpikes Spikes { get; }

    /// <summary>The population rates, one per <see cref="Population.RecordRate"/>, in the order they were asked for.</summary>
    public IReadOnlyList<PopulationRate> Rates { get; }

    /// <summary>How the run ended.</summary>
    public PopulationStatus Status { get; }

    /// <summary>One line describing how the run ended, with the neuron, time and state when it diverged.</summary>
    public string StatusMessage { get; }

    /// <summary>The requested duration in ms.</summary>
    public double Duration { get; }

    /// <summary>The time reached in ms: <see cref="Duration"/> unless the run diverged.</summary>
    public double EndTime { get; }

    /// <summary>Steps taken on the shared grid.</summary>
    public long Steps { get; }

    /// <summary>Mean firing rate per neuron in Hz: spikes / neurons / simulated seconds.</summary>
    public double MeanRate => EndTime > 0 ? Spikes.Count * 1000.0 / Count / EndTime : 0.0;

    /// <summary>The recorded states, if <see cref="Population.RecordStates"/> asked for them.</summary>
    /// <param name="result">The states, or null.</param>
    /// <returns>True when states were recorded.</returns>
    public bool TryGetStates(out PopulationStates? result)
    {
        result = states;
        return states is not null;
    }

    /// <summary>Where the run diverged, if it did.</summary>
    /// <param name="result">The divergence, or null.</param>
    /// <returns>True when <see cref="Status"/> is <see cref="PopulationStatus.Diverged"/>.</returns>
    public bool TryGetDivergence(out PopulationDivergence? result)
    {
        result = divergence;
        return divergence is not null;
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
