using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Dataflow.Contracts;

/// <summary>
/// A run's identity, in the form lake.yaml's <c>run_id</c> declares. Ordinal order of run ids is start-time order,
/// which is what "latest ingestion wins" compares in SQL.
/// </summary>
public sealed record RunId(string Value, DateTimeOffset StartedUtc, string Source)
{
    public DateOnly IngestDate => DateOnly.FromDateTime(StartedUtc.UtcDateTime);

    /// <summary>What tells runs of one millisecond apart (null for ids written before suffixes).</summary>
    public string? Suffix { get; init; }

    public override string ToString() => Value;
}

/// <summary>
/// Makes and reads run ids by lake.yaml's <c>run_id</c> template (<c>{started_utc:FORMAT}</c>, <c>{source}</c>,
/// <c>{suffix}</c>). Ids of the <c>run_id_legacy</c> templates, written by earlier versions, are still read.
/// </summary>
public sealed partial class RunIdFormat
{
    private const string Started = "started_utc";
    private const string SourceField = "source";
    private const string SuffixField = "suffix";
    private const string SuffixAlphabet = "abcdefghijklmnopqrstuvwxyz234567";

    private readonly KeyTemplate _template;
    private readonly string _format;
    private readonly (KeyTemplate Template, string Format, Regex Parser)[] _readable;

    public RunIdFormat(KeyTemplate template, IReadOnlyList<KeyTemplate> legacy, string sourcePattern, string suffixPattern)
    {
        _template = template;
        _format = FormatOf(template);
        if (!template.Placeholders.Contains(SuffixField))
        {
            throw new ContractException($"run_id '{template.Template}' needs {{{SuffixField}}}: ids of one second must not collide");
        }

        SourcePattern = sourcePattern;
        SuffixPattern = suffixPattern;
        var forms = legacy.Prepend(template).Select(t =>
        {
            var format = FormatOf(t);
            var patterns = new Dictionary<string, string> { [Started] = FormatPattern(format), [SourceField] = sourcePattern, [SuffixField] = suffixPattern };
            return (Template: t, Format: format, Patterns: patterns);
        }).ToArray();
        _readable = forms.Select(f => (f.Template, f.Format,
            new Regex($"^{f.Template.Pattern(f.Patterns, (name, pattern) => $"(?<{name}>{pattern})")}$", RegexOptions.CultureInvariant))).ToArray();
        var any = string.Join("|", forms.Select(f => f.Template.Pattern(f.Patterns, (_, pattern) => $"(?:{pattern})")));
        Pattern = forms.Length == 1 ? any : $"(?:{any})";
    }

    /// <summary>What a run id's source may be: lowercase words joined by dashes.</summary>
    public string SourcePattern { get; }

    /// <summary>What a run id's suffix may be: lowercase letters and digits.</summary>
    public string SuffixPattern { get; }

    /// <summary>A portable regex (no anchors, no capture group) matching any run id: the {run_id} placeholder of key layouts.</summary>
    public string Pattern { get; }

    /// <summary>A fresh run id: <paramref name="started"/> and a random suffix, so two runs of one millisecond differ too.</summary>
    public RunId Create(DateTimeOffset started, string source) => Create(started, source, RandomSuffix());

    /// <summary>
    /// A run id with a chosen suffix: a scheduled run's (the same on every retry of one schedule), or one derived from
    /// what a deterministic run fetches (<see cref="DerivedSuffix"/>).
    /// </summary>
    public RunId Create(DateTimeOffset started, string source, string suffix)
    {
        if (!Regex.IsMatch(source, $"^(?:{SourcePattern})$"))
        {
            throw new ArgumentException($"run source '{source}' must be lowercase letters, digits and dashes", nameof(source));
        }

        if (!Regex.IsMatch(suffix, $"^(?:{SuffixPattern})$"))
        {
            throw new ArgumentException($"run id suffix '{suffix}' must match {SuffixPattern}", nameof(suffix));
        }

        var utc = started.ToUniversalTime();
        utc = new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        var value = _template.Render(new Dictionary<string, string>
        {
            [Started] = utc.ToString(_format, CultureInfo.InvariantCulture),
            [SourceField] = source,
            [SuffixField] = suffix,
        });
        return new RunId(value, utc, source) { Suffix = suffix };
    }

    public RunId Parse(string value)
    {
        foreach (var (_, format, parser) in _readable)
        {
            if (parser.Match(value) is { Success: true } m && DateTimeOffset.TryParseExact(m.Groups[Started].Value, format, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var started))
            {
                return new RunId(value, started, m.Groups[SourceField].Value) { Suffix = m.Groups[SuffixField] is { Success: true } g ? g.Value : null };
            }
        }

        throw new FormatException($"'{value}' is not a run id of the form {_template.Template}");
    }

    /// <summary>Eight random characters of base32 (40 bits).</summary>
    public static string RandomSuffix() => Encode(RandomNumberGenerator.GetBytes(5));

    /// <summary>Eight characters of base32 of a SHA-256 of <paramref name="what"/>: the same run described twice gets one id.</summary>
    public static string DerivedSuffix(string what) => Encode(SHA256.HashData(Encoding.UTF8.GetBytes(what))[..5]);

    private static string Encode(byte[] fiveBytes)
    {
        var bits = fiveBytes.Aggregate(0UL, (acc, b) => (acc << 8) | b);
        return string.Concat(Enumerable.Range(0, 8).Select(i => SuffixAlphabet[(int)((bits >> (35 - 5 * i)) & 31)]));
    }

    private static string FormatOf(KeyTemplate template)
    {
        var format = template.FormatOf(Started) ?? throw new ContractException($"run_id '{template.Template}' needs {{{Started}:FORMAT}}");
        return template.Placeholders.Contains(SourceField) ? format : throw new ContractException($"run_id '{template.Template}' needs {{{SourceField}}}");
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
