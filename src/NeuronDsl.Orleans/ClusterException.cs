namespace NeuronDsl.Orleans;

/// <summary>
/// The cluster cannot run the sweep: an address that cannot be reached or listened on, no worker, a worker of another
/// version, a journal that belongs to another sweep. The message names the address, value or file and what was expected.
/// </summary>
public sealed class ClusterException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ClusterException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public ClusterException(string message, Exception inner) : base(message, inner) { }
}
