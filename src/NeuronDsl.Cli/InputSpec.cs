using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using NeuronDsl.CSharp;

namespace NeuronDsl.Cli;

/// <summary>Parses input protocols from the command line into input currents.</summary>
internal static class InputSpec
{
    /// <summary>The accepted forms, for help and error messages.</summary>
    public const string Forms =
        "const:A | step:A | step:A@START | step:A@START-END | pulse:A,WIDTH,PERIOD[@START-END] | " +
        "ramp:FROM,TO@START-END | sine:A,FREQ[,OFFSET[,PHASE]] | csv:FILE (columns: time in ms, current)";

    /// <summary>Parses a spec; amplitudes are in the model's input unit unless they carry their own, which is then
    /// converted into it exactly; times are in ms unless they carry a unit.</summary>
    /// <param name="spec">For example "step:10uA/cm2@5ms-200ms".</param>
    /// <param name="inputUnit">The model's input unit.</param>
    /// <param name="duration">Simulated time in ms (the default end of pulse trains).</param>
    /// <exception cref="UsageException">Malformed spec, wrong unit or unreadable file.</exception>
    public static InputCurrent Parse(string spec, string inputUnit, double duration)
    {
        var current = inputUnit;
        var colon = spec.IndexOf(':');
        if (spec.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && colon < 0) return FromCsv(spec, current);
        if (colon < 0) throw Malformed(spec, "missing KIND: before the values");
        var kind = spec[..colon].Trim().ToLowerInvariant();
        var body = spec[(colon + 1)..];
        var (values, window) = SplitWindow(body);
        string[] parts = values.Split(',', StringSplitOptions.TrimEntries);
        double Amp(int k) => Quantities.Parse(parts[k], current, $"--input {kind} amplitude");
        double Time(string text, string what) => Quantities.Parse(text, Quantities.Milliseconds, $"--input {kind} {what}");
        (double Start, double End) Window(double defaultEnd)
        {
            if (window is null) return (0.0, defaultEnd);
            var dash = FindRangeDash(window);
            return dash < 0
                ? (Time(window, "start"), defaultEnd)
                : (Time(window[..dash], "start"), Time(window[(dash + 1)..], "end"));
        }
        void Expect(int count, string form)
        {
            if (parts.Length != count || parts.Any(p => p.Length == 0)) throw Malformed(spec, $"expected {form}");
        }
        try
        {
            switch (kind)
            {
                case "const":
                case "constant":
                    Expect(1, "const:A");
                    if (window is not null) throw Malformed(spec, "const takes no @window; use step:A@START-END");
                    return InputCurrent.Constant(Amp(0));
                case "step":
                {
                    Expect(1, "step:A, step:A@START or step:A@START-END");
                    var (start, end) = Window(double.PositiveInfinity);
                    return InputCurrent.Step(Amp(0), start, end);
                }
                case "pulse":
                case "pulses":
                {
                    Expect(3, "pulse:A,WIDTH,PERIOD[@START-END]");
                    var (start, stop) = Window(duration);
                    // Pulses starting after the simulation ends change nothing: the train stops there.
                    var end = Math.Min(stop, duration);
                    var period = Time(parts[2], "period");
                    var pulses = Math.Ceiling((end - start) / period);
                    if (pulses > Budget.MaxPulses)
                    {
                        throw new BudgetException(
                            $"--input '{spec}': {pulses:0.##e0} pulses from {Quantities.Format(start)} ms to {Quantities.Format(end)} ms; at most {Budget.MaxPulses:0.#e0} (raise the period or shorten the window)");
                    }
                    return InputCurrent.Pulses(Amp(0), Time(parts[1], "width"), period, start, Math.Max(start, end));
                }
                case "ramp":
                {
                    if (window is null) throw Malformed(spec, "expected ramp:FROM,TO@START-END");
                    Expect(2, "ramp:FROM,TO@START-END");
                    var (start, end) = Window(duration);
                    return InputCurrent.Ramp(Amp(0), Amp(1), start, end);
                }
                case "sine":
                {
                    if (parts.Length is < 2 or > 4 || parts.Any(p => p.Length == 0)) throw Malformed(spec, "expected sine:A,FREQ[,OFFSET[,PHASE]]");
                    if (window is not null) throw Malformed(spec, "sine takes no @window");
                    var offset = parts.Length > 2 ? Amp(2) : 0.0;
                    var phase = parts.Length > 3 ? Quantities.Parse(parts[3], Quantities.None, "--input sine phase (radians)") : 0.0;
                    return InputCurrent.Sine(Amp(0), Quantities.Parse(parts[1], Quantities.Hertz, "--input sine frequency"), phase, offset);
                }
                case "csv":
                    return FromCsv(body.Trim(), current);
                default:
                    throw Malformed(spec, $"unknown kind '{kind}'");
            }
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new UsageException($"--input '{spec}': {Messages.OneLine(e)}");
        }
    }

    private static UsageException Malformed(string spec, string why) =>
        new($"--input '{spec}': {why}; expected one of: {Forms}");

    private static (string Values, string? Window) SplitWindow(string body)
    {
        var at = body.IndexOf('@');
        return at < 0 ? (body.Trim(), null) : (body[..at].Trim(), body[(at + 1)..].Trim());
    }

    /// <summary>The dash separating START-END, skipping exponent signs such as 1e-3.</summary>
    private static int FindRangeDash(string window)
    {
        for (var k = 1; k < window.Length; k++)
        {
            if (window[k] == '-' && window[k - 1] is not ('e' or 'E')) return k;
        }
        return -1;
    }

    private static InputCurrent FromCsv(string path, string current)
    {
        if (Directory.Exists(path)) throw new UsageException($"--input csv: '{path}' is a folder; expected a CSV file");
        if (!File.Exists(path)) throw new UsageException($"--input csv: file '{path}' not found");
        var times = new List<double>();
        var currents = new List<double>();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            TrimOptions = TrimOptions.Trim,
            BadDataFound = context => throw new UsageException(
                $"--input csv '{path}' line {context.Context?.Parser?.RawRow}: malformed field (a stray or unterminated quote?)"),
        };
        try
        {
            using var stream = new BoundedStream(File.OpenRead(path), Budget.MaxCsvBytes, path);
            using var reader = new StreamReader(stream);
            using var csv = new CsvReader(reader, config);
            var line = 0;
            while (csv.Read())
            {
                line++;
                var fields = csv.Parser.Record ?? [];
                if (fields.Any(f => f.Contains('\0')))
                {
                    throw new UsageException($"--input csv '{path}' line {line}: binary data (NUL bytes); expected a text file of 'time_ms,current' lines");
                }
                if (fields.Length == 0 || fields.All(string.IsNullOrWhiteSpace) || fields[0].StartsWith('#')) continue;
                if (fields.Length != 2)
                {
                    throw new UsageException($"--input csv '{path}' line {line}: {fields.Length} fields; expected 2 (time in ms, current)");
                }
                var isNumber = double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out _);
                if (!isNumber && times.Count == 0 && line == 1) continue; // header
                if (times.Count >= Budget.MaxCsvRows)
                {
                    throw new BudgetException($"--input csv '{path}': more than {Budget.MaxCsvRows} rows; at most {Budget.MaxCsvRows} are read");
                }
                times.Add(Quantities.Parse(fields[0], Quantities.Milliseconds, $"--input csv '{path}' line {line} time"));
                currents.Add(Quantities.Parse(fields[1], current, $"--input csv '{path}' line {line} current"));
            }
        }
        catch (CsvHelperException e) when (e.InnerException is UsageException or BudgetException)
        {
            throw e.InnerException;
        }
        catch (CsvHelperException e)
        {
            throw new UsageException($"--input csv '{path}': not readable as CSV ({e.GetType().Name})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--input csv '{path}': cannot read: {e.Message}");
        }
        if (times.Count == 0) throw new UsageException($"--input csv '{path}': no samples; expected lines of 'time_ms,current'");
        try
        {
            return InputCurrent.PiecewiseLinear(times, currents);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new UsageException($"--input csv '{path}': {Messages.OneLine(e)}");
        }
    }

    /// <summary>A read-only stream that refuses to read past a number of bytes, so an endless file cannot fill memory.</summary>
    private sealed class BoundedStream(Stream inner, long limit, string path) : Stream
    {
        private long read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            read += n;
            if (Array.IndexOf(buffer, (byte)0, offset, n) >= 0)
            {
                throw new UsageException($"--input csv '{path}': binary data (NUL bytes); expected a text file of 'time_ms,current' lines");
            }
            if (read > limit)
            {
                throw new BudgetException($"--input csv '{path}': more than {Budget.Bytes(limit)}; at most {Budget.Bytes(limit)} are read");
            }
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
