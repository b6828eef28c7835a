using System.Globalization;
using Dataflow.Contracts;

namespace Dataflow.Ingestion;

/// <summary>What a run fetches: symbols, the bar interval, and which bars.</summary>
public sealed record IngestionRequest(IReadOnlyList<string> Symbols, BarInterval Interval, IngestionWindow Window);

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

    public override string ToString() => LatestBars is { } n
        ? $"latest {n} bars"
        : $"{From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "earliest"} to {To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}
