using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using NeuronDsl.CSharp;

namespace NeuronDsl.Cli;

/// <summary>Writes result files atomically: each appears complete under its name, or not at all.</summary>
internal static class Outputs
{
    /// <summary>Writes to a temporary file beside the target, then renames it over the target.</summary>
    public static void WriteAtomically(string path, Action<string> write)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            write(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Writes rows to a CSV file with a header line, numbers with full round-trip precision.</summary>
    public static void WriteCsv(string path, IReadOnlyList<string> header, IEnumerable<IEnumerable<double>> rows) =>
        WriteAtomically(path, temporary =>
        {
            using var writer = new StreamWriter(temporary);
            using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
            foreach (var name in header) csv.WriteField(name);
            csv.NextRecord();
            foreach (var row in rows)
            {
                foreach (var value in row) csv.WriteField(Quantities.Format(value));
                csv.NextRecord();
            }
        });

    /// <summary>spikes.csv: one spike time per row, in ms.</summary>
    public static string WriteSpikes(string directory, IReadOnlyList<double> spikes)
    {
        var path = Path.Combine(directory, "spikes.csv");
        WriteCsv(path, ["time_ms"], spikes.Select(t => new[] { t }));
        return path;
    }

    /// <summary>trace.csv: time and each recorded variable, with its unit in the column name (V_mV, m).</summary>
    public static string WriteTrace(string directory, SimulationResult result, Neuron neuron)
    {
        var path = Path.Combine(directory, "trace.csv");
        var header = new List<string> { "time_ms" };
        foreach (var name in result.RecordedVariables)
        {
            var unit = neuron.Variables.Single(v => v.Name == name).Unit;
            header.Add(unit.Length == 0 ? name : $"{name}_{Quantities.ForFileName(unit)}");
        }
        var columns = result.RecordedVariables.Select(result.Trace).ToArray();
        WriteCsv(path, header, result.Times.Select((t, j) => columns.Select(c => c[j]).Prepend(t)));
        return path;
    }

    /// <summary>Writes a JSON document, indented.</summary>
    public static string WriteJson(string path, JsonNode document)
    {
        WriteAtomically(path, temporary =>
            File.WriteAllText(temporary, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true })));
        return path;
    }

    /// <summary>The JSON summary of one simulation: parameters and initial values with the units their equations
    /// declare.</summary>
    public static JsonObject Summary(Neuron neuron, string inputSpec, InputCurrent input, SimulationOptions options,
        SimulationResult result)
    {
        var model = neuron.Model;
        var parameterNode = new JsonObject();
        foreach (var p in model.Parameters)
        {
            parameterNode[p.Name] = new JsonObject { ["value"] = neuron.Parameters[p.Name], ["unit"] = p.Unit, ["default"] = p.Default };
        }
        var initialNode = new JsonObject();
        var initial = neuron.InitialValues;
        foreach (var v in model.Variables)
        {
            initialNode[v.Name] = new JsonObject { ["value"] = initial[v.Name], ["unit"] = v.Unit };
        }
        var solver = new JsonObject { ["method"] = options.Solver.Name };
        if (!options.Solver.IsAdaptive) solver["dt_ms"] = options.Solver.Step;
        return new JsonObject
        {
            ["model"] = model.Name,
            ["parameters"] = parameterNode,
            ["initial_values"] = initialNode,
            ["input"] = new JsonObject { ["spec"] = inputSpec, ["description"] = input.Description, ["unit"] = model.InputUnit },
            ["solver"] = solver,
            ["duration_ms"] = options.Duration,
            ["status"] = result.Status.ToString(),
            ["status_message"] = result.StatusMessage,
            ["end_time_ms"] = result.EndTime,
            ["steps"] = result.Steps,
            ["spike_count"] = result.SpikeTimes.Count,
            ["rate_hz"] = result.FiringRate,
        };
    }
}
