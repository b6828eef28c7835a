using Dataflow.Contracts;
using Dataflow.Twin.Calendar;

namespace Dataflow.Twin.Sample;

/// <summary>
/// A seeded geometric random walk per symbol, started at a fixed epoch and stepped on the symbol's trading calendar, so a
/// given day's bar is the same whatever window is requested.
/// </summary>
internal static class PricePath
{
    public static readonly DateOnly Epoch = new(2000, 1, 3);

    public static IEnumerable<SampleBar> Bars(int seed, SymbolReference symbol, DateOnly from, DateOnly to)
    {
        var profile = Profile.For(symbol.AssetType);
        var rng = StableRandom.For(seed, symbol.Symbol);
        var close = profile.StartPrice(rng.NextDouble());
        var baseVolume = profile.HasVolume ? 1_000_000 + (long)(rng.NextDouble() * 60_000_000) : 0;
        var calendar = TradingCalendar.For(symbol.Calendar);

        foreach (var day in calendar.TradingDays(Epoch, to))
        {
            var open = close * Math.Exp(profile.DailyVolatility * 0.25 * rng.NextGaussian());
            close = open * Math.Exp(profile.Drift + (profile.DailyVolatility * rng.NextGaussian()));
            var high = Math.Max(open, close) * (1 + (profile.DailyVolatility * 0.5 * rng.NextDouble()));
            var low = Math.Min(open, close) * (1 - (profile.DailyVolatility * 0.5 * rng.NextDouble()));
            var volume = profile.HasVolume ? (long)(baseVolume * Math.Exp(0.35 * rng.NextGaussian())) : (long?)null;
            if (day >= from)
            {
                yield return new SampleBar(day, Round(open, profile), Round(high, profile), Round(low, profile), Round(close, profile), volume);
            }
        }
    }

    private static decimal Round(double value, Profile profile) => Math.Round((decimal)value, profile.Decimals);

    private sealed record Profile(double MinStart, double MaxStart, double DailyVolatility, double Drift, bool HasVolume, int Decimals)
    {
        public double StartPrice(double u) => MinStart + ((MaxStart - MinStart) * u);

        /// <summary>Twelve Data sends no volume for currency pairs and for crypto pairs on most venues.</summary>
        public static Profile For(string assetType) => assetType switch
        {
            "Physical Currency" => new Profile(0.9, 1.4, 0.005, 0.0, HasVolume: false, Decimals: 5),
            "Digital Currency" => new Profile(3_000, 9_000, 0.035, 0.0012, HasVolume: false, Decimals: 2),
            "ETF" => new Profile(40, 160, 0.011, 0.0002, HasVolume: true, Decimals: 5),
            _ => new Profile(15, 120, 0.019, 0.0002, HasVolume: true, Decimals: 5),
        };
    }
}
