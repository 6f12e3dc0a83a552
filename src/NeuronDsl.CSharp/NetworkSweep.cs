using Microsoft.FSharp.Core;
using CoreNetworkSweep = NeuronDsl.NetworkSweepModule;

namespace NeuronDsl.CSharp;

/// <summary>
/// A sweep over networks built in code: named axes and a function from a point (one value per axis, in axis order)
/// to the network to run there, with the same <see cref="NetworkOptions"/> for every run. Runs are ordered as in
/// <see cref="Sweep"/>: the first axis varies slowest. The function must be pure (the same point, the same network);
/// a seed axis is one the function passes to <see cref="Network.Create"/>. Immutable: each <c>With…</c> returns a
/// copy. Run it with <see cref="Simulator.RunNetworkSweep"/>.
/// </summary>
/// <example><code>
/// var sweep = NetworkSweep.Of(p => Brunel(g: p[0], seed: (uint)p[1]), NetworkOptions.Default with { Duration = 500, Solver = Solvers.Exact(0.1) })
///     .WithAxis("g", SweepValues.Linear(3, 6, 4))
///     .WithAxis("seed", SweepValues.List(1, 2, 3));
/// sweep.RunCount // evaluates to 12
/// </code></example>
public sealed class NetworkSweep
{
    private NetworkSweep(global::NeuronDsl.NetworkSweep core) => Core = core;

    internal global::NeuronDsl.NetworkSweep Core { get; }

    /// <summary>Each axis's name, in order.</summary>
    public IReadOnlyList<string> AxisNames => Core.Axes.Select(a => a.Name).ToArray();

    /// <summary>Each axis's values, in order.</summary>
    public IReadOnlyList<IReadOnlyList<double>> AxisValues =>
        Core.Axes.Select(a => (IReadOnlyList<double>)global::NeuronDsl.SweepValuesModule.ToArray(a.Values)).ToArray();

    /// <summary>The number of runs: the product of the axes' counts (1 without axes).</summary>
    public double RunCount => CoreNetworkSweep.Size(Core);

    /// <summary>A sweep with no axes yet.</summary>
    /// <param name="build">The network at a point (one value per axis, in axis order). An
    /// <see cref="ArgumentException"/> it throws at a point makes that run a Rejected row (and, at a single axis value,
    /// refuses the sweep before it runs); any other exception stops the sweep and comes out of
    /// <see cref="Simulator.RunNetworkSweep"/> as itself.</param>
    /// <param name="options">Duration, solver, parallelism, chunk size and delivery of every run.</param>
    public static NetworkSweep Of(Func<IReadOnlyList<double>, Network> build, NetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(options);
        var delivery = options.Delivery == SpikeDelivery.Grid ? global::NeuronDsl.SpikeDelivery.Grid : global::NeuronDsl.SpikeDelivery.Precise;
        var core = FuncConvert.FromFunc((double[] point) =>
        {
            var network = build(Array.AsReadOnly(point)) ?? throw new ArgumentException("the network function returned null", nameof(build));
            network.CheckDelays(options.Solver.Step);
            return NetworkModule.withDelivery(delivery, network.BuildCore(options.Parallelism, options.ChunkSize));
        });
        return new NetworkSweep(CoreNetworkSweep.Create(options.Solver.Core, options.Duration, core));
    }

    /// <summary>A copy with one more axis, varying faster than those before it.</summary>
    /// <param name="name">The axis's name, unique in the sweep.</param>
    /// <param name="values">Its values.</param>
    public NetworkSweep WithAxis(string name, SweepValues values)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(values);
        return new NetworkSweep(CoreNetworkSweep.WithAxis(name, values.Core, Core));
    }

    /// <summary>A copy with another bin width for each group's Fano factor (1 ms unless changed).</summary>
    /// <param name="milliseconds">The bin width, ms, finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">Not finite, or not &gt; 0.</exception>
    public NetworkSweep WithFanoBin(double milliseconds)
    {
        if (!double.IsFinite(milliseconds) || milliseconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(milliseconds), milliseconds,
                $"milliseconds = {milliseconds} ms; expected a finite width > 0 ms");
        }
        return new(CoreNetworkSweep.WithBin(milliseconds, Core));
    }
}
