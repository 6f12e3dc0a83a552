namespace NeuronDsl.Tests

open Expecto
open FsCheck.FSharp

/// Shared test helpers: one FsCheck configuration for every property.
[<AutoOpen>]
module Helpers =
    /// 100 cases per property, as Expecto's default; failures print the seed to replay.
    let fsCheckConfig =
        { FsCheckConfig.defaultConfig with
            maxTest = 100 }

    /// A property over values from a generator, run with the shared configuration.
    let testProp name (generator: FsCheck.Gen<'T>) (property: 'T -> unit) =
        testPropertyWithConfig fsCheckConfig name (Prop.forAll (Arb.fromGen generator) property)

    /// A property with fewer cases, for simulations that take tens of milliseconds each.
    let testPropSlow name (generator: FsCheck.Gen<'T>) (property: 'T -> unit) =
        testPropertyWithConfig { fsCheckConfig with maxTest = 25 } name (Prop.forAll (Arb.fromGen generator) property)

    /// Observed order of convergence from errors at step h and h/2.
    let observedOrder (coarse: float) (fine: float) = log (coarse / fine) / log 2.0

    /// Expects an ArgumentException (or subclass) whose ParamName is the given name.
    let expectArgument (paramName: string) (action: unit -> 'T) =
        try
            action () |> ignore
            failtestf "expected an ArgumentException for %s, but nothing was thrown" paramName
        with :? System.ArgumentException as e ->
            Expect.equal e.ParamName paramName (sprintf "ParamName of: %s" e.Message)

    /// Expects an ArgumentException (or subclass) whose ParamName is the given name and whose message contains each
    /// of the parts.
    let expectArgumentMessage (paramName: string) (parts: string list) (action: unit -> unit) =
        try
            action ()
            failtestf "expected an ArgumentException for %s" paramName
        with :? System.ArgumentException as e ->
            Expect.equal e.ParamName paramName e.Message

            for part in parts do
                Expect.stringContains e.Message part "message"
