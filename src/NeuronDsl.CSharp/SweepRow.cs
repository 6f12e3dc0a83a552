using CoreRow = NeuronDsl.SweepRow;
using CoreRowText = NeuronDsl.SweepRowText;

namespace NeuronDsl.CSharp;

/// <summary>How one run of a sweep ended.</summary>
public enum SweepRunStatus
{
    /// <summary>Reached the duration.</summary>
    Completed = 0,
    /// <summary>A variable became NaN or infinite.</summary>
    Diverged = 1,
    /// <summary>A variable left its physically possible values (the method is unstable at this step).</summary>
    OutOfBounds = 2,
    /// <summary>The adaptive method used its maximum number of steps.</summary>
    StepLimitReached = 3,
    /// <summary>The adaptive method needed a step below its minimum.</summary>
    StepSizeUnderflow = 4,
    /// <summary>The run's values were refused before it started (a parameter out of its range at this point, no
    /// resting state, an initial value outside its bounds); <see cref="SweepRow.Message"/> says which.</summary>
    Rejected = 5,
    /// <summary>The model's code threw during the run.</summary>
    ModelFailed = 6,
    /// <summary>The run has no result: each process it was given to was lost while running it (killed, or taken down
    /// by the run itself) or held it past its deadline, until the sweep gave it up. Only a sweep spread over processes
    /// records it; <see cref="SweepRow.Message"/> says what happened.</summary>
    Lost = 7,
}

/// <summary>
/// One run of a sweep: its index, its value on each axis, how it ended and the summary of its spike train. A run that
/// failed is a row like any other; its summary covers the spikes before it stopped.
/// </summary>
public sealed class SweepRow : IEquatable<SweepRow>
{
    internal SweepRow(CoreRow core) => Core = core;

    internal CoreRow Core { get; }

    /// <summary>The run's index (see <see cref="Sweep"/> for the order).</summary>
    public int Index => Core.Index;

    /// <summary>The run's value on each axis, in axis order and each axis's unit (<see cref="Sweep.AxisUnits"/>).</summary>
    public IReadOnlyList<double> Point => Core.Point;

    /// <summary>How the run ended.</summary>
    public SweepRunStatus Status => (SweepRunStatus)(int)Core.Status;

    /// <summary>One line: "completed", or what went wrong, with its time and values.</summary>
    public string Message => Core.Message;

    /// <summary>Number of spikes.</summary>
    public int SpikeCount => Core.SpikeCount;

    /// <summary>Steady rate in Hz: 1000 / the mean of the second half of the interspike intervals; 0 with fewer than
    /// two spikes.</summary>
    public double SteadyRate => Core.SteadyRate;

    /// <summary>Mean rate in Hz: spikes per second of the time simulated.</summary>
    public double MeanRate => Core.MeanRate;

    /// <summary>First spike's time after the input's onset, in ms; NaN without a spike.</summary>
    public double FirstSpikeLatency => Core.FirstSpikeLatency;

    /// <summary>Coefficient of variation of the interspike intervals; NaN with fewer than two intervals.</summary>
    public double IntervalVariation => Core.IntervalVariation;

    /// <summary>The time simulated in ms: the duration unless the run stopped early (0 when rejected).</summary>
    public double EndTime => Core.EndTime;

    /// <summary>The spike times in ms when the sweep keeps them (<see cref="Sweep.KeepingSpikes"/>); empty otherwise.</summary>
    public IReadOnlyList<double> SpikeTimes => Core.Spikes;

    /// <summary>The row as one line of text that <see cref="Parse"/> reads back bit for bit (every number as the
    /// hexadecimal digits of its bits): what a remote worker sends back.</summary>
    public string ToText() => CoreRowText.Write(Core);

    /// <summary>The row a line from <see cref="ToText"/> holds.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not such a line; the message names the field.</exception>
    public static SweepRow Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new SweepRow(Errors.Translate(() => CoreRowText.Read(text)));
    }

    /// <summary>True when every field is equal, numbers bit for bit.</summary>
    public bool Equals(SweepRow? other) => other is not null && Core.Equals(other.Core);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SweepRow);

    /// <inheritdoc />
    public override int GetHashCode() => Core.GetHashCode();
}
