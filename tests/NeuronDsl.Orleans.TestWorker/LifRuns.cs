using System.Globalization;
using NeuronDsl.CSharp;

namespace NeuronDsl.Orleans.TestWorker;

/// <summary>
/// The test job: run k of a document is a leaky integrate-and-fire neuron under a constant current
/// <c>current + k·step</c> pA for <c>duration</c> ms with RK4 at dt = 0.01 ms; the payload is the status and the
/// spike times' bits. Every <c>bad-every</c>-th run asks the facade for a negative time step, which it rejects.
/// Document: <c>current=300;step=0.5;duration=50;bad-every=0</c>.
/// </summary>
public static class LifRuns
{
    /// <summary>
    /// Environment variable naming a folder where each process appends one line per execution to its own file
    /// (appends from two processes to one file can overwrite each other).
    /// </summary>
    public const string ExecutionsVariable = "NEURONDSL_TEST_EXECUTIONS";

    public static byte[] Execute(string document, long index)
    {
        var spec = Parse(document);
        RecordStart(index);
        var badEvery = (long)spec["bad-every"];
        var dt = badEvery > 0 && index % badEvery == badEvery - 1 ? -0.01 : 0.01;
        var options = SimulationOptions.Default with
        {
            Duration = spec["duration"],
            Solver = Solvers.RungeKutta4(dt),
            RecordTrace = false,
        };
        var result = Simulator.Run(Neurons.ByName("lif"), InputCurrent.Constant(spec["current"] + index * spec["step"]), options);
        var payload = new byte[1 + 8 * result.SpikeTimes.Count];
        payload[0] = (byte)result.Status;
        for (var k = 0; k < result.SpikeTimes.Count; k++)
            BitConverter.TryWriteBytes(payload.AsSpan(1 + 8 * k), result.SpikeTimes[k]);
        return payload;
    }

    /// <summary>Appends "index process" to this process's file in the executions folder, if one is named.</summary>
    public static void RecordStart(long index)
    {
        if (Environment.GetEnvironmentVariable(ExecutionsVariable) is { Length: > 0 } folder)
            File.AppendAllText(Path.Combine(folder, $"{Environment.ProcessId}.txt"), $"{index} {Environment.ProcessId}\n");
    }

    /// <summary>Writes the marker <c>PROCESS.hung</c> into the executions folder, if one is named.</summary>
    public static void RecordHang(long index)
    {
        if (Environment.GetEnvironmentVariable(ExecutionsVariable) is { Length: > 0 } folder)
            File.WriteAllText(Path.Combine(folder, $"{Environment.ProcessId}.hung"), $"{index}\n");
    }

    public static string Document(double current, double step, double duration, int badEvery = 0) =>
        string.Create(CultureInfo.InvariantCulture, $"current={current};step={step};duration={duration};bad-every={badEvery}");

    private static Dictionary<string, double> Parse(string document) =>
        document.Split(';').Select(p => p.Split('=')).ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
}
