namespace NeuronDsl.CSharp;

/// <summary>One parameter of a built-in model.</summary>
/// <param name="Name">Property name, as in the model's parameter record and on the command line.</param>
/// <param name="Unit">Unit of its value, for example "pF".</param>
/// <param name="Default">Published default value, in <paramref name="Unit"/>.</param>
/// <param name="Meaning">What it is.</param>
public sealed record ParameterInfo(string Name, string Unit, double Default, string Meaning);

/// <summary>A built-in model: names, input unit and parameters.</summary>
/// <param name="Name">Full name, for example "leaky-integrate-and-fire".</param>
/// <param name="Alias">Short name, for example "lif".</param>
/// <param name="Equation">The model's equation in one line.</param>
/// <param name="InputUnit">Unit of the input current.</param>
/// <param name="Source">Where the defaults come from.</param>
/// <param name="Parameters">Every parameter with its default.</param>
public sealed record ModelInfo(string Name, string Alias, string Equation, string InputUnit, string Source,
    IReadOnlyList<ParameterInfo> Parameters);

/// <summary>The built-in models by name, with parameters settable by name (for tools such as the command line).</summary>
public static class ModelCatalogue
{
    private static readonly LeakyIntegrateAndFireParameters Lif = LeakyIntegrateAndFireParameters.Default;
    private static readonly IntegrateAndFireParameters If = IntegrateAndFireParameters.Default;
    private static readonly HodgkinHuxleyParameters Hh = HodgkinHuxleyParameters.Default;

    /// <summary>The three built-in models.</summary>
    public static IReadOnlyList<ModelInfo> Models { get; } =
    [
        new("integrate-and-fire", "if", "C dV/dt = I; spike and reset at V_th", "pA",
            "Lapicque (1907); Gerstner et al., Neuronal Dynamics (2014), ch. 1",
        [
            new("Capacitance", "pF", If.Capacitance, "membrane capacitance C"),
            new("Threshold", "mV", If.Threshold, "spike threshold V_th"),
            new("ResetPotential", "mV", If.ResetPotential, "potential after a spike, and at t = 0"),
            new("Refractory", "ms", If.Refractory, "absolute refractory period"),
        ]),
        new("leaky-integrate-and-fire", "lif", "C dV/dt = I - (V - E_L)/R; spike and reset at V_th", "pA",
            "Gerstner et al., Neuronal Dynamics (2014), ch. 1",
        [
            new("Capacitance", "pF", Lif.Capacitance, "membrane capacitance C"),
            new("Resistance", "GOhm", Lif.Resistance, "membrane resistance R (tau = R C)"),
            new("RestingPotential", "mV", Lif.RestingPotential, "resting potential E_L, and V at t = 0"),
            new("Threshold", "mV", Lif.Threshold, "spike threshold V_th"),
            new("ResetPotential", "mV", Lif.ResetPotential, "potential after a spike"),
            new("Refractory", "ms", Lif.Refractory, "absolute refractory period"),
        ]),
        new("hodgkin-huxley", "hh", "C dV/dt = I - gNa m^3 h (V - ENa) - gK n^4 (V - EK) - gL (V - EL)", "uA/cm2",
            "Hodgkin & Huxley, J. Physiol. 117 (1952), modern convention (rest at -65 mV)",
        [
            new("Capacitance", "uF/cm2", Hh.Capacitance, "membrane capacitance per area C_m"),
            new("SodiumConductance", "mS/cm2", Hh.SodiumConductance, "maximal sodium conductance"),
            new("PotassiumConductance", "mS/cm2", Hh.PotassiumConductance, "maximal potassium conductance"),
            new("LeakConductance", "mS/cm2", Hh.LeakConductance, "leak conductance"),
            new("SodiumReversal", "mV", Hh.SodiumReversal, "sodium reversal potential"),
            new("PotassiumReversal", "mV", Hh.PotassiumReversal, "potassium reversal potential"),
            new("LeakReversal", "mV", Hh.LeakReversal, "leak reversal potential"),
            new("DetectionThreshold", "mV", Hh.DetectionThreshold, "a spike is an upward crossing of this potential"),
        ]),
    ];

    /// <summary>A built-in model's description by full name or alias, case-insensitive.</summary>
    /// <param name="name">For example "lif" or "hodgkin-huxley".</param>
    /// <exception cref="ArgumentOutOfRangeException">Unknown name (ParamName "name").</exception>
    public static ModelInfo Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase)
                                          || string.Equals(m.Alias, name, StringComparison.OrdinalIgnoreCase))
               ?? throw new ArgumentOutOfRangeException(nameof(name), name,
                   $"unknown model '{name}'; expected one of: {string.Join(", ", Models.Select(m => $"{m.Name} ({m.Alias})"))}");
    }

    /// <summary>A built-in neuron with some parameters changed from their defaults.</summary>
    /// <param name="name">Model name or alias.</param>
    /// <param name="parameters">Parameter name (case-insensitive) to value, in the unit <see cref="Find"/> lists.</param>
    /// <exception cref="ArgumentOutOfRangeException">Unknown model or parameter, or a value out of range.</exception>
    public static Neuron Create(string name, IReadOnlyDictionary<string, double> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var info = Find(name);
        var values = info.Parameters.ToDictionary(p => p.Name, p => p.Default, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in parameters)
        {
            if (!values.ContainsKey(key))
            {
                throw new ArgumentOutOfRangeException(nameof(parameters), key,
                    $"unknown parameter '{key}' for {info.Name}; expected one of: {string.Join(", ", info.Parameters.Select(p => p.Name))}");
            }
            values[key] = value;
        }
        return info.Alias switch
        {
            "if" => Neurons.IntegrateAndFire(new IntegrateAndFireParameters
            {
                Capacitance = values["Capacitance"], Threshold = values["Threshold"],
                ResetPotential = values["ResetPotential"], Refractory = values["Refractory"],
            }),
            "lif" => Neurons.LeakyIntegrateAndFire(new LeakyIntegrateAndFireParameters
            {
                Capacitance = values["Capacitance"], Resistance = values["Resistance"],
                RestingPotential = values["RestingPotential"], Threshold = values["Threshold"],
                ResetPotential = values["ResetPotential"], Refractory = values["Refractory"],
            }),
            _ => Neurons.HodgkinHuxley(new HodgkinHuxleyParameters
            {
                Capacitance = values["Capacitance"], SodiumConductance = values["SodiumConductance"],
                PotassiumConductance = values["PotassiumConductance"], LeakConductance = values["LeakConductance"],
                SodiumReversal = values["SodiumReversal"], PotassiumReversal = values["PotassiumReversal"],
                LeakReversal = values["LeakReversal"], DetectionThreshold = values["DetectionThreshold"],
            }),
        };
    }
}
