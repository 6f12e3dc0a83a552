using CoreModelErrorKind = NeuronDsl.ModelErrorKind;
using CoreParseError = NeuronDsl.ParseError;

namespace NeuronDsl.CSharp;

/// <summary>What kind of error a model text has; mirrors the core's <c>ModelErrorKind</c> (same names, same order).</summary>
public enum ModelErrorKind
{
    /// <summary>The text does not follow the grammar.</summary>
    SyntaxError,
    /// <summary>A name that no declaration introduces.</summary>
    UnknownName,
    /// <summary>A unit symbol that is not in the unit table.</summary>
    UnknownUnit,
    /// <summary>A name declared twice.</summary>
    DuplicateName,
    /// <summary>Dimensions that do not agree (both sides are named in the message).</summary>
    UnitMismatch,
    /// <summary>A differential equation for a name that is not a state variable.</summary>
    DerivativeOfUndeclared,
    /// <summary>A state variable without a differential equation, or with two.</summary>
    MissingDerivative,
    /// <summary>A threshold that is not a single comparison.</summary>
    NotAComparison,
    /// <summary>A condition used as a value, or a value used as a condition.</summary>
    NotAValue,
    /// <summary>A reset statement that assigns to something other than a state variable.</summary>
    AssignmentToNonState,
    /// <summary>Sub-expressions that refer to each other in a cycle.</summary>
    CircularDefinition,
    /// <summary>A division by an expression that is the constant zero.</summary>
    DivisionByZero,
    /// <summary>A default, initial value or bound outside what is allowed.</summary>
    InvalidValue,
    /// <summary>A function called with the wrong number of arguments.</summary>
    WrongArgumentCount,
    /// <summary>An empty model, a binary file, or a model with nothing to integrate.</summary>
    EmptyModel,
}

/// <summary>One error in a model text: where it is, what kind it is, and what was wrong and what was expected.</summary>
public sealed class ModelTextError
{
    private readonly string formatted;

    internal ModelTextError(CoreParseError core)
    {
        File = core.File;
        Line = core.Line;
        Column = core.Column;
        Kind = KindOf(core.Kind);
        Message = core.Message;
        SourceLine = core.SourceLine;
        formatted = core.Format();
    }

    /// <summary>The file name the text came from; "" for a text given as a string.</summary>
    public string File { get; }

    /// <summary>Line, from 1.</summary>
    public int Line { get; }

    /// <summary>Column, from 1, counted in UTF-16 characters (a tab counts 1).</summary>
    public int Column { get; }

    /// <summary>What kind of error.</summary>
    public ModelErrorKind Kind { get; }

    /// <summary>One line: what was wrong and what was expected.</summary>
    public string Message { get; }

    /// <summary>The text of the line the error is on, without its line break ("" when there is none).</summary>
    public string SourceLine { get; }

    /// <summary>
    /// The error as a compiler prints it: <c>file:line:column: message</c> (no file part when <see cref="File"/> is
    /// empty), then the source line and a caret under the column.
    /// </summary>
    /// <returns>Three lines of text.</returns>
    public string Format() => formatted;

    /// <summary>Same as <see cref="Format"/>.</summary>
    public override string ToString() => formatted;

    /// <summary>The C# kind of a core kind: the enum is declared in the order of the core's union cases.</summary>
    internal static ModelErrorKind KindOf(CoreModelErrorKind kind) => (ModelErrorKind)kind.Tag;
}

/// <summary>
/// A model text that does not parse or does not check (syntax, names, units, derivatives, threshold, reset), or a
/// model file that is not text. <see cref="Errors"/> lists every error with its line and column.
/// </summary>
public sealed class ModelTextErrorException : FormatException
{
    internal ModelTextErrorException(IReadOnlyList<ModelTextError> errors)
        : base(string.Join("\n", errors.Select(e => e.Format())))
    {
        Errors = errors;
    }

    internal ModelTextErrorException(IEnumerable<CoreParseError> errors)
        : this(errors.Select(e => new ModelTextError(e)).ToArray())
    {
    }

    /// <summary>Every error, sorted by position; at least one.</summary>
    public IReadOnlyList<ModelTextError> Errors { get; }
}
