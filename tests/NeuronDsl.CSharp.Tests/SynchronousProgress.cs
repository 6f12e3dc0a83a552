namespace NeuronDsl.CSharp.Tests;

/// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool), one report at a time, as
/// worker threads report.</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly Lock gate = new();

    public void Report(T value)
    {
        lock (gate) report(value);
    }
}
