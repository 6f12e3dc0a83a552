namespace NeuronDsl

open System
open System.Linq
open NeuronDsl.Units

/// <summary>The values of one parameter (or initial value) over a population: one for all, or one per neuron.</summary>
type NeuronValues =
    /// <summary>Every neuron has this value (in the parameter's declared unit).</summary>
    | Shared of float
    /// <summary>Neuron i has element i (in the parameter's declared unit).</summary>
    | PerNeuron of float[]

/// <summary>Building <c>NeuronValues</c>.</summary>
[<RequireQualifiedAccess>]
module Values =
    /// <summary>One value for every neuron, in the parameter's declared unit.</summary>
    /// <example><c>Values.shared 200.0</c> // evaluates to Shared 200.0</example>
    let shared (value: float) = Shared value

    /// <summary>One value per neuron, in the parameter's declared unit; the array is copied.</summary>
    /// <example><c>Values.perNeuron [| 1.0; 2.0 |]</c> // evaluates to PerNeuron [| 1.0; 2.0 |]</example>
    let perNeuron (values: float[]) =
        if isNull values then
            nullArg "values"

        PerNeuron(Array.copy values)

    /// <summary>n values spread linearly from first to last (both included, exactly).</summary>
    /// <example><c>Values.linear 1.0 3.0 3</c> // evaluates to PerNeuron [| 1.0; 2.0; 3.0 |]</example>
    let linear (first: float) (last: float) (n: int) =
        if n < 1 then
            invalidArg "n" (sprintf "n = %d; expected >= 1" n)

        PerNeuron(
            Array.init n (fun i ->
                if i = 0 then first
                elif i = n - 1 then last
                else first + (last - first) * float i / float (n - 1))
        )

/// <summary>The input of a population.</summary>
[<NoEquality; NoComparison>]
type PopulationInput<[<Measure>] 'Input> =
    /// <summary>A constant current per neuron.</summary>
    | ConstantPerNeuron of float<'Input>[]
    /// <summary>One input, a function of time, shared by every neuron.</summary>
    | SharedInput of Input<'Input>
    /// <summary>A noise current, an independent realisation per neuron drawn from the run's seed, plus a constant
    /// current per neuron (None: zero).</summary>
    | NoiseInput of Noise: Noise<'Input> * Constants: float<'Input>[] option

/// <summary>Building <c>PopulationInput</c>.</summary>
[<RequireQualifiedAccess>]
module Inputs =
    /// <summary>Neuron i receives the constant current <c>currents[i]</c>; the array is copied.</summary>
    /// <example><c>Inputs.constantPerNeuron [| 1000.0&lt;pA&gt;; 2000.0&lt;pA&gt; |]</c> // evaluates to ConstantPerNeuron [| 1000.0; 2000.0 |]</example>
    let constantPerNeuron (currents: float<'Input>[]) : PopulationInput<'Input> =
        if isNull currents then
            nullArg "currents"

        ConstantPerNeuron(Array.copy currents)

    /// <summary>Every neuron receives the same input. Its breakpoints must lie on the step grid.</summary>
    let shared (input: Input<'Input>) : PopulationInput<'Input> = SharedInput input

    /// <summary>Every neuron receives its own Ornstein–Uhlenbeck current (<c>Noise.OrnsteinUhlenbeck</c>: exact
    /// transition per step, stationary start), drawn from the population's or the network's seed.</summary>
    /// <param name="mean">μ, in the input unit.</param>
    /// <param name="sigma">σ, the stationary standard deviation, in the input unit, ≥ 0.</param>
    /// <param name="tau">τ, the correlation time, ms, &gt; 0.</param>
    /// <exception cref="System.ArgumentException">A value out of range; the message names it.</exception>
    /// <example><c>Inputs.ornsteinUhlenbeck 250.0&lt;pA&gt; 50.0&lt;pA&gt; 5.0&lt;ms&gt;</c> // evaluates to NoiseInput(OrnsteinUhlenbeck(250.0, 50.0, 5.0), None)</example>
    let ornsteinUhlenbeck (mean: float<'Input>) (sigma: float<'Input>) (tau: float<ms>) : PopulationInput<'Input> =
        NoiseInput(Noise.ornsteinUhlenbeck mean sigma tau, None)

    /// <summary>Every neuron receives its own white-noise current (<c>Noise.White</c>: μ + σ/√dt · ξ per step,
    /// σ in input unit · √ms), drawn from the population's or the network's seed.</summary>
    /// <param name="mean">μ, in the input unit.</param>
    /// <param name="sigma">σ, in input unit · √ms, ≥ 0.</param>
    /// <exception cref="System.ArgumentException">A value out of range; the message names it.</exception>
    /// <example><c>Inputs.whiteNoise 0.0&lt;pA&gt; 100.0&lt;pA ms^(1/2)&gt;</c> // evaluates to NoiseInput(White(0.0, 100.0), None)</example>
    let whiteNoise (mean: float<'Input>) (sigma: float<'Input ms^(1/2)>) : PopulationInput<'Input> =
        NoiseInput(Noise.white mean sigma, None)

    /// <summary>Neuron i receives <c>currents[i]</c> plus its own realisation of the noise; the array is copied.</summary>
    /// <param name="currents">One finite current per neuron, in the input unit.</param>
    /// <param name="noise">The noise current (its mean adds to every neuron's constant).</param>
    /// <exception cref="System.ArgumentException">A current that is not finite.</exception>
    /// <example><c>Inputs.constantPlusNoise [| 100.0&lt;pA&gt;; 200.0&lt;pA&gt; |] (Noise.white 0.0&lt;pA&gt; 10.0&lt;pA ms^(1/2)&gt;)</c> // evaluates to NoiseInput(White(0.0, 10.0), Some [| 100.0; 200.0 |])</example>
    let constantPlusNoise (currents: float<'Input>[]) (noise: Noise<'Input>) : PopulationInput<'Input> =
        if isNull currents then
            nullArg "currents"

        match currents |> Array.tryFindIndex (fun c -> not (Double.IsFinite(float c))) with
        | Some i -> invalidArg "currents" (sprintf "currents[%d] = %g; expected a finite current" i (float currents[i]))
        | None -> NoiseInput(noise, Some(Array.copy currents))

/// <summary>What a population run records besides spikes; each says up front how much it will hold.</summary>
type Monitor =
    /// <summary>The given state variables of the given neurons every <c>Interval</c> (a multiple of the step),
    /// from t = 0: neurons × variables × (duration / interval + 1) floats.</summary>
    | StateMonitor of Neurons: int[] * Variables: string list * Interval: float<ms>
    /// <summary>The population rate in bins of this width (Hz per neuron): duration / width floats, computed from
    /// the spikes after the run.</summary>
    | RateMonitor of BinWidth: float<ms>

/// <summary>N neurons of one model: parameters, input and initial values per neuron or shared, and monitors.
/// Immutable: build it with <c>Population.create</c> and the <c>Population.with…</c> functions.</summary>
[<NoEquality; NoComparison>]
type Population<[<Measure>] 'Input> =
    {
        /// <summary>The model, compiled from equations.</summary>
        Model: Model<ParameterValues, float[], 'Input>
        /// <summary>Number of neurons.</summary>
        Count: int
        /// <summary>Parameters set for the population, by name; the others keep the model's defaults.</summary>
        Parameters: Map<string, NeuronValues>
        /// <summary>The input.</summary>
        Input: PopulationInput<'Input>
        /// <summary>Initial values set for the population, by state name; the others start at the model's initial
        /// state for each neuron's parameters.</summary>
        Initial: Map<string, NeuronValues>
        /// <summary>Monitors, in the order added.</summary>
        Monitors: Monitor list
        /// <summary>Neurons per chunk (a chunk is the unit of parallel work); results do not depend on it.</summary>
        ChunkSize: int
        /// <summary>At most this many chunks run at once; results do not depend on it.</summary>
        Parallelism: int
        /// <summary>The seed of the population's random input when it runs alone (in a network, the network's seed
        /// is used instead).</summary>
        Seed: uint32
    }

/// <summary>A spike of one neuron of a population.</summary>
[<Struct>]
type PopulationSpike =
    {
        /// <summary>Index of the neuron, from 0.</summary>
        Neuron: int
        /// <summary>Spike time in ms.</summary>
        Time: float<ms>
    }

/// <summary>Samples of a state monitor.</summary>
type StateRecording =
    {
        /// <summary>Sample times in ms.</summary>
        Times: float<ms>[]
        /// <summary>The recorded neurons, in the order of <c>Values</c>' second index.</summary>
        Neurons: int[]
        /// <summary>The recorded variables, in the order of <c>Values</c>' first index.</summary>
        Variables: string list
        /// <summary><c>Values[v][j][s]</c>: variable v of neuron <c>Neurons[j]</c> at <c>Times[s]</c>, in its unit.</summary>
        Values: float[][][]
    }

/// <summary>The population rate of a rate monitor.</summary>
type RateRecording =
    {
        /// <summary>Bin width in ms; bin b covers [b·width, (b + 1)·width).</summary>
        BinWidth: float<ms>
        /// <summary>Spikes in the bin per neuron per second.</summary>
        Rates: float<Hz>[]
    }

/// <summary>How a population run ended.</summary>
[<RequireQualifiedAccess>]
type PopulationStatus =
    /// <summary>Reached the requested duration.</summary>
    | Completed
    /// <summary>A neuron's state, spike function or input became NaN or infinite: the earliest such neuron (lowest
    /// index among equal times), the time (ms), what became non-finite, its value and the neuron's last finite state.
    /// The run stops there; spikes and samples after that time are dropped.</summary>
    | Diverged of
        Neuron: int *
        Time: float<ms> *
        Variable: string *
        Value: float *
        LastFiniteState: (string * float) list

/// <summary>The result of a population run.</summary>
[<NoEquality; NoComparison>]
type PopulationSolution =
    {
        /// <summary>Every spike, sorted by time, then neuron.</summary>
        Spikes: PopulationSpike[]
        /// <summary>State monitors' samples, in the order the monitors were added.</summary>
        States: StateRecording list
        /// <summary>Rate monitors' rates, in the order the monitors were added.</summary>
        Rates: RateRecording list
        /// <summary>How the run ended.</summary>
        Status: PopulationStatus
        /// <summary>Fixed steps taken (on the shared grid).</summary>
        Steps: int64
    }

/// <summary>Cancellation and progress reporting of a population run.</summary>
[<NoEquality; NoComparison>]
type PopulationRunControl =
    {
        /// <summary>Checked by every chunk of neurons every 64 steps; a cancelled run throws
        /// <c>OperationCanceledException</c> and returns nothing.</summary>
        Cancellation: System.Threading.CancellationToken
        /// <summary>Called with the fraction of the work done (0 to 1, neuron-steps), from worker threads, about every
        /// 64 steps of each chunk; it must be thread-safe and quick.</summary>
        Progress: float -> unit
    }

    /// <summary>No cancellation, no progress.</summary>
    static member None =
        { Cancellation = System.Threading.CancellationToken.None
          Progress = ignore }

/// <summary>Populations: N neurons of one model in one run, state in columns, compiled kernels, all cores.</summary>
[<RequireQualifiedAccess>]
module Population =
    let private checkedOf (model: Model<ParameterValues, float[], 'I>) =
        match model.Equations with
        | Some m -> m
        | None -> invalidArg "model" (sprintf "%s was not built from equations; populations need equations" model.Name)

    /// <summary>A population of n neurons of a model, with its default parameters, no input (zero current),
    /// its default initial state, no monitors, chunks of 1024 neurons (their columns fit in a core's L1 cache for
    /// one-variable models) on all cores.</summary>
    /// <param name="model">A model compiled from equations (for example <c>LeakyIntegrateAndFire.model</c>).</param>
    /// <param name="n">Number of neurons, ≥ 1.</param>
    /// <returns>The population.</returns>
    /// <exception cref="System.ArgumentException">The model has no equations, or n &lt; 1.</exception>
    /// <example><c>Population.create LeakyIntegrateAndFire.model 1000 |> fun p -> p.Count</c> // evaluates to 1000</example>
    let create (model: Model<ParameterValues, float[], 'I>) (n: int) : Population<'I> =
        checkedOf model |> ignore

        if n < 1 then
            invalidArg "n" (sprintf "n = %d; expected >= 1 neuron" n)

        { Model = model
          Count = n
          Parameters = Map.empty
          Input = ConstantPerNeuron(Array.zeroCreate n)
          Initial = Map.empty
          Monitors = []
          ChunkSize = 1024
          Parallelism = Environment.ProcessorCount
          Seed = 0u }

    let private checkLength (name: string) (count: int) (values: NeuronValues) =
        match values with
        | PerNeuron v when v.Length <> count ->
            invalidArg name (sprintf "%s has %d values; expected one per neuron, %d" name v.Length count)
        | _ -> ()

    /// <summary>Sets a parameter, shared or per neuron (values in its declared unit).</summary>
    /// <exception cref="System.ArgumentException">Unknown parameter, or not one value per neuron.</exception>
    /// <example><c>Population.create LeakyIntegrateAndFire.model 2 |> Population.withParameter "C" (Values.shared 100.0)</c> // evaluates to a population with C = 100 pF</example>
    let withParameter (name: string) (values: NeuronValues) (population: Population<'I>) =
        let m = checkedOf population.Model

        if not (m.Parameters |> Array.exists (fun d -> d.Name = name)) then
            let names = m.Parameters |> Array.map (fun d -> d.Name)
            invalidArg "name" (sprintf "unknown parameter '%s'; expected one of: %s" name (String.Join(", ", names)))

        checkLength name population.Count values

        { population with
            Parameters = population.Parameters.Add(name, values) }

    /// <summary>Sets the input.</summary>
    /// <exception cref="System.ArgumentException">A per-neuron input without one value per neuron.</exception>
    let withInput (input: PopulationInput<'I>) (population: Population<'I>) =
        match input with
        | ConstantPerNeuron c
        | NoiseInput(_, Some c) when c.Length <> population.Count ->
            invalidArg "input" (sprintf "%d currents; expected one per neuron, %d" c.Length population.Count)
        | _ -> { population with Input = input }

    /// <summary>Sets a state variable's initial value, shared or per neuron (in its unit).</summary>
    /// <exception cref="System.ArgumentException">Unknown state variable, or not one value per neuron.</exception>
    let withInitial (name: string) (values: NeuronValues) (population: Population<'I>) =
        let m = checkedOf population.Model

        if not (m.States |> Array.exists (fun s -> s.Name = name)) then
            let names = m.States |> Array.map (fun s -> s.Name)

            invalidArg
                "name"
                (sprintf "unknown state variable '%s'; expected one of: %s" name (String.Join(", ", names)))

        checkLength name population.Count values

        { population with
            Initial = population.Initial.Add(name, values) }

    /// <summary>Adds a monitor.</summary>
    /// <exception cref="System.ArgumentException">A neuron index out of range, an unknown variable, an interval or
    /// bin width not &gt; 0.</exception>
    let withMonitor (monitor: Monitor) (population: Population<'I>) =
        let m = checkedOf population.Model

        match monitor with
        | StateMonitor(neurons, variables, interval) ->
            if isNull neurons then
                nullArg "neurons"

            for j in neurons do
                if j < 0 || j >= population.Count then
                    invalidArg "neurons" (sprintf "neuron %d; expected 0 to %d" j (population.Count - 1))

            for v in variables do
                if not (m.States |> Array.exists (fun s -> s.Name = v)) then
                    invalidArg "variables" (sprintf "unknown state variable '%s'" v)

            if not (interval > 0.0<ms>) || Double.IsInfinity(float interval) then
                invalidArg "interval" (sprintf "interval = %g ms; expected a finite interval > 0 ms" (float interval))
        | RateMonitor width ->
            if not (width > 0.0<ms>) || Double.IsInfinity(float width) then
                invalidArg "binWidth" (sprintf "bin width = %g ms; expected a finite width > 0 ms" (float width))

        { population with
            Monitors = population.Monitors @ [ monitor ] }

    /// <summary>Sets the number of neurons per chunk (≥ 1); results are bit-identical for any chunk size.</summary>
    let withChunkSize (size: int) (population: Population<'I>) =
        if size < 1 then
            invalidArg "size" (sprintf "chunk size = %d; expected >= 1" size)

        { population with ChunkSize = size }

    /// <summary>Sets the seed of the population's random input (noise currents) for runs of the population alone; the
    /// same seed gives bit-identical results. In a network the network's seed is used.</summary>
    /// <example><c>Population.create LeakyIntegrateAndFire.model 2 |> Population.withSeed 7u |> fun p -> p.Seed</c> // evaluates to 7u</example>
    let withSeed (seed: uint32) (population: Population<'I>) = { population with Seed = seed }

    /// <summary>Sets how many chunks may run at once (≥ 1); results are bit-identical for any value.</summary>
    let withParallelism (degree: int) (population: Population<'I>) =
        if degree < 1 then
            invalidArg "degree" (sprintf "parallelism = %d; expected >= 1" degree)

        { population with Parallelism = degree }

    /// <summary>What each monitor will hold for a run of the given duration, in words and bytes (spikes: 16 bytes
    /// each, their number known only after the run).</summary>
    let describeMonitors (duration: float<ms>) (population: Population<'I>) : string list =
        let spikes = "spikes: 16 bytes per spike (neuron, time), all kept"

        spikes
        :: (population.Monitors
            |> List.map (fun monitor ->
                match monitor with
                | StateMonitor(neurons, variables, interval) ->
                    let samples =
                        int64 (Math.Floor(float duration / float interval * (1.0 + 1e-12))) + 1L

                    let floats = int64 neurons.Length * int64 variables.Length * samples

                    sprintf
                        "states: %d neurons x %d variables x %d samples = %d floats (%d bytes)"
                        neurons.Length
                        variables.Length
                        samples
                        floats
                        (8L * floats)
                | RateMonitor width ->
                    let bins = int64 (Math.Ceiling(float duration / float width))
                    sprintf "rate: %d bins of %g ms (%d bytes)" bins (float width) (8L * bins)))

    let private methodOf (solver: Solver) =
        match solver.Name with
        | "exact" -> ExactStep
        | "rk4" -> RungeKutta4Step
        | "exponential-euler" -> ExponentialEulerStep
        | other ->
            invalidArg
                "solver"
                (sprintf "the population engine runs exact, rk4 and exponential-euler so far; got %s" other)

    let private column (count: int) (values: NeuronValues) =
        match values with
        | Shared v -> Constant v
        | PerNeuron v when v.Length = count -> Column.PerNeuron v
        | PerNeuron v -> invalidArg "values" (sprintf "%d values; expected %d" v.Length count)

    /// <summary>A column that holds one value for all neurons becomes a constant.</summary>
    let private compact (c: Column) =
        match c with
        | Column.PerNeuron v when v.Length > 0 && v |> Array.forall (fun x -> x.Equals v[0]) -> Constant v[0]
        | c -> c

    /// <summary>A column extended to the padded length with copies of its last value.</summary>
    let private padColumn (padded: int) (values: float[]) =
        if values.Length = padded then
            values
        else
            Array.init padded (fun j -> values[min j (values.Length - 1)])

    /// <summary>The engine's spike as a population's; the engine merges its spikes straight into this type.</summary>
    let internal spikeOf (e: SpikeEvent) : PopulationSpike =
        { Neuron = e.Neuron
          Time = LanguagePrimitives.FloatWithMeasure e.Time }

    /// <summary>A population's engine setup for a run, and the function that turns the engine's outcome into the
    /// solution (the network engine runs several setups together).</summary>
    let internal prepare
        (noiseStream: RandomStream)
        (control: PopulationRunControl)
        (solver: Solver)
        (duration: float<ms>)
        (population: Population<'I>)
        : EngineSetup * (PopulationSpike[] * Divergence option * int -> PopulationSolution) =
        let model = population.Model
        let m = checkedOf model
        let compiled = Compiler.compile m
        let count = population.Count
        let n = m.States.Length
        let method = methodOf solver
        let dt = float solver.Step
        let duration = float duration

        if not (Double.IsFinite duration) || duration <= 0.0 then
            invalidArg "duration" (sprintf "duration = %g ms; expected a finite duration > 0 ms" duration)

        let parameters =
            m.Parameters
            |> Array.map (fun d ->
                match population.Parameters.TryFind d.Name with
                | Some values -> column count values |> compact
                | None -> Constant d.Default)

        let shared = parameters |> Array.forall (fun c -> c.IsConstant)

        let valuesOf (j: int) =
            ParameterValues.Create(m.Parameters, parameters |> Array.map (fun c -> Column.at c j))

        // Validate every distinct parameter set (one when all are shared).
        if shared then
            model.Validate(valuesOf 0)
        else
            for j in 0 .. count - 1 do
                model.Validate(valuesOf j)

        let input =
            match population.Input with
            | ConstantPerNeuron currents -> InputColumn(currents |> Array.map float)
            | NoiseInput(noise, constants) ->
                // The means; the noise column rewrites the input from them at every step.
                let mean = float (Noise.mean noise)

                match constants with
                | Some c -> InputColumn(c |> Array.map (fun c -> float c + mean))
                | None -> InputColumn(Array.create count mean)
            | SharedInput i ->
                let breakpoints =
                    i.Breakpoints
                    |> Array.map float
                    |> Array.filter (fun b -> b > 0.0 && b < duration)

                for b in breakpoints do
                    let k = Math.Round(b / dt)

                    if abs (k * dt - b) > 1e-9 * dt then
                        invalidArg
                            "input"
                            (sprintf
                                "the input jumps at %g ms, off the step grid of %g ms; the population engine needs breakpoints on the grid"
                                b
                                dt)

                InputFunction(
                    (fun t -> float (i.Current(LanguagePrimitives.FloatWithMeasure t))),
                    breakpoints,
                    i.PiecewiseConstant
                )

        // Exact integration: the propagator of the fixed step, shared or one column per coefficient.
        let coefficients =
            match method with
            | ExactStep ->
                let form =
                    match Linearity.tryLinear m with
                    | Some form -> form
                    | None ->
                        invalidArg
                            "solver"
                            (sprintf "%s is not linear; exact integration needs a linear model" m.Source.Name)

                match input with
                | InputFunction(_, _, false) -> invalidArg "input" "exact integration needs a piecewise-constant input"
                | _ -> ()

                let lookupFor j name =
                    let k = m.Parameters |> Array.findIndex (fun d -> d.Name = name)
                    Column.at parameters[k] j

                if shared then
                    ColumnKernels.exactCoefficients form dt (lookupFor 0) |> Array.map Constant
                else
                    let perNeuron =
                        Array.init count (fun j -> ColumnKernels.exactCoefficients form dt (lookupFor j))

                    Array.init (2 * n * n + 2 * n) (fun c ->
                        Column.PerNeuron(Array.init count (fun j -> perNeuron[j][c])) |> compact)
            | _ -> [||]

        // One variable, exact, a spike function affine in it: the crossing time has a closed form.
        let closedCrossing =
            match method, m.SpikeFunction with
            | ExactStep, Some g when n = 1 ->
                let state = m.States[0].Name
                let g = g |> Differentiation.inlineDefinitions m.Definitions |> Simplify.expression
                let slope = Differentiation.derivative state g |> Simplify.expression
                let parameterNames = m.Parameters |> Array.map (fun d -> d.Name) |> Set.ofArray

                if Expr.names slope |> List.forall parameterNames.Contains then
                    let lookupFor j name =
                        if name = state then
                            0.0
                        else
                            let k = m.Parameters |> Array.findIndex (fun d -> d.Name = name)
                            Column.at parameters[k] j

                    let evaluate (e: Expr) =
                        if shared then
                            Constant(Interpreter.evaluate (lookupFor 0) e)
                        else
                            Column.PerNeuron(Array.init count (fun j -> Interpreter.evaluate (lookupFor j) e))
                            |> compact

                    let coefficient (k: int) =
                        match coefficients[k] with
                        | Constant v -> Constant v
                        | c -> c

                    Some [| coefficient 1; coefficient 2; coefficient 3; evaluate slope; evaluate g |]
                else
                    None
            | _ -> None

        // Vector kernels for RK4 and exponential Euler: columns padded to a multiple of 8, chunks at multiples of 8.
        let vectorised =
            System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated
            && (method = RungeKutta4Step
                || method = ExponentialEulerStep
                || closedCrossing.IsSome)

        let padded = if vectorised then (count + 7) / 8 * 8 else count

        let padLayout (c: Column) =
            match c with
            | Column.PerNeuron v -> Column.PerNeuron(padColumn padded v)
            | c -> c

        let parameters = parameters |> Array.map padLayout

        let input =
            match input with
            | InputColumn c -> InputColumn(padColumn padded c)
            | i -> i

        let noise =
            match population.Input, input with
            | NoiseInput(noise, _), InputColumn column ->
                let struct (decay, scale, initialScale) = Noise.stepRule solver.Step noise
                Some(NoiseColumn(noiseStream, Array.copy column, column, decay, scale, initialScale))
            | _ -> None

        // The state after a reset and the refractory period, when they depend on parameters only: then the exact
        // one-variable kernel resets crossing neurons itself.
        let resetAndRefractory =
            let parameterOnly (e: Expr) =
                Expr.names e
                |> List.forall (fun name -> m.Parameters |> Array.exists (fun d -> d.Name = name))

            let lowered (e: Expr) =
                e |> Differentiation.inlineDefinitions m.Definitions |> Simplify.expression

            match closedCrossing, Array.tryLast m.Reset with
            | Some _, Some(0, value) when
                vectorised
                && m.Reset |> Array.forall (fun (k, e) -> k = 0 && parameterOnly (lowered e))
                && parameterOnly (lowered m.Refractory)
                ->
                let evaluate (e: Expr) =
                    let e = lowered e

                    let lookupFor j name =
                        let k = m.Parameters |> Array.findIndex (fun d -> d.Name = name)
                        Column.at parameters[k] j

                    if shared then
                        Constant(Interpreter.evaluate (lookupFor 0) e)
                    else
                        Column.PerNeuron(Array.init count (fun j -> Interpreter.evaluate (lookupFor j) e))
                        |> compact

                [| evaluate value; evaluate m.Refractory |]
            | _ -> [||]

        let kernelSpikeTimes =
            if resetAndRefractory.Length = 2 && solver.SpikeTiming = Located then
                Array.zeroCreate<float> padded
            else
                null

        let kernel =
            match closedCrossing with
            | Some crossing ->
                ExactOneVariableKernel(
                    Array.concat [ [| coefficients[0] |]; crossing; resetAndRefractory ]
                    |> Array.map padLayout,
                    (m.Clamped.Length = n),
                    kernelSpikeTimes,
                    // Only a noise current rewrites the input column during a run.
                    (match input, noise with
                     | InputColumn column, None -> column
                     | _ -> null)
                )
                    .AsColumnKernel()
            | None when vectorised ->
                VectorColumnKernels.compile
                    compiled
                    method
                    parameters
                    (match input with
                     | InputColumn _ -> true
                     | InputFunction _ -> false)
            | None ->
                ColumnKernels.compile
                    compiled
                    method
                    parameters
                    coefficients
                    (match input with
                     | InputColumn _ -> true
                     | InputFunction _ -> false)

        // Initial state: the model's for each neuron's parameters (computed once when they are shared), then overrides.
        let states = Array.init n (fun _ -> Array.zeroCreate<float> count)

        let initialFor =
            let sharedInitial =
                if shared then
                    Some(model.InitialState(valuesOf 0))
                else
                    None

            fun j ->
                match sharedInitial with
                | Some y -> y
                | None -> model.InitialState(valuesOf j)

        for j in 0 .. count - 1 do
            let y = initialFor j

            for k in 0 .. n - 1 do
                states[k][j] <- y[k]

        for KeyValue(name, values) in population.Initial do
            let k = m.States |> Array.findIndex (fun s -> s.Name = name)

            match values with
            | Shared v -> Array.fill states[k] 0 count v
            | PerNeuron v -> Array.blit v 0 states[k] 0 count

        let states = states |> Array.map (fun column -> padColumn padded column)

        let steps = PopulationEngine.stepCount dt duration

        // The first state monitor is recorded by the engine; more state monitors are not supported yet.
        let stateMonitors =
            population.Monitors
            |> List.choose (function
                | StateMonitor(neurons, variables, interval) -> Some(neurons, variables, interval)
                | RateMonitor _ -> None)

        if stateMonitors.Length > 1 then
            invalidArg "population" "one state monitor per run is supported so far"

        let sampleEvery, sampled, sampledVariables =
            match stateMonitors with
            | [ neurons, variables, interval ] ->
                let every = Math.Round(float interval / dt)

                if every < 1.0 || abs (every * dt - float interval) > 1e-9 * float interval then
                    invalidArg
                        "interval"
                        (sprintf "interval = %g ms; expected a multiple of the step %g ms" (float interval) dt)

                let variables =
                    if List.isEmpty variables then
                        [ m.States[0].Name ]
                    else
                        variables

                int every,
                Array.distinct neurons |> Array.sort,
                variables
                |> List.map (fun v -> m.States |> Array.findIndex (fun s -> s.Name = v))
                |> Array.ofList
            | _ -> 0, [||], [||]

        let sampleCount = if sampleEvery > 0 then steps / sampleEvery + 1 else 0

        let setup: EngineSetup =
            { Compiled = compiled
              Solver = solver
              Kernel = kernel
              Count = count
              Padded = padded
              States = states
              Parameters = parameters
              ParameterColumns =
                parameters
                |> Array.map (function
                    | Column.PerNeuron v -> v
                    | Constant _ -> null)
              CoefficientColumns =
                coefficients
                |> Array.map (function
                    | Column.PerNeuron v -> v
                    | Constant _ -> null)
              // Padded like the kernel's columns: a padding neuron is deferred and stepped alone like the others.
              ClosedCrossing = closedCrossing |> Option.map (Array.map padLayout)
              KernelSpikeTimes = kernelSpikeTimes
              Input = input
              Noise = noise
              Spike = Array.zeroCreate padded
              RefractoryEnd = Array.create padded -infinity
              Dt = dt
              Duration = duration
              Steps = steps
              SampleEvery = sampleEvery
              SampledNeurons = sampled
              SampledVariables = sampledVariables
              Samples =
                sampledVariables
                |> Array.map (fun _ -> Array.init sampled.Length (fun _ -> Array.zeroCreate<float> sampleCount))
              ChunkSize =
                if vectorised then
                    (population.ChunkSize + 7) / 8 * 8
                else
                    population.ChunkSize
              Parallelism = population.Parallelism
              Cancellation = control.Cancellation
              Progress =
                let total = float padded * float steps
                Action<int64>(fun finished -> control.Progress(min 1.0 (float finished / total))) }

        let finish (spikes: PopulationSpike[], divergence: Divergence option, stepsTaken: int) =
            let until =
                match divergence with
                | Some d -> d.Time
                | None -> infinity

            let states =
                match stateMonitors with
                | [ _ ] ->
                    // Sample s is at min(s·interval, duration), as the single-neuron engine names it; it is the state at
                    // the end of step s·every.
                    let interval =
                        stateMonitors |> List.head |> (fun (_, _, interval) -> float interval)

                    let times =
                        Array.init sampleCount (fun s -> min (float s * interval) duration)
                        |> Array.filter (fun t -> t < until || Double.IsPositiveInfinity until)

                    [ { Times = times |> Array.map LanguagePrimitives.FloatWithMeasure
                        Neurons = sampled
                        Variables = sampledVariables |> Array.map (fun k -> m.States[k].Name) |> List.ofArray
                        Values = setup.Samples |> Array.map (Array.map (fun v -> v[.. times.Length - 1])) } ]
                | _ -> []

            let rates =
                population.Monitors
                |> List.choose (function
                    | RateMonitor width ->
                        let w = float width
                        let bins = int (Math.Ceiling(duration / w - 1e-9))
                        let counts = Array.zeroCreate<float>(max 1 bins)

                        for s in spikes do
                            let b = min (counts.Length - 1) (int (float s.Time / w))
                            counts[b] <- counts[b] + 1.0

                        Some
                            { BinWidth = width
                              Rates =
                                counts
                                |> Array.map (fun c ->
                                    LanguagePrimitives.FloatWithMeasure(c / float count / w * 1000.0)) }
                    | StateMonitor _ -> None)

            let status =
                match divergence with
                | None -> PopulationStatus.Completed
                | Some d ->
                    PopulationStatus.Diverged(
                        d.Neuron,
                        LanguagePrimitives.FloatWithMeasure d.Time,
                        d.What,
                        d.Value,
                        List.zip (m.States |> Array.map (fun s -> s.Name) |> List.ofArray) (List.ofArray d.State)
                    )

            { Spikes = spikes
              States = states
              Rates = rates
              Status = status
              Steps = int64 stepsTaken }

        setup, finish

    /// <summary>
    /// Runs a population for a duration with a fixed-step solver: every neuron on the grid t_k = k·dt, spikes located
    /// inside the step per neuron (or on the grid with <c>Interop.onGrid</c>), reset there and integrated alone for the
    /// rest of the step, per-neuron refractory periods.
    /// </summary>
    /// <remarks>
    /// Supported solvers: <c>Solver.exact</c> (linear models, piecewise-constant input: the propagator for dt is
    /// computed once, or once per neuron when its parameters differ), <c>Solver.rungeKutta4</c> and
    /// <c>Solver.exponentialEuler</c>. A neuron's plain steps and spikes are those of <c>Simulation.run</c> on the same
    /// grid; after a spike the single-neuron engine restarts its grid at the spike and at the refractory end, the
    /// population stays on the shared grid, so RK4 and exponential Euler spike times after a reset differ from
    /// <c>Simulation.run</c>'s by the method's error (exact integration: by rounding). Results are bit-identical for
    /// any chunk size and parallelism.
    /// </remarks>
    /// <param name="solver">A fixed-step solver.</param>
    /// <param name="duration">Simulated time in ms, &gt; 0.</param>
    /// <param name="population">The population.</param>
    /// <returns>Spikes sorted by time then neuron, the monitors' recordings and the status.</returns>
    /// <exception cref="System.ArgumentException">Unsupported solver, invalid parameters, an input that exact
    /// integration cannot take, breakpoints or a monitor interval off the step grid.</exception>
    /// <exception cref="System.OperationCanceledException">The control's token was cancelled.</exception>
    /// <example><c>Population.create LeakyIntegrateAndFire.model 10 |> Population.runWith PopulationRunControl.None (Solver.exact 0.1&lt;ms&gt;) 100.0&lt;ms&gt; |> fun s -> s.Spikes.Length</c> // evaluates to 0</example>
    let runWith
        (control: PopulationRunControl)
        (solver: Solver)
        (duration: float<ms>)
        (population: Population<'I>)
        : PopulationSolution =
        let setup, finish =
            prepare (Noise.stream population.Seed 0) control solver duration population

        let outcome = PopulationEngine.run setup spikeOf
        control.Progress 1.0
        finish outcome

    /// <summary><c>runWith PopulationRunControl.None</c>: runs a population without cancellation or progress.</summary>
    /// <example><c>Population.create LeakyIntegrateAndFire.model 10 |> Population.run (Solver.exact 0.1&lt;ms&gt;) 100.0&lt;ms&gt; |> fun s -> s.Spikes.Length</c> // evaluates to 0</example>
    let run (solver: Solver) (duration: float<ms>) (population: Population<'I>) : PopulationSolution =
        runWith PopulationRunControl.None solver duration population
