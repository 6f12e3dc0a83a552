namespace NeuronDsl

open MathNet.Numerics.Distributions

/// <summary>How the values of one synaptic quantity (weight or delay) are chosen, in unit <c>'u</c>.</summary>
[<RequireQualifiedAccess>]
type SynapseValues<[<Measure>] 'u> =
    /// <summary>Every synapse has this value (stored once).</summary>
    | Constant of Value: float<'u>
    /// <summary>One value per synapse, in the order the connector lists synapses: the order of the explicit arrays
    /// for <c>Connector.Explicit</c>, CSR order (by source, then target) for the others.</summary>
    | PerSynapse of Values: float<'u>[]
    /// <summary>Uniform on (Low, High]: Low + (High − Low)·u with u in (0, 1].</summary>
    | Uniform of Low: float<'u> * High: float<'u>
    /// <summary>Normal with this mean and standard deviation, unbounded.</summary>
    | Normal of Mean: float<'u> * StandardDeviation: float<'u>
    /// <summary>Normal conditioned on [Low, High]: values outside are redrawn (a truncated normal), so the density
    /// keeps its shape inside the bounds. The bounds must hold at least 1 % of the mass.</summary>
    | TruncatedNormal of Mean: float<'u> * StandardDeviation: float<'u> * Low: float<'u> * High: float<'u>
    /// <summary>Normal with values outside [Low, High] set to the nearer bound (clipped): the bounds get point
    /// masses.</summary>
    | ClippedNormal of Mean: float<'u> * StandardDeviation: float<'u> * Low: float<'u> * High: float<'u>
    /// <summary>Log-normal: exp(LogMean + LogStandardDeviation·z) in unit <c>'u</c>, z standard normal; the mean is
    /// exp(LogMean + LogStandardDeviation²/2).</summary>
    | LogNormal of LogMean: float * LogStandardDeviation: float

/// <summary>The values of one synaptic quantity once drawn: one for all synapses, or one per synapse in CSR
/// order.</summary>
[<RequireQualifiedAccess>]
type SynapseColumn<[<Measure>] 'u> =
    /// <summary>Every synapse has this value.</summary>
    | Shared of Value: float<'u>
    /// <summary>Synapse k (in CSR order) has element k.</summary>
    | PerSynapse of Values: float<'u>[]

/// <summary>Reading a <c>SynapseColumn</c>.</summary>
[<RequireQualifiedAccess>]
module SynapseColumn =
    /// <summary>The value of synapse k (CSR order).</summary>
    /// <param name="synapse">The synapse's position in CSR order.</param>
    /// <param name="column">The column.</param>
    let item (synapse: int) (column: SynapseColumn<'u>) =
        match column with
        | SynapseColumn.Shared value -> value
        | SynapseColumn.PerSynapse values -> values[synapse]

    /// <summary>The bytes the column holds: 8 per synapse, or none when shared.</summary>
    let bytes (column: SynapseColumn<'u>) =
        match column with
        | SynapseColumn.Shared _ -> 0L
        | SynapseColumn.PerSynapse values -> 8L * int64 values.Length

/// <summary>Checking and drawing <c>SynapseValues</c>. Synapse j of row i (CSR order) draws from the stream at
/// neuron i, the given step and draw j, so values are independent of the number of threads.</summary>
[<RequireQualifiedAccess>]
module SynapseValues =
    let private finite (name: string) (field: string) (value: float) =
        if not (System.Double.IsFinite value) then
            invalidArg name (sprintf "%s: %s = %g; expected a finite number" name field value)

    let private ordered (name: string) (low: float) (high: float) =
        if not (low <= high) then
            invalidArg name (sprintf "%s: Low = %g, High = %g; expected Low <= High" name low high)

    let private spread (name: string) (field: string) (value: float) =
        finite name field value

        if value < 0.0 then
            invalidArg name (sprintf "%s: %s = %g; expected >= 0" name field value)

    /// The probability of [low, high] under N(mean, sd²).
    let private mass (mean: float) (sd: float) (low: float) (high: float) =
        Normal.CDF(mean, sd, high) - Normal.CDF(mean, sd, low)

    /// Redrawing until a value falls in [low, high] needs a standard deviation > 0 and enough mass inside.
    let private checkTruncation (name: string) (mean: float) (sd: float) (low: float) (high: float) =
        if sd = 0.0 then
            invalidArg name (sprintf "%s: TruncatedNormal StandardDeviation = 0; expected > 0" name)

        let inside = mass mean sd low high

        if inside < 0.01 then
            let what =
                sprintf "TruncatedNormal(Mean = %g, StandardDeviation = %g) holds %.3g of its mass" mean sd inside

            invalidArg
                name
                (sprintf "%s: %s in [%g, %g]; expected at least 0.01 (use ClippedNormal otherwise)" name what low high)

    /// <summary>Checks the parameters of a distribution: finite numbers, Low ≤ High, standard deviations ≥ 0, and a
    /// truncated normal whose bounds hold at least 1 % of its mass (else redrawing could take very long).</summary>
    /// <param name="name">The quantity's name for error messages (<c>"weights"</c>, <c>"delays"</c>).</param>
    /// <param name="values">The values.</param>
    /// <exception cref="System.ArgumentException">A parameter is invalid; the message names it.</exception>
    /// <exception cref="System.ArgumentNullException">A per-synapse array is null.</exception>
    let validate (name: string) (values: SynapseValues<'u>) =
        match values with
        | SynapseValues.Constant value -> finite name "Value" (float value)
        | SynapseValues.PerSynapse array ->
            if isNull array then
                nullArg name

            array |> Array.iteri (fun k v -> finite name (sprintf "Values[%d]" k) (float v))
        | SynapseValues.Uniform(low, high) ->
            finite name "Low" (float low)
            finite name "High" (float high)
            ordered name (float low) (float high)
        | SynapseValues.Normal(mean, sd) ->
            finite name "Mean" (float mean)
            spread name "StandardDeviation" (float sd)
        | SynapseValues.ClippedNormal(mean, sd, low, high) ->
            finite name "Mean" (float mean)
            spread name "StandardDeviation" (float sd)
            ordered name (float low) (float high)
        | SynapseValues.TruncatedNormal(mean, sd, low, high) ->
            finite name "Mean" (float mean)
            spread name "StandardDeviation" (float sd)
            ordered name (float low) (float high)

            checkTruncation name (float mean) (float sd) (float low) (float high)
        | SynapseValues.LogNormal(logMean, logSd) ->
            finite name "LogMean" logMean
            spread name "LogStandardDeviation" logSd

    /// <summary>Checks that no value can be negative, as delays require (after <c>validate</c>).</summary>
    /// <param name="name">The quantity's name for error messages.</param>
    /// <param name="values">The values.</param>
    /// <exception cref="System.ArgumentException">A value or a lower bound is negative, or the distribution is an
    /// unbounded normal.</exception>
    let validateNonNegative (name: string) (values: SynapseValues<'u>) =
        let atLeastZero (field: string) (value: float) =
            if value < 0.0 then
                invalidArg name (sprintf "%s: %s = %g; expected >= 0" name field value)

        match values with
        | SynapseValues.Constant value -> atLeastZero "Value" (float value)
        | SynapseValues.PerSynapse array ->
            array |> Array.iteri (fun k v -> atLeastZero (sprintf "Values[%d]" k) (float v))
        | SynapseValues.Uniform(low, _) -> atLeastZero "Low" (float low)
        | SynapseValues.Normal _ ->
            invalidArg
                name
                (sprintf
                    "%s: an unbounded Normal can be negative; expected TruncatedNormal or ClippedNormal with Low >= 0"
                    name)
        | SynapseValues.TruncatedNormal(_, _, low, _)
        | SynapseValues.ClippedNormal(_, _, low, _) -> atLeastZero "Low" (float low)
        | SynapseValues.LogNormal _ -> ()

    /// Normal deviates for one synapse: attempt a reads part a, first value then second (Box–Muller pairs).
    let private truncatedNormal stream step row draw (mean: float) (sd: float) (low: float) (high: float) =
        let mutable result = nan
        let mutable part = 0

        while System.Double.IsNaN result do
            if part = 65536 then
                invalidOp "TruncatedNormal: every part of the draw was rejected"

            let struct (z0, z1) =
                RandomStream.boxMuller (RandomStream.blockAt stream row step draw part)

            let x0 = mean + sd * z0
            let x1 = mean + sd * z1

            if x0 >= low && x0 <= high then
                result <- x0
            elif x1 >= low && x1 <= high then
                result <- x1

            part <- part + 1

        result

    /// The value of synapse `draw` of row `row`.
    /// The first normal deviate of the synapse's block.
    let private normalAt stream step row draw =
        let struct (z, _) =
            RandomStream.boxMuller (RandomStream.blockAt stream row step draw 0)

        z

    let private sample (values: SynapseValues<'u>) stream step row draw : float<'u> =
        let value =
            match values with
            | SynapseValues.Uniform(low, high) ->
                let b = RandomStream.blockAt stream row step draw 0
                float low + float (high - low) * RandomStream.uniformOfWords b.Word0 b.Word1
            | SynapseValues.Normal(mean, sd) -> float mean + float sd * normalAt stream step row draw
            | SynapseValues.ClippedNormal(mean, sd, low, high) ->
                float mean + float sd * normalAt stream step row draw
                |> max (float low)
                |> min (float high)
            | SynapseValues.TruncatedNormal(mean, sd, low, high) ->
                truncatedNormal stream step row draw (float mean) (float sd) (float low) (float high)
            | SynapseValues.LogNormal(logMean, logSd) -> exp (logMean + logSd * normalAt stream step row draw)
            | SynapseValues.Constant _
            | SynapseValues.PerSynapse _ -> invalidOp "sample: not a distribution"

        LanguagePrimitives.FloatWithMeasure value

    /// <summary>Draws the values of a connectivity's synapses: a constant stays one value, a per-synapse array
    /// (in CSR order here) is copied, and a distribution is drawn per synapse from the stream at the given step.
    /// Bit-identical for any <c>options.Parallelism</c>.</summary>
    /// <param name="options">Parallelism and memory limit.</param>
    /// <param name="name">The quantity's name for error messages.</param>
    /// <param name="step">The stream step to draw from (one per quantity, so weights and delays differ).</param>
    /// <param name="stream">The random stream.</param>
    /// <param name="connectivity">The synapses.</param>
    /// <param name="values">How to choose the values.</param>
    /// <exception cref="System.ArgumentException">The values are invalid (see <c>validate</c>), a per-synapse array
    /// has the wrong length, or the column would exceed the memory limit.</exception>
    let drawWith (options: ConnectOptions) name step stream (connectivity: Connectivity) (values: SynapseValues<'u>) =
        validate name values
        let synapses = Connectivity.synapseCount connectivity

        match values with
        | SynapseValues.Constant value -> SynapseColumn.Shared value
        | SynapseValues.PerSynapse array ->
            if array.Length <> synapses then
                invalidArg
                    name
                    (sprintf "%s: PerSynapse has %d values; expected %d, one per synapse" name array.Length synapses)

            SynapseColumn.PerSynapse(Array.copy array)
        | _ ->
            ConnectOptions.ensureFits name (8L * int64 synapses) options
            let result = Array.zeroCreate<float<'u>> synapses
            let offsets = connectivity.RowOffsets

            ConnectOptions.forChunks options connectivity.PresynapticCount ignore (fun () row ->
                for k in offsets[row] .. offsets[row + 1] - 1 do
                    result[k] <- sample values stream step row (k - offsets[row]))

            SynapseColumn.PerSynapse result
