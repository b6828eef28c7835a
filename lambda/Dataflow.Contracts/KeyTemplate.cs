using System.Text.RegularExpressions;

namespace Dataflow.Contracts;

/// <summary>A key layout such as <c>a/b={x}/{y}.json</c>: renders values into it and exposes its static prefix.</summary>
public sealed partial record KeyTemplate(string Template)
{
    public IReadOnlyList<string> Placeholders { get; } =
        PlaceholderPattern().Matches(Template).Select(m => m.Groups["name"].Value).ToArray();

    /// <summary>The part before the first placeholder: what a listing, an IAM resource or an event filter can match on.</summary>
    public string StaticPrefix => Template.IndexOf('{', StringComparison.Ordinal) is var i and >= 0 ? Template[..i] : Template;

    public string Render(IReadOnlyDictionary<string, string> values)
    {
        var missing = Placeholders.Where(p => !values.ContainsKey(p)).ToArray();
        if (missing.Length > 0)
        {
            throw new ContractException($"key template '{Template}' needs {string.Join(", ", missing)}");
        }

        return PlaceholderPattern().Replace(Template, m => values[m.Groups["name"].Value]);
    }

    [GeneratedRegex(@"\{(?<name>[a-z_]+)(:[^}]*)?\}")]
    private static partial Regex PlaceholderPattern();
}
