using Dataflow.Contracts;
using System.Text.Json;
using Dataflow.Ingestion;
using Dataflow.Ingestion.TwelveData;
using Dataflow.TwelveData.Emulator;

namespace Dataflow.Ingestion.Tests;

public sealed class BackfillTests
{
    [Test]
    public async Task A_backfill_pages_back_to_the_earliest_bar_without_losing_or_doubling_one()
    {
        var market = new EmulatedMarket { FirstDay = new DateOnly(1985, 1, 1), LastDay = new DateOnly(2025, 12, 31) };
        var expected = market.Days().Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        await using var h = new TwelveDataHarness(new EmulatorPlan(100, null), market);

        var manifest = await h.RunAsync(new IngestionRequest(["AAPL"], BarInterval.Daily, IngestionWindow.Between(null, new DateOnly(2025, 12, 31))));

        var symbol = manifest.Symbols.Single();
        Assert.That(expected, Has.Count.GreaterThan(2 * TwelveDataSource.PageSize), "the history needs three pages");
        Assert.That(symbol.Outcome, Is.EqualTo(SymbolOutcome.Succeeded));
        Assert.That(symbol.Bars, Is.EqualTo(expected.Count), "distinct bars: the boundary bar repeated by each page counts once");
        Assert.That(symbol.Keys, Has.Count.EqualTo(symbol.Pages));
        Assert.That(symbol.Keys[1], Does.EndWith(".p0002.json"));

        var stored = symbol.Keys.SelectMany(k =>
        {
            using var doc = JsonDocument.Parse(h.Raw(k));
            return TimeSeriesParser.ParseBars(doc.RootElement, BarInterval.Daily).Select(b => b.Datetime).ToArray();
        }).ToHashSet();
        Assert.That(stored, Is.EquivalentTo(expected), "every bar of the history is in the raw zone");

        var timeSeries = h.Emulator.Requests.Where(r => r.Path == "time_series").ToArray();
        Assert.That(timeSeries.Skip(1).Select(r => r.Query["end_date"]), Is.All.Not.Null, "older pages end where the last one began");
        Assert.That(h.Emulator.Requests.Count(r => r.Path == "earliest_timestamp"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_window_that_fits_one_page_is_one_request_with_a_day_of_slack_at_the_end()
    {
        await using var h = new TwelveDataHarness(new EmulatorPlan(100, null));

        var responses = await h.FetchAsync(new IngestionRequest(["MSFT"], BarInterval.Daily, IngestionWindow.Between(new(2025, 1, 1), new(2025, 3, 31))));

        var request = h.Emulator.Requests.Single();
        Assert.That(request.Query["start_date"], Is.EqualTo("2025-01-01"));
        Assert.That(request.Query["end_date"], Is.EqualTo("2025-04-01"), "end_date is exclusive in some answers: one day more");
        Assert.That(request.Query["outputsize"], Is.EqualTo("5000"));
        Assert.That(request.Query["timezone"], Is.Null, "daily bars are dates; only intraday asks for UTC");
        Assert.That(responses.Single().Summary.Bars, Is.EqualTo(new EmulatedMarket().Days().Count(d => d >= new DateOnly(2025, 1, 1) && d <= new DateOnly(2025, 3, 31))));
    }

    [Test]
    public async Task Intraday_requests_ask_for_utc_and_the_latest_bars_again()
    {
        await using var h = new TwelveDataHarness(new EmulatorPlan(100, null));

        await h.FetchAsync(new IngestionRequest(["AAPL"], BarInterval.Parse("1h", "test"), IngestionWindow.Latest(3)));

        var request = h.Emulator.Requests.Single();
        Assert.That(request.Query["timezone"], Is.EqualTo("UTC"));
        Assert.That(request.Query["outputsize"], Is.EqualTo("3"));
        Assert.That(request.Query["start_date"], Is.Null);
    }
}
