using Dataflow.Twin.Ingest;
using Dataflow.Twin.Sample;

namespace Dataflow.Twin.Pipeline;

/// <summary>What <c>dataflow run</c> does: which source and symbols, which window, which lake folder, which sample seed.</summary>
public sealed record TwinRunOptions(string Lake, IReadOnlyList<string> Symbols, DateOnly From, DateOnly To, int Seed)
{
    public IngestSource Source { get; init; } = IngestSource.Sample;

    /// <summary>Twelve Data only: the plan's credits per minute; unset asks <c>/api_usage</c>.</summary>
    public int? CreditsPerMinute { get; init; }

    public const string DefaultLake = "lake";
    public static readonly DateOnly DefaultFrom = new(2024, 1, 1);
    public static readonly DateOnly DefaultTo = new(2025, 12, 31);

    public static TwinRunOptions Defaults { get; } = new(DefaultLake, [], DefaultFrom, DefaultTo, SampleTimeSeriesSource.DefaultSeed);

    public void Validate()
    {
        if (From > To)
        {
            throw new TwinException($"--from {From:yyyy-MM-dd} is after --to {To:yyyy-MM-dd}");
        }

        if (To > Calendar.TradingSessionsSeed.To)
        {
            throw new TwinException($"--to {To:yyyy-MM-dd} is after {Calendar.TradingSessionsSeed.To:yyyy-MM-dd}, the last day of the trading calendars " +
                "(sql/seeds/trading_sessions.csv): no rule could tell a stale symbol. Extend TradingSessionsSeed.To and regenerate the seed with " +
                "`dataflow calendar --out sql/seeds/trading_sessions.csv`");
        }

        if (From < Sample.PricePath.Epoch)
        {
            throw new TwinException($"--from {From:yyyy-MM-dd} is before the sample's first day {Sample.PricePath.Epoch:yyyy-MM-dd}");
        }
    }
}
