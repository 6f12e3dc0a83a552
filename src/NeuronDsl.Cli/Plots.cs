using NeuronDsl.CSharp;
using ScottPlot;

namespace NeuronDsl.Cli;

/// <summary>PNG and SVG figures with labelled axes, units and a title naming model and input.</summary>
internal static class Plots
{
    private const int Width = 1000;
    private const int Height = 500;

    private static IEnumerable<string> Save(Plot plot, string directory, string name)
    {
        var png = Path.Combine(directory, name + ".png");
        var svg = Path.Combine(directory, name + ".svg");
        var bytes = plot.GetImageBytes(Width, Height, ImageFormat.Png);
        Outputs.WriteAtomically(png, temporary => File.WriteAllBytes(temporary, bytes));
        var xml = plot.GetSvgXml(Width, Height);
        Outputs.WriteAtomically(svg, temporary => File.WriteAllText(temporary, xml));
        return [png, svg];
    }

    /// <summary>trace.png/.svg: the first variable (membrane potential) with each spike marked.</summary>
    public static IEnumerable<string> Trace(string directory, Neuron neuron, string inputDescription, SimulationResult result)
    {
        var plot = new Plot();
        var name = result.RecordedVariables[0];
        var unit = neuron.VariableUnits[neuron.VariableNames.ToList().IndexOf(name)];
        var line = plot.Add.Scatter(result.Times.ToArray(), result.Potentials.ToArray());
        line.MarkerSize = 0;
        line.LineWidth = 1.5f;
        line.LegendText = name;
        if (result.SpikeTimes.Count > 0)
        {
            var top = result.Potentials.Max();
            var marks = plot.Add.Markers(result.SpikeTimes.ToArray(), result.SpikeTimes.Select(_ => top + 5).ToArray());
            marks.MarkerShape = MarkerShape.FilledTriangleDown;
            marks.MarkerSize = 8;
            marks.Color = Colors.Red;
            marks.LegendText = $"spikes ({result.SpikeTimes.Count})";
        }
        plot.Title($"{neuron.Name} — input {inputDescription} ({neuron.InputUnit})");
        plot.XLabel("time (ms)");
        plot.YLabel(unit.Length == 0 ? name : $"{name} ({unit})");
        plot.ShowLegend(Alignment.LowerRight);
        return Save(plot, directory, "trace");
    }

    /// <summary>gating.png/.svg: every recorded variable after the first, for models that have them (Hodgkin–Huxley).</summary>
    public static IEnumerable<string> Gating(string directory, Neuron neuron, string inputDescription, SimulationResult result)
    {
        if (result.RecordedVariables.Count < 2) return [];
        var plot = new Plot();
        foreach (var name in result.RecordedVariables.Skip(1))
        {
            var line = plot.Add.Scatter(result.Times.ToArray(), result.Trace(name).ToArray());
            line.MarkerSize = 0;
            line.LineWidth = 1.5f;
            line.LegendText = name;
        }
        plot.Title($"{neuron.Name} gating variables — input {inputDescription} ({neuron.InputUnit})");
        plot.XLabel("time (ms)");
        plot.YLabel("open fraction (dimensionless)");
        plot.ShowLegend();
        return Save(plot, directory, "gating");
    }

    /// <summary>fi.png/.svg: firing rate against input current.</summary>
    public static IEnumerable<string> FrequencyCurrent(string directory, Neuron neuron, double duration,
        IReadOnlyList<double> currents, IReadOnlyList<double> rates)
    {
        var plot = new Plot();
        var curve = plot.Add.Scatter(currents.ToArray(), rates.ToArray());
        curve.MarkerSize = 5;
        curve.LegendText = $"simulated, {duration} ms per current";
        plot.Title($"{neuron.Name} — f–I curve");
        plot.XLabel($"input current ({neuron.InputUnit})");
        plot.YLabel("firing rate (Hz)");
        plot.ShowLegend();
        return Save(plot, directory, "fi");
    }

    /// <summary>raster.png/.svg: one row of spike times per run.</summary>
    public static IEnumerable<string> Raster(string directory, Neuron neuron, IReadOnlyList<double> currents,
        IReadOnlyList<IReadOnlyList<double>> spikes)
    {
        var plot = new Plot();
        var xs = new List<double>();
        var ys = new List<double>();
        for (var k = 0; k < currents.Count; k++)
        {
            xs.AddRange(spikes[k]);
            ys.AddRange(spikes[k].Select(_ => currents[k]));
        }
        var marks = plot.Add.Markers(xs.ToArray(), ys.ToArray());
        marks.MarkerShape = MarkerShape.VerticalBar;
        marks.MarkerSize = 6;
        plot.Title($"{neuron.Name} — spike raster, one row per input current");
        plot.XLabel("time (ms)");
        plot.YLabel($"input current ({neuron.InputUnit})");
        return Save(plot, directory, "raster");
    }
}
