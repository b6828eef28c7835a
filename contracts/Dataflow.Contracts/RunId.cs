using System.Globalization;
using System.Text.RegularExpressions;

namespace Dataflow.Contracts;

/// <summary>
/// A run's identity, in the form lake.yaml's <c>run_id</c> declares. Ordinal order of run ids is start-time order,
/// which is what "latest ingestion wins" compares in SQL.
/// </summary>
public sealed record RunId(string Value, DateTimeOffset StartedUtc, string Source)
{
    public DateOnly IngestDate => DateOnly.FromDateTime(StartedUtc.UtcDateTime);

    public override string ToString() => Value;
}

/// <summary>Makes and reads run ids by lake.yaml's <c>run_id</c> template (<c>{started_utc:FORMAT}</c>, <c>{source}</c>).</summary>
public sealed partial class RunIdFormat
{
    private const string Started = "started_utc";
    private const string SourceField = "source";

    private readonly KeyTemplate _template;
    private readonly string _format;
    private readonly Regex _parser;

    public RunIdFormat(KeyTemplate template, string sourcePattern)
    {
        _template = template;
        _format = template.FormatOf(Started) ?? throw new ContractException($"run_id '{template.Template}' needs {{{Started}:FORMAT}}");
        if (!template.Placeholders.Contains(SourceField))
        {
            throw new ContractException($"run_id '{template.Template}' needs {{{SourceField}}}");
        }

        SourcePattern = sourcePattern;
        var patterns = new Dictionary<string, string> { [Started] = FormatPattern(_format), [SourceField] = sourcePattern };
        Pattern = template.Pattern(patterns, (_, pattern) => $"(?:{pattern})");
        _parser = new Regex($"^{template.Pattern(patterns, (name, pattern) => $"(?<{name}>{pattern})")}$", RegexOptions.CultureInvariant);
    }

    /// <summary>What a run id's source may be: lowercase words joined by dashes.</summary>
    public string SourcePattern { get; }

    /// <summary>A portable regex (no anchors, no capture group) matching any run id: the {run_id} placeholder of key layouts.</summary>
    public string Pattern { get; }

    public RunId Create(DateTimeOffset started, string source)
    {
        if (!Regex.IsMatch(source, $"^(?:{SourcePattern})$"))
        {
            throw new ArgumentException($"run source '{source}' must be lowercase letters, digits and dashes", nameof(source));
        }

        var utc = started.ToUniversalTime();
        utc = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, utc.Second, TimeSpan.Zero);
        var value = _template.Render(new Dictionary<string, string>
        {
            [Started] = utc.ToString(_format, CultureInfo.InvariantCulture),
            [SourceField] = source,
        });
        return new RunId(value, utc, source);
    }

    public RunId Parse(string value)
    {
        var m = _parser.Match(value);
        if (!m.Success || !DateTimeOffset.TryParseExact(m.Groups[Started].Value, _format, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var started))
        {
            throw new FormatException($"'{value}' is not a run id of the form {_template.Template}");
        }

        return new RunId(value, started, m.Groups[SourceField].Value);
    }

    /// <summary>A regex for the digits and literals of a custom date format such as <c>yyyyMMdd'T'HHmmss'Z'</c>.</summary>
    private static string FormatPattern(string format) =>
        string.Concat(FormatToken().Matches(format).Select(t => t.Value switch
        {
            ['\'', .. var quoted, '\''] => Regex.Escape(quoted),
            var letters when char.IsLetter(letters[0]) => $"[0-9]{{{letters.Length}}}",
            var other => Regex.Escape(other),
        }));

    [GeneratedRegex(@"'[^']*'|([a-zA-Z])\1*|.")]
    private static partial Regex FormatToken();
}
