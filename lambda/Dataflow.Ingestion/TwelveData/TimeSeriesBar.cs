namespace Dataflow.Ingestion.TwelveData;

/// <summary>
/// One parsed bar. Daily and longer bars carry a trading date only (never an instant); intraday bars carry the bar's
/// open in UTC (the client asks for <c>timezone=UTC</c>). A value that is not a number is kept as a problem, not thrown.
/// </summary>
public sealed record TimeSeriesBar(
    string Datetime,
    DateOnly? Date,
    DateTime? OpenTimeUtc,
    decimal? Open,
    decimal? High,
    decimal? Low,
    decimal? Close,
    decimal? Volume,
    bool VolumePresent,
    IReadOnlyList<string> Problems)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>The meta block: every field is optional because the set differs by asset class.</summary>
public sealed record TimeSeriesMeta(
    string? Symbol,
    string? Interval,
    string? Currency,
    string? CurrencyBase,
    string? CurrencyQuote,
    string? ExchangeTimezone,
    string? Exchange,
    string? MicCode,
    string? Type);
