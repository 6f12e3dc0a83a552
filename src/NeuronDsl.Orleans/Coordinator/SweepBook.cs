using NeuronDsl.Orleans.Protocol;

namespace NeuronDsl.Orleans.Coordinator;

/// <summary>
/// The coordinator's account of a sweep: which runs are done, which are leased to which worker, which wait. A run gets
/// exactly one row (the first that arrives; later ones are counted and dropped), every row is journaled before it is
/// acknowledged, and a lost worker's leased runs go back to the front of the queue, each then leased alone: a run whose
/// worker is lost <see cref="MaxLosses"/> times (a run that kills its process, say) gets a failed row instead of taking
/// down worker after worker.
/// </summary>
internal sealed class SweepBook
{
    private readonly object gate = new();
    private readonly RunRow?[] rows;
    private readonly SortedSet<long> returned = [];
    private readonly Dictionary<long, int> losses = [];
    private readonly Dictionary<SiloAddress, HashSet<long>> leases = [];
    private readonly HashSet<SiloAddress> accepted = [];
    private readonly Journal? journal;
    private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long next;
    private long outstanding;
    private int slots;
    private bool closed;

    /// <summary>How many times a run's worker may be lost while it holds the run before the run is recorded as
    /// failed: the first loss may be a batch's bystander, the later ones are the run's alone.</summary>
    public const int MaxLosses = 3;

    public SweepBook(SweepJob job, IReadOnlyList<RunRow> fromJournal, Journal? journal)
    {
        rows = new RunRow?[job.RunCount];
        foreach (var row in fromJournal) rows[row.Index] = row;
        FromJournal = fromJournal.Count;
        Done = FromJournal;
        this.journal = journal;
        if (Done == rows.Length) finished.TrySetResult();
    }

    public long Total => rows.Length;
    public long Done { get; private set; }
    public long FromJournal { get; }
    public long Executed { get; private set; }
    public long Duplicates { get; private set; }
    public long Requeued { get; private set; }
    public int WorkersAlive { get { lock (gate) return accepted.Count; } }
    public int WorkersUsed { get; private set; }

    /// <summary>Completes when every run has a row.</summary>
    public Task Finished => finished.Task;

    /// <summary>Called after rows arrive, outside the book's lock.</summary>
    public Action? RowsArrived { get; set; }

    public void Accept(SiloAddress worker, int workerSlots)
    {
        lock (gate)
        {
            if (!accepted.Add(worker)) return;
            slots += workerSlots;
            WorkersUsed++;
        }
    }

    public Lease Take(SiloAddress worker, int max)
    {
        lock (gate)
        {
            if (closed || Done == rows.Length || !accepted.Contains(worker)) return Lease.Done;
            if (returned.Count > 0) return Hold(worker, [TakeReturned()]); // alone: its next loss is its own
            var waiting = rows.Length - Done - outstanding;
            var share = (int)Math.Min(int.MaxValue, Math.Max(1, (waiting + slots - 1) / Math.Max(1, slots)));
            var indices = new List<long>(Math.Min(max, share));
            while (indices.Count < Math.Min(max, share) && NextWaiting() is { } index) indices.Add(index);
            return indices.Count == 0 ? Lease.Wait : Hold(worker, indices);
        }
    }

    private Lease Hold(SiloAddress worker, List<long> indices)
    {
        var held = leases.TryGetValue(worker, out var set) ? set : leases[worker] = [];
        held.UnionWith(indices);
        outstanding += indices.Count;
        return new Lease([.. indices], false);
    }

    private long TakeReturned()
    {
        var first = returned.Min;
        returned.Remove(first);
        return first;
    }

    private long? NextWaiting()
    {
        if (returned.Count > 0) return TakeReturned();
        while (next < rows.Length && rows[next] is not null) next++;
        return next < rows.Length ? next++ : null;
    }

    public void Report(SiloAddress worker, IReadOnlyList<RowMessage> messages)
    {
        lock (gate)
        {
            var fresh = new List<RunRow>(messages.Count);
            var held = leases.GetValueOrDefault(worker);
            foreach (var message in messages)
            {
                if (message.Index < 0 || message.Index >= rows.Length) continue;
                if (held is not null && held.Remove(message.Index)) outstanding--;
                if (rows[message.Index] is not null) { Duplicates++; continue; }
                returned.Remove(message.Index);
                fresh.Add(rows[message.Index] = message.ToRow());
            }
            journal?.Append(fresh); // on disk before the worker hears back
            Done += fresh.Count;
            Executed += fresh.Count;
            if (Done == rows.Length) finished.TrySetResult();
        }
        RowsArrived?.Invoke();
    }

    /// <summary>Hands out no more runs (the sweep is stopping); rows of runs in flight are still taken.</summary>
    public void Close()
    {
        lock (gate) closed = true;
    }

    /// <summary>A worker left the cluster: its leased runs without a row wait again, first in line, or get a failed
    /// row once their workers have been lost <see cref="MaxLosses"/> times.</summary>
    public void Lose(SiloAddress worker, int workerSlots)
    {
        lock (gate)
        {
            if (accepted.Remove(worker)) slots -= workerSlots;
            if (!leases.Remove(worker, out var held)) return;
            var failed = new List<RunRow>();
            foreach (var index in held)
            {
                outstanding--;
                if (rows[index] is not null) continue;
                var lost = losses[index] = losses.GetValueOrDefault(index) + 1;
                if (lost < MaxLosses)
                {
                    returned.Add(index);
                    Requeued++;
                    continue;
                }
                failed.Add(rows[index] = RunRow.Failure(index,
                    $"its worker was lost {lost} times while running it (the last {lost - 1} times alone); not run again"));
            }
            journal?.Append(failed);
            Done += failed.Count;
            if (Done == rows.Length) finished.TrySetResult();
        }
    }

    /// <summary>Every row, ordered by index; only once <see cref="Finished"/> has completed.</summary>
    public IReadOnlyList<RunRow> Rows()
    {
        lock (gate) return rows.Select(r => r!).ToArray();
    }
}
