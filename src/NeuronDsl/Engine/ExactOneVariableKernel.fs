namespace NeuronDsl

open System
open System.Numerics
open System.Runtime.CompilerServices
open System.Runtime.InteropServices
open System.Runtime.Intrinsics
open System.Runtime.Intrinsics.X86

/// <summary>
/// The column kernel of exact integration for a one-variable linear model whose spike function is affine in its
/// variable, written with <c>Vector512</c>: y1 = y0 + m·(a·y0 + (b + c·I)), g1 = w·y1 + g0 for 8 neurons at a time,
/// and the same formula one neuron at a time for the rest (IEEE arithmetic lane by lane, so a neuron's bits do not
/// depend on which of the two computed it).
/// </summary>
/// <remarks>
/// Coefficients m, a, b, c, w, g0 (each shared or per neuron); refractory neurons are skipped when
/// <c>allClamped</c>, else deferred, as by the compiled kernels. When <c>spikeTimes</c> is not null, coefficients 6
/// and 7 are the state after the reset and the refractory period: a neuron that crosses in a plain step is then
/// handled here (closed-form crossing time, reset, refractory start), its time written to <c>spikeTimes</c> and its
/// index as −(j + 1) to <c>pending</c>, which has room for 2·(finish − start) entries. The loop has a short path for blocks of eight whose lanes are all plain or
/// held; a block with a lane that crosses, ends its refractory period or is not finite goes through <c>Block</c> after the loop.
/// When <c>constantInput</c> is not null it is the input column, unchanged for the whole run: b + c·I is computed
/// once per neuron (the same bits as every step), and with shared m, a, w, g0 the blocks go through <c>Sweep</c>.
/// </remarks>
type internal ExactOneVariableKernel
    (coefficients: Column[], allClamped: bool, spikeTimes: float[], constantInput: float[]) =
    let columns =
        coefficients
        |> Array.map (function
            | Constant _ -> null
            | Column.PerNeuron c -> c)

    let constants =
        coefficients
        |> Array.map (function
            | Constant v -> v
            | Column.PerNeuron _ -> nan)

    let spikesHere = not (isNull spikeTimes) && allClamped

    let vector k (j: int) =
        let c = columns[k]

        if isNull c then
            Vector512.Create constants[k]
        else
            Vector512.LoadUnsafe(&c[j])

    let at (k: int) (j: int) =
        let c = columns[k]
        if isNull c then constants[k] else c[j]

    // b + c·I per neuron for a constant input column, computed as the step computes it.
    let drive =
        if isNull constantInput then
            null
        else
            Array.init constantInput.Length (fun j -> at 2 j + at 3 j * constantInput[j])

    let sweeps =
        not (isNull drive)
        && Vector512.IsHardwareAccelerated
        && Avx512DQ.IsSupported
        && isNull columns[0]
        && isNull columns[1]
        && isNull columns[4]
        && isNull columns[5]

    /// <summary>Blocks of eight from start with shared m, a, w, g0 and b + c·I in <c>drive</c>: a block whose lanes
    /// are all plain or held is stored here, the others are listed in pending from <c>scratch</c> for
    /// <c>Block</c>. A lane is plain when it is not refractory, g0 ≤ 0 and g1 is finite and ≤ 0 (no crossing, and
    /// y1 is finite since g1 = w·y1 + g0 is); held when refractory past t1 (only when <c>allClamped</c>). The same
    /// arithmetic as <c>Block</c>, without bounds checks: the columns' lengths are checked on entry.</summary>
    /// <returns>The end of the blocks and how many were listed.</returns>
    [<MethodImpl(MethodImplOptions.NoInlining)>]
    member private _.Sweep
        (
            v: float[],
            spike: float[],
            refractoryEnd: float[],
            t: float,
            t1: float,
            start: int,
            finish: int,
            pending: int[],
            scratch: int
        ) : struct (int * int) =
        if
            start < 0
            || finish > v.Length
            || finish > drive.Length
            || finish > spike.Length
            || finish > refractoryEnd.Length
        then
            invalidArg "finish" "a column is shorter than the neurons it is asked to step"

        let m = Vector512.Create constants[0]
        let a = Vector512.Create constants[1]
        let w = Vector512.Create constants[4]
        let o = Vector512.Create constants[5]
        let zero = Vector512<float>.Zero
        let tV = Vector512.Create t
        let tUpV = Vector512.Create(Math.BitIncrement t)
        // Without clamping a refractory lane is never held: re > +∞ is false.
        let t1V = Vector512.Create(if allClamped then t1 else infinity)
        let vr = &MemoryMarshal.GetArrayDataReference v
        let qr = &MemoryMarshal.GetArrayDataReference drive
        let gr = &MemoryMarshal.GetArrayDataReference spike
        let rr = &MemoryMarshal.GetArrayDataReference refractoryEnd
        let mutable i = start
        let mutable blocks = 0

        while i + 8 <= finish do
            let k = unativeint i
            let v0 = Vector512.LoadUnsafe(&vr, k)
            let re = Vector512.LoadUnsafe(&rr, k)
            let g0 = Vector512.LoadUnsafe(&gr, k)
            let v1 = v0 + m * (a * v0 + Vector512.LoadUnsafe(&qr, k))
            let g1 = w * v1 + o
            let refractory = Vector512.GreaterThan(re, tV)
            // ±0 or negative finite (vfpclasspd: 0x02 +0, 0x04 −0, 0x40 negative finite).
            let below = Vector512.LessThanOrEqual(g0, zero) &&& Avx512DQ.Classify(g1, 0x46uy)

            // The lanes' bits combined in a general register: fewer conversions between AVX-512 mask registers and
            // vectors than the same logic on vectors.
            let held = Vector512.ExtractMostSignificantBits(Vector512.GreaterThan(re, t1V))

            let plain =
                held
                ||| (Vector512.ExtractMostSignificantBits below
                     &&& ~~~(Vector512.ExtractMostSignificantBits refractory))

            if plain = 0xFFUL then
                // Refractory lanes keep their values. Each blend gets its own comparison, written so that the
                // JIT cannot merge them (re > t ⟺ re ≥ t⁺, t⁺ the next double; ⟺ not re ≤ t): a comparison with one
                // use stays an AVX-512 mask register (vblendmpd), one with several becomes a vector of lanes.
                Vector512.ConditionalSelect(Vector512.LessThanOrEqual(re, tV), v1, v0).StoreUnsafe(&vr, k)
                Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(re, tUpV), g0, g1).StoreUnsafe(&gr, k)
            else
                pending[scratch + blocks] <- i
                blocks <- blocks + 1

            i <- i + 8

        struct (i, blocks)

    /// <summary>Eight neurons from i in full: refractory ends, crossings (reset here when possible), deferrals.</summary>
    [<MethodImpl(MethodImplOptions.NoInlining)>]
    member private _.Block
        (
            v: float[],
            input: float[],
            stageInputs: float[],
            spike: float[],
            refractoryEnd: float[],
            t: float,
            h: float,
            t1: float,
            i: int,
            pending: int[],
            count: int
        ) : int =
        let mutable count = count
        let zero = Vector512<float>.Zero
        let tV = Vector512.Create t
        let t1V = Vector512.Create t1
        let sharedInput = Vector512.Create(if isNull input then stageInputs[0] else 0.0)
        let v0 = Vector512.LoadUnsafe(&v[i])
        let re = Vector512.LoadUnsafe(&refractoryEnd[i])
        let g0 = Vector512.LoadUnsafe(&spike[i])

        let current =
            if isNull input then
                sharedInput
            else
                Vector512.LoadUnsafe(&input[i])

        let v1 = v0 + vector 0 i * (vector 1 i * v0 + (vector 2 i + vector 3 i * current))
        let g1 = vector 4 i * v1 + vector 5 i
        let refractory = Vector512.GreaterThan(re, tV)

        // A held neuron whose refractory period ends inside the step integrates from its end, t_ref,
        // to t1 here: the step's propagator for the lane's own length (the per-neuron path would do
        // the same with the scalar exprel).
        let ending =
            if allClamped then
                Vector512.AndNot(refractory, Vector512.GreaterThan(re, t1V))
            else
                zero

        let struct (v1, g1, g0) =
            if allClamped && Vector512.ExtractMostSignificantBits ending <> 0UL then
                let rest = t1V - re
                let a = vector 1 i
                let m = rest * VectorMath.Exprel(a * rest)
                let vEnd = v0 + m * (a * v0 + (vector 2 i + vector 3 i * current))
                let gStart = vector 4 i * v0 + vector 5 i
                let gEnd = vector 4 i * vEnd + vector 5 i

                struct (Vector512.ConditionalSelect(ending, vEnd, v1),
                        Vector512.ConditionalSelect(ending, gEnd, g1),
                        Vector512.ConditionalSelect(ending, gStart, g0))
            else
                struct (v1, g1, g0)

        let refractory = Vector512.AndNot(refractory, ending)

        let finite = Vector512.Equals(v1 - v1, zero) &&& Vector512.Equals(g1 - g1, zero)

        let crossed =
            Vector512.LessThanOrEqual(g0, zero) &&& Vector512.GreaterThan(g1, zero)

        let ok = Vector512.AndNot(Vector512.AndNot(finite, refractory), crossed)

        // Crossings in a plain step: y(s) reaches y_c = −g0/w at s = log1p(a (y_c − y0)/f)/a (Kahan's
        // log1p), the reset holds the neuron past t1 (else it goes per neuron).
        let plainCrossed =
            if spikesHere then
                Vector512.AndNot(crossed &&& finite, refractory)
                &&& Vector512.OnesComplement ending
            else
                zero

        let spiking =
            if spikesHere && Vector512.ExtractMostSignificantBits plainCrossed <> 0UL then
                let a = vector 1 i
                let f = a * v0 + (vector 2 i + vector 3 i * current)
                let yc = -(vector 5 i) / vector 4 i
                let x = a * (yc - v0) / f
                let one = Vector512.Create 1.0
                let u = one + x

                let log1p =
                    Vector512.ConditionalSelect(Vector512.Equals(u, one), x, Vector512.Log u * x / (u - one))

                let s =
                    Vector512.ConditionalSelect(Vector512.Equals(a, zero), (yc - v0) / f, log1p / a)

                let hV = Vector512.Create h
                let theta = s / hV

                let time =
                    Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(theta, one), t1V, tV + theta * hV)

                let ends = time + vector 7 i

                let valid =
                    Vector512.GreaterThan(theta, zero) &&& Vector512.LessThanOrEqual(theta, one)

                let spiking = plainCrossed &&& valid &&& Vector512.GreaterThanOrEqual(ends, t1V)

                if Vector512.ExtractMostSignificantBits spiking <> 0UL then
                    let reset = vector 6 i
                    let gReset = vector 4 i * reset + vector 5 i
                    Vector512.ConditionalSelect(spiking, reset, v0).StoreUnsafe(&v[i])
                    Vector512.ConditionalSelect(spiking, gReset, g0).StoreUnsafe(&spike[i])
                    Vector512.ConditionalSelect(spiking, ends, re).StoreUnsafe(&refractoryEnd[i])
                    let old = Vector512.LoadUnsafe(&spikeTimes[i])
                    Vector512.ConditionalSelect(spiking, time, old).StoreUnsafe(&spikeTimes[i])

                spiking
            else
                zero

        let v0 = Vector512.LoadUnsafe(&v[i])
        let g0 = Vector512.LoadUnsafe(&spike[i])
        Vector512.ConditionalSelect(ok, v1, v0).StoreUnsafe(&v[i])
        Vector512.ConditionalSelect(ok, g1, g0).StoreUnsafe(&spike[i])

        let held =
            if allClamped then
                refractory &&& Vector512.GreaterThan(re, t1V)
            else
                zero

        let deferred =
            Vector512.AndNot(Vector512.AndNot(Vector512.OnesComplement ok, held), spiking)

        let mutable spiked = Vector512.ExtractMostSignificantBits spiking

        while spiked <> 0UL do
            pending[count] <- -(i + BitOperations.TrailingZeroCount spiked) - 1
            count <- count + 1
            spiked <- spiked &&& (spiked - 1UL)

        let mutable bits = Vector512.ExtractMostSignificantBits deferred

        while bits <> 0UL do
            pending[count] <- i + BitOperations.TrailingZeroCount bits
            count <- count + 1
            bits <- bits &&& (bits - 1UL)

        count

    /// <summary>One step of neurons [start, finish): blocks of eight, then one by one.</summary>
    member this.Run
        (
            states: float[][],
            input: float[],
            stageInputs: float[],
            spike: float[],
            refractoryEnd: float[],
            t: float,
            h: float,
            t1: float,
            start: int,
            finish: int,
            pending: int[]
        ) : int =
        let v = states[0]
        let mutable count = 0
        let mutable i = start

        if Vector512.IsHardwareAccelerated then
            let zero = Vector512<float>.Zero
            let tV = Vector512.Create t
            let t1V = Vector512.Create t1
            let sharedInput = Vector512.Create(if isNull input then stageInputs[0] else 0.0)
            let shared k = Vector512.Create constants[k]

            let m0, a0, b0, c0, w0, o0 =
                shared 0, shared 1, shared 2, shared 3, shared 4, shared 5

            let cm, ca, cb, cc, cw, co =
                columns[0], columns[1], columns[2], columns[3], columns[4], columns[5]

            // Blocks with a special lane, listed in the second half of pending (room for finish − start entries).
            let scratch = finish - start

            // The loop, for a way of reading coefficient k at neuron i: written once, compiled twice (shared
            // coefficients need no test per block).
            let inline blocksFrom (pick: float[] -> Vector512<float> -> int -> Vector512<float>) =
                let mutable i = start
                let mutable blocks = 0

                while i + 8 <= finish do
                    let v0 = Vector512.LoadUnsafe(&v[i])
                    let re = Vector512.LoadUnsafe(&refractoryEnd[i])
                    let g0 = Vector512.LoadUnsafe(&spike[i])

                    let current =
                        if isNull input then
                            sharedInput
                        else
                            Vector512.LoadUnsafe(&input[i])

                    let v1 =
                        v0
                        + pick cm m0 i * (pick ca a0 i * v0 + (pick cb b0 i + pick cc c0 i * current))

                    let g1 = pick cw w0 i * v1 + pick co o0 i
                    let refractory = Vector512.GreaterThan(re, tV)
                    let held = if allClamped then Vector512.GreaterThan(re, t1V) else zero

                    let crossed =
                        Vector512.LessThanOrEqual(g0, zero) &&& Vector512.GreaterThan(g1, zero)

                    let finite = Vector512.Equals(v1 - v1, zero) &&& Vector512.Equals(g1 - g1, zero)

                    let special =
                        Vector512.AndNot(refractory, held)
                        ||| Vector512.AndNot(crossed ||| Vector512.OnesComplement finite, refractory)

                    if Vector512.ExtractMostSignificantBits special = 0UL then
                        Vector512.ConditionalSelect(refractory, v0, v1).StoreUnsafe(&v[i])
                        Vector512.ConditionalSelect(refractory, g0, g1).StoreUnsafe(&spike[i])
                    else
                        pending[scratch + blocks] <- i
                        blocks <- blocks + 1

                    i <- i + 8

                struct (i, blocks)

            let struct (next, blocks) =
                if sweeps then
                    this.Sweep(v, spike, refractoryEnd, t, t1, start, finish, pending, scratch)
                elif Array.forall isNull columns then
                    blocksFrom (fun _ value _ -> value)
                else
                    blocksFrom (fun column value j ->
                        if isNull column then
                            value
                        else
                            Vector512.LoadUnsafe(&column[j]))

            i <- next

            // No call inside the loop above, so its constants stay in registers.
            for b in 0 .. blocks - 1 do
                count <-
                    this.Block(
                        v,
                        input,
                        stageInputs,
                        spike,
                        refractoryEnd,
                        t,
                        h,
                        t1,
                        pending[scratch + b],
                        pending,
                        count
                    )

            while i < finish do
                let re = refractoryEnd[i]

                if re > t then
                    if not (allClamped && re > t1) then
                        pending[count] <- i
                        count <- count + 1
                else
                    let v0 = v[i]
                    let current = if isNull input then stageInputs[0] else input[i]
                    let v1 = v0 + at 0 i * (at 1 i * v0 + (at 2 i + at 3 i * current))
                    let g1 = at 4 i * v1 + at 5 i
                    let g0 = spike[i]

                    if Double.IsFinite v1 && Double.IsFinite g1 && not (g0 <= 0.0 && g1 > 0.0) then
                        v[i] <- v1
                        spike[i] <- g1
                    else
                        pending[count] <- i
                        count <- count + 1

                i <- i + 1

        count

    /// <summary>The kernel as a <c>ColumnKernel</c>.</summary>
    member this.AsColumnKernel() =
        ColumnKernel(fun states _ _ input stageInputs spike refractoryEnd t h t1 start finish pending ->
            this.Run(states, input, stageInputs, spike, refractoryEnd, t, h, t1, start, finish, pending))
