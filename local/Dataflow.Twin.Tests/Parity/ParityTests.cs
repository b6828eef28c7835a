using Dataflow.Contracts.Testing;
using Dataflow.Twin.Etl;
using Dataflow.Twin.Parity;
using Dataflow.Twin.Pipeline;
using Dataflow.Twin.Query;

namespace Dataflow.Twin.Tests.Parity;

/// <summary>
/// <c>dataflow parity</c> on twin-against-twin output with differences injected into one copy: a changed value, a
/// missing row, a type change, values within and beyond the tolerance, and the allow-list.
/// </summary>
public sealed class ParityTests
{
    private string _root = "";
    private string _expected = "";

    [OneTimeSetUp]
    public async Task RunTheTwinOnce()
    {
        _root = Directory.CreateTempSubdirectory("dataflow-parity-").FullName;
        _expected = Path.Combine(_root, "expected");
        await new TwinPipeline(TestRepository.Paths(_expected), SilentObserver.Instance).RunAsync(
            TwinRunOptions.Defaults with { Lake = _expected, Symbols = ["AAPL", "EUR/USD", "BTC/USD"], From = new(2025, 1, 1) }, CancellationToken.None);
    }

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(_root, recursive: true);

    private string CopyOfExpected(string name)
    {
        var copy = Path.Combine(_root, name);
        foreach (var file in Directory.GetFiles(_expected, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(_expected, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }

    private static IReadOnlyList<string> Files(string lake, string table)
    {
        var store = new CuratedStore(TestRepository.Paths(lake));
        return store.Files(store.Current(), table);
    }

    /// <summary>Rewrites one Parquet file through a query over it (<c>src</c>), as another engine might have written it.</summary>
    private static void Rewrite(string file, string select)
    {
        using var db = new DuckDbSession();
        var temporary = file + ".tmp";
        db.Execute($"COPY ({select.Replace("src", $"read_parquet('{DuckDbSession.Literal(file)}')", StringComparison.Ordinal)}) TO '{DuckDbSession.Literal(temporary)}' (FORMAT parquet)", "rewriting");
        File.Move(temporary, file, overwrite: true);
    }

    [Test]
    public void A_copy_of_the_curated_zone_is_equal()
    {
        var result = ParityRun.Compare(Checkout.Repository, _expected, CopyOfExpected("same"), "twin", ParityAllowList.None);

        Assert.That(result.Passed, Is.True, ParityRun.Markdown(result));
        Assert.That(result.Tables.Select(t => t.Table), Is.EquivalentTo(Dataflow.Contracts.CuratedSchema.Load(Checkout.Contracts).Tables.Select(t => t.Name)));
        Assert.That(result.Tables.Single(t => t.Table == "daily_bars").ExpectedRows, Is.GreaterThan(500));
    }

    [Test]
    public void A_changed_value_a_missing_row_and_a_type_change_are_each_found()
    {
        var actual = CopyOfExpected("injected");
        var daily = Files(actual, "daily_bars");
        // One row each: the first symbol's first bar of one file, its last bar of another (a file holds every symbol of a month).
        Rewrite(daily[0], "SELECT * REPLACE (CASE WHEN (symbol, bar_time) = (SELECT (min(symbol), min(bar_time)) FROM src WHERE symbol = (SELECT min(symbol) FROM src)) "
            + "THEN CAST(close + 1 AS DECIMAL(18,6)) ELSE close END AS close) FROM src");
        Rewrite(daily[1], "SELECT * FROM src WHERE (symbol, bar_time) <> (SELECT (min(symbol), max(bar_time)) FROM src WHERE symbol = (SELECT min(symbol) FROM src))");
        foreach (var file in Files(actual, "monthly_bars"))
        {
            Rewrite(file, "SELECT * REPLACE (CAST(volume AS DOUBLE) AS volume) FROM src");
        }

        var result = ParityRun.Compare(Checkout.Repository, _expected, actual, "spark", ParityAllowList.None);
        var dailyDiff = result.Tables.Single(t => t.Table == "daily_bars");
        var monthlyDiff = result.Tables.Single(t => t.Table == "monthly_bars");

        Assert.Multiple(() =>
        {
            Assert.That(result.Passed, Is.False);
            Assert.That(dailyDiff.Differences.Where(d => d.Kind == "value").Select(d => d.Column), Is.EqualTo(new[] { "close" }), "one cell changed");
            var changed = dailyDiff.Differences.Single(d => d.Kind == "value");
            Assert.That(decimal.Parse(changed.Actual!, System.Globalization.CultureInfo.InvariantCulture) - decimal.Parse(changed.Expected!, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(1m));
            Assert.That(dailyDiff.Count("missing"), Is.EqualTo(1));
            Assert.That(dailyDiff.Count("extra"), Is.Zero);
            Assert.That(dailyDiff.ActualRows, Is.EqualTo(dailyDiff.ExpectedRows - 1));
            Assert.That(monthlyDiff.Differences.Single(), Is.EqualTo(new Difference("monthly_bars", "type", "volume", null, "DECIMAL(18,4)", "DOUBLE")),
                "a type change; the values themselves are equal within the tolerance");
            Assert.That(ParityRun.Markdown(result), Does.Contain("| daily_bars | symbol, bar_interval, bar_time |").And.Contain("DIFFERENT"));
        });

        var allowList = Path.Combine(_root, "allowed.yaml");
        File.WriteAllText(allowList, """
            allowed:
              - { engine: spark, table: daily_bars, kind: value, column: close, reason: "injected by the test" }
              - { engine: spark, table: daily_bars, kind: missing, reason: "injected by the test" }
              - { table: monthly_bars, kind: type, column: volume, reason: "Spark writes sums of decimals as double here" }
            """);
        var allowed = ParityRun.Compare(Checkout.Repository, _expected, actual, "spark", ParityAllowList.Load(allowList));
        var otherEngine = ParityRun.Compare(Checkout.Repository, _expected, actual, "trino", ParityAllowList.Load(allowList));

        Assert.That(allowed.Passed, Is.True, ParityRun.Markdown(allowed));
        Assert.That(ParityRun.Markdown(allowed), Does.Contain("(allowed: Spark writes sums of decimals as double here)"));
        Assert.That(otherEngine.Passed, Is.False, "entries naming spark do not cover trino");
    }

    [Test]
    public void An_allow_list_entry_without_a_reason_is_refused()
    {
        var file = Path.Combine(_root, "no-reason.yaml");
        File.WriteAllText(file, "allowed:\n  - { table: daily_bars, kind: value, column: close }\n");

        var error = Assert.Throws<TwinException>(() => ParityAllowList.Load(file));
        Assert.That(error!.Message, Does.Contain("entry 1 needs table, kind and reason"));
    }

    [Test]
    public void Query_results_compare_on_their_grain_within_the_tolerance()
    {
        var (expected, actual) = (Path.Combine(_root, "results-e"), Path.Combine(_root, "results-a"));
        using (var db = new DuckDbSession())
        {
            var paths = TestRepository.Paths(_expected);
            CuratedCatalog.Register(db, paths, Dataflow.Contracts.CuratedSchema.Load(Checkout.Contracts));
            QueryResultCsv.Write(AthenaQuery.Run(db, paths, "symbol_performance"), Path.Combine(expected, "symbol_performance.csv"));
            QueryResultCsv.Write(db.Query("SELECT * FROM risk_metrics ORDER BY symbol", "risk"), Path.Combine(expected, "risk_metrics.csv"));
        }

        Directory.CreateDirectory(actual);
        // Trino prints doubles with other digits: a relative change of 1e-12 is noise, one of 1e-3 is a difference.
        var risk = File.ReadAllLines(Path.Combine(expected, "risk_metrics.csv"));
        var header = risk[0].Split(',');
        var column = Array.IndexOf(header, "mean_return_pct");
        var rows = risk.Skip(1).Select(l => l.Split(',')).ToArray();
        string Scaled(string value, double factor) => (double.Parse(value, System.Globalization.CultureInfo.InvariantCulture) * factor).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        rows[0][column] = Scaled(rows[0][column], 1 + 1e-12);
        rows[1][column] = Scaled(rows[1][column], 1 + 1e-3);
        File.WriteAllLines(Path.Combine(actual, "risk_metrics.csv"), [risk[0], .. rows.Select(r => string.Join(',', r))]);
        File.Copy(Path.Combine(expected, "symbol_performance.csv"), Path.Combine(actual, "symbol_performance.csv"));

        var result = ParityRun.Compare(Checkout.Repository, expected, actual, "trino", ParityAllowList.None);

        Assert.That(result.Tables.Single(t => t.Table == "risk_metrics").Key, Is.EqualTo(new[] { "symbol" }), "the view's grain from views.yaml");
        Assert.That(result.Tables.Single(t => t.Table == "symbol_performance").Key, Is.EqualTo(new[] { "symbol", "bar_interval" }), "the query's header");
        Assert.That(result.Unallowed.Select(d => (d.Table, d.Kind, d.Column, d.Key)), Is.EqualTo(new[] { ("risk_metrics", "value", (string?)"mean_return_pct", (string?)$"symbol={rows[1][0]}") }));
    }

    [Test]
    public void The_grain_of_a_query_comes_from_its_header()
    {
        Assert.That(ParityRun.QueryGrain(Checkout.Repository, "monthly_leaders"), Is.EqualTo(new[] { "month_start" }));
        Assert.That(ParityRun.QueryGrain(Checkout.Repository, "high_risk_days"), Is.EqualTo(new[] { "symbol", "bar_date" }));
    }

    [Test]
    public void Trino_gets_every_curated_table_each_committed_partition_and_the_typed_views()
    {
        var paths = TestRepository.Paths(_expected);
        var statements = TrinoCatalogSql.Statements(paths, "hive", "market", "local:///lake/curated");
        var commit = new CuratedStore(paths).Current();
        var schema = Dataflow.Contracts.CuratedSchema.Load(Checkout.Contracts);
        var views = Dataflow.Contracts.ViewCatalog.Load(Checkout.Contracts).Views;

        Assert.Multiple(() =>
        {
            Assert.That(statements[0], Is.EqualTo("CREATE SCHEMA IF NOT EXISTS hive.market"));
            Assert.That(statements.Count(s => s.StartsWith("CREATE TABLE hive.market.", StringComparison.Ordinal)), Is.EqualTo(schema.Tables.Count));
            Assert.That(statements.Count(s => s.StartsWith("CALL hive.system.register_partition(", StringComparison.Ordinal)),
                Is.EqualTo(schema.Tables.Sum(t => commit.Partitions(t.Name).Count)), "one per partition the commit names");
            Assert.That(statements.Where(s => s.StartsWith("CREATE OR REPLACE VIEW", StringComparison.Ordinal)).Select(s => s.Split(' ')[4].Split('.')[2]),
                Is.EqualTo(views.Select(v => v.Name)), "the views in file order");
            Assert.That(statements.Single(s => s.StartsWith("CREATE TABLE hive.market.daily_bars", StringComparison.Ordinal)),
                Does.Contain("close decimal(18,6)").And.Contain("bar_time timestamp(3)").And.Contain("partitioned_by = ARRAY['bar_interval', 'year', 'month']"));
            var (partition, folder) = commit.Partitions("daily_bars").First();
            Assert.That(statements, Has.Some.EqualTo($"CALL hive.system.register_partition('market', 'daily_bars', ARRAY['bar_interval', 'year', 'month'], "
                + $"ARRAY[{string.Join(", ", partition.Split('/').Select(p => $"'{p.Split('=')[1]}'"))}], 'local:///lake/curated/{folder.TrimEnd('/')}')"));
            Assert.That(statements[^1], Does.Contain("cast(declared.high_risk_days as bigint) as high_risk_days"));
        });
    }

    [Test]
    public void The_repositorys_allow_list_loads()
    {
        var allowed = ParityAllowList.Load(Path.Combine(Checkout.Repository.Root, ".github", "parity", "allowed.yaml"));

        Assert.That(allowed.Entries.Select(e => e.Reason), Has.All.Not.Empty);
    }
}
