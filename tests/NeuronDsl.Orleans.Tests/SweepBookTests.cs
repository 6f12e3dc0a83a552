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
        var again = book.Take(B, 3);

        Assert.Equal([0L, 1, 2], lost.Indices);
        Assert.Equal([3L, 4, 5], kept.Indices);
        Assert.Equal(lost.Indices, again.Indices);
        Assert.Equal(3, book.Requeued);
    }

    [Fact]
    public void A_second_row_for_a_run_is_dropped_and_counted()
    {
        var book = new SweepBook(new SweepJob("d", 4), [], null);
        book.Accept(A, 1);
        book.Accept(B, 1);
        var first = book.Take(A, 2);
        book.Lose(A, 1);
        var second = book.Take(B, 2);

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
}
