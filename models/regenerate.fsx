// Writes models/<catalogue-name>.model for every built-in model, from the F# equations (ModelPrinter.print).
// Run from the repository root after building the core:
//   dotnet build src/NeuronDsl && dotnet fsi models/regenerate.fsx
// tests/NeuronDsl.Tests/ModelFilesTests.fs fails when a file is missing or differs from its model's equations.
#r "../src/NeuronDsl/bin/Debug/net10.0/NeuronDsl.dll"
#r "nuget: FParsec, 1.1.1"
#r "nuget: MathNet.Numerics, 5.0.0"

open System.IO
open NeuronDsl
open NeuronDsl.Models

for entry in Catalogue.all do
    let path = Path.Combine(__SOURCE_DIRECTORY__, entry.Name + ".model")
    File.WriteAllText(path, ModelPrinter.print entry.Equations.Source)
    printfn "wrote %s" path
