using Dataflow.Contracts.Testing;
using Dataflow.Contracts;
using Dataflow.Twin.Etl;

namespace Dataflow.Twin.Tests;

/// <summary>
/// sql/etl on a hand-written raw zone holding every defect the ETL must handle; the expected curated and quarantined
/// rows are written out here, independently of the SQL.
/// </summary>
public sealed class EtlFixtureTests
{
    private const string Early = "20250106T210000Z-test";
    private const string Late = "20250107T210000Z-test";

    private string _lake = "";
    private DuckDbSession _db = null!;

    [OneTimeSetUp]
    public void RunTheModels()
    {
        _lake = Directory.CreateTempSubdirectory("dataflow-etl-").FullName;
        var raw = new RawLake(_lake);
        void Raw(string symbol, string run, string json) => raw.Object(symbol, run, json);

        // AAPL, first run: newest first, with a repeated bar (different close), a missing price key, a bad date, text for a number.
        Raw("AAPL", Early, """
            {"meta":{"symbol":"AAPL","interval":"1day"},"values":[
              {"datetime":"2025-01-06","open":"10","high":"11","low":"9","close":"10.5","volume":"100"},
              {"datetime":"2025-01-06","open":"10","high":"12","low":"9","close":"11.5","volume":"100"},
              {"datetime":"2025-01-03","open":"9","high":"10","low":"8","volume":"90"},
              {"datetime":"2025-13-02","open":"9","high":"10","low":"8","close":"9","volume":"80"},
              {"datetime":"2025-01-02","open":"8","high":"9.5","low":"7.5","close":"9","volume":"lots"},
              {"datetime":"2024-12-31","open":"8","high":"8.5","low":"7.5","close":"8","volume":"70"}
            ],"status":"ok"}
            """);
        // AAPL, a later run re-sends 2025-01-06 with another close: the latest ingestion wins, and the change is a
        // revision. Its 2024-12-31 is unusable, so the earlier run's usable version still wins and counts as the only
        // version. A bar dated after the run's day in New York is from the future.
        Raw("AAPL", Late, """
            {"meta":{"symbol":"AAPL","interval":"1day"},"values":[
              {"datetime":"2099-01-02","open":"10.5","high":"11","low":"10","close":"10.75","volume":"120"},
              {"datetime":"2025-01-07","open":"10.5","high":"11","low":"10","close":"10.75","volume":"120"},
              {"datetime":"2025-01-06","open":"10","high":"11","low":"9","close":"10.25","volume":"100"},
              {"datetime":"2024-12-31","open":"8","high":"oops","low":"7.5","close":"8.1","volume":"70"}
            ],"status":"ok"}
            """);
        // A pair without volume keys, and an unknown symbol with no reference data.
        Raw("EUR/USD", Early, """{"meta":{"symbol":"EUR/USD","interval":"1day"},"values":[{"datetime":"2025-01-06","open":"1.03","high":"1.04","low":"1.02","close":"1.035"},{"datetime":"2025-01-03","open":"1.02","high":"1.035","low":"1.01","close":"1.03"}],"status":"ok"}""");
        Raw("ZZZZ", Early, """{"meta":{"symbol":"ZZZZ","interval":"1day"},"values":[{"datetime":"2025-01-06","open":"1","high":"1","low":"1","close":"1","volume":"0"}],"status":"ok"}""");
        // An error answer kept for the record contributes no rows.
        Raw("NOPE", Early, """{"code":404,"message":"**symbol** not found: NOPE","status":"error"}""");
        // An object requested for MSFT whose body claims AAPL, one whose interval is not the requested one, one whose
        // values is not an array, and one cut off mid-write: none of them is trusted, none is dropped, none stops the run.
        Raw("MSFT", Early, """{"meta":{"symbol":"AAPL","interval":"1day"},"values":[{"datetime":"2025-01-06","open":"99","high":"99","low":"99","close":"99","volume":"1"}],"status":"ok"}""");
        Raw("JPM", Early, """{"meta":{"symbol":"JPM","interval":"1week"},"values":[{"datetime":"2025-01-06","open":"5","high":"5","low":"5","close":"5","volume":"1"}],"status":"ok"}""");
        Raw("JNJ", Early, """{"meta":{"symbol":"JNJ","interval":"1day"},"values":{"datetime":"2025-01-06","open":"5"},"status":"ok"}""");
        Raw("XOM", Early, """{"meta":{"symbol":"XOM","interval":"1day"},"values":[{"datetime":"2025-01-06","op""");
        raw.Manifests();

        _db = new DuckDbSession();
        var transform = new TwinTransform(_db, TestRepository.Paths(_lake));
        transform.StageRaw();
        transform.RunModels();
    }

    [OneTimeTearDown]
    public void Clean()
    {
        _db.Dispose();
        Directory.Delete(_lake, recursive: true);
    }

    private List<string> Rows(string sql) => _db.Query(sql, "fixture").Rows.Select(r => string.Join("|", r.Select(Text))).ToList();

    private static string Text(object? value) => value switch
    {
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => Dataflow.Twin.Report.RunReport.Format(value),
    };

    [Test]
    public void Daily_bars_hold_exactly_the_winning_valid_bars_with_reference_data()
    {
        var rows = Rows("""
            select symbol, bar_date, open, high, low, close, volume, volume_reported, sector, duplicate_versions, ingest_run_id
            from daily_bars order by symbol, bar_date
            """);

        Assert.That(rows, Is.EqualTo(new[]
        {
            $"AAPL|2024-12-31|8|8.5|7.5|8|70|True|Information Technology|1|{Early}",
            $"AAPL|2025-01-06|10|11|9|10.25|100|True|Information Technology|2|{Late}",
            $"AAPL|2025-01-07|10.5|11|10|10.75|120|True|Information Technology|1|{Late}",
            $"EUR/USD|2025-01-03|1.02|1.035|1.01|1.03||False|Currencies|1|{Early}",
            $"EUR/USD|2025-01-06|1.03|1.04|1.02|1.035||False|Currencies|1|{Early}",
            $"ZZZZ|2025-01-06|1|1|1|1|0|True||1|{Early}",
        }));
    }

    [Test]
    public void Changes_are_against_the_previous_published_bar()
    {
        var rows = Rows("select symbol, bar_date, prev_close, price_change, round(return_pct, 6), round(log_return, 9) from daily_bars where symbol = 'AAPL' order by bar_date");

        Assert.That(rows, Is.EqualTo(new[]
        {
            "AAPL|2024-12-31||||",
            $"AAPL|2025-01-06|8|2.25|{Math.Round(100 * (10.25 / 8 - 1), 6).ToString(System.Globalization.CultureInfo.InvariantCulture)}|{Math.Round(Math.Log(10.25 / 8), 9).ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            $"AAPL|2025-01-07|10.25|0.5|{Math.Round(100 * (10.75 / 10.25 - 1), 6).ToString(System.Globalization.CultureInfo.InvariantCulture)}|{Math.Round(Math.Log(10.75 / 10.25), 9).ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        }));
    }

    [Test]
    public void Every_unusable_raw_bar_is_quarantined_with_its_reason()
    {
        var rows = Rows("select symbol, raw_datetime, raw_close, reason_code, ingest_run_id, raw_ordinal from rejected_bars order by symbol, raw_datetime, reason_code, raw_close");

        Assert.That(rows, Is.EqualTo(new[]
        {
            $"AAPL|2024-12-31|8.1|INVALID_NUMBER|{Late}|3",
            $"AAPL|2025-01-02|9|INVALID_NUMBER|{Early}|4",
            $"AAPL|2025-01-03||MISSING_PRICE|{Early}|2",
            $"AAPL|2025-01-06|11.5|DUPLICATE_IN_RESPONSE|{Early}|1",
            $"AAPL|2025-13-02|9|INVALID_DATETIME|{Early}|3",
            $"AAPL|2099-01-02|10.75|FUTURE_BAR|{Late}|0",
            $"JNJ|||MALFORMED_RESPONSE|{Early}|-1",
            $"JPM|2025-01-06|5|INTERVAL_MISMATCH|{Early}|0",
            $"MSFT|2025-01-06|99|SYMBOL_MISMATCH|{Early}|0",
            $"XOM|||MALFORMED_RESPONSE|{Early}|-1",
        }));
    }

    [Test]
    public void A_bar_a_later_run_changes_is_a_revision_with_both_versions()
    {
        var rows = Rows("select symbol, bar_time, old_close, new_close, old_volume, new_volume, old_run_id, new_run_id from bar_revisions order by all");

        Assert.That(rows, Is.EqualTo(new[] { $"AAPL|2025-01-06|10.5|10.25|100|100|{Early}|{Late}" }));
    }

    [Test]
    public void Monthly_bars_roll_up_the_published_bars()
    {
        var rows = Rows("select symbol, month_start, open, high, low, close, volume, trading_days, round(monthly_return_pct, 6) from monthly_bars where symbol = 'AAPL' order by month_start");

        Assert.That(rows, Is.EqualTo(new[]
        {
            "AAPL|2024-12-01|8|8.5|7.5|8|70|1|",
            $"AAPL|2025-01-01|10|11|9|10.75|220|2|{Math.Round(100 * (10.75 / 8 - 1), 6).ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        }));
    }
}
