namespace NeuronDsl.CSharp;

/// <summary>Turns the core's argument errors into the exceptions a C# caller expects.</summary>
internal static class Errors
{
    /// <summary>
    /// Runs a call into the core; an <see cref="ArgumentException"/> naming a parameter becomes an
    /// <see cref="ArgumentOutOfRangeException"/> with the same <c>ParamName</c> and message.
    /// </summary>
    public static T Translate<T>(Func<T> call) => Translate(call, static name => name);

    /// <summary>As <see cref="Translate{T}(Func{T})"/>, renaming the core's parameter names to the facade's.</summary>
    public static T Translate<T>(Func<T> call, Func<string?, string?> rename)
    {
        try
        {
            return call();
        }
        catch (ArgumentException e) when (e is not ArgumentNullException and not ArgumentOutOfRangeException)
        {
            throw new ArgumentOutOfRangeException(rename(e.ParamName), MessageOf(e));
        }
    }

    /// <summary>An argument error's message without .NET's " (Parameter 'x')" suffix.</summary>
    public static string MessageOf(ArgumentException e)
    {
        var suffix = $" (Parameter '{e.ParamName}')";
        return e.ParamName is not null && e.Message.EndsWith(suffix, StringComparison.Ordinal)
            ? e.Message[..^suffix.Length]
            : e.Message;
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless the value is finite and at least the minimum.</summary>
    public static void RequireAtLeast(double value, double minimum, string paramName, string unit)
    {
        if (!double.IsFinite(value) || value < minimum)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} = {value} {unit}; expected a finite number >= {minimum} {unit}");
        }
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless the value is finite.</summary>
    public static void RequireFinite(double value, string paramName, string unit)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} = {value} {unit}; expected a finite number");
        }
    }
}
