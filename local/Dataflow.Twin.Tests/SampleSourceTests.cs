using Dataflow.Contracts.Testing;
using System.Text;
using System.Text.Json;
using Dataflow.Contracts;
using Dataflow.Ingestion;
using Dataflow.Twin.Sample;

namespace Dataflow.Twin.Tests;

public sealed class SampleSourceTests
{
    private static readonly SymbolUniverse Universe = Checkout.Universe;
    private static readonly SampleTimeSeriesSource Source = new(Universe, SampleTimeSeriesSource.DefaultSeed, SampleDefects.Realistic);

    private static async Task<SourceResponse> FetchOne(SampleTimeSeriesSource source, string symbol, DateOnly from, DateOnly to) =>
        (await source.FetchAsync(new IngestionRequest([symbol], BarInterval.Daily, IngestionWindow.Between(from, to)), CancellationToken.None).ToListAsync()).Single();

    private static async Task<JsonElement> Fetch(string symbol, string from = "2025-06-01", string to = "2025-07-31")
    {
        var response = await FetchOne(Source, symbol, DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture));
        return JsonDocument.Parse(response.Body).RootElement.Clone();
    }

    private static string[] Keys(JsonElement e) => e.EnumerateObject().Select(p => p.Name).ToArray();

    [Test]
    public async Task Stock_meta_has_the_exchange_fields_of_the_api()
    {
        var root = await Fetch("AAPL");

        Assert.That(Keys(root), Is.EqualTo(new[] { "meta", "values", "status" }));
        Assert.That(Keys(root.GetProperty("meta")), Is.EqualTo(new[] { "symbol", "interval", "currency", "exchange_timezone", "exchange", "mic_code", "type" }));
        Assert.That(root.GetProperty("meta").GetProperty("type").GetString(), Is.EqualTo("Common Stock"));
    }

    [Test]
    public async Task Pair_meta_has_base_and_quote_and_no_volume()
    {
        var fx = await Fetch("EUR/USD");
        var crypto = await Fetch("BTC/USD");

        Assert.That(Keys(fx.GetProperty("meta")), Is.EqualTo(new[] { "symbol", "interval", "currency_base", "currency_quote", "type" }));
        Assert.That(Keys(crypto.GetProperty("meta")), Is.EqualTo(new[] { "symbol", "interval", "currency_base", "currency_quote", "exchange", "type" }));
        Assert.That(fx.GetProperty("values").EnumerateArray().Any(v => v.TryGetProperty("volume", out _)), Is.False);
    }

    [Test]
    public async Task Values_are_strings_newest_first_on_trading_days_only()
    {
        var values = (await Fetch("SPY")).GetProperty("values").EnumerateArray().ToArray();
        var dates = values.Select(v => v.GetProperty("datetime").GetString()!).ToArray();

        Assert.That(dates, Is.Ordered.Descending);
        Assert.That(dates, Does.Not.Contain("2025-06-19").And.Not.Contain("2025-07-04").And.Not.Contain("2025-06-21"));
        Assert.That(values.SelectMany(v => v.EnumerateObject()).All(p => p.Value.ValueKind == JsonValueKind.String));
        Assert.That(dates.Distinct().Count(), Is.EqualTo(Calendar.TradingCalendar.Xnys.TradingDays(new(2025, 6, 1), new(2025, 7, 31)).Count()));
    }

    [Test]
    public async Task A_bar_is_the_same_whatever_window_it_is_asked_in()
    {
        var narrow = (await Fetch("JPM", "2025-07-01", "2025-07-03")).GetProperty("values").EnumerateArray().Last().GetRawText();
        var wide = (await Fetch("JPM", "2024-01-01", "2025-07-03")).GetProperty("values").EnumerateArray()
            .First(v => v.GetProperty("datetime").GetString() == "2025-07-01").GetRawText();

        Assert.That(wide, Is.EqualTo(narrow));
    }

    [Test]
    public async Task Same_seed_same_bytes_other_seed_other_prices()
    {
        var a = await FetchOne(Source, "XOM", new(2025, 1, 1), new(2025, 3, 31));
        var b = await FetchOne(Source, "XOM", new(2025, 1, 1), new(2025, 3, 31));
        var c = await FetchOne(new SampleTimeSeriesSource(Universe, 7, SampleDefects.Realistic), "XOM", new(2025, 1, 1), new(2025, 3, 31));

        Assert.That(a.Body.ToArray(), Is.EqualTo(b.Body.ToArray()));
        Assert.That(c.Body.ToArray(), Is.Not.EqualTo(a.Body.ToArray()));
    }

    [Test]
    public async Task An_empty_window_is_the_api_no_data_error_not_an_empty_list()
    {
        var root = await Fetch("AAPL", "2025-07-05", "2025-07-06");

        Assert.That(root.GetProperty("status").GetString(), Is.EqualTo("error"));
        Assert.That(root.GetProperty("code").GetInt32(), Is.EqualTo(400));
        Assert.That(root.GetProperty("message").GetString(), Does.StartWith("No data is available on the specified dates"));
        Assert.That((await FetchOne(Source, "AAPL", new(2025, 7, 5), new(2025, 7, 6))).Summary.Outcome, Is.EqualTo(SymbolOutcome.NoData));
    }

    [Test]
    public async Task Prices_have_the_apis_varying_precision()
    {
        var response = await FetchOne(Source, "AAPL", new(2024, 1, 1), new(2025, 12, 31));
        var closes = JsonDocument.Parse(response.Body).RootElement.GetProperty("values").EnumerateArray()
            .Select(v => v.GetProperty("close").GetString()!).Where(s => s != SampleDefects.NonNumericValue).ToArray();

        Assert.That(closes.Any(s => s.Split('.').ElementAtOrDefault(1)?.Length == 5), Is.True);
        Assert.That(closes.Any(s => !s.Contains('.', StringComparison.Ordinal) || s.Split('.')[1].Length < 5), Is.True);
        var text = Encoding.UTF8.GetString(response.Body.Span);
        Assert.That(text.Contains(": ", StringComparison.Ordinal) || text.Contains('\n', StringComparison.Ordinal), Is.False, "compact JSON as the API sends it");
    }

    /// <summary>Closes of the sample over the default window, oldest first: one per day, the unreadable ones (defects) left out.</summary>
    private static async Task<double[]> Closes(string symbol)
    {
        var root = await Fetch(symbol, "2024-01-01", "2025-12-31");
        return [.. root.GetProperty("values").EnumerateArray().Reverse()
            .DistinctBy(v => v.GetProperty("datetime").GetString())
            .Select(v => double.TryParse(v.GetProperty("close").GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var close) ? close : double.NaN)
            .Where(c => double.IsFinite(c) && c > 0)];
    }

    // Measured before: the walk began in 2000 and drifted for 24 years: BTC/USD at $2-4.8M, NVDA at $4.50, AAPL at
    // $1,160, JPM at $15 in the default window. The ranges are where each traded in 2024-2025, give or take.
    [TestCase("AAPL", 120, 300)]
    [TestCase("MSFT", 250, 600)]
    [TestCase("NVDA", 25, 250)]
    [TestCase("JPM", 110, 350)]
    [TestCase("SPY", 350, 750)]
    [TestCase("EUR/USD", 0.95, 1.25)]
    [TestCase("BTC/USD", 20_000, 150_000)]
    public async Task The_default_window_starts_at_a_realistic_level_and_stays_plausible(string symbol, double low, double high)
    {
        var closes = await Closes(symbol);

        Assert.That(closes[0], Is.InRange(low, high), $"{symbol} at the window's start");
        Assert.That(closes.Order().ElementAt(closes.Length / 2), Is.InRange(low * 0.6, high * 1.6), $"{symbol} across the window (median)");
    }

    [Test]
    public async Task Volatility_follows_the_asset_class_crypto_then_equities_then_fx()
    {
        static double Annualised(double[] closes, int sessions)
        {
            var returns = closes.Zip(closes.Skip(1), (a, b) => Math.Log(b / a)).ToArray();
            var mean = returns.Average();
            return Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / (returns.Length - 1) * sessions);
        }

        var crypto = Annualised(await Closes("BTC/USD"), 365);
        var stock = Annualised(await Closes("AAPL"), 252);
        var etf = Annualised(await Closes("SPY"), 252);
        var fx = Annualised(await Closes("EUR/USD"), 260);

        Assert.That(crypto, Is.GreaterThan(1.5 * stock), "crypto well above a single stock");
        Assert.That(stock, Is.GreaterThan(etf), "a single stock above a broad ETF");
        Assert.That(etf, Is.GreaterThan(fx), "an ETF above a major currency pair");
        Assert.That(fx, Is.InRange(0.04, 0.14), "EUR/USD moves 4-14 % a year");
    }
}
