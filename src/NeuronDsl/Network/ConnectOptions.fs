namespace NeuronDsl

open System

/// <summary>How connectivity is built: the threads it may use and the memory it may fill. Neither changes the
/// result, only whether and how fast it is produced.</summary>
type ConnectOptions =
    {
        /// <summary>The most rows built at once (≥ 1). Results are bit-identical for every value.</summary>
        Parallelism: int
        /// <summary>The most bytes the built arrays may hold; a larger projection is refused before it is
        /// allocated.</summary>
        MemoryLimit: int64
    }

/// <summary>Building <c>ConnectOptions</c>.</summary>
[<RequireQualifiedAccess>]
module ConnectOptions =
    /// <summary>Every processor, and the memory the garbage collector reports as available to the process.</summary>
    let defaults =
        { Parallelism = Environment.ProcessorCount
          MemoryLimit = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes }

    /// <summary>The same options with another degree of parallelism.</summary>
    /// <param name="degree">The most rows built at once, ≥ 1.</param>
    /// <param name="options">The options.</param>
    /// <exception cref="System.ArgumentException">degree &lt; 1.</exception>
    /// <example>
    /// <code>(ConnectOptions.defaults |> ConnectOptions.withParallelism 2).Parallelism // evaluates to 2</code>
    /// </example>
    let withParallelism (degree: int) (options: ConnectOptions) =
        if degree < 1 then
            invalidArg "degree" (sprintf "degree = %d; expected >= 1" degree)

        { options with Parallelism = degree }

    /// <summary>The same options with another memory limit.</summary>
    /// <param name="bytes">The most bytes the built arrays may hold, ≥ 0.</param>
    /// <param name="options">The options.</param>
    /// <exception cref="System.ArgumentException">bytes &lt; 0.</exception>
    let withMemoryLimit (bytes: int64) (options: ConnectOptions) =
        if bytes < 0L then
            invalidArg "bytes" (sprintf "bytes = %d; expected >= 0" bytes)

        { options with MemoryLimit = bytes }

    /// Refuses a build whose arrays would exceed the limit.
    let internal ensureFits (what: string) (bytes: int64) (options: ConnectOptions) =
        if bytes > options.MemoryLimit then
            invalidArg
                "options"
                (sprintf
                    "%s needs %d bytes (%.1f MB); expected at most MemoryLimit = %d bytes"
                    what
                    bytes
                    (float bytes / 1e6)
                    options.MemoryLimit)

    /// Runs body over [0, count) in chunks, at most Parallelism at a time, with one state per chunk.
    let internal forChunks (options: ConnectOptions) (count: int) (init: unit -> 'State) (body: 'State -> int -> unit) =
        let chunkSize = 256
        let chunks = (count + chunkSize - 1) / chunkSize

        let parallelOptions =
            Threading.Tasks.ParallelOptions(MaxDegreeOfParallelism = options.Parallelism)

        Threading.Tasks.Parallel.For(
            0,
            chunks,
            parallelOptions,
            fun chunk ->
                let state = init ()

                for i in chunk * chunkSize .. min count ((chunk + 1) * chunkSize) - 1 do
                    body state i
        )
        |> ignore
