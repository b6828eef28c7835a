namespace Dataflow.Twin.Ingest;

/// <summary>
/// One raw object as its run manifest describes it: where it is, which run wrote it, the symbol and interval it was
/// requested and stored under, and the run's as-of date in the symbol's exchange time zone (bars after it are from the
/// future).
/// </summary>
public sealed record RawObject(string Key, string RunId, DateOnly IngestDate, string Symbol, string Interval, DateOnly AsOfDate)
{
    public (string Symbol, string Interval) Owner => (Symbol, Interval);
}
