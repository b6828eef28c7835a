using System.Text;
using Dataflow.Contracts;
using Dataflow.Ingestion;
using Dataflow.Ingestion.TwelveData;
using Dataflow.TwelveData.Emulator;

namespace Dataflow.Ingestion.Tests;

/// <summary>What the key and the upstream's answers may never do: reach the raw zone or a log, split a header, or a body too large to hold.</summary>
public sealed class KeyHygieneTests
{
    private static readonly EmulatorPlan Roomy = new(100, null);

    private static IngestionRequest Latest(params string[] symbols) => new(symbols, BarInterval.Daily, IngestionWindow.Latest(5));

    [TestCase("abc\r\nX-Injected: 1")]
    [TestCase("abc\ndef")]
    [TestCase("abc\tdef")]
    [TestCase("abc def")]
    public void A_key_with_a_control_character_or_inner_space_is_refused_without_showing_it(string key)
    {
        var e = Assert.Throws<ArgumentException>(() => _ = new ApiKey(key));

        Assert.That(e!.Message, Does.Contain("control character or space").And.Not.Contain("abc"));
    }

    [Test]
    public async Task A_key_the_upstream_echoes_is_redacted_before_the_body_is_stored()
    {
        await using var h = new TwelveDataHarness(Roomy);
        h.Emulator.ScriptNext(new EmulatorReply(200,
            $$"""{"code":400,"message":"apikey {{TwelveDataHarness.Key}} cannot use symbol AAPL","status":"error"}"""));

        var manifest = await h.RunAsync(Latest("AAPL"));

        var stored = h.Raw(manifest.Symbols[0].Keys.Single());
        Assert.That(stored, Does.Not.Contain(TwelveDataHarness.Key));
        Assert.That(stored, Does.Contain("apikey [redacted] cannot use symbol AAPL"));
        Assert.That(manifest.ToJson(), Is.Not.Empty);
        Assert.That(Encoding.UTF8.GetString(manifest.ToJson()), Does.Not.Contain(TwelveDataHarness.Key));
    }

    [Test]
    public async Task A_body_over_the_size_cap_fails_its_symbol_with_its_own_kind_and_is_not_retried()
    {
        await using var h = new TwelveDataHarness(Roomy, configure: o => o with { MaxResponseBytes = 4096 });
        h.Emulator.ScriptNext(new EmulatorReply(200, $$"""{"values":[{{string.Join(",", Enumerable.Repeat("""{"datetime":"2025-01-02","close":"1"}""", 500))}}],"status":"ok"}"""));

        var manifest = await h.RunAsync(Latest("AAPL"));

        Assert.That(manifest.Symbols[0].Outcome, Is.EqualTo(SymbolOutcome.Failed));
        Assert.That(manifest.Symbols[0].ErrorKind, Is.EqualTo(ApiErrorKind.ResponseTooLarge));
        Assert.That(manifest.Symbols[0].Error, Does.Contain("more than 4,096 bytes"));
        Assert.That(manifest.Symbols[0].Keys, Is.Empty);
        Assert.That(h.Emulator.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_backfill_batches_few_enough_symbols_that_full_pages_stay_under_the_size_cap()
    {
        // Found by `dataflow bench backfill`: 120 symbols × 5,000 bars in one batch answer are about 60 MB, over the cap.
        var market = new EmulatedMarket { FirstDay = new DateOnly(2001, 1, 1) };
        await using var h = new TwelveDataHarness(Roomy, market, configure: o => o with { MaxResponseBytes = 2 * 1024 * 1024 });
        var symbols = Enumerable.Range(0, 10).Select(i => $"B{i:000}").ToArray();

        var manifest = await h.RunAsync(new IngestionRequest(symbols, BarInterval.Daily, IngestionWindow.Between(null, new DateOnly(2025, 12, 31))));

        Assert.That(manifest.Symbols.Select(s => s.Outcome), Is.All.EqualTo(SymbolOutcome.Succeeded));
        Assert.That(manifest.Symbols.Select(s => s.Bars), Is.All.EqualTo(market.Days().Count()));
        var batches = h.Emulator.Requests.Where(r => r.Path == "time_series").Select(r => r.Symbols.Count).ToArray();
        Assert.That(batches.Max(), Is.LessThanOrEqualTo(2 * 1024 * 1024 / (5000 * 128)));
    }
}
