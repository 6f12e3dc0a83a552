using NeuronDsl.Orleans.Protocol;

namespace NeuronDsl.Orleans.Coordinator;

/// <summary>
/// The coordinator's account of a sweep: which runs are done, which are leased to which worker, which wait. A run gets
/// exactly one row (the first that arrives; later ones are counted and dropped), every row is journaled before it is
/// acknowledged, and a lost worker's leased runs go back to the front of the queue, each then leased alone: a run whose
/// worker is lost <see cref="MaxLosses"/> times (a run that kills its process, say) is given up with a lost row
/// (<see cref="RunRow.Lost"/>) instead of taking down worker after worker. A lease not reported by its deadline (a
/// worker alive but hung) is treated as lost the same way: its runs go out again and count a loss; a late row from it
/// is taken if the run still has none.
/// </summary>
internal sealed class SweepBook
{
    private readonly object gate = new();
    private readonly RunRow?[] rows;
    private readonly SortedSet<long> returned = [];
    private readonly Dictionary<long, (int Lost, int Overdue)> losses = [];
    private readonly Dictionary<SiloAddress, HashSet<long>> leases = [];
    private readonly List<Held> held = [];
    private readonly Func<TimeSpan> now;
    private readonly LeaseDeadline deadline;
    private readonly Queue<double> recentSecondsPerRun = new();
    private double? secondsPerRun;

    /// <summary>How many of the latest reported leases the run time is taken from (their median).</summary>
    private const int RunTimeWindow = 31;
    private readonly HashSet<SiloAddress> accepted = [];
    private readonly Journal? journal;
    private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long next;
    private long outstanding;
    private int slots;
    private bool closed;

    /// <summary>How many times a run's worker may be lost while it holds the run before the run is given up with a
    /// lost row: the first loss may be a batch's bystander, the later ones are the run's alone.</summary>
    public const int MaxLosses = 3;

    /// <summary>One lease as handed out: to whom, which runs, and when.</summary>
    private sealed record Held(SiloAddress Worker, long[] Indices, TimeSpan TakenAt);

    /// <param name="job">The job.</param>
    /// <param name="fromJournal">Rows already held by the journal (resume).</param>
    /// <param name="journal">Where rows are appended; null keeps none.</param>
    /// <param name="deadline">When a lease is overdue; null: <see cref="LeaseDeadline.Default"/>.</param>
    /// <param name="now">The clock leases are timed with (monotonic); null: a stopwatch started here.</param>
    public SweepBook(SweepJob job, IReadOnlyList<RunRow> fromJournal, Journal? journal,
        LeaseDeadline? deadline = null, Func<TimeSpan>? now = null)
    {
        this.deadline = deadline ?? LeaseDeadline.Default;
        if (now is null)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            now = () => clock.Elapsed;
        }
        this.now = now;
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

    /// <summary>Leases that passed their deadline unreported and were taken back.</summary>
    public long Expired { get; private set; }
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
        var set = leases.TryGetValue(worker, out var existing) ? existing : leases[worker] = [];
        set.UnionWith(indices);
        outstanding += indices.Count;
        var lease = new Lease([.. indices], false);
        held.Add(new Held(worker, lease.Indices, now()));
        return lease;
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
            var set = leases.GetValueOrDefault(worker);
            Measure(worker, messages);
            foreach (var message in messages)
            {
                if (message.Index < 0 || message.Index >= rows.Length) continue;
                if (set is not null && set.Remove(message.Index)) outstanding--;
                if (rows[message.Index] is not null) { Duplicates++; continue; }
                returned.Remove(message.Index);
                fresh.Add(rows[message.Index] = message.ToRow());
            }
            if (set is not null) held.RemoveAll(h => h.Worker.Equals(worker) && !h.Indices.Any(set.Contains));
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

    /// <summary>A worker left the cluster: its leased runs without a row wait again, first in line, or get a lost
    /// row once their workers have been lost <see cref="MaxLosses"/> times.</summary>
    public void Lose(SiloAddress worker, int workerSlots)
    {
        lock (gate)
        {
            if (accepted.Remove(worker)) slots -= workerSlots;
            held.RemoveAll(h => h.Worker.Equals(worker));
            if (!leases.Remove(worker, out var set)) return;
            LoseRuns(set, overdue: false);
        }
    }

    /// <summary>
    /// Takes back every lease whose deadline has passed unreported (its worker alive but hung, say), as if its worker
    /// had been lost while holding it; the worker itself stays in the sweep. Returns the number of runs taken back.
    /// </summary>
    public int ExpireOverdue()
    {
        lock (gate)
        {
            if (secondsPerRun is not { } perRun || held.Count == 0) return 0;
            var at = now();
            var overdue = held.Where(h => at - h.TakenAt > deadline.For(h.Indices.Length, perRun)).ToArray();
            var taken = new List<long>();
            foreach (var lease in overdue)
            {
                held.Remove(lease);
                var set = leases.GetValueOrDefault(lease.Worker);
                var live = lease.Indices.Where(i => set is not null && set.Remove(i)).ToArray();
                if (live.Length == 0) continue;
                taken.AddRange(live);
                Expired++;
            }
            LoseRuns(taken, overdue: true);
            return taken.Count;
        }
    }

    /// <summary>The time a lease of <paramref name="runs"/> runs may take before it is taken back; null until a
    /// lease has been reported (before that nothing is known of the runs' cost, and nothing expires).</summary>
    public TimeSpan? DeadlineOf(int runs)
    {
        lock (gate) return secondsPerRun is { } perRun ? deadline.For(runs, perRun) : null;
    }

    /// <summary>Learns the run time from a report of a whole lease: the median time per run of the latest
    /// <see cref="RunTimeWindow"/> leases (a fresh worker's first lease, slowed by its warming up, does not set it).</summary>
    private void Measure(SiloAddress worker, IReadOnlyList<RowMessage> messages)
    {
        if (messages.Count == 0) return;
        var lease = held.Find(h => h.Worker.Equals(worker) && h.Indices.Length == messages.Count
            && h.Indices.AsSpan().SequenceEqual(messages.Select(m => m.Index).ToArray()));
        if (lease is null) return; // taken back already, or not a whole lease
        held.Remove(lease);
        var perRun = (now() - lease.TakenAt).TotalSeconds / lease.Indices.Length;
        recentSecondsPerRun.Enqueue(perRun);
        if (recentSecondsPerRun.Count > RunTimeWindow) recentSecondsPerRun.Dequeue();
        var sorted = recentSecondsPerRun.Order().ToArray();
        secondsPerRun = sorted[sorted.Length / 2]; // the upper median of an even count
    }

    /// <summary>Takes runs back from a worker lost while holding them, or from an overdue lease: each waits again, or
    /// is given up with a row saying so once this has happened to it <see cref="MaxLosses"/> times.</summary>
    private void LoseRuns(IEnumerable<long> indices, bool overdue)
    {
        var failed = new List<RunRow>();
        foreach (var index in indices)
        {
            outstanding--;
            if (rows[index] is not null) continue;
            var (lost, late) = losses.GetValueOrDefault(index);
            (lost, late) = overdue ? (lost, late + 1) : (lost + 1, late);
            losses[index] = (lost, late);
            if (lost + late < MaxLosses)
            {
                returned.Add(index);
                Requeued++;
                continue;
            }
            failed.Add(rows[index] = RunRow.Loss(index, GivenUp(lost, late)));
        }
        journal?.Append(failed);
        Done += failed.Count;
        if (Done == rows.Length) finished.TrySetResult();
    }

    /// <summary>Why a run was given up: how many times its worker was lost while running it, and how many times its
    /// lease passed its deadline unreported.</summary>
    private static string GivenUp(int lost, int overdue)
    {
        static string Times(int n) => n == 1 ? "1 time" : $"{n} times";
        var how = (lost, overdue) switch
        {
            (_, 0) => $"its worker was lost {Times(lost)} while running it",
            (0, _) => $"its worker did not report it within the lease deadline {Times(overdue)}",
            _ => $"its worker was lost {Times(lost)} while running it and did not report it within the lease deadline {Times(overdue)}",
        };
        return $"{how} (the last {Times(lost + overdue - 1)} alone); not run again";
    }

    /// <summary>Every row, ordered by index; only once <see cref="Finished"/> has completed.</summary>
    public IReadOnlyList<RunRow> Rows()
    {
        lock (gate) return rows.Select(r => r!).ToArray();
    }
}
