using Dataflow.Contracts;
using Dataflow.Contracts.Testing;
using Dataflow.Twin.Etl;
using Dataflow.Twin.Pipeline;

namespace Dataflow.Twin.Tests;

/// <summary>
/// Per-symbol holds: a symbol whose new rows fail a blocking rule keeps its published data and waits, every other symbol
/// publishes, nothing is lost, and a release publishes the held rows.
/// </summary>
public sealed class QualityGateTests
{
    private static readonly string Later = Checkout.Layout.RunIds.Create(new DateTimeOffset(2026, 1, 2, 21, 0, 0, TimeSpan.Zero), "test").Value;

    private string _lake = "";
    private TwinPaths _paths = null!;

    [SetUp]
    public async Task PublishTwoSymbols()
    {
        _lake = Directory.CreateTempSubdirectory("dataflow-gate-").FullName;
        _paths = TestRepository.Paths(_lake);
        await new TwinPipeline(_paths, SilentObserver.Instance).RunAsync(
            TwinRunOptions.Defaults with { Lake = _lake, Symbols = ["AAPL", "MSFT"], From = new(2025, 11, 1), To = new(2025, 12, 31) }, CancellationToken.None);
    }

    [TearDown]
    public void RemoveLake() => Directory.Delete(_lake, recursive: true);

    private static string Bar(string symbol, string date, decimal open, decimal high, decimal low, decimal close) =>
        FormattableString.Invariant($$"""{"meta":{"symbol":"{{symbol}}","interval":"1day"},"values":[{"datetime":"{{date}}","open":"{{open}}","high":"{{high}}","low":"{{low}}","close":"{{close}}","volume":"1000"}],"status":"ok"}""");

    /// <summary>A bar <paramref name="factor"/> times the symbol's last published close, its high and low 1 % around it.</summary>
    private string Near(string symbol, string date, decimal factor, bool highBelowLow = false)
    {
        var close = Math.Round((decimal)Daily(symbol).Last()["close"]! * factor, 4);
        var (high, low) = (Math.Round(close * 1.01m, 4), Math.Round(close * 0.99m, 4));
        return highBelowLow ? Bar(symbol, date, close, low, high, close) : Bar(symbol, date, close, high, low, close);
    }

    private List<Dictionary<string, object?>> Daily(string symbol) => CuratedReader.Rows(_lake, "daily_bars", $"symbol = '{symbol}'", "bar_time");

    [TestCase("high below low", "select symbol, bar_interval, bar_time from primary where high >= greatest", TestName = "A bar whose high is below its low holds its symbol only")]
    [TestCase("split", "abs(return_pct) < 50", TestName = "A 2:1 split (a return beyond 50 %) holds its symbol only")]
    [TestCase("negative low", "ColumnValues \"low\" > 0", TestName = "A negative price holds its symbol only")]
    public async Task A_failing_symbol_is_held_and_the_others_publish(string defect, string rule)
    {
        var msftBefore = Daily("MSFT").Count;
        var aaplBefore = Daily("AAPL");
        var raw = new RawLake(_lake);
        var close = (decimal)aaplBefore.Last()["close"]!;
        var body = defect switch
        {
            "high below low" => Near("AAPL", "2026-01-02", 1m, highBelowLow: true),
            "split" => Near("AAPL", "2026-01-02", 0.49m),
            _ => Bar("AAPL", "2026-01-02", close, close + 1, -1, close),
        };
        var bad = raw.Object("AAPL", Later, body);
        raw.Object("MSFT", Later, Near("MSFT", "2026-01-02", 1.01m));
        raw.Manifests();

        var run = await new TwinPipeline(_paths, SilentObserver.Instance).TransformAsync(CancellationToken.None);

        Assert.That(Daily("MSFT"), Has.Count.EqualTo(msftBefore + 1), "MSFT's new bar is published");
        Assert.That(Daily("AAPL"), Is.EqualTo(aaplBefore), "AAPL keeps exactly its previous data");
        var hold = new CuratedStore(_paths).Current().Holds.Single();
        Assert.That((hold.Symbol, hold.Interval, hold.PendingObjects.Single()), Is.EqualTo(("AAPL", "1day", bad)));
        Assert.That(hold.Rules, Has.Some.Contains(rule));
        Assert.That(run.Holds.Single().Symbol, Is.EqualTo("AAPL"));
        var gate = run.Quality.Single(g => g.Table == "daily_bars");
        Assert.That(gate.QuarantinePath, Is.Not.Null.And.Contains(_paths.QualityQuarantine("daily_bars", new CuratedStore(_paths).Current().Version)));
        using var db = new DuckDbSession();
        var quarantined = db.Query($"select symbol, cast(bar_date as varchar) from read_parquet('{gate.QuarantinePath}')", "reading the quarantine").Rows;
        Assert.That(quarantined.Select(r => $"{r[0]} {r[1]}"), Is.EqualTo(new[] { "AAPL 2026-01-02" }), "only the failing new row is quarantined");
        Assert.That(File.Exists(gate.ResultsPath));
    }

    [TestCase("ZZZZ", "ReferentialIntegrity", TestName = "A symbol without reference data is held, the others publish")]
    [TestCase("aapl", "matches", TestName = "A lowercase symbol is held, the others publish")]
    public async Task A_symbol_outside_the_universe_is_held_and_the_others_publish(string symbol, string rule)
    {
        var msftBefore = Daily("MSFT").Count;
        var raw = new RawLake(_lake);
        raw.Object(symbol, Later, Bar(symbol, "2026-01-02", 10, 11, 9, 10));
        raw.Object("MSFT", Later, Near("MSFT", "2026-01-02", 1.01m));
        raw.Manifests();

        await new TwinPipeline(_paths, SilentObserver.Instance).TransformAsync(CancellationToken.None);

        Assert.That(Daily("MSFT"), Has.Count.EqualTo(msftBefore + 1));
        var hold = new CuratedStore(_paths).Current().Holds.Single();
        Assert.That(hold.Symbol, Is.EqualTo(symbol));
        Assert.That(hold.Rules, Has.Some.Contains(rule));
        Assert.That(Daily(symbol), Is.Empty, "nothing of the held symbol is published; its object waits");
    }

    [Test]
    public async Task A_held_symbol_stays_held_by_later_runs_until_released_and_then_publishes_its_waiting_rows()
    {
        var raw = new RawLake(_lake);
        raw.Object("AAPL", Later, Near("AAPL", "2026-01-02", 1m, highBelowLow: true));
        raw.Manifests();
        await new TwinPipeline(_paths, SilentObserver.Instance).TransformAsync(CancellationToken.None);
        var next = Checkout.Layout.RunIds.Create(new DateTimeOffset(2026, 1, 5, 21, 0, 0, TimeSpan.Zero), "test").Value;
        raw.Object("AAPL", next, Near("AAPL", "2026-01-05", 1.01m));
        raw.Manifests();

        await new TwinPipeline(_paths, SilentObserver.Instance).TransformAsync(CancellationToken.None);

        var hold = new CuratedStore(_paths).Current().Holds.Single();
        Assert.That(hold.PendingObjects, Has.Count.EqualTo(2), "the later run's object waits behind the held one");
        Assert.That(Daily("AAPL").Select(r => r["bar_date"]), Has.None.EqualTo(new DateOnly(2026, 1, 5)));

        IncrementalEtl.Release(_paths, "aapl", null);
        await new TwinPipeline(_paths, SilentObserver.Instance).TransformAsync(CancellationToken.None);

        Assert.That(new CuratedStore(_paths).Current().Holds, Is.Empty);
        Assert.That(Daily("AAPL").Select(r => r["bar_date"]).TakeLast(2), Is.EqualTo(new object[] { new DateOnly(2026, 1, 2), new DateOnly(2026, 1, 5) }));
        var ledger = new CuratedStore(_paths).Current().ProcessedRuns;
        Assert.That(ledger.Single(r => r.RunId == Later).Held, Is.EqualTo(new[] { "AAPL (1day)" }), "the ledger says what the run held back");
    }

    [Test]
    public async Task A_corrected_refetch_ends_the_hold_by_itself()
    {
        var raw = new RawLake(_lake);
        var close = (decimal)Daily("AAPL").Last()["close"]!;
        raw.Object("AAPL", Later, Bar("AAPL", "2026-01-02", close, close - 1, close + 1, close));
        raw.Manifests();
        await new TwinPipeline(_paths, SilentObserver.Instance).TransformAsync(CancellationToken.None);
        var corrected = Checkout.Layout.RunIds.Create(new DateTimeOffset(2026, 1, 3, 21, 0, 0, TimeSpan.Zero), "test").Value;
        raw.Object("AAPL", corrected, Bar("AAPL", "2026-01-02", close, close + 2, close - 1, close));
        raw.Manifests();

        await new TwinPipeline(_paths, SilentObserver.Instance).TransformAsync(CancellationToken.None);

        Assert.That(new CuratedStore(_paths).Current().Holds, Is.Empty);
        Assert.That(Daily("AAPL").Last()["high"], Is.EqualTo(close + 2));
        var revision = CuratedReader.Rows(_lake, "bar_revisions").Single();
        Assert.That((revision["old_high"], revision["new_high"], revision["old_run_id"], revision["new_run_id"]), Is.EqualTo((close - 1, close + 2, Later, corrected)));
    }

    [Test]
    public void Releasing_a_symbol_that_is_not_held_names_what_is()
    {
        var e = Assert.Throws<TwinException>(() => IncrementalEtl.Release(_paths, "AAPL", null));

        Assert.That(e!.Message, Does.Contain("AAPL is not held"));
    }
}
