using NeuronDsl.CSharp;

namespace NeuronDsl.Cli;

using Solver = NeuronDsl.CSharp.Solver;

/// <summary>A run that would exceed a resource limit, refused before it starts: exit code 4.</summary>
internal sealed class BudgetException(string message) : Exception(message);

/// <summary>
/// What a run will cost, computed before it starts, and the limits it must stay within. The limits keep a run
/// finishing in hours, not years, and its files and memory within what a workstation has.
/// </summary>
internal static class Budget
{
    /// <summary>Most solver steps one run may take (about 10 min of Hodgkin–Huxley with RK4 on one core); the core
    /// holds the number, as it refuses sweeps of more steps over all their runs.</summary>
    public const double MaxSteps = global::NeuronDsl.SweepModule.MaxSteps;

    /// <summary>Most rows trace.csv may get.</summary>
    public const double MaxTraceRows = 5e7;

    /// <summary>Most samples per variable held in memory for a plot.</summary>
    public const double MaxPlotSamples = 2e5;

    /// <summary>Most pulses in a pulse train (each is two breakpoints held in memory).</summary>
    public const double MaxPulses = 1e6;

    /// <summary>Most currents in an f–I curve.</summary>
    public const int MaxCurrents = 10_000;

    /// <summary>Most rows and bytes of an input CSV file (it is held in memory).</summary>
    public const int MaxCsvRows = 1_000_000;

    public const long MaxCsvBytes = 100L << 20;

    /// <summary>Bytes per number in a CSV file (17 significant digits, sign, exponent, separator).</summary>
    private const double BytesPerNumber = 24;

    /// <summary>Human-readable bytes.</summary>
    public static string Bytes(double bytes) => bytes switch
    {
        >= 1e12 => $"{bytes / 1e12:0.#} TB",
        >= 1e9 => $"{bytes / 1e9:0.#} GB",
        >= 1e6 => $"{bytes / 1e6:0.#} MB",
        >= 1e3 => $"{bytes / 1e3:0.#} kB",
        _ => $"{bytes:0} B",
    };

    internal static string Count(double n) => n < 1e6 ? n.ToString("0", System.Globalization.CultureInfo.InvariantCulture)
        : n.ToString("0.##e0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Solver steps a fixed-step run takes; NaN for adaptive methods (bounded by their step limit).</summary>
    public static double Steps(Solver solver, double duration, int breakpoints) =>
        solver.IsAdaptive ? double.NaN : Math.Ceiling(duration / solver.Step) + breakpoints;

    /// <summary>Refuses a run whose step count is too large; names --dt (or --duration).</summary>
    public static void CheckSteps(Solver solver, double duration, int breakpoints, string what = "")
    {
        var steps = Steps(solver, duration, breakpoints);
        if (steps > MaxSteps || double.IsInfinity(steps))
        {
            throw new BudgetException(
                $"--dt {Quantities.Format(solver.Step)} ms: {Count(steps)} steps{what} for {Quantities.Format(duration)} ms; at most {Count(MaxSteps)} (raise --dt or shorten --duration)");
        }
    }

    /// <summary>Rows of trace.csv: one per sample, or per step (and spike) when recording every step.</summary>
    public static double TraceRows(SimulationOptions options, Solver solver, int breakpoints)
    {
        if (!options.RecordTrace) return 0;
        if (options.RecordInterval > 0) return Math.Floor(options.Duration / options.RecordInterval) + 1;
        var steps = Steps(solver, options.Duration, breakpoints);
        return double.IsNaN(steps) ? 1 : steps + 1;
    }

    /// <summary>Checks the recording interval and trace size; returns the estimated bytes of the output files.</summary>
    public static long CheckTrace(SimulationOptions options, Solver solver, int breakpoints, int variables, bool plot)
    {
        var interval = options.RecordInterval;
        if (interval > 0 && options.Duration > 0 && interval < options.Duration * 1e-15)
        {
            throw new UsageException(
                $"--record-every: {Quantities.Format(interval)} ms is too small to resolve over {Quantities.Format(options.Duration)} ms (sample times would repeat); expected >= {Quantities.Format(options.Duration * 1e-15)} ms");
        }
        var rows = TraceRows(options, solver, breakpoints);
        var bytes = rows * (variables + 1) * BytesPerNumber;
        var option = interval > 0 ? $"--record-every {Quantities.Format(interval)} ms" : "--record-every 0 (every step)";
        if (rows > MaxTraceRows)
        {
            throw new BudgetException(
                $"{option}: {Count(rows)} trace rows ({Bytes(bytes)}) for {Quantities.Format(options.Duration)} ms; at most {Count(MaxTraceRows)} (raise --record-every)");
        }
        if (plot && rows > MaxPlotSamples)
        {
            throw new BudgetException(
                $"--plot with {option}: {Count(rows)} samples per variable to hold in memory; at most {Count(MaxPlotSamples)} (raise --record-every or leave out --plot)");
        }
        return (long)bytes + (plot ? 4L << 20 : 0) + (1L << 20);
    }

    /// <summary>Most neuron-steps (neurons × steps) of a population or network run, or over all runs of a network
    /// sweep: the core's limit for network sweeps.</summary>
    public const double MaxNeuronSteps = NetworkSweepModule.MaxNeuronSteps;

    /// <summary>Most bins of a population rate.</summary>
    public const double MaxRateBins = 1e7;

    /// <summary>Bytes per spike held at most until the files are written: the engine's event (16 bytes, up to twice
    /// that in a growing list), the core's spike (16) and the facade's two columns (12). Not bounded before the run.</summary>
    public const double BytesPerSpike = 60;

    /// <summary>The memory a population run may use for its columns and recordings: three quarters of what the GC may
    /// take (the machine's memory, or a container's or DOTNET_GCHeapHardLimit's limit), leaving a quarter for spikes.</summary>
    public static double PopulationMemory() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * 0.75;

    /// <summary>
    /// An upper estimate of the bytes a population run holds besides its spikes, from the engine's layout
    /// (<c>Population.runWith</c>): each state variable, per-neuron parameter and per-neuron current is a column of
    /// 8-byte floats per neuron, held up to three times while the run is set up (the caller's array, the population's
    /// copy, the engine's padded column); the engine adds 3 columns (spike flags, refractory ends, spike times); exact
    /// integration with per-neuron parameters adds 2n² + 2n coefficient columns and, while they are computed, one small
    /// array per neuron (n states). Recordings (rate bins) come on top.
    /// </summary>
    public static double PopulationBytes(double count, int states, int perNeuronParameters, bool perNeuronInput,
        bool exact, double rateBins)
    {
        var columns = 3.0 * (states + perNeuronParameters + (perNeuronInput ? 1 : 0)) + 3;
        var coefficients = 2.0 * states * states + 2.0 * states;
        var perNeuron = 8 * columns + (exact && perNeuronParameters > 0 ? 16 * coefficients + 32 : 0);
        return count * perNeuron + 8 * rateBins;
    }

    /// <summary>Refuses a population that cannot fit in memory or finish: names --count (or --dt, --rate-bin).</summary>
    /// <returns>The estimated bytes of columns and recordings.</returns>
    public static double CheckPopulation(double count, Solver solver, double duration, double rateBin, double bytes)
    {
        var available = PopulationMemory();
        var neurons = count <= int.MaxValue ? count.ToString("0", System.Globalization.CultureInfo.InvariantCulture) : Count(count);
        if (bytes > available || count > int.MaxValue)
        {
            throw new BudgetException(
                $"--count {neurons}: {neurons} neurons need about {Bytes(bytes)} of state columns; at most {Bytes(available)} here (three quarters of the memory available{(count > int.MaxValue ? $"), and at most {int.MaxValue} neurons" : ")")}");
        }
        var neuronSteps = Steps(solver, duration, 0) * count;
        if (neuronSteps > MaxNeuronSteps)
        {
            throw new BudgetException(
                $"--count {neurons} with --dt {Quantities.Format(solver.Step)} ms: {Count(neuronSteps)} neuron-steps for {Quantities.Format(duration)} ms; at most {Count(MaxNeuronSteps)} (fewer neurons, a larger --dt or a shorter --duration)");
        }
        var bins = Math.Ceiling(duration / rateBin);
        if (bins > MaxRateBins)
        {
            throw new BudgetException(
                $"--rate-bin {Quantities.Format(rateBin)} ms: {Count(bins)} bins for {Quantities.Format(duration)} ms; at most {Count(MaxRateBins)} (raise --rate-bin)");
        }
        return bytes;
    }

    /// <summary>Bytes per synapse of a projection: its target index (4) and its row share, plus 8 for a weight and 8
    /// for a delay when they are drawn per synapse (a constant is stored once).</summary>
    public static double SynapseBytes(bool perSynapseWeight, bool perSynapseDelay) =>
        4 + (perSynapseWeight ? 8 : 0) + (perSynapseDelay ? 8 : 0);

    /// <summary>Refuses a network that cannot fit in memory or finish: its populations' columns (as
    /// <see cref="PopulationBytes"/>) and synapses must fit in <see cref="PopulationMemory"/>, its neuron-steps within
    /// <see cref="MaxNeuronSteps"/>. Names the network file.</summary>
    /// <returns>The estimated bytes.</returns>
    public static double CheckNetwork(string file, double neurons, double neuronSteps, double populationBytes,
        double synapses, double synapseBytes)
    {
        var bytes = populationBytes + synapseBytes;
        var available = PopulationMemory();
        if (bytes > available)
        {
            throw new BudgetException(
                $"{file}: {Count(neurons)} neurons and {Count(synapses)} synapses need about {Bytes(bytes)}; at most {Bytes(available)} here (three quarters of the memory available)");
        }
        if (neuronSteps > MaxNeuronSteps)
        {
            throw new BudgetException(
                $"{file}: {Count(neuronSteps)} neuron-steps; at most {Count(MaxNeuronSteps)} (fewer neurons, a larger dt or a shorter duration)");
        }
        return bytes;
    }
}
