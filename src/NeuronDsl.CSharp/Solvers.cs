using CoreSolver = NeuronDsl.Solver;

namespace NeuronDsl.CSharp;

/// <summary>An ODE method with its settings. Create one with <see cref="Solvers"/>.</summary>
public sealed class Solver
{
    internal Solver(CoreSolver core) => Core = core;

    internal CoreSolver Core { get; }

    /// <summary>Short name: "euler", "heun", "rk4", "exponential-euler", "exact" or "dopri5".</summary>
    public string Name => Core.Name;

    /// <summary>The fixed step, or the first trial step of an adaptive method (0 = automatic), in ms.</summary>
    public double Step => Core.Step;

    /// <summary>True when the method chooses its own step size.</summary>
    public bool IsAdaptive => Core.Adaptive;

    /// <summary>
    /// The same method, reporting each spike at the end of the step that crossed threshold (as grid-based
    /// simulators do) instead of locating it inside the step. For comparisons only.
    /// </summary>
    public Solver WithGridSpikeTimes() => new(Interop.OnGrid(Core));

    /// <inheritdoc />
    public override string ToString() => IsAdaptive ? Name : $"{Name} (dt = {Step} ms)";
}

/// <summary>The ODE methods, mirroring the core's <c>Solver.euler</c>, <c>Solver.rungeKutta4</c>, ….</summary>
public static class Solvers
{
    /// <summary>The method names accepted by <see cref="ByName"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["euler", "heun", "rk4", "exponential-euler", "exact", "dopri5"];

    /// <summary>Forward Euler (first order).</summary>
    /// <param name="dt">Step in ms, &gt; 0.</param>
    public static Solver Euler(double dt) => new(Errors.Translate(() => global::NeuronDsl.Euler.Create(dt)));

    /// <summary>Heun's method, RK2 (second order).</summary>
    /// <param name="dt">Step in ms, &gt; 0.</param>
    public static Solver Heun(double dt) => new(Errors.Translate(() => global::NeuronDsl.Heun.Create(dt)));

    /// <summary>The classic fourth-order Runge–Kutta method.</summary>
    /// <param name="dt">Step in ms, &gt; 0.</param>
    public static Solver RungeKutta4(double dt) => new(Errors.Translate(() => global::NeuronDsl.RungeKutta4.Create(dt)));

    /// <summary>Exponential Euler, for conditionally linear models (Hodgkin–Huxley, LIF, IF).</summary>
    /// <param name="dt">Step in ms, &gt; 0.</param>
    public static Solver ExponentialEuler(double dt) =>
        new(Errors.Translate(() => global::NeuronDsl.ExponentialEuler.Create(dt)));

    /// <summary>Exact integration for linear models (LIF, IF) under piecewise-constant input.</summary>
    /// <param name="dt">Step in ms, &gt; 0; sets where steps end, not the accuracy.</param>
    public static Solver Exact(double dt) => new(Errors.Translate(() => global::NeuronDsl.Exact.Create(dt)));

    private static readonly Tolerances DormandPrinceDefaults = global::NeuronDsl.DormandPrince.defaults;

    /// <summary>Adaptive Dormand–Prince 5(4) with the core's default tolerances (relative 1e-6, absolute 1e-8).</summary>
    public static Solver DormandPrince() =>
        DormandPrince(DormandPrinceDefaults.Relative, DormandPrinceDefaults.Absolute);

    /// <summary>Adaptive Dormand–Prince 5(4).</summary>
    /// <param name="relativeTolerance">Relative tolerance per step, &gt; 0.</param>
    /// <param name="absoluteTolerance">Absolute tolerance per step, in each variable's unit, &gt; 0.</param>
    public static Solver DormandPrince(double relativeTolerance, double absoluteTolerance) =>
        DormandPrince(relativeTolerance, absoluteTolerance, DormandPrinceDefaults.MinStep, DormandPrinceDefaults.MaxStep,
            DormandPrinceDefaults.MaxSteps);

    /// <summary>Adaptive Dormand–Prince 5(4) with step limits.</summary>
    /// <param name="relativeTolerance">Relative tolerance per step, &gt; 0.</param>
    /// <param name="absoluteTolerance">Absolute tolerance per step, in each variable's unit, &gt; 0.</param>
    /// <param name="minStep">Smallest step in ms before the run ends with <see cref="SimulationStatus.StepSizeUnderflow"/>.</param>
    /// <param name="maxStep">Largest step in ms.</param>
    /// <param name="maxSteps">Step attempts before the run ends with <see cref="SimulationStatus.StepLimitReached"/>.</param>
    public static Solver DormandPrince(double relativeTolerance, double absoluteTolerance, double minStep, double maxStep,
        long maxSteps) =>
        new(Errors.Translate(() => Interop.DormandPrince(relativeTolerance, absoluteTolerance, minStep, maxStep, 0.0, maxSteps)));

    /// <summary>A solver from its short name, as on the command line.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="dt">Step in ms for fixed-step methods (ignored by "dopri5").</param>
    /// <param name="relativeTolerance">Relative tolerance for "dopri5"; null for the default.</param>
    /// <param name="absoluteTolerance">Absolute tolerance for "dopri5"; null for the default.</param>
    /// <exception cref="ArgumentOutOfRangeException">Unknown name (ParamName "name") or invalid number.</exception>
    public static Solver ByName(string name, double dt, double? relativeTolerance = null, double? absoluteTolerance = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToLowerInvariant() switch
        {
            "euler" => Euler(dt),
            "heun" or "rk2" => Heun(dt),
            "rk4" or "rungekutta4" => RungeKutta4(dt),
            "exponential-euler" or "expeuler" => ExponentialEuler(dt),
            "exact" => Exact(dt),
            "dopri5" or "dormand-prince" => DormandPrince(relativeTolerance ?? DormandPrinceDefaults.Relative,
                absoluteTolerance ?? DormandPrinceDefaults.Absolute),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name,
                $"unknown method '{name}'; expected one of: {string.Join(", ", Names)}"),
        };
    }
}
