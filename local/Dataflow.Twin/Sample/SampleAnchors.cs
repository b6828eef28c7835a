using Dataflow.Contracts;

namespace Dataflow.Twin.Sample;

/// <summary>Where a sample symbol's walk is anchored and how it moves: level, daily volatility, drift, volume, precision.</summary>
internal sealed record SampleAnchor(double Close, double DailyVolatility, double Drift, long? AverageVolume, int Decimals);

/// <summary>
/// Realistic levels for the sample universe (approximate closes and average daily volumes around the first session of
/// 2024, split-adjusted), and each asset class's daily volatility: crypto about 3 %, single stocks 1.7 %, ETFs 1 %, FX
/// 0.5 %. A symbol not listed (a benchmark's synthetic universe) gets a level drawn from its asset class's range.
/// Twelve Data sends no volume for currency pairs and for crypto pairs on most venues, and neither does the sample.
/// </summary>
internal static class SampleAnchors
{
    private static readonly Dictionary<string, (double Close, long? Volume)> Known = new(StringComparer.Ordinal)
    {
        ["AAPL"] = (185.6, 58_000_000),
        ["MSFT"] = (370.9, 25_000_000),
        ["NVDA"] = (48.2, 410_000_000),
        ["AMZN"] = (149.9, 45_000_000),
        ["JPM"] = (170.3, 9_500_000),
        ["XOM"] = (102.5, 17_000_000),
        ["JNJ"] = (156.0, 7_000_000),
        ["SPY"] = (472.7, 75_000_000),
        ["QQQ"] = (402.0, 45_000_000),
        ["TLT"] = (98.1, 38_000_000),
        ["GLD"] = (190.3, 8_000_000),
        ["EUR/USD"] = (1.0940, null),
        ["BTC/USD"] = (45_000, null),
    };

    public static SampleAnchor For(int seed, SymbolReference symbol)
    {
        var (volatility, drift, decimals, low, high, hasVolume) = symbol.AssetType switch
        {
            "Physical Currency" => (0.005, 0.0, 5, 0.6, 1.6, false),
            "Digital Currency" => (0.030, 0.0005, 2, 50.0, 60_000.0, false),
            "ETF" => (0.010, 0.0003, 5, 40.0, 500.0, true),
            _ => (0.017, 0.0004, 5, 15.0, 400.0, true),
        };
        if (Known.TryGetValue(symbol.Symbol, out var known))
        {
            return new SampleAnchor(known.Close, volatility, drift, known.Volume, decimals);
        }

        var u = StableRandom.UniformFor(seed, symbol.Symbol, PricePath.AnchorDay, "anchor");
        var close = low * Math.Pow(high / low, u);
        var volume = hasVolume ? 1_000_000 + (long)(StableRandom.UniformFor(seed, symbol.Symbol, PricePath.AnchorDay, "volume") * 60_000_000) : (long?)null;
        return new SampleAnchor(close, volatility, drift, volume, decimals);
    }
}
