using Dataflow.Contracts;
using Dataflow.Ingestion;
using Dataflow.Ingestion.TwelveData;
using Dataflow.TwelveData.Emulator;

namespace Dataflow.Ingestion.Tests;

/// <summary>A run that would outlive its invocation stops starting requests in time and still writes its manifest.</summary>
public sealed class DeadlineTests
{
    [Test]
    public async Task Past_its_last_start_a_run_stops_asking_and_reports_the_rest_not_attempted()
    {
        // 8 credits a minute: 8 symbols at 0 s, 8 at 60 s; the third batch would start at 120 s, after the last start.
        var lastStart = TwelveDataHarness.Start.AddSeconds(90);
        await using var h = new TwelveDataHarness(new EmulatorPlan(8, null), configure: o => o with { StartRequestsUntil = lastStart });
        var symbols = new[] { "AAPL", "MSFT", "SPY", "QQQ", "NVDA", "AMZN", "GOOGL", "META", "TSLA", "JPM", "XOM", "TLT", "GLD", "IWM", "DIA", "EFA", "EEM", "VNQ", "HYG", "LQD" };

        var manifest = await h.RunAsync(new IngestionRequest(symbols, BarInterval.Daily, IngestionWindow.Latest(5)));

        Assert.That(manifest.Symbols.Count(s => s.Outcome == SymbolOutcome.Succeeded), Is.EqualTo(16));
        var rest = manifest.Symbols.Where(s => s.Outcome != SymbolOutcome.Succeeded).ToArray();
        Assert.That(rest.Select(s => s.Symbol), Is.EqualTo(symbols[16..]));
        Assert.That(rest.Select(s => s.Outcome), Is.All.EqualTo(SymbolOutcome.NotAttempted));
        Assert.That(rest.Select(s => s.ErrorKind), Is.All.EqualTo(ApiErrorKind.DeadlineReached));
        Assert.That(rest[0].Error, Does.Contain("last start").And.Contain("a follow-up run"));
        Assert.That(h.Emulator.Requests, Has.Count.EqualTo(2));
        Assert.That(h.Clock.GetUtcNow(), Is.LessThanOrEqualTo(lastStart), "nothing waited past the last start");
    }
}
