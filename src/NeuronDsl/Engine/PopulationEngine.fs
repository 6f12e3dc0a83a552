namespace NeuronDsl

open System
open System.Threading.Tasks
open System.Runtime.Intrinsics

/// <summary>The first non-finite value of a neuron: time (ms), neuron, what (a variable, "spike function"), value,
/// and the neuron's last finite state.</summary>
type internal Divergence =
    { Time: float
      Neuron: int
      What: string
      Value: float
      State: float[] }

/// <summary>Everything a run reads, fixed before the first step; only the columns change, each chunk its own rows.</summary>
[<NoEquality; NoComparison>]
type internal EngineSetup =
    {
        Compiled: CompiledEquations
        Solver: Solver
        Kernel: ColumnKernel
        Count: int
        /// <summary>Length of every column: <c>Count</c>, or rounded up to a multiple of 8 for vector kernels (the
        /// extra neurons copy the last one; their spikes and divergences are not reported).</summary>
        Padded: int
        /// <summary>states[k][i]: state k of neuron i.</summary>
        States: float[][]
        Parameters: Column[]
        /// <summary>The per-neuron parameter columns, null where a parameter is shared.</summary>
        ParameterColumns: float[][]
        /// <summary>Exact propagator coefficient columns, null where shared (or not exact).</summary>
        CoefficientColumns: float[][]
        /// <summary>For exact integration of a one-variable model whose spike function is affine in it
        /// (g = w·y + g0): a, b, c of dy/dt = a·y + b + c·I, then w and g0, per neuron, so that the crossing has a
        /// closed form instead of a root search on the flow.</summary>
        ClosedCrossing: Column[] option
        /// <summary>Spike times written by a kernel that resets crossing neurons itself (indices in
        /// <c>pending</c> as −(j + 1)); null otherwise.</summary>
        KernelSpikeTimes: float[]
        Input: EngineInput
        /// <summary>A noise current that rewrites the input column at the start of every step, or None.</summary>
        Noise: NoiseColumn option
        /// <summary>Spike function value at the last step's end, per neuron.</summary>
        Spike: float[]
        /// <summary>End of the refractory period, per neuron (−∞ before the first spike).</summary>
        RefractoryEnd: float[]
        Dt: float
        Duration: float
        /// <summary>Number of fixed steps; step k runs from <c>time k</c> to <c>time (k + 1)</c>.</summary>
        Steps: int
        /// <summary>Record a sample every this many steps (0: no state monitor).</summary>
        SampleEvery: int
        /// <summary>Recorded neurons, sorted.</summary>
        SampledNeurons: int[]
        /// <summary>Recorded state indices.</summary>
        SampledVariables: int[]
        /// <summary>samples[v][j][s]: variable v of the j-th recorded neuron at sample s.</summary>
        Samples: float[][][]
        ChunkSize: int
        Parallelism: int
        /// <summary>Checked by every chunk every 64 steps.</summary>
        Cancellation: System.Threading.CancellationToken
        /// <summary>Called from the worker threads with the neuron-steps finished so far (all chunks), at most every
        /// 64 steps of a chunk; null for none.</summary>
        Progress: Action<int64>
    }

/// <summary>
/// The population engine: fixed steps on one grid, t_k = k·dt as the single-neuron engine places them, over chunks of
/// neurons. Each step a chunk runs its column kernel; the few neurons it defers (spike inside the step, refractory
/// end inside it, non-finite result) are integrated alone for that step with the solver's own stepper over the
/// per-neuron kernels, with the spike located on the stepper's dense output, the reset applied there and the rest of
/// the step integrated from the spike. Neurons are independent, so each chunk runs the whole duration on its own:
/// results do not depend on the chunk size or the number of threads.
/// </summary>
module internal PopulationEngine =
    /// <summary>Step k's start: k·dt, and the duration itself for the last step's end (single-neuron engine's grid).</summary>
    let time (setup: EngineSetup) (k: int) =
        if k >= setup.Steps then
            setup.Duration
        else
            float k * setup.Dt

    /// <summary>The number of fixed steps of dt that cover the duration, the last one ending at the duration when
    /// within 1e-9·dt of it (as the single-neuron engine snaps its last step).</summary>
    let stepCount (dt: float) (duration: float) =
        let reaches k = float k * dt >= duration - 1e-9 * dt
        let mutable k = max 1 (int (Math.Ceiling((duration - 1e-9 * dt) / dt)))

        while k > 1 && reaches (k - 1) do
            k <- k - 1

        while not (reaches k) do
            k <- k + 1

        k

    let private firstNonFinite (values: float[]) =
        let mutable bad = -1

        for k in values.Length - 1 .. -1 .. 0 do
            if not (Double.IsFinite values[k]) then
                bad <- k

        bad

    /// <summary>Neuron-steps finished by all chunks of a run, added to atomically.</summary>
    type ProgressCounter() =
        [<DefaultValue>]
        val mutable Done: int64

    /// <summary>Runs neurons [start, finish) for the whole duration, keeping its spikes in time order.</summary>
    type Chunk(setup: EngineSetup, start: int, finish: int, progress: ProgressCounter) =
        let compiled = setup.Compiled
        let model = compiled.Checked
        let n = model.States.Length
        let system = NeuronSystem(compiled, setup.Parameters, setup.Input)
        let stepper = setup.Solver.CreateStepper system
        let p = system.Parameters
        let mutable y = Array.zeroCreate<float> n
        let mutable y1 = Array.zeroCreate<float> n
        let f0 = Array.zeroCreate<float> n
        let scratch = Array.zeroCreate<float> n
        // Deferred neurons; the second half is scratch for the kernel.
        let pending = Array.zeroCreate<int>(max 2 (2 * (finish - start)))
        let stageInputs = Array.zeroCreate<float> 3
        let spikes = SpikeList()
        let mutable divergence: Divergence option = None
        let mutable stepsDone = 0
        let onGrid = setup.Solver.SpikeTiming = OnGrid

        // spikeReads[k]: the spike function (its definitions inlined) reads state k.
        let spikeReads =
            let names =
                match model.SpikeFunction with
                | Some g -> g |> Differentiation.inlineDefinitions model.Definitions |> Expr.names
                | None -> []

            model.States |> Array.map (fun s -> List.contains s.Name names)

        let spikeOf (state: float[]) =
            match compiled.SpikeFunction with
            | Some g -> g.Invoke(state, p, nan, nan)
            | None -> -1.0

        // One closure for the whole run: the root finder reads the stepper's dense output of the current step, of
        // the variables the spike function reads.
        let along =
            fun (theta: float) ->
                stepper.InterpolateOnly(theta, scratch, spikeReads)
                spikeOf scratch

        let breakpoints =
            match setup.Input with
            | InputFunction(_, b, _) -> b
            | InputColumn _ -> [||]

        let mutable nextBreakpoint = 0
        let neurons = int64 (finish - start)

        // Neurons with arrivals inside the current step: held[j − start] = k + 1 in step k, and their state, spike
        // function value and refractory end before the kernel ran, in the order of the sorted arrivals.
        let held = Array.zeroCreate<int>(finish - start)
        let mutable saved = Array.zeroCreate<float>(8 * (n + 2))
        let arrivalCounts = Array.zeroCreate<int>(finish - start + 1)

        let addSpike (time: float) (neuron: int) =
            if neuron < setup.Count then
                spikes.Add(time, neuron)

        let diverge (time: float) (neuron: int) (what: string) (value: float) (state: float[]) =
            let d =
                { Time = time
                  Neuron = neuron
                  What = what
                  Value = value
                  State = Array.copy state }

            match divergence with
            | _ when neuron >= setup.Count -> ()
            | Some old when (old.Time, old.Neuron) <= (time, neuron) -> ()
            | _ -> divergence <- Some d

        let load (j: int) =
            for k in 0 .. n - 1 do
                y[k] <- setup.States[k][j]

        let storeBack (j: int) =
            for k in 0 .. n - 1 do
                setup.States[k][j] <- y[k]

        let resetInPlace (state: float[]) =
            match compiled.Reset with
            | Some r -> r.Invoke(state, p, nan, nan)
            | None -> ()

        let sample (s: int) =
            let neurons = setup.SampledNeurons
            let mutable j = Array.BinarySearch(neurons, start)
            j <- if j < 0 then ~~~j else j

            while j < neurons.Length && neurons[j] < finish do
                for v in 0 .. setup.SampledVariables.Length - 1 do
                    let column = setup.States[setup.SampledVariables[v]]
                    let samples = setup.Samples[v]
                    samples[j][s] <- column[neurons[j]]

                j <- j + 1

        /// The fraction of the step [tt, tt + h] at which y(s) = y∞ + (y0 − y∞)·e^(a s) (y0 + f·s when a = 0)
        /// reaches w·y + g0 = 0, or NaN without a closed form.
        let closedCrossing (j: int) (tt: float) (h: float) =
            match setup.ClosedCrossing with
            | Some columns ->
                let value k = Column.at columns[k] j
                let a, b, c, w, offset = value 0, value 1, value 2, value 3, value 4
                let v0 = y[0]
                let crossing = -offset / w
                let f = a * v0 + (b + c * system.Input tt)

                let s =
                    if a = 0.0 then
                        (crossing - v0) / f
                    else
                        // y∞ − y0 = f / (−a); s = ln((crossing − y∞)/(y0 − y∞)) / a = log1p(a (crossing − y0)/f) / a
                        let x = a * (crossing - v0) / f
                        let u = 1.0 + x
                        // log1p by Kahan's trick: exact to a few ulps also for small x.
                        let log1p = if u = 1.0 then x else Math.Log u * x / (u - 1.0)
                        log1p / a

                s / h
            | None -> nan

        /// Neuron j at a time (0 or a step start): a state above threshold fires there and is reset.
        member private _.Begin(j: int, time: float) =
            system.Select j
            load j
            let g = spikeOf y

            if not (Double.IsFinite g) then
                diverge time j "spike function" g y
            elif g > 0.0 then
                addSpike time j

                if compiled.Reset.IsSome then
                    Array.blit y 0 scratch 0 n
                    resetInPlace y
                    let bad = firstNonFinite y

                    if bad >= 0 then
                        diverge time j model.States[bad].Name y[bad] scratch
                    else
                        storeBack j
                        setup.RefractoryEnd[j] <- time + compiled.Refractory.Invoke p
                        let g' = spikeOf y

                        if not (Double.IsFinite g') then
                            diverge time j "spike function" g' y

                        setup.Spike[j] <- g'
                else
                    setup.Spike[j] <- g
            else
                setup.Spike[j] <- g

        /// Neuron j alone over [t, t1]: the single-neuron engine's loop, with segments ending at the refractory end,
        /// the spike (then reset) and t1.
        member private _.Advance(j: int, t: float, t1: float, segmentEnd: float) =
            system.Select j
            load j
            let mutable g0 = setup.Spike[j]
            let mutable refractoryEnd = setup.RefractoryEnd[j]
            let mutable tt = t
            let mutable ok = true

            while ok && tt < t1 do
                let isRefractory = tt < refractoryEnd
                let stop = if isRefractory then min refractoryEnd t1 else t1
                system.Clamping <- isRefractory
                system.SegmentEnd <- segmentEnd
                system.BeginSegment tt
                stepper.Restart()
                let h = stop - tt

                if stepper.NeedsStartDerivative then
                    system.Derivative(tt, y, f0)

                stepper.Step(tt, h, y, f0, y1) |> ignore
                let bad = firstNonFinite y1

                if bad >= 0 then
                    diverge stop j model.States[bad].Name y1[bad] y
                    ok <- false
                else
                    let g1 = if isRefractory then g0 else spikeOf y1

                    if not (Double.IsFinite g1) then
                        diverge stop j "spike function" g1 y1
                        ok <- false
                    elif not isRefractory && g0 <= 0.0 && g1 > 0.0 then
                        let theta =
                            if g0 = 0.0 then
                                0.0
                            elif onGrid then
                                1.0
                            else
                                let closed = closedCrossing j tt h

                                if closed > 0.0 && closed <= 1.0 then
                                    closed
                                else
                                    Events.locateCrossing along g0 g1

                        let spikeTime = if theta >= 1.0 then stop else tt + theta * h
                        addSpike spikeTime j

                        if compiled.Reset.IsSome then
                            if theta >= 1.0 then
                                Array.blit y1 0 scratch 0 n
                            else
                                stepper.Interpolate(theta, scratch)

                            Array.blit scratch 0 y1 0 n
                            resetInPlace scratch
                            let bad = firstNonFinite scratch

                            if bad >= 0 then
                                diverge spikeTime j model.States[bad].Name scratch[bad] y1
                                ok <- false
                            else
                                Array.blit scratch 0 y 0 n
                                tt <- spikeTime
                                refractoryEnd <- spikeTime + compiled.Refractory.Invoke p
                                g0 <- spikeOf y

                                if not (Double.IsFinite g0) then
                                    diverge tt j "spike function" g0 y
                                    ok <- false
                        else
                            let previous = y
                            y <- y1
                            y1 <- previous
                            tt <- stop
                            g0 <- g1
                    else
                        let previous = y
                        y <- y1
                        y1 <- previous
                        tt <- stop
                        g0 <- g1

                        if isRefractory && tt >= refractoryEnd then
                            g0 <- spikeOf y

            system.Clamping <- false

            if ok then
                storeBack j
                setup.Spike[j] <- g0
                setup.RefractoryEnd[j] <- refractoryEnd

            ok

        /// <summary>This chunk's spikes, sorted by time then neuron.</summary>
        member _.Spikes = spikes
        /// <summary>Its earliest divergence, if any.</summary>
        member _.Divergence = divergence
        /// <summary>Steps completed.</summary>
        member _.Steps = stepsDone
        /// <summary>Neurons in the chunk.</summary>
        member _.Size = finish - start
        /// <summary>Its first neuron.</summary>
        member _.First = start

        /// <summary>The start of the run: the first sample, and neurons above threshold at t = 0 fire and are reset
        /// (as in the single-neuron engine).</summary>
        member this.Start() =
            if setup.SampleEvery > 0 then
                sample 0

            for j in start .. finish - 1 do
                this.Begin(j, 0.0)

            spikes.EndStep()

        /// <summary>Adds increments[j] to state <c>variable</c> of each neuron j of the chunk whose increment is not
        /// zero, at the start of step k, and zeroes them; a clamped state of a refractory neuron ignores it. A neuron
        /// put above threshold fires at t_k and is reset (when not refractory).</summary>
        member this.Jump(k: int, variable: int, increments: float[]) =
            let t = time setup k
            let column = setup.States[variable]
            let clamped = Array.contains variable model.Clamped
            let moves = spikeReads[variable]
            // Blocks of eight take the vector path unless the spike function must be called per neuron.
            let vector = not moves || setup.ClosedCrossing.IsSome

            // Most neurons receive nothing in most steps: blocks of eight zeros are skipped at once.
            let mutable j = start

            while j < finish do
                if j % 8 = 0 && j + 8 <= finish then
                    let block = Vector512.LoadUnsafe(&increments[j])

                    let received =
                        Vector512.OnesComplement(Vector512.Equals(block, Vector512<float>.Zero))

                    let mutable lanes = Vector512.ExtractMostSignificantBits received

                    if lanes <> 0UL then
                        if vector then
                            this.JumpBlock(j, t, column, clamped, moves, increments, block, received)
                        else
                            while lanes <> 0UL do
                                let lane = Numerics.BitOperations.TrailingZeroCount lanes
                                this.JumpOne(j + lane, t, column, clamped, moves, increments)
                                lanes <- lanes &&& (lanes - 1UL)

                    j <- j + 8
                else
                    this.JumpOne(j, t, column, clamped, moves, increments)
                    j <- j + 1

            spikes.EndStep()

        /// <summary>JumpOne for the eight neurons from j at once, lane by lane the same arithmetic: the increment is
        /// added where it is not zero (and the state is not clamped in a refractory neuron), and zeroed; when the
        /// variable moves an affine spike function (the exact one-variable kernel's w·y + g0), its value is stored
        /// where the neuron is refractory or left at or below threshold, and the others fire through Begin.</summary>
        member private this.JumpBlock
            (
                j: int,
                t: float,
                column: float[],
                clamped: bool,
                moves: bool,
                increments: float[],
                block: Vector512<float>,
                received: Vector512<float>
            ) =
            let refractory =
                Vector512.GreaterThan(Vector512.LoadUnsafe(&setup.RefractoryEnd[j]), Vector512.Create t)

            let applied =
                if clamped then
                    Vector512.AndNot(received, refractory)
                else
                    received

            let y0 = Vector512.LoadUnsafe(&column[j])
            let y1 = Vector512.ConditionalSelect(applied, y0 + block, y0)
            y1.StoreUnsafe(&column[j])
            Vector512<float>.Zero.StoreUnsafe(&increments[j])

            match setup.ClosedCrossing with
            | Some columns when moves ->
                let lanes (c: Column) =
                    match c with
                    | Constant v -> Vector512.Create v
                    | Column.PerNeuron values -> Vector512.LoadUnsafe(&values[j])

                let g = lanes columns[3] * y1 + lanes columns[4]
                let quiet = refractory ||| Vector512.LessThanOrEqual(g, Vector512<float>.Zero)
                let spike = Vector512.LoadUnsafe(&setup.Spike[j])
                Vector512.ConditionalSelect(applied &&& quiet, g, spike).StoreUnsafe(&setup.Spike[j])

                let mutable firing =
                    Vector512.ExtractMostSignificantBits(Vector512.AndNot(applied, quiet))

                while firing <> 0UL do
                    this.Begin(j + Numerics.BitOperations.TrailingZeroCount firing, t)
                    firing <- firing &&& (firing - 1UL)
            | _ -> ()

        member private this.JumpOne
            (j: int, t: float, column: float[], clamped: bool, moves: bool, increments: float[])
            =
            let dy = increments[j]

            if dy <> 0.0 then
                increments[j] <- 0.0
                let refractory = setup.RefractoryEnd[j] > t

                if not (refractory && clamped) then
                    column[j] <- column[j] + dy

                    // The spike function moves only if it reads the variable (V += w, not g_e += w).
                    if moves then
                        this.Moved(j, t, refractory)

        /// <summary>After increments at a time that moved neuron j's spike function: a refractory neuron's value is
        /// recomputed; another fires there if it is above threshold, and is reset.</summary>
        member private this.Moved(j: int, time: float, refractory: bool) =
            match setup.ClosedCrossing with
            | Some columns ->
                // An affine spike function w·y + g0 of the one variable, as the exact kernel evaluates it after every
                // step: a neuron left at or below threshold (or refractory) keeps that value; another fires.
                let g = Column.at columns[3] j * setup.States[0][j] + Column.at columns[4] j

                if refractory || g <= 0.0 then
                    setup.Spike[j] <- g
                else
                    this.Begin(j, time)
            | None ->
                if refractory then
                    system.Select j
                    load j
                    setup.Spike[j] <- spikeOf y
                else
                    this.Begin(j, time)

        /// <summary>Marks the neurons that receive arrivals in step k and saves what the kernel will overwrite.</summary>
        member private _.Hold(k: int, arrivals: ArrivalQueue) =
            arrivals.Sort(start, arrivalCounts)
            let items = arrivals.Items
            let mutable m = 0

            for a in 0 .. arrivals.Count - 1 do
                let j = items[a].Neuron

                if held[j - start] <> k + 1 then
                    held[j - start] <- k + 1

                    if (m + 1) * (n + 2) > saved.Length then
                        Array.Resize(&saved, 2 * saved.Length)

                    let at = m * (n + 2)

                    for v in 0 .. n - 1 do
                        saved[at + v] <- setup.States[v][j]

                    saved[at + n] <- setup.Spike[j]
                    saved[at + n + 1] <- setup.RefractoryEnd[j]
                    m <- m + 1

        /// <summary>Adds the increments of one neuron's arrivals at one time (a clamped state of a refractory neuron
        /// ignores them); a neuron they put above threshold fires then and is reset.</summary>
        member private this.Arrive(j: int, time: float, items: Arrival[], first: int, last: int) =
            let refractory = setup.RefractoryEnd[j] > time
            let mutable moved = false

            for a in first..last do
                let v = items[a].Variable

                if not (refractory && Array.contains v model.Clamped) then
                    setup.States[v][j] <- setup.States[v][j] + items[a].Weight
                    moved <- moved || spikeReads[v]

            if moved then
                this.Moved(j, time, refractory)

        /// <summary>Step k of each held neuron, from its saved state: integrated alone from arrival to arrival, each
        /// arrival added at its time.</summary>
        member private this.Receive(t: float, t1: float, segmentEnd: float, arrivals: ArrivalQueue) =
            let items = arrivals.Items
            let mutable a = 0
            let mutable m = 0

            while a < arrivals.Count do
                let j = items[a].Neuron
                let at = m * (n + 2)

                for v in 0 .. n - 1 do
                    setup.States[v][j] <- saved[at + v]

                setup.Spike[j] <- saved[at + n]
                setup.RefractoryEnd[j] <- saved[at + n + 1]
                let mutable tt = t
                let mutable ok = true

                while a < arrivals.Count && items[a].Neuron = j do
                    let time = items[a].Time
                    let mutable last = a

                    while last + 1 < arrivals.Count
                          && items[last + 1].Neuron = j
                          && items[last + 1].Time = time do
                        last <- last + 1

                    if ok && time > tt then
                        ok <- this.Advance(j, tt, time, segmentEnd)
                        tt <- time

                    if ok then
                        this.Arrive(j, time, items, a, last)

                    a <- last + 1

                if ok && tt < t1 then
                    this.Advance(j, tt, t1, segmentEnd) |> ignore

                m <- m + 1

        /// <summary>Step k (the chunk has made k steps and has not diverged).</summary>
        member this.Step(k: int) = this.Step(k, null)

        /// <summary>Step k with the arrivals due inside it (times in [t_k, t_k+1), null for none): neurons without
        /// arrivals take the kernel's step; each neuron with arrivals is integrated alone up to each arrival, which
        /// is added at its time (firing the neuron there if it crosses), and on to the step's end.</summary>
        member this.Step(k: int, arrivals: ArrivalQueue) =
            let t = time setup k
            let t1 = time setup (k + 1)
            let h = t1 - t

            match setup.Noise with
            | Some noise -> noise.Advance(k, start, finish)
            | None -> ()

            while nextBreakpoint < breakpoints.Length && breakpoints[nextBreakpoint] <= t do
                nextBreakpoint <- nextBreakpoint + 1

            let segmentEnd =
                if nextBreakpoint < breakpoints.Length then
                    breakpoints[nextBreakpoint]
                else
                    infinity

            match setup.Input with
            | InputFunction(current, _, piecewiseConstant) ->
                let at (s: float) =
                    if s >= segmentEnd then Math.BitDecrement segmentEnd else s

                stageInputs[0] <- current t

                if piecewiseConstant then
                    stageInputs[1] <- stageInputs[0]
                    stageInputs[2] <- stageInputs[0]
                else
                    stageInputs[1] <- current (at (t + 0.5 * h))
                    stageInputs[2] <- current (at (t + h))

                if
                    not (
                        Double.IsFinite stageInputs[0]
                        && Double.IsFinite stageInputs[1]
                        && Double.IsFinite stageInputs[2]
                    )
                then
                    diverge t start "input current" (Array.find (Double.IsFinite >> not) stageInputs) y
            | InputColumn _ -> ()

            let receiving = not (isNull arrivals) && arrivals.Count > 0

            if divergence.IsNone && receiving then
                this.Hold(k, arrivals)

            if divergence.IsNone then
                let deferred =
                    setup.Kernel.Invoke(
                        setup.States,
                        setup.ParameterColumns,
                        setup.CoefficientColumns,
                        (match setup.Input with
                         | InputColumn c -> c
                         | InputFunction _ -> null),
                        stageInputs,
                        setup.Spike,
                        setup.RefractoryEnd,
                        t,
                        h,
                        t1,
                        start,
                        finish,
                        pending
                    )

                // A held neuron's kernel result is discarded: Receive restores and integrates it.
                for q in 0 .. deferred - 1 do
                    let j = pending[q]

                    if j < 0 then
                        if held[-j - 1 - start] <> k + 1 then
                            addSpike setup.KernelSpikeTimes[-j - 1] (-j - 1)
                    elif held[j - start] <> k + 1 then
                        this.Advance(j, t, t1, segmentEnd) |> ignore

                if receiving then
                    this.Receive(t, t1, segmentEnd, arrivals)

                spikes.EndStep()

                let k = k + 1
                stepsDone <- k

                if k % 64 = 0 then
                    setup.Cancellation.ThrowIfCancellationRequested()

                    if not (isNull setup.Progress) then
                        setup.Progress.Invoke(Threading.Interlocked.Add(&progress.Done, 64L * neurons))

                if divergence.IsNone && setup.SampleEvery > 0 && k % setup.SampleEvery = 0 then
                    sample (k / setup.SampleEvery)


        /// <summary>Steps until k1 steps are made or a neuron diverges.</summary>
        member this.RunUntil(k1: int) =
            while divergence.IsNone && stepsDone < k1 do
                this.Step stepsDone

        /// <summary>Runs the chunk to the end or to its first divergence.</summary>
        member this.Run() =
            this.Start()
            this.RunUntil setup.Steps

    /// <summary>The chunks of a setup, sharing one progress counter.</summary>
    let chunksOf (setup: EngineSetup) (progress: ProgressCounter) =
        let chunkCount = (setup.Padded + setup.ChunkSize - 1) / setup.ChunkSize

        Array.init chunkCount (fun c ->
            Chunk(setup, c * setup.ChunkSize, min setup.Padded ((c + 1) * setup.ChunkSize), progress))

    /// <summary>The chunks' spikes merged, sorted by time then neuron (up to the earliest divergence), each as
    /// <c>make</c> gives it, that divergence, and the steps all chunks made.</summary>
    let collect (setup: EngineSetup) (chunks: Chunk[]) (make: SpikeEvent -> 'T) : 'T[] * Divergence option * int =
        let divergence =
            chunks
            |> Array.choose (fun c -> c.Divergence)
            |> Array.sortBy (fun d -> d.Time, d.Neuron)
            |> Array.tryHead

        let until, steps =
            match divergence with
            | Some d -> d.Time, (chunks |> Array.map (fun c -> c.Steps) |> Array.min)
            | None -> infinity, setup.Steps

        let spikes =
            SpikeMerge.merge (chunks |> Array.map (fun c -> c.Spikes)) setup.Duration setup.Parallelism until make

        spikes, divergence, steps

    /// <summary>Runs every chunk (in parallel, at most <c>Parallelism</c> at a time) and merges their spikes.</summary>
    /// <returns>Spikes sorted by time then neuron (up to the divergence), the divergence, steps taken.</returns>
    let run (setup: EngineSetup) (make: SpikeEvent -> 'T) : 'T[] * Divergence option * int =
        let chunks = chunksOf setup (ProgressCounter())

        let options =
            ParallelOptions(MaxDegreeOfParallelism = setup.Parallelism, CancellationToken = setup.Cancellation)

        Parallel.For(0, chunks.Length, options, (fun c -> chunks[c].Run())) |> ignore
        collect setup chunks make
