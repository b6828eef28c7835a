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
    public string FieldRegex(string field, IReadOnlyDictionary<string, string> patterns)
    {
        if (!Placeholders.Contains(field))
        {
            throw new ContractException($"key template '{Template}' has no {{{field}}}");
        }

        var regex = new StringBuilder("^");
        var at = 0;
        foreach (Match m in PlaceholderPattern().Matches(Template))
        {
            regex.Append(Literal(Template[at..m.Index]));
            var name = m.Groups["name"].Value;
            var pattern = patterns.TryGetValue(name, out var p) ? p : throw new ContractException($"no pattern for placeholder {{{name}}} of '{Template}'");
            regex.Append(name == field ? $"({pattern})" : $"(?:{pattern})");
            at = m.Index + m.Length;
        }

        return regex.Append(Literal(Template[at..])).Append('$').ToString();
    }

    /// <summary>The format written after a placeholder's colon (<c>{started_utc:yyyyMMdd}</c>), or null.</summary>
    public string? FormatOf(string placeholder) =>
        PlaceholderPattern().Matches(Template).FirstOrDefault(m => m.Groups["name"].Value == placeholder) is { } m && m.Groups["format"].Success
            ? m.Groups["format"].Value
            : null;

    private static string Literal(string text)
    {
        var escaped = new StringBuilder();
        foreach (var c in text)
        {
            // Inside a class, metacharacters are literal in both dialects; letters, digits, '/', '=', '-', '_' need nothing.
            escaped.Append(@".^$|?*+()[]{}\".Contains(c, StringComparison.Ordinal) ? $"[{(c == '\\' || c == ']' || c == '^' ? "\\" : "")}{c}]" : c.ToString());
        }

        return escaped.ToString();
    }

    [GeneratedRegex(@"\{(?<name>[a-z_]+)(:(?<format>[^}]*))?\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"(\{[a-z_]+(:[^}]*)?\})+")]
    private static partial Regex AdjacentPlaceholders();
}
