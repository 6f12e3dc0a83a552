using NeuronDsl.CSharp;

namespace NeuronDsl.Cli;

// The core (namespace NeuronDsl) encloses this one; this alias makes the facade's type win.
using ModelErrorKind = NeuronDsl.CSharp.ModelErrorKind;

/// <summary>Model files given on the command line: read, parsed and checked, with errors as a compiler reports them.</summary>
internal static class ModelFiles
{
    /// <summary>The neuron in a model file.</summary>
    /// <exception cref="UsageException">No such file, a directory, or unreadable: one line.</exception>
    /// <exception cref="ModelTextErrorException">The file is empty or binary, or its model has errors.</exception>
    public static Neuron Load(string file)
    {
        if (file.Trim().Length == 0) throw new UsageException("model file: an empty path; expected the path of a model file");
        if (Directory.Exists(file)) throw new UsageException($"{file}: is a directory; expected a model file");
        if (!File.Exists(file)) throw new UsageException($"{file}: no such model file");
        try
        {
            return Neurons.FromEquationsFile(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{file}: cannot read the model file: {e.Message}");
        }
    }

    /// <summary>
    /// Prints each error as <c>file:line:column: message</c> with the source line and a caret under the column; an
    /// empty or binary file (kind EmptyModel) in that first line only, since its source line shows nothing useful.
    /// </summary>
    public static void Report(ModelTextErrorException exception, TextWriter error)
    {
        foreach (var e in exception.Errors)
        {
            error.WriteLine(e.Kind == ModelErrorKind.EmptyModel ? e.Format().Split('\n')[0] : e.Format());
        }
    }
}
