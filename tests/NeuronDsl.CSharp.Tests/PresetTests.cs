using NeuronDsl.CSharp;

namespace NeuronDsl.CSharp.Tests;

public class PresetTests
{
    [Fact]
    public void APresetChangesOnlyItsParametersFromTheDefaults()
    {
        var defaults = Neurons.ByName("lif-exponential-synapse");
        var pd14 = Neurons.ByName("iaf-psc-exp", "PD14");

        Assert.Equal(0.5, pd14.Parameters["tau_syn"]);
        Assert.Equal(-65.0, pd14.Parameters["E_L"]);
        Assert.Equal(-50.0, pd14.Parameters["V_th"]);
        Assert.Equal(-65.0, pd14.Parameters["V_reset"]);
        foreach (var name in new[] { "C_m", "tau_m", "t_ref" })
        {
            Assert.Equal(defaults.Parameters[name], pd14.Parameters[name]);
        }
        Assert.Equal(-65.0, pd14.InitialValues["V"]); // V starts at E_L, now the preset's
    }

    [Fact]
    public void PresetNamesAreCaseInsensitive() =>
        Assert.Equal(0.5, Neurons.ByName("IAF-PSC-EXP", "pd14").Parameters["tau_syn"]);

    [Fact]
    public void ModelInfoListsEachPresetWithItsDescriptionAndValues()
    {
        var model = Neurons.Catalogue.Single(m => m.Alias == "iaf-psc-exp");
        var preset = Assert.Single(model.Presets);
        Assert.Equal("PD14", preset.Name);
        Assert.Contains("Potjans & Diesmann", preset.Description);
        Assert.Equal(0.5, preset.Values["tau_syn"]);
        Assert.Empty(Neurons.Catalogue.Single(m => m.Alias == "lif").Presets);
        Assert.Same(model, Neurons.ByName("iaf-psc-exp", "PD14").Model);
    }

    [Fact]
    public void EveryPresetOfEveryModelIsValidAndSimulates()
    {
        foreach (var model in Neurons.Catalogue)
        {
            foreach (var preset in model.Presets)
            {
                var neuron = Neurons.ByName(model.Name, preset.Name);
                foreach (var (name, value) in preset.Values) Assert.Equal(value, neuron.Parameters[name]);
                var result = Simulator.Run(neuron, InputCurrent.Constant(0), SimulationOptions.Default with { Duration = 10 });
                Assert.Equal(SimulationStatus.Completed, result.Status);
            }
        }
    }

    [Fact]
    public void AnUnknownPresetNamesTheValidOnes()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Neurons.ByName("iaf-psc-exp", "RS"));
        Assert.Equal("preset", e.ParamName);
        Assert.Contains("PD14", e.Message);
    }

    [Fact]
    public void AModelWithoutPresetsSaysSo()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Neurons.ByName("lif", "PD14"));
        Assert.Equal("preset", e.ParamName);
        Assert.Contains("no presets", e.Message);
    }

    [Fact]
    public void AnUnknownModelIsReportedBeforeThePreset()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Neurons.ByName("nope", "PD14"));
        Assert.Equal("name", e.ParamName);
    }

    [Fact]
    public void NullArgumentsAreRejected()
    {
        Assert.Throws<ArgumentNullException>(() => Neurons.ByName(null!, "PD14"));
        Assert.Throws<ArgumentNullException>(() => Neurons.ByName("lif", null!));
    }
}
