using Dataflow.Contracts.Testing;
using System.Globalization;
using Dataflow.Contracts;
using Dataflow.Twin.Etl;
using Dataflow.Twin.Pipeline;
using Dataflow.Twin.Query;

namespace Dataflow.Twin.Tests;

/// <summary>
/// The views of sql/athena/views on the twin's curated output, against values this test computes in C# from the
/// curated daily bars alone.
/// </summary>
public sealed class AthenaViewsTests
{
    private string _lake = "";
    private DuckDbSession _db = null!;
    private Dictionary<string, List<Bar>> _bars = [];

    private sealed record Bar(string Symbol, string? Sector, DateOnly Date, double Close, double? Volume, double? ReturnPct, double? LogReturn);

    [OneTimeSetUp]
    public async Task Publish()
    {
        _lake = Directory.CreateTempSubdirectory("dataflow-athena-").FullName;
        var paths = TestRepository.Paths(_lake);
        await new TwinPipeline(paths, SilentObserver.Instance).RunAsync(TwinRunOptions.Defaults with { Lake = _lake }, CancellationToken.None);
        _db = new DuckDbSession();
        CuratedCatalog.Register(_db, paths, CuratedSchema.Load(Checkout.Contracts));
        _bars = _db.Query("select symbol, sector, bar_date, cast(close as double), cast(volume as double), return_pct, log_return from daily_bars order by symbol, bar_date", "bars")
            .Rows.Select(r => new Bar((string)r[0]!, (string?)r[1], (DateOnly)r[2]!, (double)r[3]!, (double?)r[4], (double?)r[5], (double?)r[6]))
            .GroupBy(b => b.Symbol).ToDictionary(g => g.Key, g => g.ToList());
    }

    [OneTimeTearDown]
    public void Clean()
    {
        _db.Dispose();
        Directory.Delete(_lake, recursive: true);
    }

    private Dictionary<DateOnly, object?[]> Daily(string symbol, params string[] columns) =>
        _db.Query($"select bar_date, {string.Join(", ", columns)} from daily_metrics where symbol = '{symbol}'", "daily_metrics")
            .Rows.ToDictionary(r => (DateOnly)r[0]!, r => r[1..]);

    /// <summary>
    /// Sessions a year of a symbol's calendar, counted here from the seed itself: the mean of its complete years (the
    /// seed's first and last year left out), rounded.
    /// </summary>
    private static int SessionsPerYear(string symbol)
    {
        var calendar = Checkout.Universe.Symbols.Single(s => s.Symbol == symbol).Calendar;
        var years = File.ReadLines(Checkout.Contracts.TradingSessions).Skip(1).Select(l => l.Split(','))
            .Where(f => f[0] == calendar).GroupBy(f => f[1][..4]).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Count()).ToArray();
        return (int)Math.Round(years[1..^1].Average(), MidpointRounding.AwayFromZero);
    }

    /// <summary>Sessions of the symbol's calendar after <paramref name="from"/> up to and including <paramref name="to"/>.</summary>
    private static int SessionsBetween(string symbol, DateOnly from, DateOnly to)
    {
        var calendar = Checkout.Universe.Symbols.Single(s => s.Symbol == symbol).Calendar;
        return File.ReadLines(Checkout.Contracts.TradingSessions).Skip(1).Select(l => l.Split(','))
            .Count(f => f[0] == calendar && DateOnly.ParseExact(f[1], "yyyy-MM-dd", CultureInfo.InvariantCulture) is var d && d > from && d <= to);
    }

    private static double SampleStd(double[] xs)
    {
        var mean = xs.Average();
        return Math.Sqrt(xs.Sum(x => (x - mean) * (x - mean)) / (xs.Length - 1));
    }

    [Test]
    public void Volume_zscores_compare_each_day_with_the_20_days_before_it()
    {
        var bars = _bars["SPY"];
        var view = Daily("SPY", "volume_zscore", "volume_change_pct");
        for (var i = 0; i < bars.Count; i++)
        {
            double? expected = null;
            if (i >= 20)
            {
                var window = bars.Skip(i - 20).Take(20).Select(b => b.Volume!.Value).ToArray();
                expected = (bars[i].Volume!.Value - window.Average()) / SampleStd(window);
            }

            Assert.That((double?)view[bars[i].Date][0], Is.EqualTo(expected).Within(1e-9), $"z-score on {bars[i].Date}");
            var change = i == 0 ? (double?)null : 100 * (bars[i].Volume!.Value / bars[i - 1].Volume!.Value - 1);
            Assert.That((double?)view[bars[i].Date][1], Is.EqualTo(change).Within(1e-9));
        }
    }

    [Test]
    public void Rolling_volatility_and_drawdown_follow_their_definitions()
    {
        var bars = _bars["NVDA"];
        var view = Daily("NVDA", "volatility_20d_pct", "drawdown_pct");
        var sessionsPerYear = SessionsPerYear("NVDA");
        var peak = double.MinValue;
        for (var i = 0; i < bars.Count; i++)
        {
            peak = Math.Max(peak, bars[i].Close);
            var returns = bars.Skip(Math.Max(0, i - 19)).Take(Math.Min(20, i + 1)).Where(b => b.LogReturn is not null).Select(b => b.LogReturn!.Value).ToArray();
            double? volatility = returns.Length == 20 ? 100 * SampleStd(returns) * Math.Sqrt(sessionsPerYear) : null;
            Assert.That((double?)view[bars[i].Date][0], Is.EqualTo(volatility).Within(1e-9), $"volatility on {bars[i].Date}");
            Assert.That((double)view[bars[i].Date][1]!, Is.EqualTo(100 * (bars[i].Close / peak - 1)).Within(1e-9));
        }
    }

    [Test]
    public void Risk_metrics_give_var_drawdown_and_high_risk_days_per_symbol()
    {
        var risk = _db.Query("select symbol, return_days, daily_volatility_pct, annualised_volatility_pct, max_drawdown_pct, var_95_pct, high_risk_days from risk_metrics", "risk")
            .Rows.ToDictionary(r => (string)r[0]!, r => r);
        foreach (var (symbol, bars) in _bars)
        {
            var returns = bars.Where(b => b.ReturnPct is not null).Select(b => b.ReturnPct!.Value).ToArray();
            var sorted = returns.Order().ToArray();
            var std = SampleStd(returns);
            var mean = returns.Average();
            var peak = double.MinValue;
            var drawdown = bars.Min(b => 100 * (b.Close / (peak = Math.Max(peak, b.Close)) - 1));

            var row = risk[symbol];
            Assert.That(Convert.ToInt64(row[1], CultureInfo.InvariantCulture), Is.EqualTo(returns.Length), symbol);
            Assert.That((double)row[2]!, Is.EqualTo(std).Within(1e-9), symbol);
            Assert.That((double)row[3]!, Is.EqualTo(std * Math.Sqrt(SessionsPerYear(symbol))).Within(1e-9), symbol);
            Assert.That((double)row[4]!, Is.EqualTo(drawdown).Within(1e-9), symbol);
            Assert.That((double)row[5]!, Is.EqualTo(-sorted[(int)Math.Ceiling(0.05 * sorted.Length) - 1]).Within(1e-12), $"{symbol} VaR(95), nearest rank");
            Assert.That(Convert.ToInt64(row[6], CultureInfo.InvariantCulture), Is.EqualTo(returns.Count(r => Math.Abs(r - mean) > 3 * std)), symbol);
        }
    }

    [Test]
    public void Volatility_is_annualised_with_each_calendars_own_sessions_a_year()
    {
        // Measured before: every symbol was annualised with 252 sessions, so 24/7 crypto read about 1.2x too calm.
        Assert.That(SessionsPerYear("BTC/USD"), Is.EqualTo(365));
        Assert.That(SessionsPerYear("AAPL"), Is.InRange(250, 253));
        Assert.That(SessionsPerYear("EUR/USD"), Is.InRange(258, 262));

        var risk = _db.Query("select symbol, daily_volatility_pct, annualised_volatility_pct, sessions_per_year from risk_metrics", "risk").Rows.ToDictionary(r => (string)r[0]!, r => r);
        foreach (var symbol in new[] { "BTC/USD", "AAPL", "EUR/USD" })
        {
            Assert.That(risk[symbol][3], Is.EqualTo(SessionsPerYear(symbol)), symbol);
            Assert.That((double)risk[symbol][2]! / (double)risk[symbol][1]!, Is.EqualTo(Math.Sqrt(SessionsPerYear(symbol))).Within(1e-9), symbol);
        }

        var performance = AthenaQuery.Run(_db, TestRepository.Paths(_lake), "symbol_performance");
        var btc = performance.Rows.Single(r => (string)r[performance.Ordinal("symbol")]! == "BTC/USD");
        var logReturns = _bars["BTC/USD"].Where(b => b.LogReturn is not null).Select(b => b.LogReturn!.Value).ToArray();
        Assert.That(Convert.ToDouble(btc[performance.Ordinal("annualised_volatility_pct")], CultureInfo.InvariantCulture),
            Is.EqualTo(Math.Round(100 * SampleStd(logReturns) * Math.Sqrt(365), 2)).Within(0.005), "the named query too");
    }

    [Test]
    public void Each_daily_change_says_how_many_sessions_it_spans()
    {
        var view = _db.Query("select symbol, bar_date, sessions_since_prev from daily_metrics order by symbol, bar_date", "gaps").Rows
            .GroupBy(r => (string)r[0]!).ToDictionary(g => g.Key, g => g.Select(r => (Date: (DateOnly)r[1]!, Sessions: (int?)r[2])).ToArray());
        var gaps = 0;
        foreach (var symbol in new[] { "QQQ", "BTC/USD", "EUR/USD", "AAPL" })
        {
            var rows = view[symbol];
            Assert.That(rows[0].Sessions, Is.Null, $"{symbol}: the first bar has no previous one");
            for (var i = 1; i < rows.Length; i++)
            {
                Assert.That(rows[i].Sessions, Is.EqualTo(SessionsBetween(symbol, rows[i - 1].Date, rows[i].Date)), $"{symbol} on {rows[i].Date}");
                gaps += rows[i].Sessions > 1 ? 1 : 0;
            }
        }

        Assert.That(gaps, Is.GreaterThan(0), "the sample drops bars, as real feeds do: some changes span more than one session");
    }

    [Test]
    public void Monthly_volume_says_whether_every_day_reported_one()
    {
        var months = _db.Query("select symbol, month_start, trading_days, volume_days, volume_complete from monthly_metrics", "months").Rows;
        foreach (var row in months)
        {
            var (symbol, month) = ((string)row[0]!, (DateOnly)row[1]!);
            var bars = _bars[symbol].Where(b => b.Date.Year == month.Year && b.Date.Month == month.Month).ToArray();
            Assert.That(row[2], Is.EqualTo(bars.Length), $"{symbol} {month}");
            Assert.That(row[3], Is.EqualTo(bars.Count(b => b.Volume is not null)), $"{symbol} {month}");
            Assert.That(row[4], Is.EqualTo(bars.All(b => b.Volume is not null)), $"{symbol} {month}");
        }

        Assert.That(months.Where(r => (string)r[0]! == "EUR/USD").Select(r => r[4]), Is.All.EqualTo(false), "FX reports no volume");
    }

    [Test]
    public void Sector_shares_of_monthly_volume_add_up_and_match_the_members()
    {
        var monthly = _db.Query("select symbol, month_start, volume, monthly_return_pct, sector from monthly_metrics", "monthly").Rows
            .Where(r => r[3] is not null)
            .Select(r => (Symbol: (string)r[0]!, Month: (DateOnly)r[1]!, Volume: (double?)r[2], Return: (double)r[3]!, Sector: (string)r[4]!)).ToArray();
        var sectors = _db.Query("select sector, month_start, volume_share_pct, avg_return_pct, top_symbol, bottom_symbol from sector_monthly", "sectors").Rows;

        foreach (var row in sectors)
        {
            var (sector, month) = ((string)row[0]!, (DateOnly)row[1]!);
            var members = monthly.Where(m => m.Sector == sector && m.Month == month).ToArray();
            var all = monthly.Where(m => m.Month == month).Sum(m => m.Volume ?? 0);
            var share = members.All(m => m.Volume is null) ? (double?)null : 100 * members.Sum(m => m.Volume ?? 0) / all;
            Assert.That((double?)row[2], Is.EqualTo(share).Within(1e-9), $"{sector} {month:yyyy-MM}");
            Assert.That((double)row[3]!, Is.EqualTo(members.Average(m => m.Return)).Within(1e-9));
            Assert.That((string)row[4]!, Is.EqualTo(members.MaxBy(m => m.Return).Symbol));
            Assert.That((string)row[5]!, Is.EqualTo(members.MinBy(m => m.Return).Symbol));
        }

        foreach (var month in sectors.GroupBy(r => (DateOnly)r[1]!))
        {
            Assert.That(month.Sum(r => (double?)r[2] ?? 0), Is.EqualTo(100).Within(1e-9), $"{month.Key:yyyy-MM} shares");
        }
    }

    [Test]
    public void Every_named_query_runs()
    {
        foreach (var name in AthenaQuery.Available(TestRepository.Paths(_lake)))
        {
            Assert.DoesNotThrow(() => AthenaQuery.Run(_db, TestRepository.Paths(_lake), name), name);
        }
    }
}
