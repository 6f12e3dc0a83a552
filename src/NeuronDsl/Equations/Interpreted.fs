namespace NeuronDsl

/// <summary>
/// The delegates of a compiled model, evaluated by the tree-walking interpreter: slow and obviously correct, the
/// reference that compiled models are tested against. It has no linearisation and no exact flow.
/// </summary>
[<RequireQualifiedAccess>]
module Interpreted =
    /// <summary>Looks names up in the state, parameter and input arrays, then in the definitions.</summary>
    let private environment (m: CheckedEquations) =
        let states = m.States |> Array.mapi (fun k s -> s.Name, k) |> Map.ofArray
        let parameters = m.Parameters |> Array.mapi (fun k p -> p.Name, k) |> Map.ofArray
        let definitions = Map.ofArray m.Definitions
        let inputName = m.Input |> Option.map (fun i -> i.Name)

        fun (y: float[]) (p: float[]) (input: float) (time: float) ->
            let rec lookup (n: string) =
                match Map.tryFind n states with
                | Some k -> y[k]
                | None ->
                    match Map.tryFind n parameters with
                    | Some k -> p[k]
                    | None when Some n = inputName -> input
                    | None when n = "t" -> time
                    | None -> Interpreter.evaluate lookup definitions[n]

            lookup

    /// <summary>The model's delegates, each interpreting the checked expressions.</summary>
    let kernels (m: CheckedEquations) : CompiledEquations =
        let env = environment m
        let noState: float[] = Array.zeroCreate m.States.Length

        { Checked = m
          Rates =
            RateKernel(fun y p i t rates ->
                let lookup = env y p i t

                for k in 0 .. m.Rates.Length - 1 do
                    rates[k] <- Interpreter.evaluate lookup m.Rates[k])
          Linearised = LinearisedKernel(fun _ _ _ _ _ _ -> invalidOp "the interpreter provides no linearisation")
          SpikeFunction =
            m.SpikeFunction
            |> Option.map (fun g -> SpikeKernel(fun y p i t -> Interpreter.evaluate (env y p i t) g))
          Reset =
            if m.Reset.Length = 0 then
                None
            else
                Some(
                    ResetKernel(fun y p i t ->
                        for k, value in m.Reset do
                            y[k] <- Interpreter.evaluate (env y p i t) value)
                )
          Refractory = ParameterKernel(fun p -> Interpreter.evaluate (env noState p nan nan) m.Refractory)
          Initial =
            InitialKernel(fun p y ->
                for k in 0 .. m.Initial.Length - 1 do
                    y[k] <- Interpreter.evaluate (env noState p nan nan) m.Initial[k])
          ExactFlow = None }
