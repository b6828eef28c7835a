using Dataflow.Contracts.Testing;
using System.Globalization;
using Dataflow.Contracts;
using Dataflow.Twin.Pipeline;

namespace Dataflow.Twin.Tests;

/// <summary>
/// One end-to-end run of the twin on the sample, checked against expectations the test computes itself from the raw
/// responses the run wrote.
/// </summary>
public sealed class TwinRunTests
{
    private string _lake = "";
    private RunSummary _run = null!;
    private IReadOnlyList<RawBar> _raw = [];

    [OneTimeSetUp]
    public async Task RunTheTwinOnce()
    {
        _lake = Directory.CreateTempSubdirectory("dataflow-twin-").FullName;
        _run = await new TwinPipeline(TestRepository.Paths(_lake), SilentObserver.Instance)
            .RunAsync(TwinRunOptions.Defaults with { Lake = _lake }, CancellationToken.None);
        _raw = RawResponses.ReadAll(Path.Combine(_lake, "raw"));
    }

    [OneTimeTearDown]
    public void RemoveTheLake() => Directory.Delete(_lake, recursive: true);

    [Test]
    public void The_sample_contains_every_planted_defect()
    {
        var duplicates = _raw.GroupBy(b => (b.Symbol, b.Datetime)).Where(g => g.Count() > 1).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(duplicates, Is.Not.Empty, "a duplicate bar");
            Assert.That(duplicates.Any(g => g.Select(b => b.Close).Distinct().Count() > 1), "a duplicate with different values");
            Assert.That(_raw.Any(b => !b.VolumeReported && b.Symbol is not ("EUR/USD" or "BTC/USD")), "a stock bar without volume");
            Assert.That(_raw.Any(b => !b.IsValid), "a non-numeric value");
        });
    }

    [Test]
    public void Curated_rows_are_the_distinct_valid_bars_and_quarantine_holds_the_rest()
    {
        var valid = _raw.Where(b => b.IsValid).ToArray();
        var distinctValid = valid.Select(b => (b.Symbol, b.Datetime)).Distinct().Count();
        var invalid = _raw.Count - valid.Length;
        var superseded = valid.Length - distinctValid;

        Assert.Multiple(() =>
        {
            Assert.That(_run.CuratedRows("daily_bars"), Is.EqualTo(distinctValid));
            Assert.That(CuratedReader.Rows(_lake, "daily_bars"), Has.Count.EqualTo(distinctValid));
            Assert.That(_run.RejectsByReason["INVALID_NUMBER"], Is.EqualTo(invalid));
            Assert.That(_run.RejectsByReason["DUPLICATE_IN_RESPONSE"], Is.EqualTo(superseded), "one run: every repeat is within a response");
            Assert.That(CuratedReader.Rows(_lake, "rejected_bars"), Has.Count.EqualTo(_raw.Count - distinctValid));
        });
    }

    [Test]
    public void A_duplicate_is_resolved_to_the_first_version_in_the_response()
    {
        var duplicate = _raw.Where(b => b.IsValid).GroupBy(b => (b.Symbol, b.Datetime))
            .First(g => g.Select(b => b.Close).Distinct().Count() > 1);
        var first = duplicate.MinBy(b => b.Ordinal)!;

        var curated = CuratedReader.Rows(_lake, "daily_bars", $"symbol = '{first.Symbol}' and bar_date = DATE '{first.Datetime}'").Single();

        Assert.That(curated["close"], Is.EqualTo(first.CloseValue));
        Assert.That(curated["duplicate_versions"], Is.EqualTo(duplicate.Select(b => b.Key).Distinct().Count()), "runs that delivered the bar");
    }

    [Test]
    public void A_missing_volume_is_kept_as_null_and_flagged()
    {
        var bar = _raw.First(b => b.IsValid && !b.VolumeReported && b.Symbol is not ("EUR/USD" or "BTC/USD"));

        var curated = CuratedReader.Rows(_lake, "daily_bars", $"symbol = '{bar.Symbol}' and bar_date = DATE '{bar.Datetime}'").Single();

        Assert.That(curated["volume"], Is.Null);
        Assert.That(curated["volume_reported"], Is.False);
        Assert.That(curated["close"], Is.EqualTo(bar.CloseValue));
    }

    [Test]
    public void Returns_use_the_previous_published_bar_of_the_same_symbol()
    {
        var aapl = Winners("AAPL");
        var curated = CuratedReader.Rows(_lake, "daily_bars", "symbol = 'AAPL'", "bar_date");

        Assert.That(curated, Has.Count.EqualTo(aapl.Count));
        Assert.That(curated[0]["return_pct"], Is.Null);
        for (var i = 1; i < aapl.Count; i++)
        {
            var expected = 100 * ((double)aapl[i].CloseValue / (double)aapl[i - 1].CloseValue - 1);
            Assert.That((double)curated[i]["return_pct"]!, Is.EqualTo(expected).Within(1e-9), aapl[i].Datetime);
        }
    }

    [Test]
    public void Monthly_bars_aggregate_the_published_daily_bars()
    {
        var march = Winners("MSFT").Where(b => b.Day.Year == 2025 && b.Day.Month == 3).ToArray();

        var curated = CuratedReader.Rows(_lake, "monthly_bars", "symbol = 'MSFT' and month_start = DATE '2025-03-01'").Single();

        Assert.Multiple(() =>
        {
            Assert.That(curated["open"], Is.EqualTo(march[0].OpenValue));
            Assert.That(curated["close"], Is.EqualTo(march[^1].CloseValue));
            Assert.That(curated["high"], Is.EqualTo(march.Max(b => b.HighValue)));
            Assert.That(curated["low"], Is.EqualTo(march.Min(b => b.LowValue)));
            Assert.That(curated["volume"], Is.EqualTo(march.Sum(b => b.VolumeValue ?? 0)));
            Assert.That(curated["trading_days"], Is.EqualTo(march.Length));
        });
    }

    [Test]
    public void The_athena_query_reports_each_symbols_total_return()
    {
        var result = _run.QueryResult;
        var universe = Checkout.Universe;
        Assert.That(result.Rows, Has.Count.EqualTo(universe.Symbols.Count));

        var row = result.Rows.Single(r => (string)r[result.Ordinal("symbol")]! == "NVDA");
        var nvda = Winners("NVDA");
        var expected = Math.Round(100 * ((double)nvda[^1].CloseValue / (double)nvda[0].CloseValue - 1), 2);
        Assert.That(Convert.ToDouble(row[result.Ordinal("total_return_pct")], CultureInfo.InvariantCulture), Is.EqualTo(expected).Within(1e-9));
        Assert.That(Convert.ToInt64(row[result.Ordinal("bars")], CultureInfo.InvariantCulture), Is.EqualTo(nvda.Count));
    }

    [Test]
    public async Task A_second_run_leaves_the_curated_zone_byte_identical()
    {
        var paths = TestRepository.Paths(_lake);
        var before = TestRepository.CuratedTables(paths);

        await new TwinPipeline(paths, SilentObserver.Instance).RunAsync(TwinRunOptions.Defaults with { Lake = _lake }, CancellationToken.None);

        Assert.That(before, Is.Not.Empty);
        Assert.That(TestRepository.CuratedTables(paths), Is.EqualTo(before));
    }

    [Test]
    public void The_report_names_the_run_and_every_symbol()
    {
        var html = File.ReadAllText(_run.ReportPath);

        Assert.That(html, Does.Contain(_run.Ingestion.RunId));
        foreach (var symbol in Checkout.Universe.Symbols)
        {
            Assert.That(html, Does.Contain($"<td>{System.Net.WebUtility.HtmlEncode(symbol.Symbol)}</td>"));
        }
    }

    [Test]
    public void The_query_result_is_left_in_the_athena_results_zone_as_csv()
    {
        var lines = File.ReadAllLines(Path.Combine(_lake, "athena-results", $"{TwinPipeline.SummaryQuery}.csv"));

        Assert.That(lines[0], Does.StartWith("symbol,bar_interval,sector,"));
        Assert.That(lines, Has.Length.EqualTo(_run.QueryResult.Rows.Count + 1));
        Assert.That(lines.Skip(1).Select(l => l.Split(',')[0]), Is.EqualTo(_run.QueryResult.Rows.Select(r => (string)r[0]!)));
    }

    /// <summary>The published version of each bar of a symbol, by the documented rule: first occurrence in the response.</summary>
    private List<RawBar> Winners(string symbol) =>
        _raw.Where(b => b.Symbol == symbol && b.IsValid)
            .GroupBy(b => b.Datetime)
            .Select(g => g.MinBy(b => b.Ordinal)!)
            .OrderBy(b => b.Datetime, StringComparer.Ordinal)
            .ToList();
}
