namespace Dataflow.Ingestion;

/// <summary>One symbol's bars to fetch: the inclusive date window and the Twelve Data interval.</summary>
public sealed record TimeSeriesRequest(string Symbol, string Interval, DateOnly From, DateOnly To)
{
    public IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string>
    {
        ["symbol"] = Symbol,
        ["interval"] = Interval,
        ["start_date"] = From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["end_date"] = To.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };
}
