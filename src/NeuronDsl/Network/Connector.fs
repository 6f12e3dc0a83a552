namespace NeuronDsl

/// <summary>Whether a population projecting onto itself may connect a neuron to itself (an autapse).</summary>
[<RequireQualifiedAccess>]
type Autapses =
    /// <summary>i → i may occur like any other pair.</summary>
    | Allowed
    /// <summary>i → i never occurs; the projection must be square (a population onto itself).</summary>
    | Excluded

/// <summary>Whether a pair of neurons may be connected by more than one synapse (multapses).</summary>
[<RequireQualifiedAccess>]
type Multapses =
    /// <summary>The K partners of a neuron are drawn with replacement: a pair may repeat.</summary>
    | Allowed
    /// <summary>The K partners of a neuron are distinct.</summary>
    | Excluded

/// <summary>
/// How the neurons of a presynaptic population connect to those of a postsynaptic one. Every connector is a pure
/// function of the two sizes and a <c>RandomStream</c>: the same inputs give the same synapses whatever the number
/// of threads. The names follow PyNN and NEST (<c>one_to_one</c>, <c>all_to_all</c>, <c>pairwise_bernoulli</c>,
/// <c>fixed_indegree</c>, <c>fixed_outdegree</c>).
/// </summary>
[<RequireQualifiedAccess>]
type Connector =
    /// <summary>i → i for every i; both populations have the same size.</summary>
    | OneToOne
    /// <summary>Every presynaptic neuron to every postsynaptic one (i → i only if autapses are allowed).</summary>
    | AllToAll of Autapses: Autapses
    /// <summary>Each pair independently with this probability (Bernoulli trials), at most one synapse per
    /// pair.</summary>
    | FixedProbability of Probability: float * Autapses: Autapses
    /// <summary>Each postsynaptic neuron receives exactly <c>Degree</c> synapses from uniformly drawn
    /// sources.</summary>
    | FixedInDegree of Degree: int * Autapses: Autapses * Multapses: Multapses
    /// <summary>Each presynaptic neuron makes exactly <c>Degree</c> synapses onto uniformly drawn targets.</summary>
    | FixedOutDegree of Degree: int * Autapses: Autapses * Multapses: Multapses
    /// <summary>Synapse k connects <c>Sources[k]</c> to <c>Targets[k]</c>; the arrays have the same length.</summary>
    | Explicit of Sources: int[] * Targets: int[]

/// <summary>Checking a connector against the sizes of the populations it connects.</summary>
[<RequireQualifiedAccess>]
module Connector =
    /// <summary>The largest number of synapses one projection can hold: the longest .NET array.</summary>
    let maxSynapses = int64 System.Array.MaxLength

    let private checkDegree (degree: int) (autapses: Autapses) (multapses: Multapses) (candidates: int) side =
        let available =
            if autapses = Autapses.Excluded then
                candidates - 1
            else
                candidates

        if degree < 0 then
            invalidArg "degree" (sprintf "degree = %d; expected >= 0" degree)

        if multapses = Multapses.Excluded && degree > available then
            invalidArg
                "degree"
                (sprintf
                    "degree = %d; expected at most %d, the %s neurons available without multapses"
                    degree
                    available
                    side)

        if multapses = Multapses.Allowed && degree > 0 && available < 1 then
            invalidArg "degree" (sprintf "degree = %d; expected 0: there is no %s neuron to draw" degree side)

    let private checkExplicit (sources: int[]) (targets: int[]) presynaptic postsynaptic =
        if isNull sources then
            nullArg "sources"

        if isNull targets then
            nullArg "targets"

        if sources.Length <> targets.Length then
            invalidArg
                "targets"
                (sprintf "targets has %d elements; expected %d, the length of sources" targets.Length sources.Length)

        for k in 0 .. sources.Length - 1 do
            if sources[k] < 0 || sources[k] >= presynaptic then
                invalidArg "sources" (sprintf "sources[%d] = %d; expected 0 to %d" k sources[k] (presynaptic - 1))

            if targets[k] < 0 || targets[k] >= postsynaptic then
                invalidArg "targets" (sprintf "targets[%d] = %d; expected 0 to %d" k targets[k] (postsynaptic - 1))

    let private checkSquare (autapses: Autapses) presynaptic postsynaptic =
        if autapses = Autapses.Excluded && presynaptic <> postsynaptic then
            invalidArg
                "autapses"
                (sprintf
                    "autapses are excluded but the projection is %d → %d; expected a population onto itself"
                    presynaptic
                    postsynaptic)

    /// <summary>The number of synapses a connector makes when it does not depend on chance: all but fixed
    /// probability.</summary>
    let internal fixedCount (connector: Connector) (presynaptic: int) (postsynaptic: int) =
        let excluded autapses =
            if autapses = Autapses.Excluded then 1L else 0L

        match connector with
        | Connector.OneToOne -> ValueSome(int64 presynaptic)
        | Connector.AllToAll autapses -> ValueSome(int64 presynaptic * (int64 postsynaptic - excluded autapses))
        | Connector.FixedProbability _ -> ValueNone
        | Connector.FixedInDegree(degree, _, _) -> ValueSome(int64 degree * int64 postsynaptic)
        | Connector.FixedOutDegree(degree, _, _) -> ValueSome(int64 degree * int64 presynaptic)
        | Connector.Explicit(sources, _) -> ValueSome(int64 sources.Length)

    /// <summary>Checks a connector for populations of the given sizes.</summary>
    /// <param name="presynaptic">Number of presynaptic neurons, ≥ 0.</param>
    /// <param name="postsynaptic">Number of postsynaptic neurons, ≥ 0.</param>
    /// <param name="connector">The connector.</param>
    /// <exception cref="System.ArgumentException">A size is negative; a probability is outside [0, 1]; a degree is
    /// negative or larger than the neurons available; autapses are excluded on a non-square projection; explicit
    /// arrays differ in length or hold an index out of range; the synapses would not fit in one array. The message
    /// names the field, its value and what was expected.</exception>
    /// <exception cref="System.ArgumentNullException">An explicit array is null.</exception>
    let validate (presynaptic: int) (postsynaptic: int) (connector: Connector) =
        if presynaptic < 0 then
            invalidArg "presynaptic" (sprintf "presynaptic = %d; expected >= 0" presynaptic)

        if postsynaptic < 0 then
            invalidArg "postsynaptic" (sprintf "postsynaptic = %d; expected >= 0" postsynaptic)

        match connector with
        | Connector.OneToOne ->
            if presynaptic <> postsynaptic then
                invalidArg
                    "postsynaptic"
                    (sprintf "postsynaptic = %d; expected %d: one-to-one needs equal sizes" postsynaptic presynaptic)
        | Connector.AllToAll autapses -> checkSquare autapses presynaptic postsynaptic
        | Connector.FixedProbability(probability, autapses) ->
            if not (probability >= 0.0 && probability <= 1.0) then
                invalidArg "probability" (sprintf "probability = %g; expected a value in [0, 1]" probability)

            checkSquare autapses presynaptic postsynaptic
        | Connector.FixedInDegree(degree, autapses, multapses) ->
            checkSquare autapses presynaptic postsynaptic
            checkDegree degree autapses multapses presynaptic "presynaptic"
        | Connector.FixedOutDegree(degree, autapses, multapses) ->
            checkSquare autapses presynaptic postsynaptic
            checkDegree degree autapses multapses postsynaptic "postsynaptic"
        | Connector.Explicit(sources, targets) -> checkExplicit sources targets presynaptic postsynaptic

        match fixedCount connector presynaptic postsynaptic with
        | ValueSome count when count > maxSynapses ->
            invalidArg
                "connector"
                (sprintf "the connector makes %d synapses; expected at most %d (one .NET array)" count maxSynapses)
        | _ -> ()
