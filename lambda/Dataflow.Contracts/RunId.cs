using System.Globalization;
using System.Text.RegularExpressions;

namespace Dataflow.Contracts;

/// <summary>
/// A run's identity: <c>yyyyMMddTHHmmssZ-source</c>. Ordinal order of run ids is start-time order, which is what
/// "latest ingestion wins" compares in SQL.
/// </summary>
public sealed partial record RunId
{
    private RunId(string value, DateTimeOffset startedUtc, string source)
    {
        Value = value;
        StartedUtc = startedUtc;
        Source = source;
    }

    public string Value { get; }
    public DateTimeOffset StartedUtc { get; }
    public string Source { get; }
    public DateOnly IngestDate => DateOnly.FromDateTime(StartedUtc.UtcDateTime);

    public static RunId Create(DateTimeOffset started, string source)
    {
        if (!SourcePattern().IsMatch(source))
        {
            throw new ArgumentException($"run source '{source}' must be lowercase letters, digits and dashes", nameof(source));
        }

        var utc = started.ToUniversalTime();
        utc = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, utc.Second, TimeSpan.Zero);
        return new RunId($"{utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}-{source}", utc, source);
    }

    public static RunId Parse(string value)
    {
        var m = RunIdPattern().Match(value);
        if (!m.Success)
        {
            throw new FormatException($"'{value}' is not a run id (expected yyyyMMddTHHmmssZ-source)");
        }

        var started = DateTimeOffset.ParseExact(m.Groups["ts"].Value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        return new RunId(value, started, m.Groups["source"].Value);
    }

    public override string ToString() => Value;

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SourcePattern();

    [GeneratedRegex(@"^(?<ts>\d{8}T\d{6}Z)-(?<source>[a-z0-9]+(-[a-z0-9]+)*)$")]
    private static partial Regex RunIdPattern();
}
