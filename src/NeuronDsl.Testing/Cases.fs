namespace NeuronDsl.Testing

open System
open System.Globalization
open NeuronDsl
open NeuronDsl.Units

/// <summary>An input protocol of a test case, amplitudes in the model's input unit, times in ms.</summary>
type Stimulus =
    /// <summary>The same amplitude for the whole run (<c>--input const:A</c>).</summary>
    | Constant of Amplitude: float
    /// <summary>The amplitude from onset to offset, 0 outside (<c>--input step:A@ON-OFF</c>).</summary>
    | Step of Amplitude: float * Onset: float<ms> * Offset: float<ms>
    /// <summary>Pulses of the amplitude, each <c>Width</c> long, one every <c>Period</c> from t = 0
    /// (<c>--input pulse:A,WIDTH,PERIOD</c>).</summary>
    | Pulses of Amplitude: float * Width: float<ms> * Period: float<ms>

/// <summary>Input protocols.</summary>
[<RequireQualifiedAccess>]
module Stimulus =
    /// <summary>The amplitude of the protocol, in the model's input unit.</summary>
    let amplitude (stimulus: Stimulus) =
        match stimulus with
        | Constant a
        | Step(a, _, _)
        | Pulses(a, _, _) -> a

    /// <summary>The input current of the protocol over a run of the given duration (ms).</summary>
    let toInput (duration: float<ms>) (stimulus: Stimulus) : Input<1> =
        match stimulus with
        | Constant a -> Input.constant a
        | Step(a, onset, offset) -> Input.step a onset offset
        | Pulses(a, width, period) -> Input.pulses a width period 0.0<ms> (max duration period)

/// <summary>A method and its step, as on the command line (<c>--method rk4 --dt 0.01ms</c>).</summary>
type SolverSettings =
    {
        /// <summary>"euler", "heun", "rk4", "exponential-euler", "exact" or "dopri5".</summary>
        Method: string
        /// <summary>The fixed step (ms), ignored by dopri5.</summary>
        Step: float<ms>
    }

/// <summary>Solver settings.</summary>
[<RequireQualifiedAccess>]
module SolverSettings =
    /// <summary>Fourth-order Runge–Kutta at 0.01 ms, the command line's default.</summary>
    let defaults = { Method = "rk4"; Step = 0.01<ms> }

    /// <summary>The nominal order of a fixed-step method.</summary>
    let order (method: string) =
        match method with
        | "euler"
        | "exponential-euler" -> 1
        | "heun" -> 2
        | "rk4" -> 4
        | "dopri5" -> 5
        | _ -> 0

    /// <summary>The solver for these settings.</summary>
    /// <exception cref="System.ArgumentException">Unknown method (ParamName "method").</exception>
    let create (settings: SolverSettings) : Solver =
        match settings.Method with
        | "euler" -> Solver.euler settings.Step
        | "heun" -> Solver.heun settings.Step
        | "rk4" -> Solver.rungeKutta4 settings.Step
        | "exponential-euler" -> Solver.exponentialEuler settings.Step
        | "exact" -> Solver.exact settings.Step
        | "dopri5" -> Solver.dormandPrince DormandPrince.defaults
        | other -> invalidArg "method" (sprintf "unknown method '%s'" other)

/// <summary>
/// One run a property checks: parameter values, the initial values that differ from the model's, an input, a solver
/// and a duration. Printed, it is the <c>neurondsl simulate</c> command that repeats the run.
/// </summary>
[<NoComparison; CustomEquality; StructuredFormatDisplay("{CommandLine}")>]
type InvariantCase =
    {
        /// <summary>How the command line names the model: "--model lif" or "--model-file theta.model".</summary>
        Model: string
        /// <summary>Every parameter's value, in its declared unit.</summary>
        Parameters: ParameterValues
        /// <summary>Initial values set explicitly (<c>--init NAME=VALUE</c>), each in its variable's unit.</summary>
        Initial: (string * float) list
        /// <summary>The input protocol.</summary>
        Stimulus: Stimulus
        /// <summary>The solver.</summary>
        Solver: SolverSettings
        /// <summary>Simulated time (ms).</summary>
        Duration: float<ms>
    }

    override c.Equals(other) =
        match other with
        | :? InvariantCase as o ->
            c.Model = o.Model
            && c.Parameters = o.Parameters
            && c.Initial = o.Initial
            && c.Stimulus = o.Stimulus
            && c.Solver = o.Solver
            && c.Duration = o.Duration
        | _ -> false

    override c.GetHashCode() = hash (c.Model, c.Initial, c.Stimulus)

    /// <summary>The command that repeats this run with the <c>neurondsl</c> tool.</summary>
    member c.CommandLine =
        let g (x: float) =
            x.ToString("R", CultureInfo.InvariantCulture)

        let ms (x: float<ms>) = g (float x) + "ms"

        let input =
            match c.Stimulus with
            | Constant a -> sprintf "const:%s" (g a)
            | Step(a, onset, offset) -> sprintf "step:%s@%s-%s" (g a) (ms onset) (ms offset)
            | Pulses(a, width, period) -> sprintf "pulse:%s,%s,%s" (g a) (ms width) (ms period)

        let solver =
            if c.Solver.Method = "dopri5" then
                "--method dopri5"
            else
                sprintf "--method %s --dt %s" c.Solver.Method (ms c.Solver.Step)

        [ yield "neurondsl simulate " + c.Model
          for d in c.Parameters.Parameters do
              yield sprintf "--param %s=%s" d.Name (g c.Parameters[d.Name])
          for name, value in c.Initial do
              yield sprintf "--init %s=%s" name (g value)
          yield "--input " + input
          yield solver
          yield "--duration " + ms c.Duration ]
        |> fun parts -> String.Join(" ", parts)

    override c.ToString() = c.CommandLine
