using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace NeuronDsl.Cli;

/// <summary>What kind of value an address names, which decides what an axis may put there.</summary>
internal enum NetworkValueKind
{
    /// <summary>A TOML integer (seed, count, k): axis values are whole numbers.</summary>
    Integer,

    /// <summary>A TOML float (p): axis values are numbers.</summary>
    Float,

    /// <summary>A "VALUE UNIT" string (weight, delay, rate, duration, a parameter): axis values are "VALUE UNIT" of
    /// the same dimension or numbers in the unit the file writes.</summary>
    Quantity,
}

/// <summary>
/// One value of a network file named by an address (docs/sweep-file.md, "Network sweeps"): where its literal stands in
/// the file's text, its kind and, for a quantity, the unit the file writes it in.
/// </summary>
/// <param name="Address">The address as the sweep file gives it.</param>
/// <param name="Offset">The literal's first character in the network file's text.</param>
/// <param name="Length">The literal's length in characters.</param>
/// <param name="Kind">What the file holds there.</param>
/// <param name="Unit">A quantity's unit as written in the file ("mV", "kHz"); "" otherwise.</param>
/// <param name="Line">The literal's line (from 1), for messages.</param>
internal sealed record NetworkAddress(string Address, int Offset, int Length, NetworkValueKind Kind, string Unit, int Line)
{
    /// <summary>The forms an address takes, for messages.</summary>
    public const string Forms =
        "\"seed\", \"network.KEY\", \"output.KEY\", \"population.NAME.KEY\" (KEY may be params.P, init.V or input.KEY), \"poisson.NAME.KEY\", \"spikes.NAME.KEY\" or \"projection.N.KEY\" (N from 1, in file order)";

    private static readonly Regex QuantityForm = new(@"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$", RegexOptions.CultureInvariant);

    /// <summary>Finds the value <paramref name="address"/> names in a network file's text.</summary>
    /// <returns>The address, or the reason it names nothing that can be varied.</returns>
    public static (NetworkAddress? Found, string? Error) Resolve(string text, string address)
    {
        var document = SyntaxParser.Parse(text, "", validate: true);
        if (address == "seed") address = "network.seed";
        var dot = address.IndexOf('.');
        if (dot <= 0) return (null, $"an address of the form {Forms}");
        var section = address[..dot];
        var rest = address[(dot + 1)..];
        var tables = document.Tables.Where(t => Components(t.Name).SequenceEqual([section])).ToList();
        TableSyntaxBase? table;
        switch (section)
        {
            case "network" or "output":
                table = tables.FirstOrDefault(t => t.Kind == SyntaxKind.Table);
                if (table is null) return (null, $"a [{section}] table in the network file, which has none");
                break;
            case "population" or "poisson" or "spikes":
                var arrays = tables.Where(t => t.Kind == SyntaxKind.TableArray).ToList();
                var names = arrays.Select(t => (Table: t, Name: NameOf(t))).Where(t => t.Name is not null).ToList();
                var match = names.Where(t => rest.StartsWith(t.Name + ".", StringComparison.Ordinal))
                    .OrderByDescending(t => t.Name!.Length).FirstOrDefault();
                if (match.Table is null)
                {
                    var known = names.Count == 0 ? "none in the file" : string.Join(", ", names.Select(t => t.Name));
                    return (null, $"{section}.NAME.KEY with NAME a [[{section}]] of the network file ({known})");
                }
                table = match.Table;
                rest = rest[(match.Name!.Length + 1)..];
                break;
            case "projection":
                var projections = tables.Where(t => t.Kind == SyntaxKind.TableArray).ToList();
                var end = rest.IndexOf('.');
                if (end <= 0 || !int.TryParse(rest[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                    || n < 1 || n > projections.Count)
                {
                    return (null, $"projection.N.KEY with N from 1 to {projections.Count}, the [[projection]] tables in file order");
                }
                table = projections[n - 1];
                rest = rest[(end + 1)..];
                break;
            default:
                return (null, $"an address of the form {Forms}");
        }
        var path = rest.Split('.');
        if (path.Last() == "name") return (null, "a value other than a group's name, which names the table's columns");
        var value = Find(Items(table.Items), path);
        if (value is null)
        {
            var keys = string.Join(", ", Keys(Items(table.Items), []));
            return (null, $"a key written in that table of the network file ({keys})");
        }
        var offset = value.Span.Start.Offset;
        var length = value.Span.End.Offset - offset + 1;
        var line = value.Span.Start.Line + 1;
        return value switch
        {
            IntegerValueSyntax => (new NetworkAddress(address, offset, length, NetworkValueKind.Integer, "", line), null),
            FloatValueSyntax => (new NetworkAddress(address, offset, length, NetworkValueKind.Float, "", line), null),
            StringValueSyntax s when IsQuantity(s.Value) =>
                (new NetworkAddress(address, offset, length, NetworkValueKind.Quantity, QuantityForm.Match(s.Value!).Groups[2].Value, line), null),
            _ => (null, $"a number or a \"VALUE UNIT\" quantity; the file has {text.Substring(offset, length)} there"),
        };
    }

    /// <summary>"VALUE UNIT" or a bare number in a string; not a draw, a range or a word.</summary>
    private static bool IsQuantity(string? text) =>
        text is not null && QuantityForm.Match(text) is { Success: true } m && !m.Groups[2].Value.Contains('(')
        && !m.Groups[2].Value.Contains("..", StringComparison.Ordinal);

    /// <summary>The literal to write for <paramref name="value"/> (in <see cref="Unit"/> for a quantity).</summary>
    public string Literal(double value) => Kind switch
    {
        NetworkValueKind.Integer => ((long)value).ToString(CultureInfo.InvariantCulture),
        NetworkValueKind.Float => FloatLiteral(value),
        _ => "\"" + (Unit.Length == 0 ? Quantities.Format(value) : $"{Quantities.Format(value)} {Unit}") + "\"",
    };

    private static string FloatLiteral(double value)
    {
        var text = Quantities.Format(value);
        return text.IndexOfAny(['.', 'e', 'E']) >= 0 ? text : text + ".0";
    }

    /// <summary>The text with each address's literal replaced, every other character (and so every line) kept.</summary>
    public static string Apply(string text, IEnumerable<(NetworkAddress Address, string Literal)> changes)
    {
        var builder = new StringBuilder(text);
        foreach (var (address, literal) in changes.OrderByDescending(c => c.Address.Offset))
        {
            builder.Remove(address.Offset, address.Length).Insert(address.Offset, literal);
        }
        return builder.ToString();
    }

    private static ValueSyntax? Find(IEnumerable<(string[] Key, ValueSyntax? Value)> items, ReadOnlySpan<string> path)
    {
        foreach (var (key, value) in items)
        {
            if (key.Length > path.Length || !key.AsSpan().SequenceEqual(path[..key.Length])) continue;
            if (key.Length == path.Length) return value is null or InlineTableSyntax or ArraySyntax ? null : value;
            if (value is InlineTableSyntax inline)
            {
                var found = Find(Items(inline.Items.Select(i => i.KeyValue)), path[key.Length..]);
                if (found is not null) return found;
            }
        }
        return null;
    }

    private static IEnumerable<string> Keys(IEnumerable<(string[] Key, ValueSyntax? Value)> items, string[] prefix)
    {
        foreach (var (key, value) in items)
        {
            string[] full = [.. prefix, .. key];
            if (value is InlineTableSyntax inline)
            {
                foreach (var k in Keys(Items(inline.Items.Select(i => i.KeyValue)), full)) yield return k;
            }
            else if (full[^1] != "name"
                     && (value is IntegerValueSyntax or FloatValueSyntax || value is StringValueSyntax s && IsQuantity(s.Value)))
            {
                yield return string.Join('.', full);
            }
        }
    }

    private static IEnumerable<(string[] Key, ValueSyntax? Value)> Items(IEnumerable<KeyValueSyntax?> items) =>
        items.OfType<KeyValueSyntax>().Select(kv => (Components(kv.Key), kv.Value));

    private static string? NameOf(TableSyntaxBase table) =>
        table.Items.FirstOrDefault(kv => Components(kv.Key).SequenceEqual(["name"]))?.Value is StringValueSyntax s ? s.Value : null;

    private static string[] Components(KeySyntax? key) =>
        key is null ? [] : [Component(key.Key), .. key.DotKeys.Select(d => Component(d.Key))];

    private static string Component(BareKeyOrStringValueSyntax? key) => key switch
    {
        StringValueSyntax s => s.Value ?? "",
        null => "",
        _ => key.ToString()!.Trim(),
    };
}
