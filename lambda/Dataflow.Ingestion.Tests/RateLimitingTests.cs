using Dataflow.Contracts;
using Dataflow.Ingestion;
using Dataflow.TwelveData.Emulator;

namespace Dataflow.Ingestion.Tests;

/// <summary>The credit budget on simulated minutes: exactly one credit per symbol, no 429 when the limit is known.</summary>
public sealed class RateLimitingTests
{
    [TestCase(20, 8)]
    [TestCase(100, 8)]
    [TestCase(250, 55)]
    [TestCase(7, 8)]
    public async Task N_symbols_at_L_credits_a_minute_cost_N_credits_and_at_most_ceil_N_over_L_plus_one_minutes(int n, int limit)
    {
        await using var h = new TwelveDataHarness(new EmulatorPlan(limit, null));
        var symbols = Enumerable.Range(1, n).Select(i => $"S{i:000}").ToArray();

        var manifest = await h.RunAsync(new IngestionRequest(symbols, BarInterval.Daily, IngestionWindow.Latest(3)));

        Assert.That(manifest.Totals.Succeeded, Is.EqualTo(n));
        Assert.That(h.Emulator.CreditsCharged, Is.EqualTo(n), "credits spent");
        Assert.That(manifest.Totals.Credits, Is.EqualTo(n), "credits the manifest reports");
        Assert.That(h.Emulator.MinuteLimitHits, Is.Zero, "no 429");
        var minutes = Math.Ceiling((double)n / limit);
        Assert.That(h.Clock.Elapsed.TotalMinutes, Is.LessThanOrEqualTo(minutes + 1));
        Assert.That(h.Emulator.Requests.Max(r => r.Symbols.Count), Is.LessThanOrEqualTo(Math.Min(120, limit)));
    }

    [Test]
    public async Task The_budget_is_learned_from_api_usage_when_not_configured()
    {
        await using var h = new TwelveDataHarness(new EmulatorPlan(13, 500));
        using var http = new HttpClient();

        var plan = await Dataflow.Ingestion.TwelveData.PlanLimits.DiscoverAsync(http, h.Options with { CreditsPerMinute = null, CreditsPerDay = null }, h.Clock, CancellationToken.None);

        Assert.That(plan, Is.EqualTo(new Dataflow.Ingestion.TwelveData.PlanLimits(13, 500, 1, 1)));
        Assert.That(h.Emulator.Requests.Single().Path, Is.EqualTo("api_usage"));
    }
}
