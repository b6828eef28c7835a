using Dataflow.Contracts;
using Dataflow.Ingestion;
using Dataflow.Twin.Ingest;
using Dataflow.Twin.Pipeline;
using Dataflow.TwelveData.Emulator;

namespace Dataflow.Twin.Tests;

/// <summary>
/// A 2-for-1 split between two runs, on the emulator: Twelve Data adjusts the bars it re-sends, the bars already stored
/// keep the old scale. The pipeline must notice, record it, and fetch the symbol's history again.
/// </summary>
public sealed class SplitTests
{
    private static readonly DateOnly SplitDay = new(2025, 12, 17);
    private string _lake = "";

    [SetUp]
    public void CreateLake() => _lake = Directory.CreateTempSubdirectory("dataflow-split-").FullName;

    [TearDown]
    public void RemoveLake() => Directory.Delete(_lake, recursive: true);

    [Test]
    public async Task A_split_revealed_by_the_overlap_is_recorded_and_the_history_is_fetched_again_consistently_adjusted()
    {
        var market = new EmulatedMarket { FirstDay = new DateOnly(2025, 12, 1), LastDay = new DateOnly(2025, 12, 23), Splits = { ["AAPL"] = (SplitDay, 2m) } };
        var clock = new SimulatedClock(new DateTimeOffset(2025, 12, 16, 22, 0, 0, TimeSpan.Zero));
        await using var emulator = new TwelveDataEmulator(EmulatorEnvironment.Key, new EmulatorPlan(100, null), market, clock);
        var environment = EmulatorEnvironment.For(emulator);
        var paths = TestRepository.Paths(_lake);
        var observer = new RecordingObserver();
        var pipeline = new TwinPipeline(paths, observer, environment);
        TwinRunOptions Run(DateOnly from, DateOnly to) => new(_lake, ["AAPL", "MSFT"], from, to, 0) { Source = IngestSource.TwelveData, CreditsPerMinute = 100 };

        await pipeline.RunAsync(Run(market.FirstDay, SplitDay.AddDays(-1)), CancellationToken.None);
        var before = CuratedReader.Rows(paths.Lake, "daily_bars", "symbol = 'AAPL'", "bar_time");
        clock.Advance(TimeSpan.FromDays(7));
        var after = await pipeline.RunAsync(Run(SplitDay.AddDays(-5), market.LastDay), CancellationToken.None);

        var actions = CuratedReader.Rows(paths.Lake, "corporate_actions", "true", "detected_run_id");
        var action = actions[0];
        Assert.That(action["symbol"], Is.EqualTo("AAPL"));
        Assert.That((decimal)action["factor"]!, Is.EqualTo(2m).Within(0.001m), "old close / new close");
        Assert.That(action["action"], Is.EqualTo("REFETCH_HISTORY"));
        Assert.That(observer.Messages, Has.Some.Contains("AAPL split").And.Contains("fetching its history again"));
        Assert.That(observer.Messages, Has.None.Contains("HELD AAPL"), "the daily move rule does not fire on the first bar of a recorded split");
        Assert.That(emulator.Requests.Count(r => r.Path == "time_series" && r.Query["symbol"] == "AAPL" && r.Query["start_date"] is null), Is.EqualTo(1),
            "one re-fetch of the whole history (no start date)");

        var bars = CuratedReader.Rows(paths.Lake, "daily_bars", "symbol = 'AAPL'", "bar_time");
        var first = before.First();
        Assert.That((decimal)bars.First()["close"]!, Is.EqualTo((decimal)first["close"]! / 2m).Within(0.0001m), "the old history is adjusted too");
        Assert.That(bars.Select(b => Math.Abs(Convert.ToDouble(b["return_pct"] ?? 0, System.Globalization.CultureInfo.InvariantCulture))), Is.All.LessThan(25), "no jump left in the series");
        Assert.That(bars, Has.Count.EqualTo(market.Days().Count()));
        Assert.That(after.Holds, Is.Empty, "nothing held once the history is consistent");
        Assert.That(actions.Select(a => a["action"]), Is.EqualTo(new[] { "REFETCH_HISTORY", "HISTORY_REFETCHED" }), "the re-fetch is recorded, and asks for nothing");
        Assert.That(actions[1]["detected_run_id"], Is.EqualTo(after.Ingestion.RunId));
    }

    private sealed class RecordingObserver : ITwinObserver
    {
        public List<string> Messages { get; } = [];

        public void StageStarted(TwinStage stage, int steps)
        {
        }

        public void StepCompleted(TwinStage stage, string detail) => Messages.Add(detail);

        public void StageFinished(TwinStage stage, TimeSpan elapsed)
        {
        }
    }
}
