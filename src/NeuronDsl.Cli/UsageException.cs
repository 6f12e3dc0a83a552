namespace NeuronDsl.Cli;

/// <summary>A malformed command line: reported in one line with exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>Turns library exceptions into one line for the terminal.</summary>
internal static class Messages
{
    /// <summary>The first line of an exception's message, without .NET's "(Parameter 'x')" suffix.</summary>
    public static string OneLine(Exception e)
    {
        var line = e.Message.Split('\n')[0].Trim();
        var suffix = e is ArgumentException { ParamName: { } name } ? $" (Parameter '{name}')" : null;
        return suffix is not null && line.EndsWith(suffix, StringComparison.Ordinal) ? line[..^suffix.Length] : line;
    }
}
