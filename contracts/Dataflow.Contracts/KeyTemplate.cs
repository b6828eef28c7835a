using System.Text;
using System.Text.RegularExpressions;

namespace Dataflow.Contracts;

/// <summary>
/// A key layout such as <c>a/b={x}/{y}.json</c>: renders values into it, and renders what lists and parses its keys
/// (static prefix, glob, one regex per field) so no engine spells the layout itself.
/// </summary>
public sealed partial record KeyTemplate(string Template)
{
    public IReadOnlyList<string> Placeholders { get; } =
        PlaceholderPattern().Matches(Template).Select(m => m.Groups["name"].Value).ToArray();

    /// <summary>The part before the first placeholder: what a listing, an IAM resource or an event filter can match on.</summary>
    public string StaticPrefix => Template.IndexOf('{', StringComparison.Ordinal) is var i and >= 0 ? Template[..i] : Template;

    /// <summary>The folders before the first placeholder, ending in '/' (empty when the first segment has one).</summary>
    public string FolderPrefix => StaticPrefix[..(StaticPrefix.LastIndexOf('/') + 1)];

    /// <summary>A glob matching every key of the layout: each run of adjacent placeholders becomes <c>*</c> (one segment).</summary>
    public string Glob => AdjacentPlaceholders().Replace(Template, "*");

    public string Render(IReadOnlyDictionary<string, string> values)
    {
        var missing = Placeholders.Where(p => !values.ContainsKey(p)).ToArray();
        if (missing.Length > 0)
        {
            throw new ContractException($"key template '{Template}' needs {string.Join(", ", missing)}");
        }

        return PlaceholderPattern().Replace(Template, m => values[m.Groups["name"].Value]);
    }

    /// <summary>
    /// An anchored regex matching a whole key, with exactly one capture group: the value of <paramref name="field"/>.
    /// Every placeholder matches its pattern; the regex uses only what Java (Spark) and RE2 (DuckDB) both accept.
    /// </summary>
    public string FieldRegex(string field, IReadOnlyDictionary<string, string> patterns) =>
        Placeholders.Contains(field)
            ? $"^{Pattern(patterns, (name, pattern) => name == field ? $"({pattern})" : $"(?:{pattern})")}$"
            : throw new ContractException($"key template '{Template}' has no {{{field}}}");

    /// <summary>
    /// The template as an unanchored regex: literal text escaped, each placeholder's pattern wrapped by
    /// <paramref name="group"/> (name, pattern) — a capture group, a named group or a non-capturing one.
    /// </summary>
    public string Pattern(IReadOnlyDictionary<string, string> patterns, Func<string, string, string> group)
    {
        var regex = new StringBuilder();
        var at = 0;
        foreach (Match m in PlaceholderPattern().Matches(Template))
        {
            regex.Append(Literal(Template[at..m.Index]));
            var name = m.Groups["name"].Value;
            regex.Append(group(name, patterns.TryGetValue(name, out var p) ? p : throw new ContractException($"no pattern for placeholder {{{name}}} of '{Template}'")));
            at = m.Index + m.Length;
        }

        return regex.Append(Literal(Template[at..])).ToString();
    }

    /// <summary>The format written after a placeholder's colon (<c>{started_utc:yyyyMMdd}</c>), or null.</summary>
    public string? FormatOf(string placeholder) =>
        PlaceholderPattern().Matches(Template).FirstOrDefault(m => m.Groups["name"].Value == placeholder) is { } m && m.Groups["format"].Success
            ? m.Groups["format"].Value
            : null;

    /// <summary>A backslash before a metacharacter makes it literal in both dialects; letters, digits, '/', '=', '-', '_' need nothing.</summary>
    private static string Literal(string text) =>
        string.Concat(text.Select(c => @".^$|?*+()[]{}\".Contains(c, StringComparison.Ordinal) ? $"\\{c}" : c.ToString()));

    [GeneratedRegex(@"\{(?<name>[a-z_]+)(:(?<format>[^}]*))?\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"(\{[a-z_]+(:[^}]*)?\})+")]
    private static partial Regex AdjacentPlaceholders();
}
