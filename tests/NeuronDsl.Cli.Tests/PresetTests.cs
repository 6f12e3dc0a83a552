using System.Text.Json;

namespace NeuronDsl.Cli.Tests;

public class PresetTests
{
    private static double Parameter(string summaryPath, string name)
    {
        using var summary = JsonDocument.Parse(File.ReadAllText(summaryPath));
        return summary.RootElement.GetProperty("model").GetProperty("parameters").GetProperty(name).GetProperty("value").GetDouble();
    }

    [Fact]
    public void SimulateRunsAModelWithAPresetAndParamOnTop()
    {
        using var cli = new CliRunner();
        var (code, _, error) = cli.Run("simulate", "--model", "iaf-psc-exp", "--preset", "PD14", "--param", "t_ref=3ms",
            "--input", "const:400pA", "--duration", "50ms", "--method", "exact", "--dt", "0.1", "--out", cli.PathOf("out"));
        Assert.True(code == 0, error);
        var summary = cli.PathOf("out", "summary.json");
        Assert.Equal(0.5, Parameter(summary, "tau_syn"));
        Assert.Equal(-50.0, Parameter(summary, "V_th"));
        Assert.Equal(3.0, Parameter(summary, "t_ref"));
        Assert.Equal(250.0, Parameter(summary, "C_m"));
    }

    [Fact]
    public void FiRunsAModelWithAPreset()
    {
        using var cli = new CliRunner();
        var (code, _, error) = cli.Run("fi", "--model", "lif-exponential-synapse", "--preset", "pd14", "--from", "300pA",
            "--to", "500pA", "--steps", "3", "--duration", "100ms", "--method", "exact", "--dt", "0.1", "--out", cli.PathOf("fi"));
        Assert.True(code == 0, error);
        Assert.Equal(-65.0, Parameter(cli.PathOf("fi", "summary.json"), "E_L"));
    }

    [Fact]
    public void AnUnknownPresetIsAUsageErrorListingTheValidOnes()
    {
        using var cli = new CliRunner();
        var (code, _, error) = cli.Run("simulate", "--model", "iaf-psc-exp", "--preset", "RS", "--input", "const:0",
            "--out", cli.PathOf("out"));
        Assert.Equal(2, code);
        Assert.Contains("--preset", error);
        Assert.Contains("PD14", error);
        Assert.False(Directory.Exists(cli.PathOf("out")));
    }

    [Fact]
    public void APresetForAModelWithoutPresetsIsAUsageError()
    {
        using var cli = new CliRunner();
        var (code, _, error) = cli.Run("fi", "--model", "lif", "--preset", "PD14", "--from", "0", "--to", "1", "--steps", "2",
            "--out", cli.PathOf("out"));
        Assert.Equal(2, code);
        Assert.Contains("no presets", error);
    }

    [Fact]
    public void APresetNeedsABuiltInModel()
    {
        using var cli = new CliRunner();
        var file = cli.PathOf("m.model");
        File.WriteAllText(file, "model \"decay\"\nstate x : 1 = 1\ndx/dt = -x / ms\n");
        var (code, _, error) = cli.Run("simulate", "--model-file", file, "--preset", "PD14", "--input", "const:0",
            "--out", cli.PathOf("out"));
        Assert.Equal(2, code);
        Assert.Contains("--preset needs --model", error);
    }

    [Fact]
    public void ModelsListsEachModelsPresetsWithTheirDescriptions()
    {
        using var cli = new CliRunner();
        var (code, output, error) = cli.Run("models");
        Assert.True(code == 0, error);
        var section = output[output.IndexOf("lif-exponential-synapse (iaf-psc-exp)", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n\n", StringComparison.Ordinal)];
        Assert.Contains("presets (--preset NAME):", section);
        Assert.Matches(@"PD14\s+cortical microcircuit neuron, Potjans & Diesmann", section);
        foreach (var name in new[] { "lif-alpha-synapse (iaf-psc-alpha)", "conductance-based-lif (coba)", "adaptive-lif (sfa-lif)" })
        {
            Assert.Contains(name, output);
        }
    }
}
