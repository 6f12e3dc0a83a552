// One short timing of building 10^7 synapses (issue 9: "seconds, not minutes"), not a benchmark suite.
// Build the core first (dotnet build src/NeuronDsl -c Release), then: dotnet fsi bench/network/connectivity_timing.fsx
#r "../../src/NeuronDsl/bin/Release/net10.0/NeuronDsl.dll"
#r "nuget: MathNet.Numerics, 5.0.0"

open System.Diagnostics
open NeuronDsl
open NeuronDsl.Units

// Brunel (2000)'s sizes: 12 500 neurons onto themselves at p = 0.064 make 10^7 synapses on average.
let neurons = 12_500
let connector = Connector.FixedProbability(0.064, Autapses.Excluded)
let stream = RandomStream.create 2000u 0u

let time label (f: unit -> 'T) =
    let clock = Stopwatch.StartNew()
    let result = f ()
    printfn "%-58s %7.3f s" label clock.Elapsed.TotalSeconds
    result

// Each case runs twice: the first run includes JIT tiering (tier-0 code, then on-stack replacement), the second
// is the steady state a long-running process sees.
let twice label f =
    time (label + " (first run)") f |> ignore
    time label f

for parallelism in [ 1; System.Environment.ProcessorCount ] do
    let options = ConnectOptions.defaults |> ConnectOptions.withParallelism parallelism

    let connectivity =
        twice (sprintf "structure, parallelism %d" parallelism) (fun () ->
            Connectivity.buildWith options neurons neurons stream connector)

    printfn "  %d synapses, %d bytes" (Connectivity.synapseCount connectivity) (Connectivity.bytes connectivity)

let spec =
    { Connector = connector
      Weights = SynapseValues.TruncatedNormal(0.1<mV>, 0.01<mV>, 0.0<mV>, infinity * 1.0<mV>)
      Delays = SynapseValues.Uniform(1.0<ms>, 2.0<ms>) }

let predicted =
    twice "predictBytes (counting pass)" (fun () -> Synapses.predictBytes neurons neurons stream spec)

let synapses =
    twice
        (sprintf "structure + normal weights + uniform delays, parallelism %d" System.Environment.ProcessorCount)
        (fun () -> Synapses.build neurons neurons stream spec)

printfn "  predicted %d bytes, built %d bytes" predicted (Synapses.bytes synapses)
