using System.Globalization;
using System.Reflection;

namespace NeuronDsl.Cli;

/// <summary>
/// The measured spike-time accuracy of each fixed-step method per built-in model and dt (accuracy.csv, written by
/// bench/accuracy/measure.fsx): 200 ms under one constant input at the model's defaults, against rk4 at dt 0.0005 ms.
/// A run whose (model, method) the table shows losing or gaining spikes, failing, or erring by more than 1 ms at the
/// nearest measured dt at or below the run's dt gets a warning. Model files are not measured and get none.
/// </summary>
internal static class Accuracy
{
    internal sealed record Row(string Model, string Alias, string Input, string InputUnit, string Method, double Dt,
        int Spikes, int ReferenceSpikes, double MaxError, string Status);

    private static readonly Lazy<IReadOnlyList<Row>> Rows = new(Load);

    private static IReadOnlyList<Row> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("NeuronDsl.Cli.accuracy.csv");
        if (stream is null) return [];
        using var reader = new StreamReader(stream);
        var rows = new List<Row>();
        _ = reader.ReadLine(); // header
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split(',');
            if (f.Length < 10) continue;
            double Number(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
            rows.Add(new Row(f[0], f[1], f[2], f[3], f[4], Number(f[5]), int.Parse(f[6], CultureInfo.InvariantCulture),
                int.Parse(f[7], CultureInfo.InvariantCulture), Number(f[8]), f[9]));
        }
        return rows;
    }

    /// <summary>The measured row for a built-in model (name or alias) and method at the largest measured dt ≤ dt;
    /// null when none (a method or dt below the table's, or an unmeasured model).</summary>
    internal static Row? Lookup(string model, string method, double dt) =>
        Rows.Value
            .Where(r => (string.Equals(r.Model, model, StringComparison.OrdinalIgnoreCase) || string.Equals(r.Alias, model, StringComparison.OrdinalIgnoreCase))
                        && string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase)
                        && r.Dt <= dt * (1 + 1e-9))
            .MaxBy(r => r.Dt);

    /// <summary>A one-line warning when the table shows the run's (model, method) inaccurate at dt; otherwise null.</summary>
    internal static string? Warning(string model, string method, double dt)
    {
        var row = Lookup(model, method, dt);
        if (row is null || row.Status == "ok") return null;
        var what = row.Status switch
        {
            "lost-spikes" => $"{row.Spikes} of {row.ReferenceSpikes} reference spikes",
            "extra-spikes" => $"{row.Spikes} spikes where the reference has {row.ReferenceSpikes}",
            "error>1ms" => $"spike times off by up to {row.MaxError.ToString("0.###", CultureInfo.InvariantCulture)} ms",
            _ => $"the run stopped ({row.Status}) with {row.Spikes} of {row.ReferenceSpikes} reference spikes",
        };
        var at = Math.Abs(row.Dt - dt) <= 1e-9 * dt ? "" : $" (measured at dt {Format(row.Dt)} ms, the nearest at or below)";
        return $"{row.Model} with {method} at dt {Format(dt)} ms is inaccurate: in 200 ms at {row.Input} {row.InputUnit} " +
               $"the accuracy table measured {what} against rk4 at dt 0.0005 ms{at}; use a smaller --dt or --method rk4/dopri5 (see README, Accuracy by method and dt)";
    }

    private static string Format(double x) => x.ToString("0.####", CultureInfo.InvariantCulture);
}
