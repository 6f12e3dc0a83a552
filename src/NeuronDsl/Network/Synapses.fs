namespace NeuronDsl

open NeuronDsl.Units

/// <summary>What a projection's synapses are: a connector, and how weights (unit <c>'Weight</c>, that of the
/// target variable a spike changes) and delays (ms, ≥ 0) are chosen.</summary>
[<NoComparison>]
type SynapseSpec<[<Measure>] 'Weight> =
    {
        /// <summary>Which neurons connect.</summary>
        Connector: Connector
        /// <summary>The weight of each synapse.</summary>
        Weights: SynapseValues<'Weight>
        /// <summary>The delay of each synapse, ms, never negative.</summary>
        Delays: SynapseValues<ms>
    }

/// <summary>The synapses of a projection, built: CSR connectivity with weights and delays in CSR order.</summary>
[<NoComparison>]
type Synapses<[<Measure>] 'Weight> =
    {
        /// <summary>Which neurons connect.</summary>
        Connectivity: Connectivity
        /// <summary>The weight of each synapse.</summary>
        Weights: SynapseColumn<'Weight>
        /// <summary>The delay of each synapse, ms.</summary>
        Delays: SynapseColumn<ms>
    }

/// <summary>
/// Building a projection's synapses from one <c>RandomStream</c>: the structure draws at step 0, weights at step 1
/// and delays at step 2, so the three never share a number. Memory: 4 (presynaptic + 1) + 4 synapses bytes for the
/// connectivity, plus 8 bytes per synapse for weights and for delays unless they are constant. Building takes a
/// little more for a moment: fixed in-degree holds the drawn sources (4 bytes per synapse) while it sorts them.
/// </summary>
[<RequireQualifiedAccess>]
module Synapses =
    /// <summary>The stream step weights are drawn from.</summary>
    [<Literal>]
    let WeightStep = 1L

    /// <summary>The stream step delays are drawn from.</summary>
    [<Literal>]
    let DelayStep = 2L

    let private columnBytes (values: SynapseValues<'u>) (synapses: int64) =
        match values with
        | SynapseValues.Constant _ -> 0L
        | _ -> 8L * synapses

    let private validate presynaptic postsynaptic (spec: SynapseSpec<'Weight>) =
        Connector.validate presynaptic postsynaptic spec.Connector
        SynapseValues.validate "weights" spec.Weights
        SynapseValues.validate "delays" spec.Delays
        SynapseValues.validateNonNegative "delays" spec.Delays

    /// <summary>The bytes <c>build</c> will allocate (arrays only, not their headers); exact. For fixed probability
    /// it runs the connector's counting pass (see <c>Connectivity.count</c>).</summary>
    /// <param name="presynaptic">Number of presynaptic neurons.</param>
    /// <param name="postsynaptic">Number of postsynaptic neurons.</param>
    /// <param name="stream">The random stream.</param>
    /// <param name="spec">The synapses.</param>
    /// <exception cref="System.ArgumentException">The spec is invalid for these sizes.</exception>
    let predictBytes presynaptic postsynaptic (stream: RandomStream) (spec: SynapseSpec<'Weight>) =
        validate presynaptic postsynaptic spec
        let synapses = Connectivity.count presynaptic postsynaptic stream spec.Connector

        Connectivity.bytesFor presynaptic synapses
        + columnBytes spec.Weights synapses
        + columnBytes spec.Delays synapses

    /// <summary>The bytes a built projection's arrays hold.</summary>
    /// <param name="synapses">The synapses.</param>
    let bytes (synapses: Synapses<'Weight>) =
        Connectivity.bytes synapses.Connectivity
        + SynapseColumn.bytes synapses.Weights
        + SynapseColumn.bytes synapses.Delays

    /// Per-synapse values given in the explicit arrays' order, reordered to CSR order.
    let private toCsrOrder presynaptic postsynaptic connector (values: SynapseValues<'u>) =
        match connector, values with
        | Connector.Explicit(sources, targets), SynapseValues.PerSynapse array when array.Length = sources.Length ->
            Connectivity.explicitOrder presynaptic postsynaptic sources targets
            |> Array.map (fun k -> array[k])
            |> SynapseValues.PerSynapse
        | _ -> values

    /// <summary>Builds a projection's synapses with the given options. When the connector's synapse count is known
    /// in advance (all but fixed probability), the whole projection is refused before anything is allocated if it
    /// would exceed <c>options.MemoryLimit</c>; for fixed probability the check follows the counting pass.</summary>
    /// <param name="options">Parallelism and memory limit; the result does not depend on them.</param>
    /// <param name="presynaptic">Number of presynaptic neurons.</param>
    /// <param name="postsynaptic">Number of postsynaptic neurons.</param>
    /// <param name="stream">The random stream.</param>
    /// <param name="spec">The synapses.</param>
    /// <exception cref="System.ArgumentException">The spec is invalid for these sizes (the message names the field,
    /// its value and what was expected), or the arrays would exceed the memory limit.</exception>
    let buildWith (options: ConnectOptions) presynaptic postsynaptic (stream: RandomStream) (spec: SynapseSpec<'W>) =
        validate presynaptic postsynaptic spec

        match Connector.fixedCount spec.Connector presynaptic postsynaptic with
        | ValueSome synapses ->
            let bytes =
                Connectivity.bytesFor presynaptic synapses
                + columnBytes spec.Weights synapses
                + columnBytes spec.Delays synapses

            ConnectOptions.ensureFits "the synapses" bytes options
        | ValueNone -> ()

        let connectivity =
            Connectivity.buildWith options presynaptic postsynaptic stream spec.Connector

        let synapses = int64 (Connectivity.synapseCount connectivity)

        ConnectOptions.ensureFits
            "the synapses"
            (Connectivity.bytes connectivity
             + columnBytes spec.Weights synapses
             + columnBytes spec.Delays synapses)
            options

        let draw name step values =
            toCsrOrder presynaptic postsynaptic spec.Connector values
            |> SynapseValues.drawWith options name step stream connectivity

        { Connectivity = connectivity
          Weights = draw "weights" WeightStep spec.Weights
          Delays = draw "delays" DelayStep spec.Delays }

    /// <summary>Builds a projection's synapses on every processor (<c>ConnectOptions.defaults</c>).</summary>
    /// <param name="presynaptic">Number of presynaptic neurons.</param>
    /// <param name="postsynaptic">Number of postsynaptic neurons.</param>
    /// <param name="stream">The random stream.</param>
    /// <param name="spec">The synapses.</param>
    /// <exception cref="System.ArgumentException">See <c>buildWith</c>.</exception>
    /// <example>
    /// <code>
    /// { Connector = Connector.FixedInDegree(100, Autapses.Excluded, Multapses.Excluded)
    ///   Weights = SynapseValues.Constant 0.1&lt;mV&gt;
    ///   Delays = SynapseValues.Constant 1.5&lt;ms&gt; }
    /// |> Synapses.build 1000 1000 (RandomStream.create 2000u 0u)
    /// |> Synapses.bytes // evaluates to 404004L
    /// </code>
    /// </example>
    let build presynaptic postsynaptic (stream: RandomStream) (spec: SynapseSpec<'Weight>) =
        buildWith ConnectOptions.defaults presynaptic postsynaptic stream spec
