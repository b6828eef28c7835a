using System.Globalization;
using Dataflow.Contracts;

namespace Dataflow.Ingestion;

/// <summary>What a run fetches: symbols, the bar interval, and which bars.</summary>
public sealed record IngestionRequest(IReadOnlyList<string> Symbols, BarInterval Interval, IngestionWindow Window)
{
    /// <summary>Symbols whose backfill an earlier run left unfinished: their paging continues from there, page 1 is not asked again.</summary>
    public IReadOnlyDictionary<string, PageResume> ContinueFrom { get; init; } = new Dictionary<string, PageResume>(StringComparer.Ordinal);
}

/// <summary>
/// Which bars to fetch. <see cref="Latest"/> is the scheduled incremental run: the newest bars again, so a bar still
/// forming at the last run is overwritten. <see cref="Between"/> is a date window; with no start it is a backfill that
/// pages back to the instrument's earliest bar.
/// </summary>
public sealed record IngestionWindow(int? LatestBars, DateOnly? From, DateOnly? To)
{
    public static IngestionWindow Latest(int bars) =>
        bars is >= 1 and <= 5000 ? new(bars, null, null) : throw new ArgumentOutOfRangeException(nameof(bars), bars, "1 to 5000 bars");

    public static IngestionWindow Between(DateOnly? from, DateOnly to) =>
        from is { } f && f > to ? throw new ArgumentException($"window start {f:yyyy-MM-dd} is after its end {to:yyyy-MM-dd}", nameof(from)) : new(null, from, to);

    public bool IsBackfill => LatestBars is null && From is null;

    /// <summary>Reads what <see cref="ToString"/> wrote (a manifest's window), so a continuation asks for the same bars.</summary>
    public static IngestionWindow Parse(string text)
    {
        static DateOnly Date(string value, string whole) =>
            DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d
                : throw new FormatException($"window '{whole}': '{value}' is not a yyyy-MM-dd date");

        var latest = System.Text.RegularExpressions.Regex.Match(text, "^latest ([0-9]{1,4}) bars$");
        if (latest.Success)
        {
            return Latest(int.Parse(latest.Groups[1].Value, CultureInfo.InvariantCulture));
        }

        var parts = text.Split(" to ");
        return parts.Length == 2
            ? Between(parts[0] == "earliest" ? null : Date(parts[0], text), Date(parts[1], text))
            : throw new FormatException($"'{text}' is not a window ('latest N bars' or 'FROM to TO')");
    }

    public override string ToString() => LatestBars is { } n
        ? $"latest {n} bars"
        : $"{From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "earliest"} to {To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}
