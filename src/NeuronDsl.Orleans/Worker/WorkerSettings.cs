namespace NeuronDsl.Orleans.Worker;

/// <summary>What a worker silo's agent needs: the executor, its parallelism, its version and where to say things.</summary>
internal sealed record WorkerSettings(RunExecutor Executor, int Slots, string Version, Action<string> Log);
