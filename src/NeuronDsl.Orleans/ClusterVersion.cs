using System.Reflection;

namespace NeuronDsl.Orleans;

/// <summary>The version a coordinator and its workers must share for their rows to be the same as a local run's.</summary>
public static class ClusterVersion
{
    /// <summary>
    /// This library's informational version: the package version and, when built from a git clone, the commit. The
    /// coordinator and the workers of one build share it; a program can offer its own (the options' Version).
    /// </summary>
    public static string Current { get; } = Of(typeof(ClusterVersion).Assembly);

    /// <summary>The informational version of an assembly, or its assembly version when it has none.</summary>
    public static string Of(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "unknown";
    }
}
