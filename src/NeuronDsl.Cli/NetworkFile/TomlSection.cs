using System.Globalization;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Serialization;

namespace NeuronDsl.Cli;

/// <summary>
/// One table of a network file, read key by key: every value is checked for its type, every error names the file,
/// the line of the key (from Tomlyn's source spans), the section, the key, the value and what was expected, and keys
/// the reader never asked for are errors, so that a typo is never silently ignored.
/// </summary>
internal sealed class TomlSection
{
    private readonly TomlTable table;
    private readonly TomlMetadataStore store;
    private readonly HashSet<string> read = new(StringComparer.Ordinal);

    private TomlSection(string file, string name, TomlTable table, TomlMetadataStore store, int line)
    {
        File = file;
        Name = name;
        this.table = table;
        this.store = store;
        Line = line;
    }

    /// <summary>The file's path as given.</summary>
    public string File { get; }

    /// <summary>How messages name the section: "[network]", "[[population]] 2" (from 1), "[[projection]] 1 weight".</summary>
    public string Name { get; }

    /// <summary>The line where the section starts (0 when unknown).</summary>
    public int Line { get; }

    /// <summary>Parses a TOML document; duplicate keys are errors (TOML forbids them).</summary>
    /// <exception cref="UsageException">Not TOML: the parser's first diagnostic, with file, line and column.</exception>
    public static TomlSection Parse(string file, string text)
    {
        var store = new TomlMetadataStore();
        var options = new TomlSerializerOptions
        {
            SourceName = file, MetadataStore = store, DuplicateKeyHandling = TomlDuplicateKeyHandling.Error,
        };
        try
        {
            // The deserializer lets the last of two equal keys win whatever DuplicateKeyHandling says; the syntax
            // parser's semantic validation refuses them, with the key and its line.
            Tomlyn.Parsing.SyntaxParser.ParseStrict(text, file, validate: true);
            return new TomlSection(file, "top level", TomlSerializer.Deserialize<TomlTable>(text, options)!, store, 1);
        }
        catch (TomlException e)
        {
            var first = e.Message.Split('\n')[0].Trim();
            throw new UsageException($"{file}: not valid TOML: {first}");
        }
    }

    /// <summary>The line of a key of this table (1-based), or the section's line when the key is missing.</summary>
    public int LineOf(string key) =>
        store.TryGetProperties(table, out var metadata) && metadata is not null
        && metadata.TryGetProperty(key, out var property) && property is not null
            ? property.Span.Start.Line + 1
            : Line;

    /// <summary>An error at a key: "FILE:LINE: [section] key = VALUE: expected ...".</summary>
    public UsageException Error(string key, object? value, string expected) =>
        new($"{File}:{LineOf(key)}: {Name} {key}{(value is null ? "" : $" = {Show(value)}")}: expected {expected}");

    /// <summary>An error about the section as a whole.</summary>
    public UsageException Error(string message) => new($"{File}:{Line}: {Name}: {message}");

    private static string Show(object value) => value switch
    {
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        TomlTable => "{ ... }",
        TomlArray a => $"[{string.Join(", ", a.Select(x => x is null ? "" : Show(x)))}]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    public bool Has(string key) => table.ContainsKey(key);

    /// <summary>A value of any type, marked as read; an error when required and absent.</summary>
    public object? Raw(string key, string expected, bool required = true)
    {
        read.Add(key);
        if (table.TryGetValue(key, out var value)) return value;
        return required ? throw Error($"{key} is missing; expected {expected}") : null;
    }

    /// <summary>A string value; null when optional and absent.</summary>
    public string? String(string key, string expected, bool required = true) =>
        Raw(key, expected, required) switch
        {
            null => null,
            string s => s,
            var other => throw Error(key, other, expected),
        };

    /// <summary>A whole number (TOML integer) in [min, max]; null when optional and absent.</summary>
    public long? Integer(string key, long min, long max, string expected, bool required = true)
    {
        var value = Raw(key, expected, required);
        if (value is null) return null;
        if (value is not long n || n < min || n > max) throw Error(key, value, expected);
        return n;
    }

    /// <summary>A TOML number (integer or float) as a double; null when optional and absent.</summary>
    public double? Number(string key, string expected, bool required = true) =>
        Raw(key, expected, required) switch
        {
            null => null,
            long n => n,
            double d => d,
            var other => throw Error(key, other, expected),
        };

    public bool? Boolean(string key, string expected, bool required = true) =>
        Raw(key, expected, required) switch
        {
            null => null,
            bool b => b,
            var other => throw Error(key, other, expected),
        };

    /// <summary>A quantity "VALUE UNIT" converted into <paramref name="unit"/> by the CLI's <see cref="Quantities"/>.</summary>
    public double? Quantity(string key, string unit, string expected, bool required = true)
    {
        var text = String(key, expected, required);
        if (text is null) return null;
        return Within(key, () => Quantities.Parse(text, unit, ""));
    }

    /// <summary>Runs a parse of a key's value; a usage error it throws is reported at the key's line.</summary>
    public T Within<T>(string key, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (UsageException e)
        {
            var message = e.Message.StartsWith(": ", StringComparison.Ordinal) ? e.Message[2..] : e.Message;
            throw new UsageException($"{File}:{LineOf(key)}: {Name} {key}: {message}");
        }
    }

    /// <summary>A sub-table (TOML table or inline table) of NAME = "VALUE" strings, in file order; empty when absent.</summary>
    public IReadOnlyList<(string Name, string Value, int Line)> Strings(string key, string expected)
    {
        var value = Raw(key, expected, required: false);
        if (value is null) return [];
        if (value is not TomlTable sub) throw Error(key, value, expected);
        var section = new TomlSection(File, $"{Name} {key}", sub, store, LineOf(key));
        return sub.Keys.Select(name => (name, section.String(name, expected)!, section.LineOf(name))).ToList();
    }

    /// <summary>An array value; null when optional and absent.</summary>
    public TomlArray? Array(string key, string expected, bool required = true) =>
        Raw(key, expected, required) switch
        {
            null => null,
            TomlArray a => a,
            var other => throw Error(key, other, expected),
        };

    /// <summary>A [table]; null when absent and optional.</summary>
    public TomlSection? Table(string key, bool required)
    {
        var value = Raw(key, $"a [{key}] table", required);
        if (value is null) return null;
        if (value is not TomlTable sub) throw Error(key, value, $"a [{key}] table");
        return new TomlSection(File, $"[{key}]", sub, store, LineOf(key));
    }

    /// <summary>A key's table value (inline or not), named after this section and the key; null when absent.</summary>
    public TomlSection? SubTable(string key, string expected)
    {
        var value = Raw(key, expected, required: false);
        if (value is null) return null;
        if (value is not TomlTable sub) throw Error(key, value, expected);
        return new TomlSection(File, $"{Name} {key}", sub, store, LineOf(key));
    }

    /// <summary>The tables of an [[array]] of tables; empty when absent.</summary>
    public IReadOnlyList<TomlSection> Tables(string key)
    {
        var value = Raw(key, $"[[{key}]] tables", required: false);
        if (value is null) return [];
        if (value is not TomlTableArray tables) throw Error(key, value, $"[[{key}]] tables, one per {key}");
        return tables.Select((t, k) =>
        {
            var section = new TomlSection(File, $"[[{key}]] {k + 1}", t, store, LineOf(key));
            var lines = t.Keys.Select(section.LineOf).ToList();
            return lines.Count == 0 ? section : new TomlSection(File, section.Name, t, store, lines.Min());
        }).ToList();
    }

    /// <summary>Refuses keys nobody read: a typo or a key of another section.</summary>
    public void RefuseUnknownKeys()
    {
        foreach (var key in table.Keys.Where(k => !read.Contains(k)))
        {
            var known = string.Join(", ", read.Order(StringComparer.Ordinal));
            throw new UsageException($"{File}:{LineOf(key)}: {Name}: unknown key '{key}'; expected one of: {known}");
        }
    }
}
