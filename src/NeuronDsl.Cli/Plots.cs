using NeuronDsl.CSharp;
using ScottPlot;
using SkiaSharp;

namespace NeuronDsl.Cli;

/// <summary>Samples kept in memory for plotting (bounded by <see cref="Budget.MaxPlotSamples"/>).</summary>
internal sealed class PlotData(IReadOnlyList<string> variables, IReadOnlyList<string> units)
{
    public IReadOnlyList<string> Variables { get; } = variables;
    public IReadOnlyList<string> Units { get; } = units;
    public List<double> Times { get; } = [];
    public List<double>[] Values { get; } = variables.Select(_ => new List<double>()).ToArray();
    public List<double> Spikes { get; } = [];

    public void Add(double time, ReadOnlySpan<double> values)
    {
        Times.Add(time);
        for (var k = 0; k < values.Length; k++) Values[k].Add(values[k]);
    }
}

/// <summary>PNG and SVG figures with labelled axes in proper unit symbols, legends outside the data, time from 0.</summary>
internal static class Plots
{
    private const int Width = 1000;
    private const int PanelHeight = 300;

    /// <summary>A unit as printed: the core's ASCII "uA/cm^2" becomes µA/cm², "Gohm" GΩ; "" stays "".</summary>
    public static string Symbol(string unit) => string.Join("/", unit.Split('/').Select(part =>
        string.Join("·", part.Split('*').Select(factor =>
        {
            var text = factor.Replace("^2", "²").Replace("^3", "³").Replace("ohm", "Ω");
            return text.Length > 1 && text[0] == 'u' && char.IsLetter(text[1]) ? "µ" + text[1..] : text;
        }))));

    private static string Label(string name, string unit) => unit.Length == 0 ? $"{name} (dimensionless)" : $"{name} ({Symbol(unit)})";

    /// <summary>Saves panels stacked vertically, sharing the width, as name.png and name.svg.</summary>
    /// <summary>Renders one plot at a time, with the garbage collector held off while it does: SkiaSharp 3.119 does
    /// not keep its managed wrappers alive during native calls (mono/SkiaSharp#2821), so a collection in the middle of
    /// ScottPlot's marker drawing could finalize a paint or path still in use and crash the process natively (seen in
    /// the CLI tests, where other tests allocate meanwhile, in DrawMarkers).</summary>
    private static readonly Lock RenderGate = new();

    private static void Save(IReadOnlyList<Plot> panels, string directory, string name)
    {
        lock (RenderGate)
        {
            var held = false;
            try { held = GC.TryStartNoGCRegion(NoCollectionBudget); }
            catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException) { }
            try
            {
                Render(panels, directory, name);
            }
            finally
            {
                if (held && System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion)
                {
                    try { GC.EndNoGCRegion(); }
                    catch (InvalidOperationException) { }
                }
            }
        }
    }

    /// <summary>Bytes the process may allocate while a plot renders before a collection happens anyway.</summary>
    private const long NoCollectionBudget = 200L * 1024 * 1024;

    private static void Render(IReadOnlyList<Plot> panels, string directory, string name)
    {
        var height = PanelHeight * panels.Count;
        using (var surface = SKSurface.Create(new SKImageInfo(Width, height)))
        {
            surface.Canvas.Clear(SKColors.White);
            for (var k = 0; k < panels.Count; k++)
            {
                using var bitmap = SKBitmap.Decode(panels[k].GetImageBytes(Width, PanelHeight, ImageFormat.Png));
                surface.Canvas.DrawBitmap(bitmap, 0, k * PanelHeight);
            }
            using var image = surface.Snapshot();
            using var png = image.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(directory, name + ".png"), png.ToArray());
        }
        var svg = new System.Text.StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\">\n");
        for (var k = 0; k < panels.Count; k++)
        {
            var xml = panels[k].GetSvgXml(Width, PanelHeight);
            var start = xml.IndexOf("<svg", StringComparison.Ordinal);
            svg.Append("<svg y=\"").Append(k * PanelHeight).Append("\" ").Append(xml[(start + 4)..].TrimStart()).Append('\n');
        }
        svg.Append("</svg>\n");
        File.WriteAllText(Path.Combine(directory, name + ".svg"), svg.ToString());
    }

    private static Plot Panel(string title, string yLabel, double end)
    {
        var plot = new Plot();
        if (title.Length > 0) plot.Title(title);
        plot.XLabel("time (ms)");
        plot.YLabel(yLabel);
        plot.Axes.SetLimitsX(0, end);
        // The same data area in every panel, so that their time axes line up; the legend sits in the right margin.
        plot.Layout.Fixed(new PixelPadding(80, 160, 50, title.Length > 0 ? 40 : 15));
        return plot;
    }

    /// <summary>
    /// trace.png/.svg: the membrane potential with each spike marked, the other recorded variables, and the input
    /// current, each in its own panel, from t = 0.
    /// </summary>
    public static void Trace(string directory, Neuron neuron, InputCurrent input, PlotData data)
    {
        var times = data.Times.ToArray();
        var end = times[^1];
        var panels = new List<Plot>();
        var first = Panel($"{neuron.Name} — input {input.Description} ({Symbol(neuron.InputUnit)})",
            Label(data.Variables[0], data.Units[0]), end);
        var line = first.Add.Scatter(times, data.Values[0].ToArray());
        line.MarkerSize = 0;
        line.LineWidth = 1.5f;
        line.LegendText = data.Variables[0];
        if (data.Spikes.Count > 0)
        {
            var top = data.Values[0].Max();
            var marks = first.Add.Markers(data.Spikes.ToArray(), data.Spikes.Select(_ => top + 5).ToArray());
            marks.MarkerShape = MarkerShape.FilledTriangleDown;
            marks.MarkerSize = 8;
            marks.Color = Colors.Red;
            marks.LegendText = $"spikes ({data.Spikes.Count})";
        }
        first.ShowLegend(Edge.Right);
        panels.Add(first);
        if (data.Variables.Count > 1)
        {
            var rest = Panel("", "other variables", end);
            for (var k = 1; k < data.Variables.Count; k++)
            {
                var curve = rest.Add.Scatter(times, data.Values[k].ToArray());
                curve.MarkerSize = 0;
                curve.LineWidth = 1.5f;
                curve.LegendText = data.Units[k].Length == 0 ? data.Variables[k] : $"{data.Variables[k]} ({Symbol(data.Units[k])})";
            }
            rest.ShowLegend(Edge.Right);
            panels.Add(rest);
        }
        var current = Panel("", $"input current ({Symbol(neuron.InputUnit)})", end);
        var stairs = current.Add.Scatter(times, times.Select(input.At).ToArray());
        stairs.MarkerSize = 0;
        stairs.LineWidth = 1.5f;
        stairs.LegendText = "I";
        current.ShowLegend(Edge.Right);
        panels.Add(current);
        Save(panels, directory, "trace");
    }

    /// <summary>Most points of an f–I curve drawn: about 17 bytes each per curve in the SVG (0.35 MB).</summary>
    public const int MaxCurvePoints = 10_000;

    /// <summary>Most points of an f–I curve drawn with a marker each; beyond, lines only (a marker is an SVG element).</summary>
    public const int MaxMarkedPoints = 200;

    /// <summary>fi.png/.svg: steady and mean firing rate against input current, one point per run or neuron.</summary>
    /// <param name="what">The title after the neuron's name, e.g. "f–I curve, 41 runs".</param>
    public static void FrequencyCurrent(string directory, Neuron neuron, string what, double duration,
        IReadOnlyList<double> currents, IReadOnlyList<double> steady, IReadOnlyList<double> mean)
    {
        var marked = currents.Count <= MaxMarkedPoints;
        var plot = new Plot();
        var curve = plot.Add.Scatter(currents.ToArray(), steady.ToArray());
        curve.MarkerSize = marked ? 5 : 0;
        curve.LineWidth = marked ? 1 : 2;
        curve.LegendText = "steady rate (second half of the interspike intervals)";
        var counted = plot.Add.Scatter(currents.ToArray(), mean.ToArray());
        counted.MarkerSize = marked ? 3 : 0;
        counted.LegendText = $"spike count / {Quantities.Format(duration)} ms";
        plot.Title($"{neuron.Name} — {what}");
        plot.XLabel($"input current ({Symbol(neuron.InputUnit)})");
        plot.YLabel("firing rate (Hz)");
        plot.ShowLegend(Alignment.UpperLeft); // rates rise with the current: the upper left is empty
        Save([plot], directory, "fi");
    }

    /// <summary>sweep.png/.svg of a one-axis sweep: rates against the axis's values, one curve per series (a
    /// neuron's steady and mean rate, or each group's mean rate); failed runs are left out (sweep.csv has them).</summary>
    public static void SweepCurve(string directory, string title, string axis, string unit, IReadOnlyList<double> values,
        IReadOnlyList<(string Legend, IReadOnlyList<double> Rates)> series)
    {
        var marked = values.Count <= MaxMarkedPoints;
        var plot = new Plot();
        for (var k = 0; k < series.Count; k++)
        {
            var curve = plot.Add.Scatter(values.ToArray(), series[k].Rates.ToArray());
            curve.MarkerSize = marked ? Math.Max(2, 5 - 2 * k) : 0;
            curve.LegendText = series[k].Legend;
        }
        plot.Title(title);
        plot.XLabel(Label(axis, unit));
        plot.YLabel("firing rate (Hz)");
        plot.ShowLegend(Alignment.UpperLeft);
        Save([plot], directory, "sweep");
    }

    /// <summary>sweep.png/.svg of a two-axis sweep: a rate of each run as a cell (<paramref name="label"/> says which),
    /// the first axis across, the second up, cells by index with ticks at the values (so log ranges are evenly
    /// spaced); failed runs are blank.</summary>
    public static void SweepHeatMap(string directory, string title, (string Name, string Unit, double[] Values) x,
        (string Name, string Unit, double[] Values) y, double[,] rates, string label = "steady rate (Hz)")
    {
        var plot = new Plot();
        var map = plot.Add.Heatmap(rates);
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        map.NaNCellColor = Colors.White;
        map.Position = new CoordinateRect(0, x.Values.Length - 1, 0, y.Values.Length - 1);
        plot.Add.ColorBar(map).Label = label;
        plot.Axes.Bottom.TickGenerator = Ticks(x.Values);
        plot.Axes.Left.TickGenerator = Ticks(y.Values);
        plot.Title(title);
        plot.XLabel(Label(x.Name, x.Unit));
        plot.YLabel(Label(y.Name, y.Unit));
        Save([plot], directory, "sweep");
    }

    /// <summary>At most 10 ticks at cell indices, labelled with the values there.</summary>
    private static ScottPlot.TickGenerators.NumericManual Ticks(double[] values)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        var every = Math.Max(1, (values.Length + 9) / 10);
        for (var k = 0; k < values.Length; k += every) ticks.AddMajor(k, values[k].ToString("G4", System.Globalization.CultureInfo.InvariantCulture));
        return ticks;
    }

    /// <summary>raster.png/.svg: one row of spike times per run.</summary>
    public static void Raster(string directory, Neuron neuron, IReadOnlyList<double> currents,
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
        plot.YLabel($"input current ({Symbol(neuron.InputUnit)})");
        if (xs.Count > 0) plot.Axes.SetLimitsX(0, xs.Max());
        Save([plot], directory, "raster");
    }

    /// <summary>Most rows (neurons) a population raster shows.</summary>
    public const int MaxRasterNeurons = 1000;

    /// <summary>Most spikes a population raster draws: each is a mark of about 110 bytes in the SVG (2 MB).</summary>
    public const int MaxRasterSpikes = 20_000;

    /// <summary>
    /// Which neurons a population raster shows: every neuron, or 1 in <c>Every</c> (neurons 0, Every, 2·Every, …),
    /// Every the smallest power of two that keeps at most <see cref="MaxRasterNeurons"/> rows and
    /// <see cref="MaxRasterSpikes"/> marks.
    /// </summary>
    public static (int Every, int Shown) RasterSubsample(int count, IReadOnlyList<int> spikeNeurons)
    {
        var perNeuron = new int[count];
        foreach (var j in spikeNeurons) perNeuron[j]++;
        var every = 1;
        while ((count - 1) / every + 1 > MaxRasterNeurons || Marks(every) > MaxRasterSpikes) every *= 2;
        return (every, (count - 1) / every + 1);

        long Marks(int stride)
        {
            var marks = 0L;
            for (var j = 0; j < count; j += stride) marks += perNeuron[j];
            return marks;
        }
    }

    /// <summary>raster.png/.svg of a population: a mark per spike at (time, neuron index), subsampled as
    /// <see cref="RasterSubsample"/> says, which the title states.</summary>
    public static void PopulationRaster(string directory, Neuron neuron, int count, PopulationSpikes spikes,
        double duration, int every)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        for (var k = 0; k < spikes.Count; k++)
        {
            if (spikes.Neurons[k] % every != 0) continue;
            xs.Add(spikes.Times[k]);
            ys.Add(spikes.Neurons[k]);
        }
        var shown = (count - 1) / every + 1;
        var which = every == 1 ? $"all {count} neurons" : $"1 neuron in {every} shown ({shown} of {count}: 0, {every}, {2 * every}, …)";
        var plot = Panel($"{neuron.Name} — spike raster, {which}", "neuron", duration);
        var marks = plot.Add.Markers(xs.ToArray(), ys.ToArray());
        marks.MarkerShape = MarkerShape.VerticalBar;
        marks.MarkerSize = shown > 200 ? 2 : 6;
        plot.Axes.SetLimitsY(-0.5, count - 0.5);
        Save([plot], directory, "raster");
    }

    /// <summary>rate.png/.svg: the population rate (Hz per neuron) in bins, as steps over time.</summary>
    public static void PopulationRate(string directory, Neuron neuron, int count, PopulationRate rate, double duration)
    {
        var bins = rate.Rates.Count;
        var xs = Enumerable.Range(0, bins + 1).Select(b => Math.Min(b * rate.BinWidth, duration)).ToArray();
        var ys = rate.Rates.Append(rate.Rates.Count > 0 ? rate.Rates[^1] : 0).ToArray();
        var plot = Panel($"{neuron.Name} — population rate of {count} neurons, bins of {Quantities.Format(rate.BinWidth)} ms",
            "rate per neuron (Hz)", duration);
        var steps = plot.Add.Scatter(xs, ys);
        steps.ConnectStyle = ConnectStyle.StepHorizontal;
        steps.MarkerSize = 0;
        steps.LineWidth = 1.5f;
        Save([plot], directory, "rate");
    }

    /// <summary>raster.png/.svg of a network: a mark per spike at (time, row), groups stacked in file order, one colour
    /// each with a legend; at most <see cref="MaxRasterSpikes"/> marks, keeping 1 neuron in <c>every</c> of each group.</summary>
    public static void NetworkRaster(string directory, IReadOnlyList<(string Name, int Count)> groups,
        NetworkSpikes spikes, double duration)
    {
        var total = groups.Sum(g => (long)g.Count);
        var every = 1;
        while (total / every > MaxRasterNeurons || spikes.Count / every > MaxRasterSpikes) every *= 2;
        var which = every == 1 ? $"all {total} neurons" : $"1 neuron in {every} of each group shown";
        var plot = Panel($"network — spike raster, {which}", "neuron (groups stacked)", duration);
        var offset = 0.0;
        foreach (var (name, count) in groups)
        {
            var shown = Enumerable.Range(0, spikes.Count)
                .Where(k => spikes.Groups[k] == name && spikes.Neurons[k] % every == 0).ToArray();
            var marks = plot.Add.Markers(shown.Select(k => spikes.Times[k]).ToArray(),
                shown.Select(k => offset + spikes.Neurons[k] / every).ToArray());
            marks.MarkerShape = MarkerShape.VerticalBar;
            marks.MarkerSize = total / every > 200 ? 2 : 6;
            marks.LegendText = name;
            offset += (count - 1) / every + 1;
        }
        plot.Axes.SetLimitsY(-0.5, offset - 0.5);
        plot.ShowLegend(Edge.Right);
        Save([plot], directory, "raster");
    }

    /// <summary>rate.png/.svg of a network: each group's rate (Hz per neuron) in bins, one line per group.</summary>
    public static void NetworkRate(string directory, IReadOnlyList<(string Name, double[] Rates)> rates, double bin,
        double duration)
    {
        var plot = Panel($"network — population rate per group, bins of {Quantities.Format(bin)} ms", "rate per neuron (Hz)", duration);
        foreach (var (name, values) in rates)
        {
            var xs = Enumerable.Range(0, values.Length + 1).Select(b => Math.Min(b * bin, duration)).ToArray();
            var steps = plot.Add.Scatter(xs, values.Append(values.Length > 0 ? values[^1] : 0).ToArray());
            steps.ConnectStyle = ConnectStyle.StepHorizontal;
            steps.MarkerSize = 0;
            steps.LineWidth = 1.5f;
            steps.LegendText = name;
        }
        plot.ShowLegend(Edge.Right);
        Save([plot], directory, "rate");
    }
}
