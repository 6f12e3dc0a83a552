namespace NeuronDsl.Orleans.TestWorker;

/// <summary>The test worker's jobs by document: <see cref="NetworkRuns.Document"/> is the network sweep built in
/// code, any other document the LIF runs of <see cref="LifRuns"/>.</summary>
public static class TestJobs
{
    public static byte[] Execute(string document, long index) =>
        document == NetworkRuns.Document ? NetworkRuns.Execute(index) : LifRuns.Execute(document, index);
}
