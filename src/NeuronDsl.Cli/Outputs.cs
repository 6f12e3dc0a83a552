using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using NeuronDsl.CSharp;

namespace NeuronDsl.Cli;

using Solver = NeuronDsl.CSharp.Solver;

/// <summary>A CSV file written row by row as results are produced: memory use does not grow with its length.</summary>
internal sealed class CsvStream : IDisposable
{
    private readonly StreamWriter writer;

    public CsvStream(string path, IEnumerable<string> header)
    {
        Path = path;
        writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 16) { NewLine = "\n" };
        writer.WriteLine(string.Join(',', header));
    }

    public string Path { get; }

    /// <summary>Number of data rows written.</summary>
    public long Rows { get; private set; }

    public void Write(double first, ReadOnlySpan<double> rest)
    {
        if (Rows >= Budget.MaxTraceRows)
        {
            // Adaptive methods recording every step cannot be sized in advance: stop at the cap instead.
            throw new BudgetException(
                $"{System.IO.Path.GetFileName(Path)}: more than {Budget.MaxTraceRows:0.#e0} rows; raise --record-every (0 records every step)");
        }
        writer.Write(Quantities.Format(first));
        foreach (var value in rest)
        {
            writer.Write(',');
            writer.Write(Quantities.Format(value));
        }
        writer.Write('\n');
        Rows++;
    }

    public void Write(ReadOnlySpan<double> row) => Write(row[0], row[1..]);

    public void Dispose() => writer.Dispose();
}

/// <summary>Result files and the JSON summary that vouches for them.</summary>
internal static class Outputs
{
    /// <summary>The tool's version, as packed.</summary>
    public static string Version { get; } =
        typeof(Outputs).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(Outputs).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>A column name with its unit: V_mV, m, current_uA_cm2.</summary>
    public static string Column(string name, string unit) => unit.Length == 0 ? name : $"{name}_{Quantities.ForFileName(unit)}";

    /// <summary>Writes rows to a CSV file with a header line, numbers with full round-trip precision.</summary>
    public static string WriteCsv(string path, IReadOnlyList<string> header, IEnumerable<double[]> rows)
    {
        using var csv = new CsvStream(path, header);
        foreach (var row in rows) csv.Write(row);
        return path;
    }

    /// <summary>A number as JSON: finite numbers as numbers, NaN and infinities as null (JSON has no such numbers).</summary>
    public static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    /// <summary>The solver with everything that sets its result.</summary>
    public static JsonObject Solver(Solver solver, double? rtol, double? atol)
    {
        var node = new JsonObject { ["method"] = solver.Name, ["adaptive"] = solver.IsAdaptive };
        if (solver.IsAdaptive)
        {
            node["rtol"] = rtol ?? 1e-6;
            node["atol"] = atol ?? 1e-8;
        }
        else
        {
            node["dt_ms"] = solver.Step;
        }
        node["spike_times"] = "located inside the step";
        return node;
    }

    /// <summary>The tool, the command line and the time: the head of every summary.</summary>
    public static JsonObject Head(string command, IReadOnlyList<string> arguments) => new()
    {
        ["tool"] = new JsonObject { ["name"] = "neurondsl", ["version"] = Version },
        ["command"] = command,
        ["arguments"] = new JsonArray(arguments.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
        ["seed"] = null, // every method is deterministic: no random numbers are drawn
    };

    /// <summary>The model and every parameter, defaults included, with units.</summary>
    public static JsonObject Model(Neuron neuron)
    {
        var model = neuron.Model;
        var parameterNode = new JsonObject();
        foreach (var p in model.Parameters)
        {
            parameterNode[p.Name] = new JsonObject
            {
                ["value"] = Number(neuron.Parameters[p.Name]), ["unit"] = p.Unit, ["default"] = Number(p.Default),
            };
        }
        var initialNode = new JsonObject();
        foreach (var v in model.Variables)
        {
            initialNode[v.Name] = new JsonObject { ["value"] = Number(neuron.InitialValues[v.Name]), ["unit"] = v.Unit };
        }
        return new JsonObject
        {
            ["name"] = model.Name, ["input_unit"] = model.InputUnit, ["parameters"] = parameterNode,
            ["initial_values"] = initialNode,
        };
    }

    /// <summary>
    /// Writes summary.json last, listing the SHA-256 of every other file in the folder: its presence means the run
    /// finished and the files it lists are the ones it wrote.
    /// </summary>
    public static string WriteSummary(string directory, JsonObject summary)
    {
        var files = new JsonObject();
        foreach (var path in Directory.GetFiles(directory).Order(StringComparer.Ordinal))
        {
            files[Path.GetFileName(path)] = new JsonObject
            {
                ["sha256"] = OutputFolder.Sha256(path),
                ["bytes"] = new FileInfo(path).Length,
            };
        }
        summary["files"] = files;
        summary["finished_utc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var path2 = Path.Combine(directory, "summary.json");
        File.WriteAllText(path2, summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        return path2;
    }
}
