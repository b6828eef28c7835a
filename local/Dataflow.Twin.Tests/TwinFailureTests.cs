using Dataflow.Contracts.Testing;
using Dataflow.Contracts;
using Dataflow.Twin.Pipeline;
using Dataflow.Ingestion;
using Dataflow.Twin.Ingest;

namespace Dataflow.Twin.Tests;

public sealed class TwinFailureTests
{
    private static Task<RunSummary> Run(TwinRunOptions options) =>
        new TwinPipeline(TestRepository.Paths(options.Lake), SilentObserver.Instance).RunAsync(options, CancellationToken.None);

    [Test]
    public void A_reversed_window_is_refused_before_anything_is_written()
    {
        var lake = Path.Combine(Path.GetTempPath(), $"dataflow-never-{Guid.NewGuid():N}");

        var e = Assert.ThrowsAsync<TwinException>(() => Run(TwinRunOptions.Defaults with { Lake = lake, From = new(2025, 2, 1), To = new(2025, 1, 1) }));

        Assert.That(e!.Message, Does.Contain("--from 2025-02-01 is after --to 2025-01-01"));
        Assert.That(Directory.Exists(lake), Is.False);
    }

    [Test]
    public void A_window_ending_after_the_trading_calendars_is_refused_naming_the_seed_and_how_to_extend_it()
    {
        var lake = Path.Combine(Path.GetTempPath(), $"dataflow-never-{Guid.NewGuid():N}");

        var e = Assert.ThrowsAsync<TwinException>(() => Run(TwinRunOptions.Defaults with { Lake = lake, From = new(2036, 1, 2), To = new(2036, 2, 1) }));

        Assert.That(e!.Message, Does.Contain("--to 2036-02-01 is after 2035-12-31").And.Contain("sql/seeds/trading_sessions.csv")
            .And.Contain("dataflow calendar --out sql/seeds/trading_sessions.csv"));
        Assert.That(Directory.Exists(lake), Is.False);
    }

    [Test]
    public async Task A_run_over_2020_finds_its_sessions_in_the_calendars()
    {
        // Measured when the seed began in 2024: `run --from 2020-01-01 --to 2020-12-31` failed the freshness rule
        // ("Value: 1") with nothing naming the seed.
        var lake = Directory.CreateTempSubdirectory("dataflow-2020-").FullName;
        try
        {
            var run = await Run(TwinRunOptions.Defaults with { Lake = lake, Symbols = ["AAPL", "EUR/USD"], From = new(2020, 12, 1), To = new(2020, 12, 31) });

            var failed = run.Quality.SelectMany(g => g.FailedRules).Select(r => r.Rule).ToArray();
            Assert.That(failed, Is.Empty);
            Assert.That(run.Quality.Single(g => g.Table == "monthly_bars").Evaluation.Rules.Where(r => r.Rule.Contains("trading_sessions", StringComparison.Ordinal))
                .Select(r => r.Outcome), Is.All.EqualTo(Dataflow.Quality.Evaluation.RuleOutcome.Passed));
        }
        finally
        {
            Directory.Delete(lake, recursive: true);
        }
    }

    [Test]
    public async Task A_stale_symbol_is_named_with_its_latest_bar_its_calendar_and_the_session_it_misses()
    {
        var lake = Directory.CreateTempSubdirectory("dataflow-stale-").FullName;
        try
        {
            var paths = TestRepository.Paths(lake);
            var ingest = new TwinIngest(paths, _ => null);
            IngestOptions Window(string[] symbols, DateOnly from, DateOnly to) =>
                new(IngestSource.Sample, symbols, BarInterval.Daily, IngestionWindow.Between(from, to), 7, null);
            await ingest.RunAsync(Window(["AAPL", "BTC/USD"], new(2025, 12, 1), new(2025, 12, 31)), null, CancellationToken.None);
            // The newest run is dated Tuesday 6 January 2026: NYSE traded on 2 and 5 January, crypto every day.
            await ingest.RunAsync(Window(["MSFT"], new(2025, 12, 1), new(2026, 1, 6)), null, CancellationToken.None);

            var run = await new TwinPipeline(paths, SilentObserver.Instance).TransformAsync(CancellationToken.None);

            var daily = run.Quality.Single(g => g.Table == "daily_bars");
            var freshness = daily.Warnings.Single(w => w.Rule.Contains("last_session", StringComparison.Ordinal));
            Assert.That(daily.CountedLines(freshness), Is.EquivalentTo(new[]
            {
                "symbol=AAPL latest_bar=2025-12-31 calendar=XNYS last_session=2026-01-05 seed_end=2035-12-31",
                "symbol=BTC/USD latest_bar=2025-12-31 calendar=CRYPTO last_session=2026-01-05 seed_end=2035-12-31",
            }));
        }
        finally
        {
            Directory.Delete(lake, recursive: true);
        }
    }

    [Test]
    public void A_raw_zone_whose_manifest_folder_holds_no_manifest_says_what_to_run()
    {
        // A run killed before its manifest was written leaves the folder with no manifest in it (here: a stray file).
        var lake = Directory.CreateTempSubdirectory("dataflow-no-manifest-").FullName;
        try
        {
            var paths = TestRepository.Paths(lake);
            var folder = paths.Key(LakeLayout.Raw, paths.Layout.RunManifest.FolderPrefix);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "notes.txt"), "not a manifest");

            var e = Assert.ThrowsAsync<TwinException>(() => new TwinPipeline(paths, SilentObserver.Instance).TransformAsync(CancellationToken.None));

            Assert.That(e!.Message, Does.Contain("no readable run manifest under").And.Contain("run `dataflow ingest` first"));
        }
        finally
        {
            Directory.Delete(lake, recursive: true);
        }
    }

    [Test]
    public void An_unknown_symbol_names_the_universe_file()
    {
        var e = Assert.ThrowsAsync<ContractException>(() => Run(TwinRunOptions.Defaults with { Symbols = ["AAPL", "NOPE"] }));

        Assert.That(e!.Message, Does.Contain("'NOPE'").And.Contain("sql/seeds/symbols.csv"));
    }

    [Test]
    public void A_window_without_trading_days_fails_with_each_symbols_reason()
    {
        var lake = Directory.CreateTempSubdirectory("dataflow-empty-").FullName;
        try
        {
            var e = Assert.ThrowsAsync<TwinException>(() =>
                Run(TwinRunOptions.Defaults with { Lake = lake, Symbols = ["AAPL"], From = new(2025, 7, 5), To = new(2025, 7, 6) }));

            Assert.That(e!.Message, Does.Contain("AAPL: No data is available"));
        }
        finally
        {
            Directory.Delete(lake, recursive: true);
        }
    }

    [Test]
    public void A_failing_model_names_its_file_and_leaves_nothing_staged()
    {
        var lake = Directory.CreateTempSubdirectory("dataflow-broken-").FullName;
        using var copy = new RepositoryCopy("sql", "glue", "quicksight");
        try
        {
            var monthly = copy["sql/etl/060_monthly_bars.sql"];
            File.WriteAllText(monthly, File.ReadAllText(monthly).Replace("max(daily.high)", "max(daily.highest)", StringComparison.Ordinal));
            var paths = TwinPaths.For(copy.Repository, lake);

            var e = Assert.ThrowsAsync<TwinException>(() => new TwinPipeline(paths, SilentObserver.Instance)
                .RunAsync(TwinRunOptions.Defaults with { Lake = lake, Symbols = ["AAPL"], From = new(2025, 1, 1), To = new(2025, 1, 31) }, CancellationToken.None));

            Assert.That(e!.Message, Does.StartWith("sql/etl/060_monthly_bars.sql:").And.Contain("highest"));
            Assert.That(Directory.GetFileSystemEntries(Path.Combine(lake, "curated")), Is.Empty, "daily_bars was staged before monthly_bars failed, and is gone");
        }
        finally
        {
            Directory.Delete(lake, recursive: true);
        }
    }

    [Test]
    public async Task A_symbol_subset_publishes_only_those_symbols()
    {
        var lake = Directory.CreateTempSubdirectory("dataflow-subset-").FullName;
        try
        {
            var run = await Run(TwinRunOptions.Defaults with { Lake = lake, Symbols = ["msft", "EUR/USD"], From = new(2025, 1, 1), To = new(2025, 1, 31) });

            var symbols = CuratedReader.Rows(lake, "daily_bars").Select(r => (string)r["symbol"]!).Distinct().Order().ToArray();
            Assert.That(symbols, Is.EqualTo(new[] { "EUR/USD", "MSFT" }));
            Assert.That(run.Ingestion.Totals.Requested, Is.EqualTo(2));
        }
        finally
        {
            Directory.Delete(lake, recursive: true);
        }
    }
}
