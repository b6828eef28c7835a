using System.Globalization;
using System.Text.Json;
using Dataflow.Contracts;
using Dataflow.Ingestion.TwelveData;
using Dataflow.TwelveData.Emulator;

namespace Dataflow.Ingestion.Tests;

/// <summary>A backfill survives being killed and being out of credits: it continues where it stopped, page by page.</summary>
public sealed class BackfillResumeTests
{
    private static readonly EmulatedMarket History = new() { FirstDay = new DateOnly(1985, 1, 1), LastDay = new DateOnly(2025, 12, 31) };
    private static readonly IngestionRequest FullHistory = new(["AAPL"], BarInterval.Daily, IngestionWindow.Between(null, History.LastDay));

    [Test]
    public async Task A_backfill_killed_after_its_second_page_resumes_with_the_third_and_fetches_no_page_twice()
    {
        await using var h = new TwelveDataHarness(new EmulatorPlan(100, null), History);
        var runId = h.Layout.RunIds.Create(TwelveDataHarness.Start, "twelvedata");
        using var kill = new CancellationTokenSource();
        var killedAfterPage2 = new InlineProgress(r =>
        {
            if (r.Page == 2)
            {
                kill.Cancel();
            }
        });

        Assert.CatchAsync<OperationCanceledException>(() => h.RunAsync(runId, FullHistory, resume: false, killedAfterPage2, kill.Token));
        var beforeResume = h.Emulator.Requests.Count(r => r.Path == "time_series");
        var manifest = await h.RunAsync(runId, FullHistory, resume: true, null, CancellationToken.None);

        var pagesAsked = h.Emulator.Requests.Where(r => r.Path == "time_series").Select(r => r.Query["end_date"] ?? "").ToArray();
        Assert.That(beforeResume, Is.EqualTo(2), "killed after page 2 was stored");
        Assert.That(pagesAsked, Is.Unique, "no page is asked twice");
        var symbol = manifest.Symbols.Single();
        Assert.That(symbol.Outcome, Is.EqualTo(SymbolOutcome.Succeeded));
        Assert.That(symbol.Keys[2], Does.EndWith(".p0003.json"));
        Assert.That(StoredDays(h, manifest), Is.EquivalentTo(Days(History)), "the whole history, once");
    }

    [Test]
    public async Task A_daily_credit_budget_spreads_a_backfill_over_days_and_each_continuation_starts_where_the_last_stopped()
    {
        var symbols = new[] { "AAPL", "MSFT", "SPY" };
        await using var h = new TwelveDataHarness(new EmulatorPlan(100, null), History);
        var backfill = h.Layout.RunIds.Create(TwelveDataHarness.Start, "twelvedata");
        var request = FullHistory with { Symbols = symbols };
        const int budget = 5;
        var store = new LocalFolderRawStore(h.RawRoot);

        var attempts = new List<RunManifest>();
        var credits = new List<int>();
        for (var day = 0; day < 10; day++)
        {
            var next = await Backfill.NextAsync(store, h.Layout, backfill, day == 0 ? request : null, h.Clock.GetUtcNow(), CancellationToken.None);
            if (next.IsComplete)
            {
                break;
            }

            var limiter = new CreditLimiter(100, null, h.Clock);
            limiter.Budget(budget, next.CreditsSpentToday);
            var source = new TwelveDataSource(new TwelveDataClient(h.Http, h.Options, limiter, h.Clock), h.Options);
            attempts.Add(await new IngestionRun(source, store, h.Layout, h.Clock).ExecuteAsync(next.RunId, next.Request, null, CancellationToken.None, resume: true));
            credits.Add((int)limiter.CreditsGranted);
            h.Clock.Advance(TimeSpan.FromDays(1));
        }

        var pages = symbols.Sum(s => (int)Math.Ceiling((Days(History).Count - 1) / (TwelveDataSource.PageSize - 1.0)));
        var timeSeries = h.Emulator.Requests.Where(r => r.Path == "time_series").ToArray();
        Assert.That(timeSeries.Sum(r => r.Query["symbol"]!.Split(',').Length), Is.EqualTo(pages), "credits on pages = pages needed: no page twice");
        Assert.That(h.Emulator.Requests.Count(r => r.Path == "earliest_timestamp"), Is.EqualTo(symbols.Length), "each instrument's first bar is asked once");
        Assert.That(credits, Is.All.LessThanOrEqualTo(budget), "no day spends more than its budget");
        Assert.That(attempts, Has.Count.EqualTo((int)Math.Ceiling((pages + symbols.Length) / (double)budget)));
        Assert.That(attempts.Skip(1).Select(a => a.RunId), Is.All.StartWith(backfill.Value), "continuations carry the backfill's id");
        Assert.That(attempts[^1].Symbols.Select(s => s.Outcome), Is.All.EqualTo(SymbolOutcome.Succeeded));
        foreach (var symbol in symbols)
        {
            var days = attempts.SelectMany(a => a.Symbols.Where(s => s.Symbol == symbol).SelectMany(s => s.Keys)).SelectMany(k => Bars(h, k)).ToHashSet();
            Assert.That(days, Is.EquivalentTo(Days(History)), $"{symbol}: the whole history over the attempts");
        }

        var done = await Backfill.NextAsync(store, h.Layout, backfill, null, h.Clock.GetUtcNow(), CancellationToken.None);
        Assert.That(done.IsComplete, Is.True);
    }

    [Test]
    public async Task A_spent_budget_leaves_the_next_attempt_of_the_same_day_nothing_to_fetch()
    {
        await using var h = new TwelveDataHarness(new EmulatorPlan(100, null), History);
        var backfill = h.Layout.RunIds.Create(TwelveDataHarness.Start, "twelvedata");
        var store = new LocalFolderRawStore(h.RawRoot);
        var first = await Backfill.NextAsync(store, h.Layout, backfill, FullHistory, h.Clock.GetUtcNow(), CancellationToken.None);
        var limiter = new CreditLimiter(100, null, h.Clock);
        limiter.Budget(3, first.CreditsSpentToday);
        await new IngestionRun(new TwelveDataSource(new TwelveDataClient(h.Http, h.Options, limiter, h.Clock), h.Options), store, h.Layout, h.Clock)
            .ExecuteAsync(first.RunId, first.Request, null, CancellationToken.None, resume: true);

        h.Clock.Advance(TimeSpan.FromHours(1));
        var second = await Backfill.NextAsync(store, h.Layout, backfill, null, h.Clock.GetUtcNow(), CancellationToken.None);

        Assert.That(second.IsComplete, Is.False);
        Assert.That(second.CreditsSpentToday, Is.EqualTo(3), "what the first attempt spent today counts against today's budget");
        Assert.That(second.Request.ContinueFrom["AAPL"].NextPage, Is.EqualTo(3));
        Assert.That(second.Request.ContinueFrom["AAPL"].Floor, Is.EqualTo(History.Days().First()), "the probed first bar is carried, not asked again");
    }

    private static List<string> Days(EmulatedMarket market) =>
        market.Days().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();

    private static HashSet<string> StoredDays(TwelveDataHarness h, RunManifest manifest) =>
        manifest.Symbols.SelectMany(s => s.Keys).SelectMany(k => Bars(h, k)).ToHashSet();

    private static string[] Bars(TwelveDataHarness h, string key)
    {
        using var doc = JsonDocument.Parse(h.Raw(key));
        return TimeSeriesParser.ParseBars(doc.RootElement, BarInterval.Daily).Select(b => b.Datetime).ToArray();
    }

    private sealed class InlineProgress(Action<SourceResponse> report) : IProgress<SourceResponse>
    {
        public void Report(SourceResponse value) => report(value);
    }
}
