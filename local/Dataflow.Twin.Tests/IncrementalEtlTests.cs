using Dataflow.Contracts;
using Dataflow.Contracts.Testing;
using Dataflow.Twin.Etl;
using Dataflow.Twin.Ingest;
using Dataflow.Twin.Pipeline;
using Dataflow.Twin.Sample;

namespace Dataflow.Twin.Tests;

/// <summary>
/// The pipeline as it runs every trading day: each day's ingest re-fetches an overlapping window and the transform takes
/// in only the new run. After any sequence of runs the curated zone is byte for byte what a full rebuild publishes.
/// </summary>
public sealed class IncrementalEtlTests
{
    private static readonly string[] Symbols = ["AAPL", "EUR/USD", "BTC/USD"];
    private static readonly DateOnly FirstDay = new(2025, 12, 1);
    private const int Days = 12;

    private string _root = "";

    [SetUp]
    public void CreateRoot() => _root = Directory.CreateTempSubdirectory("dataflow-incremental-").FullName;

    [TearDown]
    public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    private TwinPaths Lake(string name) => TestRepository.Paths(Path.Combine(_root, name));

    private static Task<Ingestion.RunManifest> IngestDay(TwinPaths paths, DateOnly day) =>
        new TwinIngest(paths, _ => null).RunAsync(new IngestOptions(IngestSource.Sample, Symbols, BarInterval.Daily,
            Ingestion.IngestionWindow.Between(day.AddDays(-7), day), SampleTimeSeriesSource.DefaultSeed, null), null, CancellationToken.None);

    private static Task<RunSummary> Transform(TwinPaths paths, bool full = false) =>
        new TwinPipeline(paths, SilentObserver.Instance, full: full).TransformAsync(CancellationToken.None);

    /// <summary>A later run re-sends one of AAPL's bars (the newest, or the oldest) with another close: a restatement.</summary>
    private static string Restate(TwinPaths paths, DateOnly day, bool oldest = false)
    {
        var bars = CuratedReader.Rows(paths.Lake, "daily_bars", "symbol = 'AAPL'", "bar_time");
        var published = oldest ? bars.First() : bars.Last();
        var run = Checkout.Layout.RunIds.Create(new DateTimeOffset(day.ToDateTime(new TimeOnly(oldest ? 23 : 22, 0)), TimeSpan.Zero), "test").Value;
        var close = (decimal)published["close"]! * 1.001m;
        var raw = new RawLake(paths.Lake);
        raw.Object("AAPL", run, FormattableString.Invariant(
            $$"""{"meta":{"symbol":"AAPL","interval":"1day"},"values":[{"datetime":"{{published["bar_date"]:yyyy-MM-dd}}","open":"{{published["open"]}}","high":"{{Math.Max(close, (decimal)published["high"]!)}}","low":"{{published["low"]}}","close":"{{close}}","volume":"{{published["volume"]}}"}],"status":"ok"}"""));
        raw.Manifests();
        return run;
    }

    [Test]
    public async Task Daily_incremental_runs_publish_what_a_full_rebuild_publishes()
    {
        var daily = Lake("daily");
        var restatement = "";
        for (var i = 0; i < Days; i++)
        {
            await IngestDay(daily, FirstDay.AddDays(i));
            var run = await Transform(daily);
            Assert.That(run.Plan!.Objects, Has.Count.EqualTo(Symbols.Length), $"day {i}: only the new run's objects are read");
            if (i == Days / 2)
            {
                restatement = Restate(daily, FirstDay.AddDays(i));
                await Transform(daily);
            }

            if (i == Days - 2)
            {
                // A correction of a bar of the previous month: recomputed from that month on, and nothing else.
                Restate(daily, FirstDay.AddDays(i), oldest: true);
                await Transform(daily);
            }
        }

        var rebuilt = Lake("rebuilt");
        CopyDirectory(daily.Zone(LakeLayout.Raw), rebuilt.Zone(LakeLayout.Raw));
        await Transform(rebuilt, full: true);

        Assert.That(TestRepository.Published(daily), Is.EqualTo(TestRepository.Published(rebuilt)));
        // The restatement, then the next day's re-fetch restating it back; no revision for the identical re-fetches.
        var revisions = CuratedReader.Rows(daily.Lake, "bar_revisions", "bar_time > timestamp '2025-12-01'", "new_run_id");
        Assert.That(revisions, Has.Count.EqualTo(2));
        Assert.That(CuratedReader.Rows(daily.Lake, "bar_revisions"), Has.Count.EqualTo(3), "and the correction of November's bar");
        Assert.That((revisions[0]["new_run_id"], revisions[1]["old_run_id"]), Is.EqualTo((restatement, restatement)));
        Assert.That(revisions[1]["new_close"], Is.EqualTo(revisions[0]["old_close"]));

        // One ingest of the whole period sees each bad bar once: the daily lake, which saw each up to eight times, has
        // the same rejects.
        var once = Lake("once");
        await new TwinIngest(once, _ => null).RunAsync(new IngestOptions(IngestSource.Sample, Symbols, BarInterval.Daily,
            Ingestion.IngestionWindow.Between(FirstDay.AddDays(-7), FirstDay.AddDays(Days - 1)), SampleTimeSeriesSource.DefaultSeed, null), null, CancellationToken.None);
        await Transform(once);
        string Reject(Dictionary<string, object?> r) => $"{r["symbol"]} {r["raw_datetime"]} {r["raw_close"]} {r["reason_code"]}";
        Assert.That(CuratedReader.Rows(daily.Lake, "rejected_bars").Select(Reject).Order(), Is.EqualTo(CuratedReader.Rows(once.Lake, "rejected_bars").Select(Reject).Order()));
    }

    [Test]
    public async Task An_unusable_bar_sent_again_by_later_runs_is_recorded_once_by_the_first()
    {
        var lake = Lake("bad-again");
        var raw = new RawLake(lake.Lake);
        string Run(int day) => Checkout.Layout.RunIds.Create(new DateTimeOffset(2025, 12, day, 21, 0, 0, TimeSpan.Zero), "test", $"day{day}").Value;
        const string Bad = """{"datetime":"2025-12-01","open":"10","high":"11","low":"9","close":"N/A","volume":"5"}""";
        string Body(string day) => $$"""{"meta":{"symbol":"AAPL","interval":"1day"},"values":[{"datetime":"{{day}}","open":"10","high":"11","low":"9","close":"10","volume":"5"},{{Bad}}],"status":"ok"}""";
        raw.Object("AAPL", Run(1), Body("2025-11-28"));
        raw.Manifests();
        await Transform(lake);
        raw.Object("AAPL", Run(2), Body("2025-12-02"));
        raw.Manifests();
        await Transform(lake);
        raw.Object("AAPL", Run(3), Body("2025-12-03"));
        raw.Manifests();
        await Transform(lake);

        var rejects = CuratedReader.Rows(lake.Lake, "rejected_bars");
        Assert.That(rejects.Select(r => (r["raw_datetime"], r["reason_code"], r["ingest_run_id"])), Is.EqualTo(new[] { ((object?)"2025-12-01", (object?)"INVALID_NUMBER", (object?)Run(1)) }));
        var rebuilt = Lake("bad-again-rebuilt");
        CopyDirectory(lake.Zone(LakeLayout.Raw), rebuilt.Zone(LakeLayout.Raw));
        await Transform(rebuilt, full: true);
        Assert.That(TestRepository.Published(lake), Is.EqualTo(TestRepository.Published(rebuilt)));
    }

    [Test]
    public async Task A_rerun_with_nothing_new_reads_nothing_and_changes_nothing()
    {
        var lake = Lake("rerun");
        await IngestDay(lake, FirstDay);
        await Transform(lake);
        var before = TestRepository.Published(lake);
        var commit = new CuratedStore(lake).Current();

        var run = await Transform(lake);

        Assert.That(run.Plan!.NothingToDo);
        Assert.That(TestRepository.Published(lake), Is.EqualTo(before));
        Assert.That(new CuratedStore(lake).Current().Version, Is.EqualTo(commit.Version));
    }

    [Test]
    public async Task A_run_without_a_manifest_is_not_read_until_its_manifest_lands()
    {
        var lake = Lake("unfinished");
        await IngestDay(lake, FirstDay);
        await Transform(lake);
        var manifest = await IngestDay(lake, FirstDay.AddDays(1));
        var manifestFile = lake.Key(LakeLayout.Raw, lake.Layout.RunManifestKey(lake.Layout.RunIds.Parse(manifest.RunId).IngestDate, manifest.RunId));
        var aside = manifestFile + ".aside";
        File.Move(manifestFile, aside);

        Assert.That((await Transform(lake)).Plan!.NothingToDo, "objects of a run still being written are not read");

        File.Move(aside, manifestFile);
        Assert.That((await Transform(lake)).Plan!.NewRuns, Is.EqualTo(new[] { manifest.RunId }));
    }

    [Test]
    public async Task A_run_killed_before_its_commit_leaves_the_previous_version_whole_and_the_next_run_recovers()
    {
        var lake = Lake("killed");
        await IngestDay(lake, FirstDay);
        await Transform(lake);
        var before = TestRepository.Published(lake);
        await IngestDay(lake, FirstDay.AddDays(1));

        // Everything up to the commit, as a run killed just before it would leave it.
        using (var db = new DuckDbSession())
        {
            var etl = new IncrementalEtl(db, lake, full: false);
            etl.Plan();
            etl.Stage();
            etl.Transform(null);
            etl.Gate(DateTimeOffset.UtcNow, null);
            var schema = CuratedSchema.Load(lake.Contracts);
            new CuratedStore(lake).WritePartitions(db, schema.Table("daily_bars"), "select * from daily_bars", etl.Version);
        }

        Assert.That(TestRepository.Published(lake), Is.EqualTo(before), "readers see the previous commit only");

        await Transform(lake);
        var rebuilt = Lake("killed-rebuilt");
        CopyDirectory(lake.Zone(LakeLayout.Raw), rebuilt.Zone(LakeLayout.Raw));
        await Transform(rebuilt, full: true);
        Assert.That(TestRepository.Published(lake), Is.EqualTo(TestRepository.Published(rebuilt)));
        var named = new CuratedStore(lake).Current().Tables.Values.SelectMany(p => p.Values).Select(v => v.Split('/')[1]).ToHashSet();
        var folders = Directory.GetDirectories(lake.CuratedTable("daily_bars")).Select(Path.GetFileName).ToArray();
        Assert.That(folders, Is.SubsetOf(named), "the dead run's folder is swept");
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
