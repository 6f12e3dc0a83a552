using Lif = NeuronDsl.Models.LeakyIntegrateAndFire;
using If = NeuronDsl.Models.IntegrateAndFire;
using Hh = NeuronDsl.Models.HodgkinHuxley;

namespace NeuronDsl.CSharp;

/// <summary>A state variable of a custom model.</summary>
/// <param name="Name">Name, as used in <see cref="SimulationOptions.RecordVariables"/>.</param>
/// <param name="Unit">Unit of its values ("" when dimensionless).</param>
/// <param name="InitialValue">Value at t = 0, in that unit.</param>
public sealed record StateVariable(string Name, string Unit, double InitialValue);

/// <summary>Writes the rate of change of each state variable (its unit per ms) into <paramref name="rates"/>.</summary>
/// <param name="state">The current state, in the order of the model's variables.</param>
/// <param name="input">The input current at this time.</param>
/// <param name="rates">Where to write dState/dt.</param>
public delegate void DerivativeFunction(ReadOnlySpan<double> state, double input, Span<double> rates);

/// <summary>A spike happens where this function crosses zero upward, for example <c>s => s[0] - threshold</c>.</summary>
/// <param name="state">The state.</param>
public delegate double SpikeFunction(ReadOnlySpan<double> state);

/// <summary>Changes the state in place right after a spike, for example <c>s => s[0] = reset</c>.</summary>
/// <param name="state">The state at the spike, to modify.</param>
public delegate void ResetFunction(Span<double> state);

/// <summary>The built-in models with their published parameters, and custom models from delegates.</summary>
public static class Neurons
{
    /// <summary>The model names accepted by <see cref="ByName(string)"/>: full name and alias.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ModelCatalogue.Models.Select(m => $"{m.Name} ({m.Alias})").ToArray();

    /// <summary>Integrate-and-fire, C dV/dt = I, with the default parameters. Input in pA.</summary>
    public static Neuron IntegrateAndFire() => IntegrateAndFire(IntegrateAndFireParameters.Default);

    /// <summary>Integrate-and-fire, C dV/dt = I. Input in pA; starts at the reset potential.</summary>
    /// <param name="parameters">Parameters; see <see cref="IntegrateAndFireParameters"/> for units.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range; ParamName names it.</exception>
    public static Neuron IntegrateAndFire(IntegrateAndFireParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var core = parameters.ToCore();
        Errors.Translate(() => { If.validate(core); return 0; });
        return Neuron.Create(If.model, core, If.model.InitialState.Invoke(core), "pA");
    }

    /// <summary>Leaky integrate-and-fire, C dV/dt = I − (V − E_L)/R, with the default parameters. Input in pA.</summary>
    public static Neuron LeakyIntegrateAndFire() => LeakyIntegrateAndFire(LeakyIntegrateAndFireParameters.Default);

    /// <summary>Leaky integrate-and-fire. Input in pA; starts at the resting potential.</summary>
    /// <param name="parameters">Parameters; see <see cref="LeakyIntegrateAndFireParameters"/> for units.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range; ParamName names it.</exception>
    public static Neuron LeakyIntegrateAndFire(LeakyIntegrateAndFireParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var core = parameters.ToCore();
        Errors.Translate(() => { Lif.validate(core); return 0; });
        return Neuron.Create(Lif.model, core, Lif.model.InitialState.Invoke(core), "pA");
    }

    /// <summary>Leaky integrate-and-fire starting at a given potential.</summary>
    /// <param name="parameters">Parameters; see <see cref="LeakyIntegrateAndFireParameters"/> for units.</param>
    /// <param name="initialPotential">V at t = 0, in mV.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter or the initial potential is out of range.</exception>
    public static Neuron LeakyIntegrateAndFire(LeakyIntegrateAndFireParameters parameters, double initialPotential)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!double.IsFinite(initialPotential))
        {
            throw new ArgumentOutOfRangeException(nameof(initialPotential), initialPotential,
                $"initialPotential = {initialPotential} mV; expected a finite number");
        }
        var core = parameters.ToCore();
        Errors.Translate(() => { Lif.validate(core); return 0; });
        return Neuron.Create(Lif.model, core, initialPotential, "pA");
    }

    /// <summary>Hodgkin–Huxley (1952) with the default parameters, starting at rest. Input in µA/cm².</summary>
    public static Neuron HodgkinHuxley() => HodgkinHuxley(HodgkinHuxleyParameters.Default);

    /// <summary>Hodgkin–Huxley, starting at its resting state. Input in µA/cm².</summary>
    /// <param name="parameters">Parameters; see <see cref="HodgkinHuxleyParameters"/> for units.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range; ParamName names it.</exception>
    public static Neuron HodgkinHuxley(HodgkinHuxleyParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var core = parameters.ToCore();
        var rest = Errors.Translate(() => { Hh.validate(core); return Hh.restingState(core); });
        return Neuron.Create(Hh.model, core, rest, "uA/cm2");
    }

    /// <summary>A built-in model with its default parameters, by full name or alias ("if", "lif", "hh").</summary>
    /// <param name="name">A name from <see cref="Names"/>, case-insensitive.</param>
    /// <exception cref="ArgumentOutOfRangeException">Unknown name (ParamName "name").</exception>
    public static Neuron ByName(string name) => ModelCatalogue.Create(name, new Dictionary<string, double>());

    /// <summary>A custom model that never spikes (a plain ODE system driven by the input).</summary>
    /// <param name="name">Model name.</param>
    /// <param name="variables">State variables with their initial values, at least one.</param>
    /// <param name="derivative">dState/dt.</param>
    public static Neuron Custom(string name, IEnumerable<StateVariable> variables, DerivativeFunction derivative) =>
        CreateCustom(name, variables, derivative, null, null, 0.0, []);

    /// <summary>A custom model that spikes where <paramref name="spike"/> crosses zero upward, then resets.</summary>
    /// <param name="name">Model name.</param>
    /// <param name="variables">State variables with their initial values, at least one.</param>
    /// <param name="derivative">dState/dt.</param>
    /// <param name="spike">Spike event function.</param>
    /// <param name="reset">Changes the state right after a spike.</param>
    public static Neuron Custom(string name, IEnumerable<StateVariable> variables, DerivativeFunction derivative,
        SpikeFunction spike, ResetFunction reset)
    {
        ArgumentNullException.ThrowIfNull(spike);
        ArgumentNullException.ThrowIfNull(reset);
        return CreateCustom(name, variables, derivative, spike, reset, 0.0, []);
    }

    /// <summary>A custom spiking model with an absolute refractory period.</summary>
    /// <param name="name">Model name.</param>
    /// <param name="variables">State variables with their initial values, at least one.</param>
    /// <param name="derivative">dState/dt.</param>
    /// <param name="spike">Spike event function.</param>
    /// <param name="reset">Changes the state right after a spike.</param>
    /// <param name="refractory">Refractory period in ms, ≥ 0.</param>
    /// <param name="clampedVariables">Names of the variables held constant during the refractory period.</param>
    public static Neuron Custom(string name, IEnumerable<StateVariable> variables, DerivativeFunction derivative,
        SpikeFunction spike, ResetFunction reset, double refractory, IEnumerable<string> clampedVariables)
    {
        ArgumentNullException.ThrowIfNull(spike);
        ArgumentNullException.ThrowIfNull(reset);
        ArgumentNullException.ThrowIfNull(clampedVariables);
        return CreateCustom(name, variables, derivative, spike, reset, refractory, clampedVariables);
    }

    private static Neuron CreateCustom(string name, IEnumerable<StateVariable> variables, DerivativeFunction derivative,
        SpikeFunction? spike, ResetFunction? reset, double refractory, IEnumerable<string> clampedVariables)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(derivative);
        var list = variables.ToArray();
        foreach (var v in list)
        {
            ArgumentNullException.ThrowIfNull(v, nameof(variables));
            if (!double.IsFinite(v.InitialValue))
            {
                throw new ArgumentOutOfRangeException(nameof(variables), v.InitialValue,
                    $"initial value of {v.Name} = {v.InitialValue}; expected a finite number");
            }
        }
        var names = list.Select(v => v.Name).ToArray();
        var clamped = clampedVariables.Select(c =>
        {
            var k = Array.IndexOf(names, c);
            return k >= 0
                ? k
                : throw new ArgumentOutOfRangeException(nameof(clampedVariables), c,
                    $"unknown variable '{c}'; expected one of: {string.Join(", ", names)}");
        }).ToArray();
        var model = Errors.Translate(() => Interop.CustomModel(name, names, list.Select(v => v.Unit ?? "").ToArray(),
            list.Select(v => v.InitialValue).ToArray(),
            new VectorDerivative(derivative.Invoke),
            spike is null ? null : new VectorSpikeFunction(spike.Invoke),
            reset is null ? null : new VectorReset(reset.Invoke),
            refractory, clamped));
        return Neuron.Create(model, null!, model.InitialState.Invoke(null!), "");
    }
}
