using NeuronDsl.CSharp;

namespace NeuronDsl.CSharp.Tests;

/// <summary>The README's C# example, compiled and run here; a test checks the README still shows exactly this code.</summary>
public class ReadmeExampleTests
{
    private static (int Spikes, double Rate, IReadOnlyList<double> Custom, double Later) Example()
    {
        // README:begin
        // Leaky integrate-and-fire with its published defaults, 300 pA for one second, exact integration.
        var lif = Neurons.ByName("lif");
        Console.WriteLine($"C = {lif.Parameters["C"]} {lif.Model.Parameters[0].Unit}, input in {lif.InputUnit}");
        var options = SimulationOptions.Default with { Duration = 1000, Solver = Solvers.Exact(dt: 0.1) };
        SimulationResult result = Simulator.Run(lif, InputCurrent.Constant(300), options);
        Console.WriteLine($"{result.SpikeTimes.Count} spikes, {result.FiringRate} Hz, status {result.Status}");

        // A custom model: quadratic integrate-and-fire, tau dv/dt = v^2 + I, reset to -10 at +10.
        const double tau = 10.0; // ms
        var qif = Neurons.Custom("quadratic integrate-and-fire",
            [new StateVariable("v", Unit: "", InitialValue: -10)],
            derivative: (state, input, rates) => rates[0] = (state[0] * state[0] + input) / tau,
            spike: state => state[0] - 10,
            reset: state => state[0] = -10);
        var spikes = Simulator.Run(qif, InputCurrent.Constant(4), options with { Solver = Solvers.DormandPrince() }).SpikeTimes;

        // Parameters by the names the equations use, in their declared units; out of range throws.
        var slower = lif.WithParameter("C", 400).WithInitialValue("V", -65);
        var later = Simulator.Run(slower, InputCurrent.Constant(300), options).SpikeTimes[0];
        // README:end
        return (result.SpikeTimes.Count, result.FiringRate, spikes, later);
    }

    [Fact]
    public void TheExampleRunsAndGivesTheClosedFormAnswers()
    {
        var (count, rate, qifSpikes, later) = Example();
        // From rest, LIF at 300 pA: first spike at 20 ln 3 ms, then every 2 + 20 ln 2.5 ms: 49 spikes by 1 s.
        Assert.Equal(49, count);
        Assert.Equal(49.0, rate, 1e-12);
        var period = 10 / 2.0 * (Math.Atan(10 / 2.0) - Math.Atan(-10 / 2.0));
        Assert.Equal(period, qifSpikes[0], 1e-4);
        // C = 400 pF doubles τ; from V_reset = -65 mV: 40 ln((30 - 5)/(30 - 20)) ms.
        Assert.Equal(40 * Math.Log(25.0 / 10.0), later, 1e-9);
    }

    [Fact]
    public void TheReadmeShowsExactlyThisExample()
    {
        var root = RepositoryRoot();
        var source = File.ReadAllLines(Path.Combine(root, "tests", "NeuronDsl.CSharp.Tests", "ReadmeExampleTests.cs"));
        var begin = Array.FindIndex(source, l => l.Trim() == "// README:begin");
        var end = Array.FindIndex(source, l => l.Trim() == "// README:end");
        // As a Program.cs of top-level statements: the facade's namespace (this file's first line), then the body.
        var example = new[] { source[0], "" }.Concat(Dedent(source[(begin + 1)..end])).ToArray();
        Assert.Equal("using NeuronDsl.CSharp;", source[0]);
        // The README's first C# block, whole: a line added to or missing from either side fails.
        var readme = File.ReadAllLines(Path.Combine(root, "README.md"));
        var open = Array.FindIndex(readme, l => l.Trim() == "```csharp");
        var close = Array.FindIndex(readme, open + 1, l => l.Trim() == "```");
        Assert.Equal(example, readme[(open + 1)..close]);
    }

    /// <summary>Removes the indentation the lines share; blank lines stay empty.</summary>
    private static string[] Dedent(string[] lines)
    {
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return lines.Select(l => l.Trim().Length == 0 ? "" : l[indent..].TrimEnd()).ToArray();
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "NeuronDsl.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("NeuronDsl.sln not found above the test folder");
    }
}
