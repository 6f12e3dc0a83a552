/// Spike times recorded by the scipy scripts in bench/reference (copied beside the test binaries).
module NeuronDsl.Tests.ReferenceSpikes

open System
open System.IO

/// The rows of a reference CSV (comment lines starting with '#' and the header skipped), split at commas.
let rows (file: string) : string[][] =
    Path.Combine(AppContext.BaseDirectory, "data", "reference", file)
    |> File.ReadAllLines
    |> Array.filter (fun line -> not (line.StartsWith "#"))
    |> Array.skip 1
    |> Array.map (fun line -> line.Split ',')

/// The provenance header of a reference CSV (its '#' lines).
let header (file: string) : string[] =
    Path.Combine(AppContext.BaseDirectory, "data", "reference", file)
    |> File.ReadAllLines
    |> Array.filter (fun line -> line.StartsWith "#")

/// Largest |a_k − b_k| over the first min(|a|, |b|) spikes; infinity when the counts differ.
let maxDifference (actual: float[]) (expected: float[]) =
    if actual.Length <> expected.Length then
        infinity
    else
        Array.map2 (fun a b -> abs (a - b)) actual expected |> Array.fold max 0.0

/// Interspike intervals.
let intervals (spikes: float[]) =
    Array.pairwise spikes |> Array.map (fun (a, b) -> b - a)
