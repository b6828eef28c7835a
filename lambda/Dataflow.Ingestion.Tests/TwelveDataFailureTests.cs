using Dataflow.Contracts;
using Dataflow.Ingestion;
using Dataflow.Ingestion.TwelveData;
using Dataflow.TwelveData.Emulator;

namespace Dataflow.Ingestion.Tests;

/// <summary>
/// Every failure mode of twelvedata.md §3 and §7 against the emulator: what the client does, and what the raw zone and
/// manifest say afterwards, so nothing is lost.
/// </summary>
public sealed class TwelveDataFailureTests
{
    private static readonly EmulatorPlan Roomy = new(100, null);

    private static IngestionRequest Latest(params string[] symbols) => new(symbols, BarInterval.Daily, IngestionWindow.Latest(5));

    [Test]
    public async Task A_cut_off_body_is_retried_and_the_retry_is_what_gets_stored()
    {
        await using var h = new TwelveDataHarness(Roomy);
        h.Emulator.ScriptNext(new EmulatorReply(200, """{"meta":{"symbol":"AAPL","interv"""));

        var manifest = await h.RunAsync(Latest("AAPL"));

        Assert.That(manifest.Symbols[0].Outcome, Is.EqualTo(SymbolOutcome.Succeeded));
        Assert.That(h.Emulator.Requests, Has.Count.EqualTo(2));
        Assert.That(manifest.Symbols[0].Credits, Is.EqualTo(2), "the cut-off answer was charged too");
        Assert.That(h.Raw(manifest.Symbols[0].Keys.Single()), Does.EndWith("\"status\":\"ok\"}"));
    }

    [Test]
    public async Task Gateway_pages_back_off_exponentially_then_the_symbol_fails_with_nothing_stored()
    {
        await using var h = new TwelveDataHarness(Roomy);
        for (var i = 0; i < 4; i++)
        {
            h.Emulator.ScriptNext(EmulatorReply.Html(502));
        }

        var manifest = await h.RunAsync(Latest("AAPL", "MSFT"));

        var times = h.Emulator.Requests.Select(r => r.At).ToArray();
        var gaps = times.Zip(times.Skip(1), (a, b) => (b - a).TotalSeconds).ToArray();
        Assert.That(gaps, Has.Length.EqualTo(3), "one try and three retries");
        // Jittered exponential waits on a 2 s base: each positive, together bounded near 2 + 4 + 8 s.
        Assert.That(gaps, Is.All.GreaterThan(0));
        Assert.That(gaps.Sum(), Is.InRange(2.0, 56.0));
        Assert.That(manifest.Symbols.Select(s => (s.Outcome, s.ErrorKind)), Is.All.EqualTo((SymbolOutcome.Failed, (ApiErrorKind?)ApiErrorKind.Transient)));
        Assert.That(manifest.Symbols[0].Error, Does.Contain("HTTP 502").And.Contain("Bad Gateway"));
        Assert.That(manifest.Symbols.SelectMany(s => s.Keys), Is.Empty, "an HTML page is not kept in the raw zone");
        Assert.That(File.Exists(Path.Combine(h.RawRoot, h.Layout.RunManifestKey(TwelveDataHarness.Start.Date is var d ? DateOnly.FromDateTime(d) : default, manifest.RunId))), Is.True);
    }

    [Test]
    public async Task A_minute_429_waits_for_the_next_minute_and_is_never_retried_at_once()
    {
        // The client believes in 100 credits a minute; the account has 8 and sends no credit headers: only the 429 tells.
        await using var h = new TwelveDataHarness(EmulatorPlan.Basic with { CreditsPerDay = null, SendsCreditHeaders = false }, clientCreditsPerMinute: 100,
            configure: o => o with { MaxBatchSize = 4 });

        var manifest = await h.RunAsync(Latest("S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9", "S10", "S11", "S12"));

        Assert.That(manifest.Symbols.All(s => s.Outcome == SymbolOutcome.Succeeded), Is.True);
        var requests = h.Emulator.Requests.ToArray();
        var refused = Array.FindIndex(requests, r => r.Symbols.Contains("S9"));
        Assert.That(h.Emulator.MinuteLimitHits, Is.EqualTo(1));
        var retry = requests[refused + 1];
        Assert.That(retry.Symbols, Is.EqualTo(requests[refused].Symbols), "the refused batch is sent again");
        Assert.That(retry.At.UtcTicks / TimeSpan.TicksPerMinute, Is.GreaterThan(requests[refused].At.UtcTicks / TimeSpan.TicksPerMinute), "in a later minute");
    }

    [Test]
    public async Task A_daily_429_stops_the_run_cleanly_and_the_rest_is_reported_not_attempted()
    {
        await using var h = new TwelveDataHarness(new EmulatorPlan(8, 10), clientCreditsPerMinute: 8, clientCreditsPerDay: 1000);

        var manifest = await h.RunAsync(Latest("S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9", "S10", "S11", "S12"));

        Assert.That(manifest.Symbols.Take(8).All(s => s.Outcome == SymbolOutcome.Succeeded), Is.True);
        Assert.That(manifest.Symbols.Skip(8).Select(s => (s.Outcome, s.ErrorKind)),
            Is.All.EqualTo((SymbolOutcome.NotAttempted, (ApiErrorKind?)ApiErrorKind.DailyQuota)));
        Assert.That(h.Emulator.DailyLimitHits, Is.EqualTo(1), "no request after the daily 429");
        Assert.That(manifest.Symbols[8].Keys, Has.Count.EqualTo(1), "the 429 answer itself is kept with the first refused batch");
    }

    [Test]
    public async Task A_known_daily_budget_is_never_overspent()
    {
        await using var h = new TwelveDataHarness(new EmulatorPlan(8, 10));

        var manifest = await h.RunAsync(Latest("S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9", "S10", "S11", "S12"));

        Assert.That(h.Emulator.CreditsCharged, Is.EqualTo(10));
        Assert.That(h.Emulator.DailyLimitHits, Is.Zero);
        Assert.That(manifest.Totals.Succeeded, Is.EqualTo(10));
        Assert.That(manifest.Totals.NotAttempted, Is.EqualTo(2));
    }

    [Test]
    public async Task A_wrong_key_is_fatal_and_nothing_more_is_requested()
    {
        await using var h = new TwelveDataHarness(Roomy, configure: o => o with { ApiKey = new ApiKey("wrong"), MaxBatchSize = 2 });

        var manifest = await h.RunAsync(Latest("S1", "S2", "S3", "S4"));

        Assert.That(h.Emulator.Requests, Has.Count.EqualTo(1));
        Assert.That(manifest.Symbols.Take(2).Select(s => s.Outcome), Is.All.EqualTo(SymbolOutcome.Failed));
        Assert.That(manifest.Symbols.Skip(2).Select(s => s.Outcome), Is.All.EqualTo(SymbolOutcome.NotAttempted));
        Assert.That(manifest.Symbols.Select(s => s.ErrorKind), Is.All.EqualTo(ApiErrorKind.Unauthorized));
        Assert.That(manifest.Symbols[0].Error, Does.Not.Contain("wrong"), "the key is never echoed");
    }

    [Test]
    public async Task A_request_that_times_out_is_retried()
    {
        await using var h = new TwelveDataHarness(Roomy, configure: o => o with { RequestTimeout = TimeSpan.FromMilliseconds(200) });
        h.Emulator.ScriptNext(_ => EmulatorReply.Html(200) with { Stall = TimeSpan.FromMilliseconds(1500) });

        var responses = await h.FetchAsync(Latest("AAPL"));

        Assert.That(responses.Single().Summary.Outcome, Is.EqualTo(SymbolOutcome.Succeeded), responses.Single().Summary.Error?.Message);
        Assert.That(h.Emulator.Requests, Has.Count.EqualTo(2));
    }
}
