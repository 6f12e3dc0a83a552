using System.Net;
using NeuronDsl.Orleans.Coordinator;
using NeuronDsl.Orleans.Protocol;
using Orleans.Runtime;

namespace NeuronDsl.Orleans.Tests;

public sealed class SweepBookTests
{
    private static readonly SiloAddress A = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 2001), 1);
    private static readonly SiloAddress B = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 2002), 1);

    private static RowMessage[] RowsFor(Lease lease) => lease.Indices.Select(i => new RowMessage(i, true, [(byte)i], null)).ToArray();

    [Fact]
    public void A_lost_workers_leased_runs_are_handed_out_again_first()
    {
        var book = new SweepBook(new SweepJob("d", 10), [], null);
        book.Accept(A, 1);
        book.Accept(B, 1);
        var lost = book.Take(A, 3);
        var kept = book.Take(B, 3);

        book.Lose(A, 1);
        var again = Enumerable.Range(0, 3).SelectMany(_ => book.Take(B, 3).Indices).ToArray();

        Assert.Equal([0L, 1, 2], lost.Indices);
        Assert.Equal([3L, 4, 5], kept.Indices);
        Assert.Equal(lost.Indices, again); // one lease each, so that a next loss is the run's own
        Assert.Equal(3, book.Requeued);
        Assert.Equal([6L, 7, 8], book.Take(B, 3).Indices);
    }

    [Fact]
    public void A_run_whose_worker_is_lost_MaxLosses_times_is_a_failed_row_not_another_retry()
    {
        var book = new SweepBook(new SweepJob("d", 8), [], null);
        var workers = Enumerable.Range(0, SweepBook.MaxLosses + 1)
            .Select(k => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 3000 + k), 1)).ToArray();
        foreach (var w in workers) book.Accept(w, 1);

        Assert.Equal([0L, 1], book.Take(workers[0], 2).Indices);
        book.Lose(workers[0], 1); // 0 and 1 lost once, as bystanders of one batch
        for (var k = 1; k < SweepBook.MaxLosses; k++)
        {
            Assert.Equal([0L], book.Take(workers[k], 2).Indices); // alone now
            book.Lose(workers[k], 1);
        }

        var last = workers[SweepBook.MaxLosses];
        Assert.Equal([1L], book.Take(last, 2).Indices); // 0 is not handed out again; 1 (lost once) goes alone
        book.Report(last, RowsFor(new Lease([1L], false)));
        for (var k = 0; k < 8 && !book.Finished.IsCompleted; k++) book.Report(last, RowsFor(book.Take(last, 2)));
        Assert.True(book.Finished.IsCompleted);
        var row = book.Rows()[0];
        Assert.False(row.Succeeded);
        Assert.True(row.Lost);
        Assert.Equal($"its worker was lost {SweepBook.MaxLosses} times while running it (the last {SweepBook.MaxLosses - 1} times alone); not run again", row.Error);
        Assert.Equal(SweepBook.MaxLosses - 1 + 1, book.Requeued); // 0 twice, 1 once
    }

    [Fact]
    public void A_second_row_for_a_run_is_dropped_and_counted()
    {
        var book = new SweepBook(new SweepJob("d", 4), [], null);
        book.Accept(A, 1);
        book.Accept(B, 1);
        var first = book.Take(A, 2);
        book.Lose(A, 1);
        var second = new Lease([.. book.Take(B, 2).Indices, .. book.Take(B, 2).Indices], false); // lost runs go alone

        book.Report(B, RowsFor(second));
        book.Report(A, first.Indices.Select(i => new RowMessage(i, true, [99], null)).ToArray()); // reported late

        Assert.Equal(2, book.Duplicates);
        Assert.Equal(2, book.Done);
        book.Report(B, RowsFor(book.Take(B, 2)));
        Assert.True(book.Finished.IsCompleted);
        Assert.Equal([0, 1, 2, 3], book.Rows().Select(r => (int)r.Payload[0]));
    }

    [Fact]
    public void Runs_from_the_journal_are_never_handed_out()
    {
        var book = new SweepBook(new SweepJob("d", 5), [RunRow.Success(0, []), RunRow.Success(2, [])], null);
        book.Accept(A, 1);

        var lease = book.Take(A, 10);

        Assert.Equal([1L, 3, 4], lease.Indices);
        Assert.True(book.Take(A, 10) is { Finished: false, Indices.Length: 0 });
    }

    [Fact]
    public void The_last_runs_are_shared_among_the_slots_instead_of_going_to_the_first_asker()
    {
        var book = new SweepBook(new SweepJob("d", 8), [], null);
        book.Accept(A, 2);
        book.Accept(B, 2);

        Assert.Equal(2, book.Take(A, 100).Indices.Length);
    }

    [Fact]
    public void A_worker_never_accepted_gets_no_runs()
    {
        var book = new SweepBook(new SweepJob("d", 5), [], null);

        Assert.True(book.Take(A, 10).Finished);
    }

    /// <summary>A clock the test moves by hand.</summary>
    private sealed class Clock
    {
        public TimeSpan Now { get; set; }

        public void Advance(double seconds) => Now += TimeSpan.FromSeconds(seconds);
    }

    private static (SweepBook Book, Clock Clock) Timed(long runs, LeaseDeadline? deadline = null)
    {
        var clock = new Clock();
        var book = new SweepBook(new SweepJob("d", runs), [], null, deadline ?? new LeaseDeadline(TimeSpan.FromSeconds(60), 20), () => clock.Now);
        book.Accept(A, 1);
        book.Accept(B, 1);
        return (book, clock);
    }

    [Fact]
    public void A_lease_not_reported_by_its_deadline_goes_back_to_the_queue_one_run_per_lease()
    {
        var (book, clock) = Timed(100);
        var first = book.Take(B, 1);
        clock.Advance(0.01);
        book.Report(B, RowsFor(first)); // 10 ms per run: a lease of 4 is given max(60 s, 20 × 40 ms) = 60 s
        var hung = book.Take(A, 4);
        var busy = book.Take(B, 4);

        clock.Advance(0.04);
        book.Report(B, RowsFor(busy)); // the other worker goes on at 10 ms per run
        clock.Advance(59);
        Assert.Equal(0, book.ExpireOverdue());
        clock.Advance(1.5);
        Assert.Equal(4, book.ExpireOverdue());

        Assert.Equal([1L, 2, 3, 4], hung.Indices);
        Assert.Equal(1, book.Expired);
        Assert.Equal(4, book.Requeued);
        Assert.Equal(2, book.WorkersAlive); // the hung worker stays in the sweep
        Assert.Equal(hung.Indices, Enumerable.Range(0, 4).SelectMany(_ => book.Take(B, 4).Indices));
        Assert.Equal(0, book.ExpireOverdue()); // taken back once
    }

    [Fact]
    public void A_lease_is_given_twenty_times_its_expected_time_when_that_exceeds_the_minimum()
    {
        var (book, clock) = Timed(1000);
        var first = book.Take(B, 1);
        clock.Advance(0.5);
        book.Report(B, RowsFor(first)); // 0.5 s per run: a lease of 10 is given 20 × 5 s = 100 s

        var lease = book.Take(A, 10);
        clock.Advance(99);
        Assert.Equal(0, book.ExpireOverdue());
        clock.Advance(2);

        Assert.Equal(TimeSpan.FromSeconds(100), book.DeadlineOf(10));
        Assert.Equal(lease.Indices.Length, book.ExpireOverdue());
    }

    [Fact]
    public void A_first_slow_lease_of_a_warming_worker_does_not_set_the_deadline_once_others_are_reported()
    {
        var (book, clock) = Timed(1000);
        foreach (var seconds in new[] { 10.0, 0.01, 0.01 })
        {
            var lease = book.Take(B, 1);
            clock.Advance(seconds);
            book.Report(B, RowsFor(lease));
        }

        Assert.Equal(TimeSpan.FromSeconds(60), book.DeadlineOf(10)); // not 20 × 10 × 10 s
    }

    [Fact]
    public void Nothing_expires_before_the_first_report_tells_what_a_run_costs()
    {
        var (book, clock) = Timed(10);
        book.Take(A, 2);

        clock.Advance(3600);

        Assert.Null(book.DeadlineOf(2));
        Assert.Equal(0, book.ExpireOverdue());
    }

    [Fact]
    public void A_late_report_from_a_worker_whose_lease_expired_gives_each_run_exactly_one_row()
    {
        var (book, clock) = Timed(6);
        var first = book.Take(B, 1);
        book.Report(B, RowsFor(first));
        var hung = book.Take(A, 2); // 1 and 2
        clock.Advance(61);
        book.ExpireOverdue();
        var again = book.Take(B, 2); // 1, alone

        book.Report(A, hung.Indices.Select(i => new RowMessage(i, true, [100], null)).ToArray()); // the hung worker wakes up
        book.Report(B, again.Indices.Select(i => new RowMessage(i, true, [200], null)).ToArray());
        for (var k = 0; k < 6 && !book.Finished.IsCompleted; k++) book.Report(B, RowsFor(book.Take(B, 2)));

        Assert.Equal([1L], again.Indices);
        Assert.True(book.Finished.IsCompleted);
        Assert.Equal(1, book.Duplicates);
        Assert.Equal([0, 100, 100, 3, 4, 5], book.Rows().Select(r => (int)r.Payload[0]));
    }

    [Fact]
    public void A_run_that_hangs_every_worker_it_is_given_to_is_a_failed_row_after_MaxLosses_deadlines()
    {
        var (book, clock) = Timed(3);
        var first = book.Take(B, 1);
        book.Report(B, RowsFor(first));
        Assert.Equal([1L], book.Take(A, 1).Indices);
        for (var k = 1; k <= SweepBook.MaxLosses; k++)
        {
            clock.Advance(61);
            Assert.Equal(1, book.ExpireOverdue());
            if (k < SweepBook.MaxLosses) Assert.Equal([1L], book.Take(k % 2 == 0 ? A : B, 1).Indices);
        }
        book.Report(B, RowsFor(book.Take(B, 1)));

        Assert.True(book.Finished.IsCompleted);
        var row = book.Rows()[1];
        Assert.False(row.Succeeded);
        Assert.True(row.Lost);
        Assert.Equal($"its worker did not report it within the lease deadline {SweepBook.MaxLosses} times (the last {SweepBook.MaxLosses - 1} times alone); not run again", row.Error);
    }

    [Fact]
    public void A_run_given_up_after_a_lost_worker_and_overdue_leases_says_how_many_of_each()
    {
        var (book, clock) = Timed(3);
        book.Report(B, RowsFor(book.Take(B, 1)));
        Assert.Equal([1L], book.Take(A, 1).Indices);
        book.Lose(A, 1);
        for (var k = 2; k <= SweepBook.MaxLosses; k++)
        {
            Assert.Equal([1L], book.Take(B, 1).Indices);
            clock.Advance(61);
            Assert.Equal(1, book.ExpireOverdue());
        }
        book.Report(B, RowsFor(book.Take(B, 1)));

        Assert.True(book.Finished.IsCompleted);
        var row = book.Rows()[1];
        Assert.True(row.Lost);
        Assert.Equal("its worker was lost 1 time while running it and did not report it within the lease deadline 2 times (the last 2 times alone); not run again", row.Error);
    }

    [Fact]
    public void With_LeaseDeadline_Never_no_lease_expires()
    {
        var (book, clock) = Timed(10, LeaseDeadline.Never);
        book.Report(B, RowsFor(book.Take(B, 1)));
        book.Take(A, 2);

        clock.Advance(1e9);

        Assert.Equal(0, book.ExpireOverdue());
    }
}
