using System.Text.Json.Nodes;

namespace NeuronDsl.Cli;

/// <summary>Reads [[poisson]] (name, count, rate) and [[spikes]] (name, count, times, and neurons: which source fires
/// at each time; without it, every source fires at every time).</summary>
internal static class SourceReader
{
    public static IEnumerable<SourceSpec> ReadPoisson(IReadOnlyList<TomlSection> tables)
    {
        foreach (var table in tables)
        {
            var name = table.String("name", "a name for the sources")!;
            var count = Count(table);
            var rate = table.Quantity("rate", Quantities.Hertz, "a rate >= 0 per source, e.g. \"20 kHz\"")!.Value;
            if (!(rate >= 0) || !double.IsFinite(rate)) throw table.Error("rate", table.String("rate", ""), "a finite rate >= 0 Hz");
            table.RefuseUnknownKeys();
            yield return new SourceSpec(name, count, rate, null, null,
                new JsonObject { ["kind"] = "poisson", ["count"] = count, ["rate_hz"] = rate });
        }
    }

    public static IEnumerable<SourceSpec> ReadSpikes(IReadOnlyList<TomlSection> tables)
    {
        foreach (var table in tables)
        {
            var name = table.String("name", "a name for the sources")!;
            var count = Count(table);
            const string timeForm = "an array of times >= 0, e.g. [\"1 ms\", \"2.5 ms\"]";
            var times = table.Array("times", timeForm)!.Select(t => t is string s
                ? table.Within("times", () => Quantities.Parse(s, Quantities.Milliseconds, ""))
                : throw table.Error("times", t, timeForm)).ToArray();
            if (times.FirstOrDefault(t => !(t >= 0) || !double.IsFinite(t), 0) is var bad && bad != 0 || times.Any(t => t < 0))
            {
                throw table.Error("times", Quantities.Format(bad) + " ms", timeForm);
            }
            var neuronsArray = table.Array("neurons", $"an array of source indices 0 to {count - 1}, one per time", required: false);
            int[] neurons;
            if (neuronsArray is null)
            {
                neurons = times.SelectMany(_ => Enumerable.Range(0, count)).ToArray();
                times = times.SelectMany(t => Enumerable.Repeat(t, count)).ToArray();
            }
            else
            {
                neurons = neuronsArray.Select(n => n is long k && k >= 0 && k < count ? (int)k
                    : throw table.Error("neurons", n, $"source indices 0 to {count - 1}")).ToArray();
                if (neurons.Length != times.Length) throw table.Error("neurons", neuronsArray, $"{times.Length} indices, one per time");
            }
            table.RefuseUnknownKeys();
            yield return new SourceSpec(name, count, double.NaN, neurons, times,
                new JsonObject { ["kind"] = "spike trains", ["count"] = count, ["spikes"] = times.Length });
        }
    }

    private static int Count(TomlSection table) =>
        (int)table.Integer("count", 1, PopulationReader.MaxCount, $"a whole number of sources from 1 to {PopulationReader.MaxCount}")!.Value;
}
