namespace NeuronDsl.Tests

open System
open System.Text
open NeuronDsl

/// Random and mutated model files, from a seed, for the fuzz test and the fuzz benchmark (bench/fuzz).
module ModelTextFuzz =
    /// Fragments of the grammar, so that mutations reach deep into the parser rather than stop at the first byte.
    let private fragments =
        [| "("
           ")"
           "-"
           "**"
           "^"
           "/"
           "*"
           "+"
           " "
           "\n"
           ";"
           "#"
           "\""
           "\\"
           ","
           "["
           "]"
           "="
           "+="
           "<"
           ">="
           "=="
           "!="
           "mV"
           "ms"
           "1/ms"
           "cm2"
           "pX"
           "V"
           "x"
           "t"
           "1e308"
           "1e-320"
           "-70"
           "0.5"
           "inf"
           "nan"
           "if"
           "then"
           "else"
           "and"
           "or"
           "not"
           "in"
           "unless refractory"
           "cite"
           "exp("
           "pow("
           "exprel("
           "min("
           "model \"m\""
           "parameter"
           "state"
           "input"
           "define"
           "threshold"
           "reset"
           "refractory"
           "start rest"
           "dV/dt ="
           "description"
           "\r\n"
           "\t"
           "\u00b5"
           "\uFEFF"
           "\u0000"
           "\ud800" |]

    let private mutate (random: Random) (text: string) =
        let b = StringBuilder(text)

        for _ in 1 .. random.Next(1, 6) do
            let at = random.Next(0, b.Length + 1)

            match random.Next 6 with
            | 0 when b.Length > 0 ->
                let from = random.Next(0, b.Length)
                b.Remove(from, random.Next(1, min 20 (b.Length - from) + 1)) |> ignore
            | 1 -> b.Insert(at, fragments[random.Next fragments.Length]) |> ignore
            | 2 when b.Length > 0 -> b[min at (b.Length - 1)] <- char (random.Next(0, 128))
            | 3 ->
                let from = random.Next(0, b.Length + 1)
                let length = random.Next(0, b.Length - from + 1) |> min 200
                b.Insert(at, b.ToString(from, length)) |> ignore
            | 4 ->
                b.Insert(at, String.replicate (random.Next(1, 300)) (fragments[random.Next 8]))
                |> ignore
            | _ -> b.Insert(at, fragments[random.Next fragments.Length]) |> ignore

        b.ToString()

    /// One input: random bytes, a string of grammar fragments, or a mutated sample file.
    let input (random: Random) (samples: string list) : Choice<byte[], string> =
        match random.Next 4 with
        | 0 ->
            let bytes = Array.zeroCreate (random.Next(0, 400))
            random.NextBytes bytes
            Choice1Of2 bytes
        | 1 ->
            let parts =
                Array.init (random.Next(0, 60)) (fun _ -> fragments[random.Next fragments.Length])

            Choice2Of2("model \"f\"\n" + String.Join(" ", parts))
        | 2 -> Choice1Of2(Encoding.UTF8.GetBytes(mutate random (List.item (random.Next samples.Length) samples)))
        | _ -> Choice2Of2(mutate random (List.item (random.Next samples.Length) samples))

    /// Parses one input with the right entry point.
    let parse (input: Choice<byte[], string>) =
        match input with
        | Choice1Of2 bytes -> ModelParser.parseBytes "fuzz.model" bytes
        | Choice2Of2 text -> ModelParser.parse "fuzz.model" text

    /// The outcome's name for counting: "ok", or the first error's kind.
    let outcome (result: Result<ParsedModel, ParseError list>) =
        match result with
        | Ok _ -> "ok"
        | Error [] -> "error without errors"
        | Error(first :: _) when first.Message.StartsWith "the parser failed" -> "internal failure"
        | Error(first :: _) -> sprintf "%A" first.Kind
