namespace NeuronDsl.Orleans.Coordinator;

/// <summary>The coordinator silo's current sweep, found by the sweep grain through its key.</summary>
internal sealed class SweepRegistry
{
    private sealed record Entry(string Key, SweepBook Book);

    private volatile Entry? current;

    public void Open(string key, SweepBook book) => current = new Entry(key, book);

    public SweepBook? Find(string key) => current is { } c && c.Key == key ? c.Book : null;
}
