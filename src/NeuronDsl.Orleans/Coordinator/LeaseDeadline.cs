namespace NeuronDsl.Orleans;

/// <summary>
/// When a batch of runs leased to a worker and not reported is taken back: a worker alive but hung (a run that never
/// returns, a process stopped with SIGSTOP) would otherwise hold its lease forever. A lease of n runs is overdue after
/// max(<see cref="Minimum"/>, <see cref="Multiple"/> × n × the median time per run of the latest 31 leases reported);
/// its runs then go
/// out again as a lost worker's do, one per lease, and count a loss. Nothing expires before the first report, since
/// nothing is known of the runs' cost until then.
/// </summary>
/// <param name="Minimum">The least time a lease is given; <see cref="Timeout.InfiniteTimeSpan"/>: leases never expire.</param>
/// <param name="Multiple">How many times its expected time a lease is given (at least 1).</param>
public sealed record LeaseDeadline(TimeSpan Minimum, double Multiple)
{
    /// <summary>
    /// 60 s, or 20 times the batch's expected time when that is longer. Batches are sized to about a quarter of a second
    /// of work, so a lease is overdue only when its worker has been stuck for a minute, or when a run costs more than
    /// 20 times the runs reported lately and over a minute.
    /// </summary>
    public static LeaseDeadline Default { get; } = new(TimeSpan.FromSeconds(60), 20);

    /// <summary>Leases never expire: a hung worker holds its runs until it is lost.</summary>
    public static LeaseDeadline Never { get; } = new(Timeout.InfiniteTimeSpan, 1);

    /// <summary>The time a lease of <paramref name="runs"/> runs is given.</summary>
    internal TimeSpan For(int runs, double secondsPerRun)
    {
        if (Minimum == Timeout.InfiniteTimeSpan) return TimeSpan.MaxValue;
        var expected = Multiple * runs * secondsPerRun;
        return expected > Minimum.TotalSeconds
            ? expected >= TimeSpan.MaxValue.TotalSeconds ? TimeSpan.MaxValue : TimeSpan.FromSeconds(expected)
            : Minimum;
    }

    /// <summary>Throws when the deadline makes no sense.</summary>
    internal void Check()
    {
        if (Minimum != Timeout.InfiniteTimeSpan && Minimum <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(Minimum), Minimum,
                $"LeaseDeadline.Minimum is {Minimum.TotalSeconds} s; expected more than 0 s, or Timeout.InfiniteTimeSpan");
        if (!(Multiple >= 1) || double.IsInfinity(Multiple))
            throw new ArgumentOutOfRangeException(nameof(Multiple), Multiple,
                $"LeaseDeadline.Multiple is {Multiple}; expected a finite number of at least 1");
    }
}
