namespace NeuronDsl.CSharp;

/// <summary>Runs neurons: synchronously, or on the thread pool with progress and cancellation.</summary>
public static partial class Simulator
{
    /// <summary>Simulates a neuron with <see cref="SimulationOptions.Default"/>.</summary>
    /// <param name="neuron">The neuron.</param>
    /// <param name="input">Input current, in the neuron's <see cref="Neuron.InputUnit"/>.</param>
    public static SimulationResult Run(Neuron neuron, InputCurrent input) => Run(neuron, input, SimulationOptions.Default);

    /// <summary>Simulates a neuron.</summary>
    /// <param name="neuron">The neuron.</param>
    /// <param name="input">Input current, in the neuron's <see cref="Neuron.InputUnit"/>.</param>
    /// <param name="options">Duration (ms), solver and recording.</param>
    /// <returns>The trace, spike times (ms) and status; divergence is a status, not an exception.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option does not fit the model (ParamName names it).</exception>
    /// <exception cref="ModelException">The model's or the input's code threw; carries the time and state.</exception>
    public static SimulationResult Run(Neuron neuron, InputCurrent input, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(neuron);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        return neuron.Target.Run(input, options, null, CancellationToken.None);
    }

    /// <summary>Simulates a neuron driven by any function of time.</summary>
    /// <param name="neuron">The neuron.</param>
    /// <param name="input">Current at a time in ms, in the neuron's <see cref="Neuron.InputUnit"/>.</param>
    /// <param name="options">Duration (ms), solver and recording.</param>
    public static SimulationResult Run(Neuron neuron, Func<double, double> input, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Run(neuron, InputCurrent.FromFunction(input), options);
    }

    /// <summary>Simulates a neuron on the thread pool.</summary>
    /// <param name="neuron">The neuron.</param>
    /// <param name="input">Input current, in the neuron's <see cref="Neuron.InputUnit"/>.</param>
    /// <param name="options">Duration (ms), solver and recording.</param>
    /// <param name="progress">Receives the fraction of the duration simulated, from 0 to 1; may be null.</param>
    /// <param name="cancellationToken">Stops the run within a few hundred steps.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static Task<SimulationResult> RunAsync(Neuron neuron, InputCurrent input, SimulationOptions options,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(neuron);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        return Task.Run(() => neuron.Target.Run(input, options, progress, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Firing rates (Hz) under constant currents, one simulation per current, in parallel on all cores; the result
    /// is the same as a serial run, whatever the number of threads.
    /// </summary>
    /// <param name="neuron">The neuron.</param>
    /// <param name="currents">Constant currents in the neuron's <see cref="Neuron.InputUnit"/>.</param>
    /// <param name="options">Duration (ms) and solver; no trace is kept.</param>
    /// <param name="progress">Receives the number of currents done; may be null.</param>
    /// <param name="cancellationToken">Stops the remaining runs.</param>
    /// <returns>One result per current, in order.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option does not fit the model (ParamName names it).</exception>
    /// <exception cref="ConstantCurrentException">A simulation threw: names its current and keeps the finished results.</exception>
    public static IReadOnlyList<SimulationResult> RunConstantCurrents(Neuron neuron, IEnumerable<double> currents,
        SimulationOptions options, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(neuron);
        ArgumentNullException.ThrowIfNull(currents);
        ArgumentNullException.ThrowIfNull(options);
        var levels = currents.ToArray();
        var inputs = levels.Select(InputCurrent.Constant).ToArray();
        var spikesOnly = options with { RecordTrace = false };
        var results = new SimulationResult?[inputs.Length];
        var failures = new Exception?[inputs.Length];
        var done = 0;
        Parallel.For(0, inputs.Length, new ParallelOptions { CancellationToken = cancellationToken }, (k, loop) =>
        {
            // Each run is independent and deterministic, and writes only its own slot.
            try
            {
                results[k] = neuron.Target.Run(inputs[k], spikesOnly, null, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures[k] = e;
                loop.Stop(); // no new currents start; those running finish
                return;
            }
            progress?.Report(Interlocked.Increment(ref done));
        });
        var failed = Array.FindIndex(failures, e => e is not null);
        if (failed >= 0)
        {
            var e = failures[failed]!;
            // An option that does not fit the model fails every run alike: report it as Run would, not wrapped.
            if (e is ArgumentException) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw();
            throw new ConstantCurrentException(
                $"the simulation at current {levels[failed]} ({neuron.InputUnit}), number {failed + 1} of {levels.Length}, failed: {e.Message}",
                failed, levels[failed], results, e);
        }
        return results!;
    }

    /// <summary>
    /// Simulates a neuron, handing each sample and spike to callbacks as they are produced instead of keeping them,
    /// so memory use does not grow with the duration.
    /// </summary>
    /// <param name="neuron">The neuron.</param>
    /// <param name="input">Input current, in the neuron's <see cref="Neuron.InputUnit"/>.</param>
    /// <param name="options">Duration (ms), solver and recording.</param>
    /// <param name="onSample">Receives each recorded sample (time in ms, values); may be null.</param>
    /// <param name="onSpike">Receives each spike time in ms; may be null.</param>
    /// <param name="progress">Receives the fraction of the duration simulated, from 0 to 1; may be null.</param>
    /// <param name="cancellationToken">Stops the run within a few hundred steps.</param>
    /// <returns>How the run ended, the number of spikes and steps.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option does not fit the model (ParamName names it).</exception>
    /// <exception cref="ModelException">The model's or the input's code threw.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static SimulationOutcome Stream(Neuron neuron, InputCurrent input, SimulationOptions options,
        SampleHandler? onSample, Action<double>? onSpike, IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(neuron);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        return neuron.Target.Stream(input, options, onSample, onSpike, progress, cancellationToken);
    }

    /// <summary>Runs a population with <see cref="PopulationOptions.Default"/>.</summary>
    /// <param name="population">The population.</param>
    public static PopulationResult Run(Population population) => Run(population, PopulationOptions.Default);

    /// <summary>
    /// Runs a population: every neuron on the step grid t_k = k·dt, spikes located inside the step per neuron, on all
    /// cores (<see cref="PopulationOptions.Parallelism"/>); results are bit-identical for any parallelism and chunk size.
    /// </summary>
    /// <param name="population">The population.</param>
    /// <param name="options">Duration (ms), solver (exact, rk4 or exponential-euler), parallelism.</param>
    /// <returns>The spikes, recordings and status; divergence is a status, not an exception.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Something does not fit the model or the solver (ParamName names
    /// it): "Solver" for exact integration of a nonlinear model or of an input that is not piecewise constant,
    /// "input" for an input whose breakpoints are off the step grid, "intervalMs" for a recording interval that is not
    /// a multiple of the step, or a parameter's name.</exception>
    public static PopulationResult Run(Population population, PopulationOptions options) =>
        RunPopulation(population, options, null, CancellationToken.None);

    /// <summary>Runs a population on the thread pool, as <see cref="Run(Population, PopulationOptions)"/>.</summary>
    /// <param name="population">The population.</param>
    /// <param name="options">Duration (ms), solver and parallelism.</param>
    /// <param name="progress">Receives the fraction of the work done, from 0 to 1, never decreasing, ending with 1;
    /// reported from worker threads; may be null.</param>
    /// <param name="cancellationToken">Stops the run within 64 steps of each chunk of neurons.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static Task<PopulationResult> RunAsync(Population population, PopulationOptions options,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(population);
        ArgumentNullException.ThrowIfNull(options);
        return Task.Run(() => RunPopulation(population, options, progress, cancellationToken), cancellationToken);
    }

    private static PopulationResult RunPopulation(Population population, PopulationOptions options,
        IProgress<double>? progress, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(population);
        ArgumentNullException.ThrowIfNull(options);
        var core = PopulationModule.withSeed(options.Seed, PopulationModule.withChunkSize(options.ChunkSize,
            PopulationModule.withParallelism(options.Parallelism, population.Core)));
        var report = progress is null ? null : new MonotoneProgress(progress);
        var solution = Errors.Translate(
            () => PopulationInterop.RunWith(core, options.Solver.Core, options.Duration, token, report is null ? null! : report.Report),
            name => name switch
            {
                "solver" => nameof(PopulationOptions.Solver),
                "duration" => nameof(PopulationOptions.Duration),
                "interval" => "intervalMs",
                _ => name,
            });
        return new PopulationResult(solution, population.Count, options.Duration);
    }

    /// <summary>
    /// Runs a network: all its populations advance together on one step grid, in windows of the shortest delay, and
    /// spikes are delivered on the grid after their delays, increments summed in a fixed order, so results are
    /// bit-identical for any parallelism and chunk size.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="options">Duration (ms), solver (exact, rk4 or exponential-euler), parallelism.</param>
    /// <returns>Every spike, each population's result, Poisson counts and deliveries; a population's divergence is its
    /// status, not an exception.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Something does not fit (ParamName names it): "delay" for a delay
    /// that can be shorter than the solver's step, "weight" or "delay" for a per-synapse list of the wrong length,
    /// "Solver" for exact integration of a nonlinear model, "network" for delay buffers that cannot fit in memory or a
    /// drawn delay shorter than the step, or what <see cref="Run(Population, PopulationOptions)"/> refuses.</exception>
    public static NetworkResult Run(Network network, NetworkOptions options) =>
        RunNetwork(network, options, null, CancellationToken.None);

    /// <summary>Runs a network on the thread pool, as <see cref="Run(Network, NetworkOptions)"/>.</summary>
    /// <param name="network">The network.</param>
    /// <param name="options">Duration (ms), solver and parallelism.</param>
    /// <param name="progress">Receives the fraction of the steps done, from 0 to 1, never decreasing, once per window;
    /// may be null.</param>
    /// <param name="cancellationToken">Stops the run within 64 steps of each chunk of neurons.</param>
    /// <returns>The result, as <see cref="Run(Network, NetworkOptions)"/>.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static Task<NetworkResult> RunAsync(Network network, NetworkOptions options,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        return Task.Run(() => RunNetwork(network, options, progress, cancellationToken), cancellationToken);
    }

    private static NetworkResult RunNetwork(Network network, NetworkOptions options, IProgress<double>? progress,
        CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        network.CheckDelays(options.Solver.Step);
        var delivery = options.Delivery == SpikeDelivery.Grid ? global::NeuronDsl.SpikeDelivery.Grid : global::NeuronDsl.SpikeDelivery.Precise;
        var core = NetworkModule.withDelivery(delivery, network.BuildCore(options.Parallelism, options.ChunkSize));
        var report = progress is null ? null : new MonotoneProgress(progress);
        var solution = Errors.Translate(
            () => NetworkInterop.RunWith(core, options.Solver.Core, options.Duration, token, report is null ? null! : report.Report),
            name => name switch
            {
                "solver" => nameof(NetworkOptions.Solver),
                "duration" => nameof(NetworkOptions.Duration),
                "interval" => "intervalMs",
                "weights" => "weight",
                "delays" => "delay",
                _ => name,
            });
        return new NetworkResult(solution, network, options.Duration);
    }

    /// <summary>Passes on only values larger than every one before, one at a time: worker threads report their
    /// chunks' fractions in any order.</summary>
    private sealed class MonotoneProgress(IProgress<double> inner)
    {
        private readonly Lock gate = new();
        private double last = double.NegativeInfinity;

        public void Report(double value)
        {
            lock (gate)
            {
                if (value <= last) return;
                last = value;
                inner.Report(value);
            }
        }
    }
}
