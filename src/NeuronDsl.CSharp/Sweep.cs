using CoreAxis = NeuronDsl.SweepAxisModule;
using CoreSweep = NeuronDsl.SweepModule;

namespace NeuronDsl.CSharp;

/// <summary>
/// A sweep: a base run (a neuron, an input, a duration, a solver, a seed) and axes; its runs are every combination
/// of the axes' values. Run k takes on each axis the value of index (k / the product of the later axes' counts) mod
/// its count: the first axis varies slowest. Immutable: each <c>With…</c> returns a copy. Run it with
/// <see cref="Simulator.RunSweep(Sweep)"/>.
/// </summary>
/// <example><code>
/// var sweep = Sweep.Of(Neurons.ByName("lif"), SweepInput.Constant(0), duration: 500, Solvers.Exact(0.1))
///     .WithParameterAxis("C", SweepValues.Linear(100, 300, 5))
///     .WithInputAxis(SweepValues.List(250, 300, 400));
/// sweep.RunCount // evaluates to 15
/// </code></example>
public sealed class Sweep
{
    private Sweep(global::NeuronDsl.Sweep core, IReadOnlyList<string> axisNames, IReadOnlyList<string> axisUnits)
    {
        Core = core;
        AxisNames = axisNames;
        AxisUnits = axisUnits;
    }

    /// <summary>Each axis's values, in order.</summary>
    public IReadOnlyList<IReadOnlyList<double>> AxisValues =>
        Core.Axes.Select(a => (IReadOnlyList<double>)global::NeuronDsl.SweepValuesModule.ToArray(a.Values)).ToArray();

    internal global::NeuronDsl.Sweep Core { get; }

    /// <summary>Each axis's column name, in order: the parameter's name, "input", "init_" and the variable, or "seed".</summary>
    public IReadOnlyList<string> AxisNames { get; }

    /// <summary>Each axis's unit, in order ("" for a dimensionless value or a seed).</summary>
    public IReadOnlyList<string> AxisUnits { get; }

    /// <summary>The number of runs: the product of the axes' counts (1 without axes).</summary>
    public double RunCount => CoreSweep.Size(Core);

    /// <summary>A sweep with no axes yet over a neuron with its parameters and initial values.</summary>
    /// <param name="neuron">A neuron from equations (<c>Neurons.ByName</c>, <c>Neurons.FromEquations</c>).</param>
    /// <param name="input">The base run's input, in the neuron's input unit.</param>
    /// <param name="duration">Simulated time of each run, in ms.</param>
    /// <param name="solver">The method every run uses.</param>
    /// <exception cref="InvalidOperationException">A custom model from delegates: sweeps vary models from equations.</exception>
    public static Sweep Of(Neuron neuron, SweepInput input, double duration, Solver solver)
    {
        ArgumentNullException.ThrowIfNull(neuron);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(solver);
        var core = CoreSweep.WithInput(input.Core, neuron.SweepBase(solver.Core, duration));
        return new Sweep(core, [], []);
    }

    private Sweep WithAxis(global::NeuronDsl.SweepAxis axis, string unit) =>
        new(CoreSweep.WithAxis(axis, Core), [.. AxisNames, CoreAxis.Name(axis)], [.. AxisUnits, unit]);

    private string ParameterUnit(string name) =>
        Core.Model.Equations.Value.Parameters.FirstOrDefault(p => p.Name == name) is { } p ? ModelInfos.UnitText(p.Unit) : "";

    private string VariableUnit(string name) =>
        Core.Model.Equations.Value.States.FirstOrDefault(s => s.Name == name) is { } s ? ModelInfos.UnitText(s.Unit) : "";

    /// <summary>A copy with an axis over a parameter, in its declared unit; an unknown name is refused when the sweep
    /// runs, with the known names.</summary>
    /// <param name="name">The parameter's name as in the equations, for example "C".</param>
    /// <param name="values">Its values.</param>
    public Sweep WithParameterAxis(string name, SweepValues values)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(values);
        return WithAxis(CoreAxis.Parameter(name, values.Core), ParameterUnit(name));
    }

    /// <summary>A copy with an axis over the input's amplitude, in the neuron's input unit.</summary>
    public Sweep WithInputAxis(SweepValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var unit = Core.Model.Equations.Value.Input is { } input ? ModelInfos.UnitText(input.Value.Unit) : "";
        return WithAxis(CoreAxis.InputAmplitude(values.Core), unit);
    }

    /// <summary>A copy with an axis over a state variable's initial value, in its unit.</summary>
    /// <param name="variable">A name from <see cref="Neuron.Variables"/>, for example "V".</param>
    /// <param name="values">Its values.</param>
    public Sweep WithInitialValueAxis(string variable, SweepValues values)
    {
        ArgumentNullException.ThrowIfNull(variable);
        ArgumentNullException.ThrowIfNull(values);
        return WithAxis(CoreAxis.InitialValue(variable, values.Core), VariableUnit(variable));
    }

    /// <summary>A copy with an axis over the seed of the input noise: whole numbers from 0 to 4294967295.</summary>
    public Sweep WithSeedAxis(SweepValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return WithAxis(CoreAxis.Seed(values.Core), "");
    }

    /// <summary>A copy with another base seed for the input noise (used unless an axis sets it).</summary>
    public Sweep WithSeed(uint seed) => new(CoreSweep.WithSeed(seed, Core), AxisNames, AxisUnits);

    /// <summary>A copy that keeps, or not, each run's spike times in its row (<see cref="SweepRow.SpikeTimes"/>).</summary>
    public Sweep KeepingSpikes(bool keep = true) => new(CoreSweep.KeepSpikes(keep, Core), AxisNames, AxisUnits);
}
