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

    /// <summary>
    /// trace.png/.svg: one panel per unit among the recorded variables, in the order they are recorded (for
    /// Hodgkin–Huxley: V in mV, then the dimensionless gates m, h, n), with the spikes marked on the first panel.
    /// </summary>
    public static IEnumerable<string> Trace(string directory, Neuron neuron, string inputDescription, SimulationResult result)
    {
        var times = result.Times.ToArray();
        var panels = result.RecordedVariables
            .GroupBy(name => neuron.Variables.Single(v => v.Name == name).Unit)
            .ToArray();
        var multiplot = new Multiplot();
        multiplot.AddPlots(panels.Length);
        for (var k = 0; k < panels.Length; k++)
        {
            var plot = multiplot.GetPlot(k);
            var top = double.NegativeInfinity;
            foreach (var name in panels[k])
            {
                var values = result.Trace(name).ToArray();
                top = Math.Max(top, values.Max());
                var line = plot.Add.Scatter(times, values);
                line.MarkerSize = 0;
                line.LineWidth = 1.5f;
                line.LegendText = name;
            }
            if (k == 0 && result.SpikeTimes.Count > 0)
            {
                var marks = plot.Add.Markers(result.SpikeTimes.ToArray(), result.SpikeTimes.Select(_ => top).ToArray());
                marks.MarkerShape = MarkerShape.FilledTriangleDown;
                marks.MarkerSize = 8;
                marks.Color = Colors.Red;
                marks.LegendText = $"spikes ({result.SpikeTimes.Count})";
            }
            if (k == 0) plot.Title($"{neuron.Name} — input {inputDescription} ({neuron.InputUnit})");
            plot.XLabel("time (ms)");
            var unit = panels[k].Key.Length == 0 ? "dimensionless" : panels[k].Key;
            plot.YLabel($"{string.Join(", ", panels[k])} ({unit})");
            plot.ShowLegend(Alignment.LowerRight);
        }
        if (panels.Length > 1) multiplot.SharedAxes.ShareX(multiplot.GetPlots());
        return Save(multiplot, directory, "trace", Height * panels.Length * 7 / 10 + Height * 3 / 10);
    }

    private static IEnumerable<string> Save(Multiplot multiplot, string directory, string name, int height)
    {
        var png = Path.Combine(directory, name + ".png");
        var svg = Path.Combine(directory, name + ".svg");
        var bytes = multiplot.Render(Width, height).GetImageBytes(ImageFormat.Png);
        Outputs.WriteAtomically(png, temporary => File.WriteAllBytes(temporary, bytes));
        using var stream = new MemoryStream();
        using (var canvas = SkiaSharp.SKSvgCanvas.Create(new SkiaSharp.SKRect(0, 0, Width, height), stream))
        {
            multiplot.Render(canvas, new PixelRect(0, Width, height, 0));
        }
        var xml = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        Outputs.WriteAtomically(svg, temporary => File.WriteAllText(temporary, xml));
        return [png, svg];
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
