using Dataflow.Contracts;
using System.Text.Json;
using Dataflow.Ingestion;
using Dataflow.Ingestion.TwelveData;
using Dataflow.TwelveData.Emulator;

namespace Dataflow.Ingestion.Tests;

/// <summary>Response shapes and per-symbol outcomes, against the emulator over real HTTP.</summary>
public sealed class TwelveDataShapesTests
{
    private static readonly EmulatorPlan Roomy = new(100, null);

    private static IngestionRequest Latest(params string[] symbols) => new(symbols, BarInterval.Daily, IngestionWindow.Latest(5));

    [Test]
    public async Task The_key_travels_only_in_the_authorization_header()
    {
        await using var h = new TwelveDataHarness(Roomy);

        await h.FetchAsync(Latest("AAPL", "MSFT"));

        var request = h.Emulator.Requests.Single();
        Assert.That(request.Authorization, Is.EqualTo($"apikey {TwelveDataHarness.Key}"));
        Assert.That(request.RawQuery, Does.Not.Contain(TwelveDataHarness.Key).And.Not.Contain("apikey"));
        Assert.That(request.Query["symbol"], Is.EqualTo("AAPL,MSFT"));
        Assert.That(h.Options.ApiKey.ToString(), Does.Not.Contain(TwelveDataHarness.Key));
    }

    [Test]
    public async Task The_adjust_mode_is_asked_explicitly_and_recorded_with_each_object()
    {
        await using var h = new TwelveDataHarness(Roomy);

        var manifest = await h.RunAsync(Latest("AAPL", "MSFT"));

        Assert.That(h.Emulator.Requests.Single().Query["adjust"], Is.EqualTo("splits"));
        foreach (var key in manifest.Symbols.SelectMany(s => s.Keys))
        {
            var metadata = JsonDocument.Parse(h.Raw(key + LocalFolderRawStore.MetadataSuffix)).RootElement;
            Assert.That(metadata.GetProperty("request-adjust").GetString(), Is.EqualTo("splits"), key);
        }
    }

    [Test]
    public async Task A_single_symbol_answer_is_stored_byte_for_byte()
    {
        await using var h = new TwelveDataHarness(Roomy);

        var manifest = await h.RunAsync(Latest("AAPL"));

        var expected = EmulatedMarketJson(h.Emulator.Market.Series("AAPL", "1day", 5, null, null));
        Assert.That(h.Raw(manifest.Symbols[0].Keys.Single()), Is.EqualTo(expected));
        Assert.That(manifest.Symbols[0].Bars, Is.EqualTo(5));
    }

    [Test]
    public async Task A_batch_is_split_by_key_and_a_failing_entry_is_skipped_not_fatal()
    {
        var market = new EmulatedMarket();
        market.Unknown.Add("NOPE");
        await using var h = new TwelveDataHarness(Roomy, market);

        var manifest = await h.RunAsync(Latest("AAPL", "NOPE", "EUR/USD"));

        Assert.That(manifest.Symbols.Select(s => (s.Symbol, s.Outcome, s.ErrorKind)), Is.EqualTo(new (string, SymbolOutcome, ApiErrorKind?)[]
        {
            ("AAPL", SymbolOutcome.Succeeded, null),
            ("NOPE", SymbolOutcome.Skipped, ApiErrorKind.SymbolNotFound),
            ("EUR/USD", SymbolOutcome.Succeeded, null),
        }));
        using var nope = JsonDocument.Parse(h.Raw(manifest.Symbols[1].Keys.Single()));
        Assert.That(nope.RootElement.GetProperty("meta").GetProperty("symbol").GetString(), Is.EqualTo("AAPL,NOPE,EUR/USD"),
            "the error entry names the whole list: the key identified it");
        using var pair = JsonDocument.Parse(h.Raw(manifest.Symbols[2].Keys.Single()));
        Assert.That(TimeSeriesParser.ParseBars(pair.RootElement, BarInterval.Daily).All(b => !b.VolumePresent && b.Volume is null), Is.True);
        Assert.That(h.Emulator.Requests, Has.Count.EqualTo(1), "one request, three credits");
        Assert.That(manifest.Totals.Credits, Is.EqualTo(3));
    }

    [Test]
    public async Task A_batch_answer_with_a_repeated_key_fails_that_symbol_and_a_case_folded_key_still_answers_its_own()
    {
        await using var h = new TwelveDataHarness(Roomy);
        static string Series(string symbol, string close) =>
            $$"""{"meta":{"symbol":"{{symbol}}","interval":"1day"},"values":[{"datetime":"2025-03-07","open":"1","high":"2","low":"0.5","close":"{{close}}"}],"status":"ok"}""";
        // Which of two AAPL entries is AAPL's cannot be known; MSFT answered as "msft" is still MSFT's only entry.
        h.Emulator.ScriptNext(new EmulatorReply(200, $$"""{"AAPL":{{Series("AAPL", "1.5")}},"AAPL":{{Series("AAPL", "9.9")}},"msft":{{Series("MSFT", "3")}}}"""));

        var manifest = await h.RunAsync(Latest("AAPL", "MSFT", "AAPL"));

        Assert.That(manifest.Symbols.Select(s => (s.Symbol, s.Outcome)), Is.EqualTo(new[] { ("AAPL", SymbolOutcome.Failed), ("MSFT", SymbolOutcome.Succeeded) }),
            "a symbol named twice is fetched and reported once");
        Assert.That(manifest.Symbols[0].Error, Does.Contain("2 entries"));
        Assert.That(manifest.Symbols[0].Keys, Is.Empty);
        using var msft = JsonDocument.Parse(h.Raw(manifest.Symbols[1].Keys.Single()));
        Assert.That(msft.RootElement.GetProperty("meta").GetProperty("symbol").GetString(), Is.EqualTo("MSFT"));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Errors_are_classified_the_same_with_http_200_or_a_real_status(bool http200)
    {
        var market = new EmulatedMarket();
        market.Unknown.Add("NOPE");
        market.PlanGated.Add("GATED");
        await using var h = new TwelveDataHarness(Roomy with { ErrorsWithHttp200 = http200 }, market);

        var nope = await h.FetchAsync(Latest("NOPE"));
        var gated = await h.FetchAsync(Latest("GATED"));
        var empty = await h.FetchAsync(new IngestionRequest(["AAPL"], BarInterval.Daily, IngestionWindow.Between(new(2025, 6, 7), new(2025, 6, 7))));

        Assert.That(nope.Single().Summary.Error!.Kind, Is.EqualTo(ApiErrorKind.SymbolNotFound));
        Assert.That(nope.Single().HttpStatus, Is.EqualTo(http200 ? 200 : 404));
        Assert.That(gated.Single().Summary.Outcome, Is.EqualTo(SymbolOutcome.Skipped));
        Assert.That(gated.Single().Summary.Error!.Kind, Is.EqualTo(ApiErrorKind.PlanRestricted));
        Assert.That(empty.Single().Summary.Outcome, Is.EqualTo(SymbolOutcome.NoData), "a weekend window: zero rows, not an error");
    }

    [Test]
    public async Task A_repeated_bar_with_other_values_is_kept_verbatim_for_the_etl_to_resolve()
    {
        var market = new EmulatedMarket();
        market.DuplicateBar["AAPL"] = new DateOnly(2025, 12, 30);
        await using var h = new TwelveDataHarness(Roomy, market);

        var response = (await h.FetchAsync(Latest("AAPL"))).Single();

        using var doc = JsonDocument.Parse(response.Body);
        var bars = TimeSeriesParser.ParseBars(doc.RootElement, BarInterval.Daily).Where(b => b.Datetime == "2025-12-30").ToArray();
        Assert.That(bars, Has.Length.EqualTo(2));
        Assert.That(bars[1].Close - bars[0].Close, Is.EqualTo(1.25m));
    }

    [Test]
    public async Task Too_many_symbols_for_one_request_are_split_until_they_fit()
    {
        await using var h = new TwelveDataHarness(Roomy with { MaxSymbolsPerRequest = 3 });
        string[] symbols = ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8"];

        var responses = await h.FetchAsync(Latest(symbols));

        Assert.That(responses.Select(r => r.Symbol), Is.EqualTo(symbols));
        Assert.That(responses.All(r => r.Summary.Outcome == SymbolOutcome.Succeeded), Is.True);
        Assert.That(h.Emulator.Requests.Where(r => r.Symbols.Count <= 3).Sum(r => r.Symbols.Count), Is.EqualTo(8));
        Assert.That(h.Emulator.Requests.Count(r => r.Symbols.Count > 3), Is.GreaterThanOrEqualTo(1), "the first, too long, request got a 414");
    }

    private static string EmulatedMarketJson(System.Text.Json.Nodes.JsonObject node) => node.ToJsonString();
}
