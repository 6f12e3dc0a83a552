namespace NeuronDsl.Cli;

/// <summary>A malformed command line: reported in one line with exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
