using NeuronDsl.CSharp;
using NeuronDsl.Testing;

namespace NeuronDsl.CSharp.Tests;

public class KitTests
{
    [Fact]
    public void ABuiltInNeuronPassesTheKit()
    {
        // The C# face of the kit: one line in an xunit test; it throws InvariantException with command lines on failure.
        ModelInvariants.Check(Neurons.ByName("lif"), p => (p["V_th"] - p["E_L"]) / p["R"]);
    }

    [Fact]
    public void AnAntiLeakIsReportedWithACommandLine()
    {
        const string text = """
            model "anti-leak"
            parameter C = 200 pF > 0; parameter R = 0.1 Gohm > 0; parameter E_L = -70 mV
            parameter V_th = -50 mV; parameter V_reset = -65 mV
            input I : pA
            state V : mV = E_L
            dV/dt = (I + (V - E_L) / R) / C
            threshold V > V_th
            reset V = V_reset
            """;
        var report = ModelInvariants.Verify(Neurons.FromEquations(text));

        Assert.False(report.Succeeded);
        var leak = report.Properties.Single(p => p.Property == "leak");
        Assert.Equal(PropertyStatus.Failed, leak.Status);
        Assert.StartsWith("neurondsl simulate --model-file", leak.CommandLine);
        Assert.Throws<InvariantException>(() => ModelInvariants.Check(Neurons.FromEquations(text)));
    }
}
