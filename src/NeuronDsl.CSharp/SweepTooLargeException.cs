namespace NeuronDsl.CSharp;

/// <summary>A sweep refused before it starts because it would exceed a resource limit (too many runs, or steps over
/// all runs): the message gives its size and the limit.</summary>
public sealed class SweepTooLargeException : Exception
{
    internal SweepTooLargeException(string message, double runs) : base(message) => Runs = runs;

    /// <summary>The number of runs the sweep describes.</summary>
    public double Runs { get; }
}
