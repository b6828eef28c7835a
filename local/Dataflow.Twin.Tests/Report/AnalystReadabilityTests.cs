using System.Globalization;
using Dataflow.Contracts;
using Dataflow.Contracts.Testing;
using Dataflow.QuickSight;
using Dataflow.Twin.Etl;
using Dataflow.Twin.Pipeline;
using Dataflow.Twin.Query;
using Dataflow.Twin.Report;

namespace Dataflow.Twin.Tests.Report;

/// <summary>
/// What an analyst saw in the report and could not trust, measured on the whole sample universe: absolute changes that
/// hid twelve of thirteen lines, repeated colours, a KPI named for what it did not compute, symbols silently missing from
/// a chart, windows nobody stated, dates in the machine's culture.
/// </summary>
public sealed class AnalystReadabilityTests
{
    private string _lake = "";
    private DashboardPreviewResult _preview = null!;

    [OneTimeSetUp]
    public async Task RunTheTwinAndPreview()
    {
        _lake = Directory.CreateTempSubdirectory("dataflow-analyst-").FullName;
        var paths = TestRepository.Paths(_lake);
        var run = await new TwinPipeline(paths, SilentObserver.Instance).RunAsync(TwinRunOptions.Defaults with { Lake = _lake }, CancellationToken.None);
        using var catalog = new DuckDbSession();
        CuratedCatalog.Register(catalog, paths, CuratedSchema.Load(Checkout.Contracts));
        _preview = DashboardPreview.Render(QuickSightAssets.Load(Checkout.Repository.QuickSight), catalog, run.Ingestion.StartedUtc.UtcDateTime);
    }

    [OneTimeTearDown]
    public void RemoveTheLake() => Directory.Delete(_lake, recursive: true);

    private PreviewedVisual Visual(string id) => _preview.Sheets.SelectMany(s => s.Visuals).Single(v => v.Spec.VisualId == id);

    [Test]
    public void Daily_changes_are_comparable_across_asset_classes()
    {
        // Before: absolute change; BTC/USD moved +-230,000 while EUR/USD moved +-0.02 on one axis.
        var visual = Visual("line-daily-change");
        var spread = visual.Data.Rows.GroupBy(r => (string)r[1]!)
            .ToDictionary(g => g.Key, g => g.Where(r => r[2] is double).Max(r => Math.Abs((double)r[2]!)));

        Assert.That(visual.Spec.Measures.Single().Column, Is.EqualTo("return_pct"));
        Assert.That(spread.Keys, Has.Count.EqualTo(13), "every symbol drawn");
        Assert.That(spread.Values.Max() / spread.Values.Min(), Is.LessThan(50), "the largest moves of all symbols on one scale");
    }

    [Test]
    public void Daily_changes_that_span_missing_bars_are_left_out()
    {
        var visual = Visual("line-daily-change");

        Assert.That(visual.Sql, Does.Contain("\"sessions_since_prev\" = 1"));
    }

    [Test]
    public void Twenty_series_get_twenty_distinct_colours()
    {
        var colours = Enumerable.Range(0, 20).Select(ChartRenderer.SeriesColor).ToArray();

        Assert.That(ChartRenderer.DistinctColors, Is.GreaterThanOrEqualTo(20));
        Assert.That(colours, Is.Unique, "Category10 repeated after ten series (AAPL/SPY, AMZN/TLT, BTC/USD/XOM)");
    }

    [Test]
    public void The_kpi_says_it_shows_the_latest_day_across_symbols()
    {
        var kpi = Visual("kpi-avg-return");

        Assert.That(kpi.Spec.Title, Does.Contain("latest day").And.Contain("across symbols"));
        Assert.That(kpi.Spec.Title, Is.Not.EqualTo("Average daily return (%)"), "read as a period average");
    }

    [Test]
    public void A_chart_names_the_symbols_it_cannot_draw()
    {
        var bubbles = Visual("scatter-price-volume");

        Assert.That(bubbles.NotDrawn, Is.EquivalentTo(new[] { "BTC/USD", "EUR/USD" }), "no volume to place them by");
        Assert.That(bubbles.Html, Does.Contain("Not drawn").And.Contain("BTC/USD, EUR/USD"));
    }

    [Test]
    public void Every_visual_states_its_window_in_iso_dates()
    {
        foreach (var visual in _preview.Sheets.SelectMany(s => s.Visuals))
        {
            Assert.That(visual.Html, Does.Contain($"<span class=\"window\">{System.Net.WebUtility.HtmlEncode(visual.Window)}</span>"), visual.Spec.VisualId);
            Assert.That(visual.Spec.Subtitle, Is.Not.Null.And.Not.Empty, $"{visual.Spec.VisualId}: QuickSight shows what the preview computes");
        }

        var daily = Visual("bar-daily-volume").Window;
        var monthly = Visual("bar-monthly-volume").Window;
        Assert.That(daily, Does.Match(@"^\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}, by day$"));
        Assert.That(monthly, Does.Match(@"^\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}, by month$"));
        Assert.That(Span(daily).TotalDays, Is.LessThanOrEqualTo(366), "daily charts: the last year");
        Assert.That(Span(monthly).TotalDays, Is.GreaterThan(600), "monthly charts: the whole lake");
    }

    [TestCase("DAY", "2025-01-01")]
    [TestCase("MONTH", "2025-01")]
    public void Chart_dates_are_iso(string granularity, string expected)
    {
        // ScottPlot's own labels used the short date pattern of the current culture: 01/01/2025 in the invariant one.
        Assert.That(new DateTime(2025, 1, 1).ToString("d", CultureInfo.InvariantCulture), Is.EqualTo("01/01/2025"));
        Assert.That(ChartRenderer.DateTickLabel(new DateTime(2025, 1, 1), granularity), Is.EqualTo(expected));
    }

    [Test]
    public void Bubble_labels_of_nearby_points_do_not_overlap()
    {
        // Measured on the sample: JPM and GLD sit at nearly the same price and volume, and their labels overprinted.
        (double X, double Y)[] points = [(200, 2_400_000), (205, 2_000_000), (210, 2_200_000), (580, 75_000_000), (60, 410_000_000)];

        var labels = ChartRenderer.LabelPositions(points);

        var (spanX, spanY) = (580.0 - 60, 410_000_000.0 - 2_000_000);
        for (var a = 0; a < labels.Length; a++)
        {
            for (var b = a + 1; b < labels.Length; b++)
            {
                var apart = Math.Abs(labels[a].X - labels[b].X) / spanX >= 0.09 || Math.Abs(labels[a].Y - labels[b].Y) / spanY >= 0.05 - 1e-9;
                Assert.That(apart, $"labels {a} and {b} overlap");
            }
        }

        Assert.That(labels[3], Is.EqualTo(points[3]), "a label with room stays at its bubble");
    }

    private static TimeSpan Span(string window)
    {
        var dates = window.Split(',')[0].Split(" to ").Select(d => DateTime.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray();
        return dates[1] - dates[0];
    }
}
