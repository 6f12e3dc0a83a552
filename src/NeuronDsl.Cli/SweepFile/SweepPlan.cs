using System.Text.Json.Nodes;
using NeuronDsl.CSharp;

namespace NeuronDsl.Cli;

using Sweep = NeuronDsl.CSharp.Sweep;
using SweepInput = NeuronDsl.CSharp.SweepInput;
using SweepRow = NeuronDsl.CSharp.SweepRow;
using SweepValues = NeuronDsl.CSharp.SweepValues;

/// <summary>
/// A sweep file read and checked: the facade's <see cref="CSharp.Sweep"/> and what summary.json says about it.
/// </summary>
/// <remarks>
/// The contract a distributed backend relies on: <see cref="Parse"/> is deterministic (the same text, and the same
/// model file when the text names one, give the same sweep), and <see cref="RunOne"/> is a pure function of the plan
/// and the run's index, so any machine running the same build can execute any single run from the file's text alone
/// and send back <see cref="SweepRow.ToText"/>, which <see cref="SweepRow.Parse"/> reads back bit for bit; row k from a
/// worker equals row k of the local run. A model_file is read relative to <see cref="File"/>, so a worker needs that
/// file at the same relative place (or a built-in model).
/// </remarks>
/// <param name="File">The sweep file's path as given; names it in messages and locates model_file.</param>
/// <param name="Neuron">The base run's neuron, with the file's params and init.</param>
/// <param name="Sweep">The sweep: base run and axes.</param>
/// <param name="Duration">Each run's simulated time, ms.</param>
/// <param name="SpikeTrains">Whether spikes.csv keeps every run's spike times.</param>
/// <param name="Node">What summary.json records about the sweep.</param>
internal sealed record SweepPlan(string File, Neuron Neuron, Sweep Sweep, double Duration, bool SpikeTrains, JsonObject Node)
{
    /// <summary>Reads a sweep file's text (docs/sweep-file.md).</summary>
    /// <exception cref="UsageException">Anything out of place: file, line, key, value and what was expected.</exception>
    public static SweepPlan Parse(string file, string text) => SweepFileReader.Read(file, text);

    /// <summary>Run <paramref name="index"/> of the plan's sweep: the same row as row <paramref name="index"/> of
    /// the local run, bit for bit.</summary>
    public static SweepRow RunOne(SweepPlan plan, int index) => Simulator.RunSweepRun(plan.Sweep, index);

    /// <summary>The number of runs.</summary>
    public int RunCount => (int)Sweep.RunCount;
}
