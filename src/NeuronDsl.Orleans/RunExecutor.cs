namespace NeuronDsl.Orleans;

/// <summary>
/// Executes one run of a job: a pure function of the job's document and the run's index, giving the row's payload.
/// Workers call it; an exception it throws makes the run a failed row carrying the exception's message.
/// </summary>
/// <param name="document">The job's document text, the same for every run of the job.</param>
/// <param name="index">The run's index, from 0 to the job's run count − 1.</param>
/// <returns>The row's payload: the exact bytes a local run of the same index would give.</returns>
public delegate byte[] RunExecutor(string document, long index);
