using Dataflow.Contracts.Testing;
using System.Globalization;
using Dataflow.Contracts;
using Dataflow.QuickSight;
using Dataflow.Twin.Etl;
using Dataflow.Twin.Pipeline;
using Dataflow.Twin.Query;
using Dataflow.Twin.Report;

namespace Dataflow.Twin.Tests.Report;

/// <summary>
/// The preview turns field wells into queries: what a visual shows is compared with sums the test computes itself from
/// the curated Parquet files and the symbol universe.
/// </summary>
public sealed class DashboardPreviewTests
{
    private static readonly string[] Symbols = ["AAPL", "MSFT", "XOM", "SPY", "GLD"];
    private string _lake = "";
    private RunSummary _run = null!;
    private DashboardPreviewResult _preview = null!;

    [OneTimeSetUp]
    public async Task RunTheTwinAndPreview()
    {
        _lake = Directory.CreateTempSubdirectory("dataflow-preview-").FullName;
        var paths = TestRepository.Paths(_lake);
        _run = await new TwinPipeline(paths, SilentObserver.Instance).RunAsync(
            TwinRunOptions.Defaults with { Lake = _lake, Symbols = Symbols }, CancellationToken.None);
        using var catalog = new DuckDbSession();
        CuratedCatalog.Register(catalog, paths, CuratedSchema.Load(Checkout.Contracts));
        _preview = DashboardPreview.Render(QuickSightAssets.Load(Checkout.Repository.QuickSight), catalog, _run.Ingestion.StartedUtc.UtcDateTime);
    }

    [OneTimeTearDown]
    public void RemoveTheLake() => Directory.Delete(_lake, recursive: true);

    [Test]
    public void Every_visual_of_the_definition_is_previewed_with_data()
    {
        var declared = VisualSpec.Read(QuickSightAssets.Load(Checkout.Repository.QuickSight).Definition).Select(v => v.VisualId).ToArray();
        var previewed = _preview.Sheets.SelectMany(s => s.Visuals).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(previewed.Select(v => v.Spec.VisualId), Is.EquivalentTo(declared));
            foreach (var visual in previewed)
            {
                Assert.That(visual.Data.Rows, Is.Not.Empty, $"{visual.Spec.VisualId}: {visual.Sql}");
            }

            Assert.That(_preview.Notes, Is.Empty, "every filter of the definition is applied");
        });
    }

    [Test]
    public void Daily_volume_sums_each_day_inside_the_default_date_range()
    {
        var asOf = _run.Ingestion.StartedUtc.UtcDateTime.Date;
        var (from, to) = (DateOnly.FromDateTime(asOf.AddYears(-1)), DateOnly.FromDateTime(asOf));
        var curated = CuratedReader.Rows(_lake, "daily_bars");
        var expected = curated
            .Where(r => (DateOnly)r["bar_date"]! >= from && (DateOnly)r["bar_date"]! <= to)
            .GroupBy(r => ((DateOnly)r["bar_date"]!).ToDateTime(TimeOnly.MinValue))
            .ToDictionary(g => g.Key, g => g.Any(r => r["volume"] is not null) ? g.Where(r => r["volume"] is not null).Sum(r => (double)(decimal)r["volume"]!) : (double?)null);

        var shown = Visual("bar-daily-volume").Data.Rows.ToDictionary(r => (DateTime)r[0]!, r => (double?)r[1]);

        Assert.That(curated.Any(r => (DateOnly)r["bar_date"]! < from), "the sample reaches back past the range, so the filter has work to do");
        Assert.That(shown.Keys, Is.EquivalentTo(expected.Keys));
        Assert.That(shown.Select(s => s.Value), Is.EqualTo(shown.Keys.Select(k => expected[k])).Within(1e-6));
    }

    [Test]
    public void Monthly_volume_is_summed_per_month_and_coloured_by_sector()
    {
        var sectors = Checkout.Universe.Symbols.ToDictionary(s => s.Symbol, s => s.Sector);
        var expected = CuratedReader.Rows(_lake, "daily_bars")
            .Where(r => r["volume"] is not null)
            .GroupBy(r => (Month: new DateTime(((DateOnly)r["bar_date"]!).Year, ((DateOnly)r["bar_date"]!).Month, 1), Sector: sectors[(string)r["symbol"]!]))
            .ToDictionary(g => g.Key, g => g.Sum(r => (double)(decimal)r["volume"]!));

        var shown = Visual("bar-monthly-volume").Data.Rows.Where(r => r[2] is not null)
            .ToDictionary(r => (Month: (DateTime)r[0]!, Sector: (string)r[1]!), r => (double)r[2]!);

        Assert.That(shown.Keys, Is.EquivalentTo(expected.Keys));
        Assert.That(shown.Keys.Select(k => shown[k]), Is.EqualTo(shown.Keys.Select(k => expected[k])).Within(1e-6));
    }

    [Test]
    public void Sorted_bars_come_in_the_order_the_definition_asks_for()
    {
        var visual = Visual("bar-sector-return");
        var values = visual.Data.Rows.Select(r => (double)r[1]!).ToArray();

        Assert.That(visual.Spec.Sorts, Is.Not.Empty);
        Assert.That(values, visual.Spec.Sorts[0].Descending ? Is.Ordered.Descending : Is.Ordered.Ascending);
    }

    [Test]
    public void The_report_places_one_figure_per_visual_on_the_grid()
    {
        var html = File.ReadAllText(_run.Report!.Path);
        var visuals = _preview.Sheets.SelectMany(s => s.Visuals).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(_run.Report.Visuals, Is.EqualTo(visuals.Length));
            foreach (var visual in visuals)
            {
                var place = visual.Spec.Placement!;
                Assert.That(html, Does.Contain($"data-visual-id=\"{visual.Spec.VisualId}\""));
                Assert.That(visual.Html, Does.Contain(string.Create(CultureInfo.InvariantCulture, $"grid-column: {place.Column + 1} / span {place.ColumnSpan}")));
            }

            Assert.That(html, Does.Contain("Data quality").And.Contain("Pipeline"));
        });
    }

    private PreviewedVisual Visual(string id) => _preview.Sheets.SelectMany(s => s.Visuals).Single(v => v.Spec.VisualId == id);
}
