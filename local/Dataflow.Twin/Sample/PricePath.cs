using Dataflow.Contracts;
using Dataflow.Twin.Calendar;

namespace Dataflow.Twin.Sample;

/// <summary>
/// A seeded geometric random walk per symbol on its trading calendar, anchored at a realistic level (its close on the
/// first session of 2024, the default window's start, <see cref="SampleAnchors"/>) and with its asset class's volatility.
/// Each session's return, open, range and volume come from values keyed by (seed, symbol, day) rather than from a
/// sequence, so the walk runs forwards and backwards from the anchor and a given day's bar is the same whatever window
/// is requested: daily runs over overlapping windows agree, as a real feed does.
/// </summary>
internal static class PricePath
{
    /// <summary>The first day a window may start (the walk runs back to it from the anchor).</summary>
    public static readonly DateOnly Epoch = new(2000, 1, 3);

    /// <summary>The walk's anchor: each symbol closes at its anchor level on its calendar's first session from this day.</summary>
    public static readonly DateOnly AnchorDay = new(2024, 1, 2);

    public static IEnumerable<SampleBar> Bars(int seed, SymbolReference symbol, DateOnly from, DateOnly to)
    {
        var anchor = SampleAnchors.For(seed, symbol);
        var calendar = TradingCalendar.For(symbol.Calendar);
        var sessions = calendar.TradingDays(from < AnchorDay ? from : AnchorDay, to > AnchorDay ? to : AnchorDay.AddDays(10)).ToArray();
        var anchorIndex = Array.FindIndex(sessions, d => d >= AnchorDay);

        // close[i] / close[i - 1] = exp(drift + volatility * z[i]), in both directions from the anchor.
        var closes = new double[sessions.Length];
        closes[anchorIndex] = anchor.Close;
        for (var i = anchorIndex + 1; i < sessions.Length; i++)
        {
            closes[i] = closes[i - 1] * Math.Exp(Step(seed, symbol.Symbol, sessions[i], anchor));
        }

        for (var i = anchorIndex - 1; i >= 0; i--)
        {
            closes[i] = closes[i + 1] / Math.Exp(Step(seed, symbol.Symbol, sessions[i + 1], anchor));
        }

        for (var i = 0; i < sessions.Length; i++)
        {
            var day = sessions[i];
            if (day < from || day > to)
            {
                continue;
            }

            var previous = i > 0 ? closes[i - 1] : closes[i] / Math.Exp(Step(seed, symbol.Symbol, day, anchor));
            var open = previous * Math.Exp(anchor.DailyVolatility * 0.25 * Gaussian(seed, symbol.Symbol, day, "open"));
            var close = closes[i];
            var high = Math.Max(open, close) * (1 + (anchor.DailyVolatility * 0.5 * StableRandom.UniformFor(seed, symbol.Symbol, day, "high")));
            var low = Math.Min(open, close) * (1 - (anchor.DailyVolatility * 0.5 * StableRandom.UniformFor(seed, symbol.Symbol, day, "low")));
            var volume = anchor.AverageVolume is { } average ? (long)(average * Math.Exp((0.35 * Gaussian(seed, symbol.Symbol, day, "volume")) - 0.06)) : (long?)null;
            yield return new SampleBar(day, Round(open, anchor), Round(high, anchor), Round(low, anchor), Round(close, anchor), volume);
        }
    }

    private static double Step(int seed, string symbol, DateOnly day, SampleAnchor anchor) =>
        anchor.Drift + (anchor.DailyVolatility * Gaussian(seed, symbol, day, "return"));

    /// <summary>A standard normal value keyed by (seed, symbol, day, purpose), by Box–Muller.</summary>
    private static double Gaussian(int seed, string symbol, DateOnly day, string purpose)
    {
        var u1 = 1.0 - StableRandom.UniformFor(seed, symbol, day, purpose + ".1");
        var u2 = StableRandom.UniformFor(seed, symbol, day, purpose + ".2");
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static decimal Round(double value, SampleAnchor anchor) => Math.Round((decimal)value, anchor.Decimals);
}
