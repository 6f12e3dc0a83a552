namespace NeuronDsl

open System.Threading

/// <summary>
/// A barrier for a fixed number of threads that meet thousands of times a second (the network engine's workers meet
/// twice per window, and a window can be one step of a few microseconds): a waiting thread spins, yielding its core
/// after a few spins, but never sleeps, so a phase ends within a fraction of a microsecond of the last arrival where
/// <c>System.Threading.Barrier</c> can take several.
/// </summary>
type internal SpinBarrier private (participants: int) =
    [<DefaultValue>]
    val mutable private remaining: int

    [<DefaultValue>]
    val mutable private phase: int

    member private this.Reset() = this.remaining <- participants

    /// <summary>Waits until every participant has called it in this phase.</summary>
    member this.SignalAndWait() =
        let phase = Volatile.Read(&this.phase)

        if Interlocked.Decrement(&this.remaining) = 0 then
            // The count is ready for the next phase before anyone can leave this one.
            this.Reset()
            Volatile.Write(&this.phase, phase + 1)
        else
            let mutable spin = SpinWait()

            while Volatile.Read(&this.phase) = phase do
                spin.SpinOnce(-1)

    /// <summary>A barrier for <c>participants</c> threads, ready for its first phase.</summary>
    static member Create(participants: int) =
        if participants < 1 then
            invalidArg "participants" (sprintf "participants = %d; expected >= 1" participants)

        let barrier = SpinBarrier(participants)
        barrier.Reset()
        barrier
