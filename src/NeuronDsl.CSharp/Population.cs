using System.Globalization;
using CoreInputs = NeuronDsl.Inputs;
using CorePopulation = NeuronDsl.Population;
using CoreValues = NeuronDsl.Values;

namespace NeuronDsl.CSharp;

/// <summary>
/// N neurons of one model, run together: parameters, initial values and input currents shared or one per neuron, and
/// what to record besides spikes. Immutable: every <c>With…</c> and <c>Record…</c> method returns a changed copy.
/// Create one with <see cref="Neuron.Population"/>; run it with <see cref="Simulator.Run(Population, PopulationOptions)"/>.
/// </summary>
/// <example><code>
/// var population = Neurons.ByName("lif").Population(1000)
///     .WithParameter("C", 100.0)
///     .WithCurrentsSpread(1000.0, 3000.0)   // pA: neuron 0 gets 1000, neuron 999 gets 3000
///     .RecordRate(1.0);
/// var result = Simulator.Run(population, PopulationOptions.Default with { Solver = Solvers.Exact(0.1) });
/// </code></example>
public sealed class Population
{
    private readonly int stateRecordings;

    internal Population(Neuron neuron, CorePopulation core, int stateRecordings = 0)
    {
        Neuron = neuron;
        Core = core;
        this.stateRecordings = stateRecordings;
    }

    internal CorePopulation Core { get; }

    /// <summary>The neuron the population was made from: its model, and the parameters and initial values it started
    /// with (those set on the population since are not reflected here).</summary>
    public Neuron Neuron { get; }

    /// <summary>Number of neurons.</summary>
    public int Count => Core.Count;

    /// <summary>The unit of input currents, as <see cref="Neuron.InputUnit"/>: "pA", or "uA/cm^2" for Hodgkin–Huxley.</summary>
    public string InputUnit => Neuron.InputUnit;

    private Population With(CorePopulation core, int? recordings = null) => new(Neuron, core, recordings ?? stateRecordings);

    /// <summary>A copy in which every neuron has the same value of a parameter.</summary>
    /// <param name="name">The parameter's name as in the equations, for example "C" (see <see cref="ModelInfo.Parameters"/>).</param>
    /// <param name="value">The value, in the parameter's declared unit.</param>
    /// <returns>The changed population; this one is unchanged.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Unknown parameter, or a value outside its range; <c>ParamName</c>
    /// is the parameter's name and the message gives the value, unit and valid range.</exception>
    /// <example><c>Neurons.ByName("lif").Population(10).WithParameter("C", 100).Count</c> // evaluates to 10</example>
    public Population WithParameter(string name, double value)
    {
        ArgumentNullException.ThrowIfNull(name);
        CheckParameter(name, [value], perNeuron: false);
        return With(PopulationModule.withParameter(name, CoreValues.shared(value), Core));
    }

    /// <summary>A copy in which neuron i has element i of <paramref name="values"/> as the value of a parameter.</summary>
    /// <param name="name">The parameter's name as in the equations.</param>
    /// <param name="values">One value per neuron, in the parameter's declared unit; copied.</param>
    /// <returns>The changed population; this one is unchanged.</returns>
    /// <exception cref="ArgumentException">Not one value per neuron (<c>ParamName</c> "values").</exception>
    /// <exception cref="ArgumentOutOfRangeException">Unknown parameter, or a value outside its range; <c>ParamName</c>
    /// is the parameter's name and the message gives the neuron, value, unit and valid range.</exception>
    public Population WithParameterPerNeuron(string name, IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(values);
        var array = values.ToArray();
        RequireOnePerNeuron(array.Length, nameof(values), $"values of {name}");
        CheckParameter(name, array, perNeuron: true);
        return With(PopulationModule.withParameter(name, CoreValues.perNeuron(array), Core));
    }

    /// <summary>A copy in which a parameter is spread linearly over the neurons: neuron 0 has <paramref name="first"/>,
    /// neuron N − 1 has <paramref name="last"/> (up to rounding of first + (last − first)), evenly spaced between.</summary>
    /// <param name="name">The parameter's name as in the equations.</param>
    /// <param name="first">The value of neuron 0, in the parameter's declared unit.</param>
    /// <param name="last">The value of the last neuron, in the parameter's declared unit.</param>
    /// <returns>The changed population; this one is unchanged.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Unknown parameter, or an end outside its range (ParamName is the
    /// parameter's name).</exception>
    public Population WithParameterSpread(string name, double first, double last)
    {
        ArgumentNullException.ThrowIfNull(name);
        return WithParameterPerNeuron(name, PopulationInterop.Linear(first, last, Count));
    }

    /// <summary>A copy in which every neuron starts with a state variable at the given value.</summary>
    /// <param name="variable">A name from <see cref="Neuron.Variables"/>, for example "V".</param>
    /// <param name="value">The value at t = 0, in the variable's unit.</param>
    /// <returns>The changed population; this one is unchanged.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Unknown variable, or a value that is not finite or outside the
    /// variable's physical bounds; <c>ParamName</c> is the variable's name.</exception>
    public Population WithInitialValue(string variable, double value)
    {
        ArgumentNullException.ThrowIfNull(variable);
        Neuron.CheckInitialValue(variable, value);
        return With(PopulationModule.withInitial(variable, CoreValues.shared(value), Core));
    }

    /// <summary>A copy in which neuron i starts with a state variable at element i of <paramref name="values"/>.</summary>
    /// <param name="variable">A name from <see cref="Neuron.Variables"/>.</param>
    /// <param name="values">One value per neuron, in the variable's unit; copied.</param>
    /// <returns>The changed population; this one is unchanged.</returns>
    /// <exception cref="ArgumentException">Not one value per neuron (<c>ParamName</c> "values").</exception>
    /// <exception cref="ArgumentOutOfRangeException">Unknown variable, or a value that is not finite or outside the
    /// variable's bounds; <c>ParamName</c> is the variable's name and the message gives the neuron.</exception>
    public Population WithInitialValues(string variable, IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(variable);
        ArgumentNullException.ThrowIfNull(values);
        var array = values.ToArray();
        RequireOnePerNeuron(array.Length, nameof(values), $"initial values of {variable}");
        for (var j = 0; j < array.Length; j++)
        {
            try
            {
                Neuron.CheckInitialValue(variable, array[j]);
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new ArgumentOutOfRangeException(e.ParamName, array[j], $"neuron {j}: {Errors.MessageOf(e)}");
            }
        }
        return With(PopulationModule.withInitial(variable, CoreValues.perNeuron(array), Core));
    }

    /// <summary>A copy in which every neuron receives the same constant current.</summary>
    /// <param name="current">The current, in <see cref="InputUnit"/>.</param>
    /// <returns>The changed population; this one is unchanged.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The current is not finite.</exception>
    public Population WithCurrent(double current) => WithInput(InputCurrent.Constant(current));

    /// <summary>A copy in which neuron i receives the constant current <c>currents[i]</c>.</summary>
    /// <param name="currents">One current per neuron, in <see cref="InputUnit"/>; copied.</param>
    /// <returns>The changed population; this one is unchanged.</returns>
    /// <exception cref="ArgumentException">Not one current per neuron (<c>ParamName</c> "currents").</exception>
    /// <exception cref="ArgumentOutOfRangeException">A current is not finite (<c>ParamName</c> "currents"; the message
    /// gives the neuron).</exception>
    public Population WithCurrents(IEnumerable<double> currents)
    {
        ArgumentNullException.ThrowIfNull(currents);
        var array = currents.ToArray();
        RequireOnePerNeuron(array.Length, nameof(currents), "currents");
        var bad = Array.FindIndex(array, c => !double.IsFinite(c));
        if (bad >= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(currents), array[bad],
                $"currents[{bad}] = {Text(array[bad])} {InputUnit}; expected a finite current");
        }
        return With(PopulationModule.withInput(CoreInputs.constantPerNeuron(array), Core));
    }

    /// <summary>A copy in which constant currents are spread linearly over the neurons: neuron 0 receives
    /// <paramref name="first"/>, neuron N − 1 receives <paramref name="last"/> (up to rounding of first + (last − first)).</summary>
    /// <param name="first">The current of neuron 0, in <see cref="InputUnit"/>.</param>
    /// <param name="last">The current of the last neuron, in <see cref="InputUnit"/>.</param>
    /// <returns>The changed population; this one is unchanged.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An end is not finite (<c>ParamName</c> "first" or "last").</exception>
    /// <example><c>Neurons.ByName("lif").Population(3).WithCurrentsSpread(100, 300)</c> // currents 100, 200, 300 pA</example>
    public Population WithCurrentsSpread(double first, double last)
    {
        Errors.RequireFinite(first, nameof(first), InputUnit);
        Errors.RequireFinite(last, nameof(last), InputUnit);
        return WithCurrents(PopulationInterop.Linear(first, last, Count));
    }

    /// <summary>A copy in which every neuron receives the same input, a function of time. Its breakpoints must lie on
    /// the solver's step grid (checked when it runs); exact integration needs a piecewise-constant input.</summary>
    /// <param name="input">The input, in <see cref="InputUnit"/>.</param>
    /// <returns>The changed population; this one is unchanged.</returns>
    public Population WithInput(InputCurrent input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return With(PopulationModule.withInput(CoreInputs.shared(input.Core), Core));
    }

    /// <summary>A copy in which every neuron receives its own Ornstein–Uhlenbeck current τ dI = (μ − I) dt + σ √(2τ) dW:
    /// mean <paramref name="mean"/>, stationary standard deviation <paramref name="sigma"/>, correlation time
    /// <paramref name="tauMs"/>. It is held over each step and advanced by the exact transition (exact in distribution
    /// for any step), starting from its stationary distribution; the numbers come from
    /// <see cref="PopulationOptions.Seed"/> (or the network's seed), so runs are reproducible.</summary>
    /// <param name="mean">μ, in <see cref="InputUnit"/>.</param>
    /// <param name="sigma">σ, in <see cref="InputUnit"/>, ≥ 0.</param>
    /// <param name="tauMs">τ in ms, &gt; 0.</param>
    /// <returns>The changed population; this one is unchanged.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value that is not finite or out of range; <c>ParamName</c> is
    /// "mean", "sigma" or "tauMs".</exception>
    /// <example><c>Neurons.ByName("lif").Population(100).WithOrnsteinUhlenbeck(250, 50, 5)</c> // 250 ± 50 pA, τ = 5 ms</example>
    public Population WithOrnsteinUhlenbeck(double mean, double sigma, double tauMs) =>
        With(Errors.Translate(() => PopulationModule.withInput(CoreInputs.ornsteinUhlenbeck(mean, sigma, tauMs), Core),
            core => core == "tau" ? nameof(tauMs) : core));

    /// <summary>A copy in which every neuron receives its own white-noise current μ + σ ξ(t): over each step of dt the
    /// current is μ + σ/√dt · ξ with ξ standard normal, independent between steps and neurons (Euler–Maruyama); the
    /// numbers come from <see cref="PopulationOptions.Seed"/> (or the network's seed).</summary>
    /// <param name="mean">μ, in <see cref="InputUnit"/>.</param>
    /// <param name="sigma">σ, in <see cref="InputUnit"/> · √ms, ≥ 0.</param>
    /// <returns>The changed population; this one is unchanged.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value that is not finite or out of range; <c>ParamName</c> is
    /// "mean" or "sigma".</exception>
    public Population WithWhiteNoise(double mean, double sigma) =>
        With(Errors.Translate(() => PopulationModule.withInput(CoreInputs.whiteNoise(mean, sigma), Core)));

    /// <summary>A copy that records state variables of some neurons at an interval, from t = 0 (read them with
    /// <see cref="PopulationResult.TryGetStates"/>). One state recording per population.</summary>
    /// <param name="neurons">Indices of the neurons to record, from 0.</param>
    /// <param name="variables">Names from <see cref="Neuron.Variables"/>; empty records the first.</param>
    /// <param name="intervalMs">Sampling interval in ms: a multiple of the solver's step (checked when it runs).</param>
    /// <returns>The changed population; this one is unchanged.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A neuron index out of range (ParamName "neurons"), an unknown
    /// variable (ParamName "variables"), an interval not finite and &gt; 0 (ParamName "intervalMs").</exception>
    /// <exception cref="InvalidOperationException">States are already recorded.</exception>
    public Population RecordStates(IEnumerable<int> neurons, IEnumerable<string> variables, double intervalMs)
    {
        ArgumentNullException.ThrowIfNull(neurons);
        ArgumentNullException.ThrowIfNull(variables);
        if (stateRecordings > 0)
        {
            throw new InvalidOperationException("states are already recorded; one state recording per population is supported so far");
        }
        var monitor = PopulationInterop.StateMonitor(neurons.ToArray(), variables.ToArray(), intervalMs);
        var rename = (string? core) => core == "interval" ? nameof(intervalMs) : core;
        return With(Errors.Translate(() => PopulationModule.withMonitor(monitor, Core), rename), stateRecordings + 1);
    }

    /// <summary>A copy that records the population rate in bins (read it from <see cref="PopulationResult.Rates"/>).</summary>
    /// <param name="binMs">Bin width in ms, finite and &gt; 0; bin b covers [b·width, (b + 1)·width).</param>
    /// <returns>The changed population; this one is unchanged.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The width is not finite and &gt; 0 (ParamName "binMs").</exception>
    public Population RecordRate(double binMs) =>
        With(Errors.Translate(() => PopulationModule.withMonitor(Monitor.NewRateMonitor(binMs), Core),
            core => core == "binWidth" ? nameof(binMs) : core));

    /// <summary>What a run of the given duration will hold in memory besides the neurons' state, one line per
    /// recording: spikes (16 bytes each, their number known only after the run), states, rates.</summary>
    /// <param name="durationMs">Simulated time in ms.</param>
    /// <returns>One line per recording.</returns>
    public IReadOnlyList<string> DescribeRecordings(double durationMs) =>
        PopulationModule.describeMonitors(durationMs, Core).ToArray();

    private void RequireOnePerNeuron(int length, string paramName, string what)
    {
        if (length != Count)
        {
            throw new ArgumentException($"{length} {what}; expected one per neuron, {Count}", paramName);
        }
    }

    /// <summary>Throws unless the model has the parameter and every value is in its declared range.</summary>
    private void CheckParameter(string name, double[] values, bool perNeuron)
    {
        var declaration = Array.Find(Core.Model.Equations.Value.Parameters, d => d.Name == name);
        if (declaration is null)
        {
            var names = Neuron.Model.Parameters.Select(p => p.Name);
            throw new ArgumentOutOfRangeException(name, values.FirstOrDefault(),
                $"unknown parameter '{name}' of {Neuron.Name}; expected one of: {string.Join(", ", names)}");
        }
        var bad = Array.FindIndex(values, v => !ValueRangeModule.contains(declaration.Range, v));
        if (bad < 0) return;
        var unit = ModelInfos.UnitText(declaration.Unit) is { Length: > 0 } u ? " " + u : "";
        var which = perNeuron ? $"neuron {bad}: " : "";
        throw new ArgumentOutOfRangeException(name, values[bad],
            $"{which}{name} = {Text(values[bad])}{unit}; expected {ValueRangeModule.describe(declaration.Range)}{unit}");
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
