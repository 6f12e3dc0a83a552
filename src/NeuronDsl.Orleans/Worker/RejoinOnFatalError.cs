namespace NeuronDsl.Orleans.Worker;

/// <summary>
/// Replaces Orleans' default reaction to a fatal cluster error (end the process) on workers: a worker declared dead,
/// or left behind by a coordinator that restarted, drops its silo and joins again.
/// </summary>
internal sealed class RejoinOnFatalError(Action<string> rejoin) : IFatalErrorHandler
{
    public bool IsUnexpected(Exception exception) => true;

    public void OnFatalException(object? sender = null, string? context = null, Exception? exception = null) =>
        rejoin(context ?? exception?.Message ?? "fatal cluster error");
}
