using System.Globalization;
using Dataflow.Quality.Evaluation;
using DuckDB.NET.Data;

namespace Dataflow.Quality.Tests;

/// <summary>
/// Each rule type on a small fixture whose expected metrics the test computes itself from the same rows, in C#.
/// </summary>
public sealed class EvaluatorTests
{
    private sealed record Row(int Id, string? Sym, double? Price, long? Vol, string? Note, DateTime Ts);

    private static readonly DateTime Now = new(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc);

    private static readonly Row[] Rows =
    [
        new(1, "AAPL", 10.0, 100, "x", Now.AddHours(-1)),
        new(2, "AAPL", 12.5, 200, "yy", Now.AddHours(-30)),
        new(3, "MSFT", 20.0, null, null, Now.AddHours(-2)),
        new(4, "MSFT", 22.0, 400, "zzzz", Now.AddDays(-5)),
        new(5, "SPY", null, 500, "", Now.AddMinutes(-10)),
        new(6, null, 7.0, 0, "  ", Now.AddHours(-3)),
        new(7, "SPY", 7.0, 700, "abcdef", Now.AddHours(-4)),
    ];

    private DuckDBConnection _db = null!;

    [SetUp]
    public void Load()
    {
        _db = new DuckDBConnection("DataSource=:memory:");
        _db.Open();
        string V(object? v) => v switch
        {
            null => "NULL",
            string s => $"'{s}'",
            DateTime t => $"TIMESTAMP '{t:yyyy-MM-dd HH:mm:ss}'",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => v.ToString()!,
        };
        var values = string.Join(",\n", Rows.Select(r => $"({r.Id}, {V(r.Sym)}, {V(r.Price)}::DOUBLE, {V(r.Vol)}::BIGINT, {V(r.Note)}, {V(r.Ts)})"));
        Exec($"CREATE TABLE bars AS SELECT * FROM (VALUES {values}) AS t(id, sym, price, vol, note, ts)");
        Exec("CREATE TABLE universe AS SELECT * FROM (VALUES ('AAPL'), ('MSFT')) AS u(symbol)");
    }

    [TearDown]
    public void Close() => _db.Dispose();

    private void Exec(string sql)
    {
        using var c = _db.CreateCommand();
        c.CommandText = sql;
        c.ExecuteNonQuery();
    }

    private RuleResult One(string rule, IMetricHistory? history = null)
    {
        var document = DqdlDocument.Parse($"Rules = [ {rule} ]");
        var input = new EvaluationInput("bars", Now) { References = new Dictionary<string, string> { ["universe"] = "universe" }, History = history ?? NoMetricHistory.Instance };
        return new DqdlEvaluator(_db).Evaluate(document, input).Rules.Single();
    }

    private double Metric(string rule, string key) => One(rule).EvaluatedMetrics[key];

    [Test]
    public void A_failed_counting_rule_shows_the_rows_it_counted()
    {
        // "Value: 2 does not meet the constraint requirement" says how many, not which: the counted rows say which.
        var document = DqdlDocument.Parse("""Rules = [ CustomSql "select count(*) from (select sym, max(ts) as latest from primary group by sym) as l where l.latest < now() - interval 90 minutes" = 0 ]""");
        var input = new EvaluationInput("bars", Now) { References = new Dictionary<string, string> { ["universe"] = "universe" }, History = NoMetricHistory.Instance };
        var evaluator = new DqdlEvaluator(_db);
        var rule = evaluator.Evaluate(document, input).Rules.Single();

        var counted = evaluator.CountedRows(document, 0, input, limit: 10);

        Assert.That(rule.Outcome, Is.EqualTo(RuleOutcome.Failed));
        var expected = Rows.GroupBy(r => r.Sym).Where(g => g.Max(r => r.Ts) < Now.AddMinutes(-90)).Select(g => g.Key).ToArray();
        Assert.That(expected, Is.Not.Empty);
        Assert.That(counted.Select(r => r["sym"]), Is.EquivalentTo(expected));
        Assert.That(counted.Select(r => r.Keys.ToArray()), Is.All.EqualTo(new[] { "sym", "latest" }));
        Assert.That(evaluator.CountedRows(DqdlDocument.Parse("Rules = [ RowCount > 100 ]"), 0, input), Is.Empty, "only rules that count rows have rows to show");
    }

    [Test]
    public void RowCount_counts_the_rows_the_where_clause_keeps()
    {
        Assert.That(Metric("RowCount > 0", "Dataset.*.RowCount"), Is.EqualTo(Rows.Length));
        Assert.That(Metric("RowCount > 0 where \"sym = 'AAPL'\"", "Dataset.*.RowCount"), Is.EqualTo(Rows.Count(r => r.Sym == "AAPL")));
        Assert.That(Metric("RowCount > 0 where \"sym = \\\"MSFT\\\"\"", "Dataset.*.RowCount"), Is.EqualTo(2), "Spark's double-quoted literal");
    }

    [Test]
    public void Where_clauses_filter_every_kind_of_metric()
    {
        var kept = Rows.Where(r => r.Vol is not null).ToArray();
        Assert.That(One("ColumnValues \"vol\" >= 100 where \"vol is not null\" with threshold > 0").EvaluatedMetrics.Values.Single(),
            Is.EqualTo(kept.Count(r => r.Vol >= 100) / (double)kept.Length));
        Assert.That(Metric("Mean \"price\" > 0 where \"sym = 'MSFT'\"", "Column.price.Mean"), Is.EqualTo(21.0));
        Assert.That(Metric("Completeness \"note\" > 0 where \"sym in ('AAPL', 'MSFT')\"", "Column.note.Completeness"), Is.EqualTo(3 / 4.0));
        Assert.That(One("IsComplete \"price\" where \"sym <> 'SPY'\"").Outcome, Is.EqualTo(RuleOutcome.Passed));
        Assert.That(One("RowCount > 0 where \"no_such_column > 1\"").FailureReason, Does.StartWith("the rule's SQL failed"));
    }

    [Test]
    public void Completeness_is_non_null_over_all_rows_and_empty_strings_are_complete()
    {
        Assert.That(Metric("Completeness \"note\" > 0", "Column.note.Completeness"), Is.EqualTo(Rows.Count(r => r.Note is not null) / (double)Rows.Length));
        var failed = One("IsComplete \"price\"");
        Assert.That(failed.Outcome, Is.EqualTo(RuleOutcome.Failed));
        Assert.That(One("IsComplete \"id\"").Outcome, Is.EqualTo(RuleOutcome.Passed));
    }

    [Test]
    public void Uniqueness_counts_values_seen_exactly_once_over_rows_with_a_value()
    {
        var nonNull = Rows.Where(r => r.Price is not null).Select(r => r.Price).ToArray();
        var once = nonNull.GroupBy(p => p).Count(g => g.Count() == 1);
        Assert.That(Metric("Uniqueness \"price\" > 0", "Column.price.Uniqueness"), Is.EqualTo(once / (double)nonNull.Length));

        var tuples = Rows.Where(r => r.Sym is not null || r.Price is not null).Select(r => (r.Sym, r.Price)).ToArray();
        var onceTuples = tuples.GroupBy(t => t).Count(g => g.Count() == 1);
        Assert.That(Metric("Uniqueness \"sym\" \"price\" > 0", "Multicolumn.sym,price.Uniqueness"), Is.EqualTo(onceTuples / (double)tuples.Length));
    }

    [Test]
    public void IsPrimaryKey_needs_unique_and_complete_columns()
    {
        Assert.That(One("IsPrimaryKey \"id\"").Outcome, Is.EqualTo(RuleOutcome.Passed));
        var key = One("IsPrimaryKey \"sym\" \"id\"");
        Assert.That(key.Outcome, Is.EqualTo(RuleOutcome.Failed), "sym has a null");
        Assert.That(key.EvaluatedMetrics["Column.sym.Completeness"], Is.EqualTo(6 / 7.0));
        Assert.That(One("IsUnique \"sym\"").Outcome, Is.EqualTo(RuleOutcome.Failed));
    }

    [Test]
    public void UniqueValueRatio_DistinctValuesCount_and_Entropy_follow_deequ()
    {
        var syms = Rows.Select(r => r.Sym).ToArray();
        var groups = syms.Where(s => s is not null).GroupBy(s => s).ToArray();
        Assert.That(Metric("UniqueValueRatio \"sym\" >= 0", "Column.sym.UniqueValueRatio"), Is.EqualTo(groups.Count(g => g.Count() == 1) / (double)groups.Length));
        Assert.That(Metric("DistinctValuesCount \"sym\" > 0", "Column.sym.DistinctValuesCount"), Is.EqualTo(syms.Distinct().Count()), "NULL is a value of its own");
        var total = groups.Sum(g => g.Count());
        var entropy = -groups.Sum(g => g.Count() / (double)total * Math.Log(g.Count() / (double)total));
        Assert.That(Metric("Entropy \"sym\" > 0", "Column.sym.Entropy"), Is.EqualTo(entropy).Within(1e-12), "natural log");
    }

    [Test]
    public void Mean_Sum_population_StandardDeviation_Variance_and_Correlation()
    {
        var prices = Rows.Where(r => r.Price is not null).Select(r => r.Price!.Value).ToArray();
        var mean = prices.Average();
        var variance = prices.Select(p => (p - mean) * (p - mean)).Average();
        Assert.That(Metric("Mean \"price\" > 0", "Column.price.Mean"), Is.EqualTo(mean).Within(1e-12));
        Assert.That(Metric("Sum \"price\" > 0", "Column.price.Sum"), Is.EqualTo(prices.Sum()).Within(1e-12));
        Assert.That(Metric("StandardDeviation \"price\" > 0", "Column.price.StandardDeviation"), Is.EqualTo(Math.Sqrt(variance)).Within(1e-9));
        Assert.That(Metric("Variance \"price\" > 0", "Column.price.Variance"), Is.EqualTo(variance).Within(1e-9));

        var pairs = Rows.Where(r => r.Price is not null && r.Vol is not null).Select(r => (X: r.Price!.Value, Y: (double)r.Vol!.Value)).ToArray();
        var (mx, my) = (pairs.Average(p => p.X), pairs.Average(p => p.Y));
        var r = pairs.Sum(p => (p.X - mx) * (p.Y - my)) / Math.Sqrt(pairs.Sum(p => (p.X - mx) * (p.X - mx)) * pairs.Sum(p => (p.Y - my) * (p.Y - my)));
        Assert.That(Metric("ColumnCorrelation \"price\" \"vol\" > -1", "Multicolumn.price,vol.ColumnCorrelation"), Is.EqualTo(r).Within(1e-9));
    }

    [Test]
    public void ColumnValues_fails_nulls_except_for_not_equal_and_not_in()
    {
        double Compliance(string rule, Func<Row, bool> expected) => One(rule).EvaluatedMetrics.Values.Single() is var v
            && v.Equals(Rows.Count(expected) / (double)Rows.Length) ? v : throw new AssertionException($"{rule}: {v} != {Rows.Count(expected) / (double)Rows.Length}");

        Compliance("ColumnValues \"price\" > 7 with threshold > 0", r => r.Price is > 7);
        Compliance("ColumnValues \"price\" != 7 with threshold > 0", r => r.Price is null || r.Price != 7);
        Compliance("ColumnValues \"price\" between 7 and 20 with threshold > 0", r => r.Price is > 7 and < 20);
        Compliance("ColumnValues \"price\" not between 7 and 20 with threshold > 0", r => r.Price is <= 7 or >= 20);
        Compliance("ColumnValues \"sym\" in [\"AAPL\",\"SPY\"] with threshold > 0", r => r.Sym is "AAPL" or "SPY");
        Compliance("ColumnValues \"sym\" in [\"AAPL\",NULL] with threshold > 0", r => r.Sym is "AAPL" or null);
        Compliance("ColumnValues \"sym\" not in [\"AAPL\"] with threshold > 0", r => r.Sym is not "AAPL");
        Compliance("ColumnValues \"sym\" not in [\"AAPL\",NULL] with threshold > 0", r => r.Sym is not null and not "AAPL");
        Compliance("ColumnValues \"sym\" = \"aapl\" with threshold > 0 with ignoreCase = \"true\"", r => r.Sym == "AAPL");
        Compliance("ColumnValues \"note\" = EMPTY with threshold > 0", r => r.Note == "");
        Compliance("ColumnValues \"note\" = WHITESPACES_ONLY with threshold > 0", r => r.Note is { Length: > 0 } n && n.Trim().Length == 0);
        Compliance("ColumnValues \"sym\" matches \"[A-Z]{4}\" with threshold > 0", r => r.Sym is { Length: 4 });
        Compliance("ColumnValues \"ts\" > (now() - 3 hours) with threshold > 0", r => r.Ts > Now.AddHours(-3));

        var strict = One("ColumnValues \"price\" > 5");
        Assert.That(strict.Outcome, Is.EqualTo(RuleOutcome.Failed));
        Assert.That(strict.FailureReason, Is.EqualTo("85.71 % of rows passed the threshold"));
    }

    [Test]
    public void ColumnLength_reads_null_as_zero_and_DataType_and_Freshness_are_per_row()
    {
        Assert.That(One("ColumnLength \"note\" < 7").Outcome, Is.EqualTo(RuleOutcome.Passed), "NULL is length 0");
        Assert.That(One("ColumnLength \"note\" > 0").EvaluatedMetrics.Values.Single(), Is.EqualTo(Rows.Count(r => (r.Note?.Length ?? 0) > 0) / 7.0));
        Assert.That(One("ColumnDataType \"note\" = \"Integer\" with threshold >= 0").EvaluatedMetrics.Values.Single(), Is.Zero);
        Assert.That(One("ColumnDataType \"vol\" = \"Long\" with threshold > 0").EvaluatedMetrics.Values.Single(), Is.EqualTo(6 / 7.0), "NULL is not compliant");

        var fresh = One("DataFreshness \"ts\" <= 24 hours");
        Assert.That(fresh.Outcome, Is.EqualTo(RuleOutcome.Failed), "every row must be fresh");
        Assert.That(fresh.EvaluatedMetrics.Values.Single(), Is.EqualTo(Rows.Count(r => (Now - r.Ts).TotalHours <= 24) / 7.0));
    }

    [Test]
    public void CustomSql_refers_to_primary_in_both_forms()
    {
        Assert.That(Metric("CustomSql \"select count(*) from primary where price > 10\" > 0", "Dataset.*.CustomSQL"), Is.EqualTo(Rows.Count(r => r.Price > 10)));
        var rowForm = One("CustomSql \"select id from primary where vol > 100\" with threshold > 0");
        Assert.That(rowForm.EvaluatedMetrics["Dataset.*.CustomSQL.Compliance"], Is.EqualTo(Rows.Count(r => r.Vol > 100) / 7.0));
        Assert.That(One("CustomSql \"select id, 1 as extra from primary\" with threshold > 0").FailureReason, Does.Contain("not in primary: extra"));
        var byNonKey = One("CustomSql \"select sym from primary where price > 10\" with threshold > 0");
        Assert.That(byNonKey.EvaluatedMetrics["Dataset.*.CustomSQL.Compliance"],
            Is.EqualTo(Rows.Count(r => Rows.Any(s => s.Price > 10 && s.Sym == r.Sym && r.Sym is not null)) / 7.0),
            "sym is no key: every row whose sym is among the returned ones complies");
        Assert.That(One("CustomSql \"select id from primary\" > 0").FailureReason, Does.Contain("exactly one value"));
    }

    [Test]
    public void Spark_clock_functions_read_the_evaluation_instant_not_the_wall_clock()
    {
        // Now is fixed in 2026 and the rows sit around it: against the machine's clock these counts would drift.
        Assert.That(Metric("CustomSql \"select count(*) from primary where ts > current_timestamp() - interval 1 day\" >= 0", "Dataset.*.CustomSQL"),
            Is.EqualTo(Rows.Count(r => r.Ts > Now.AddDays(-1))));
        Assert.That(Metric("CustomSql \"select count(*) from primary where cast(ts as date) < current_date()\" >= 0", "Dataset.*.CustomSQL"),
            Is.EqualTo(Rows.Count(r => r.Ts.Date < Now.Date)));
        Assert.That(Metric("RowCount >= 0 where \"ts >= now() - interval 3 hours\"", "Dataset.*.RowCount"),
            Is.EqualTo(Rows.Count(r => r.Ts >= Now.AddHours(-3))));
        Assert.That(SqlText.FromSpark("select 'current_date()', current_date from t", Now),
            Is.EqualTo("select 'current_date()', DATE '2026-11-27' from t"), "literals are left alone");
    }

    [Test]
    public void ReferentialIntegrity_fails_unknown_and_null_keys()
    {
        var result = One("ReferentialIntegrity \"sym\" \"universe.symbol\" = 1.0");

        Assert.That(result.Outcome, Is.EqualTo(RuleOutcome.Failed));
        Assert.That(result.EvaluatedMetrics["Column.universe.ReferentialIntegrity"], Is.EqualTo(Rows.Count(r => r.Sym is "AAPL" or "MSFT") / 7.0));
    }

    [Test]
    public void Composites_combine_outcomes_of_whole_columns()
    {
        Exec("CREATE OR REPLACE TABLE bars AS SELECT * FROM (VALUES (2, 1), (0, 3)) AS t(myCol1, myCol2)");

        Assert.That(One("(ColumnValues \"myCol1\" > 1) OR (ColumnValues \"myCol2\" > 2)").Outcome, Is.EqualTo(RuleOutcome.Failed), "the docs' COLUMN-mode example");
        Assert.That(One("(RowCount = 2) AND (ColumnValues \"myCol2\" > 0)").Outcome, Is.EqualTo(RuleOutcome.Passed));
        var failed = One("(RowCount = 3) AND (ColumnValues \"myCol2\" > 2)");
        Assert.That(failed.FailureReason!.Split('\n'), Has.Length.EqualTo(2));
    }

    [Test]
    public void Dynamic_rules_read_the_metric_history_and_zero_when_there_is_none()
    {
        var history = new JsonLinesMetricHistory(Path.Combine(Path.GetTempPath(), $"dq-history-{Guid.NewGuid():N}.jsonl"));

        var first = One("RowCount >= avg(last(3))", history);
        Assert.That(first.Outcome, Is.EqualTo(RuleOutcome.Passed));
        Assert.That(first.EvaluatedRule, Is.EqualTo("RowCount >= 0"), "no history: last(k) is 0.0");

        history.Record("default_context", new Dictionary<string, double> { ["Dataset.*.RowCount"] = 100 }, new DateTimeOffset(Now).AddDays(1));
        var second = One("RowCount >= 0.5 * avg(last(3))", history);
        Assert.That(second.Outcome, Is.EqualTo(RuleOutcome.Failed));
        Assert.That(second.EvaluatedRule, Is.EqualTo("RowCount >= 26.75"), "half the average of 100 and 7 (the first run recorded 7)");
    }

    [Test]
    public void Schema_and_cross_data_set_rules()
    {
        Assert.That(Metric("ColumnCount = 6", "Dataset.*.ColumnCount"), Is.EqualTo(6));
        var pattern = One("ColumnNamesMatchPattern \"^[a-z]{2,5}$\"");
        Assert.That(pattern.Outcome, Is.EqualTo(RuleOutcome.Passed));
        Assert.That(One("ColumnNamesMatchPattern \"^[a-z]{3}$\"").FailureReason, Is.EqualTo("Columns that do not match the pattern: id, price, note, ts"));
        Assert.That(Metric("RowCountMatch \"universe\" > 0", "Dataset.universe.RowCountMatch"), Is.EqualTo(Rows.Length / 2.0));
        Exec("CREATE TABLE vendor AS SELECT vol * 2 AS vol FROM bars");
        var aggregate = new DqdlEvaluator(_db).Evaluate(DqdlDocument.Parse("Rules = [ AggregateMatch \"sum(vol)\" \"sum(vendor.vol)\" between 0.4 and 0.6 ]"),
            new EvaluationInput("bars", Now) { References = new Dictionary<string, string> { ["vendor"] = "vendor" } }).Rules.Single();
        Assert.That(aggregate.Outcome, Is.EqualTo(RuleOutcome.Passed));
        Assert.That(aggregate.EvaluatedMetrics.Values.Single(), Is.EqualTo(0.5));
    }

    [Test]
    public void What_cannot_be_evaluated_faithfully_is_reported_not_passed()
    {
        Assert.That(One("DetectAnomalies \"RowCount\"").Outcome, Is.EqualTo(RuleOutcome.NotEvaluated));
        var lookahead = One("ColumnValues \"sym\" matches \"(?!X)[A-Z]+\"");
        Assert.That(lookahead.Outcome, Is.EqualTo(RuleOutcome.NotEvaluated));
        Assert.That(lookahead.FailureReason, Does.Contain("RE2"));
        Assert.That(One("(RowCount > 0) OR (DetectAnomalies \"RowCount\")").Outcome, Is.EqualTo(RuleOutcome.Passed));
        Assert.That(One("(RowCount > 0) AND (DetectAnomalies \"RowCount\")").Outcome, Is.EqualTo(RuleOutcome.NotEvaluated));
    }

    [Test]
    public void A_missing_column_fails_with_glues_reason()
    {
        Assert.That(One("IsComplete \"nope\"").FailureReason, Is.EqualTo("Input data does not include column nope!"));
        Assert.That(One("ColumnExists \"SYM\"").FailureReason, Does.Contain("found 'sym'"));
    }

    [Test]
    public void Row_level_outcomes_list_the_rules_each_row_failed()
    {
        var document = DqdlDocument.Parse("Rules = [ IsComplete \"sym\", ColumnValues \"price\" > 8, RowCount > 0 ]");
        var evaluator = new DqdlEvaluator(_db);
        var sql = evaluator.RowLevelQuery(document, new EvaluationInput("bars", Now));

        using var c = _db.CreateCommand();
        c.CommandText = $"SELECT id, DataQualityRulesFail, DataQualityRulesSkip, DataQualityEvaluationResult FROM ({sql}) ORDER BY id";
        using var reader = c.ExecuteReader();
        var failures = new Dictionary<int, string[]>();
        while (reader.Read())
        {
            failures[reader.GetInt32(0)] = ((System.Collections.IEnumerable)reader.GetValue(1)).Cast<string>().ToArray();
            Assert.That(((System.Collections.IEnumerable)reader.GetValue(2)).Cast<string>(), Is.EqualTo(new[] { "RowCount > 0" }));
            Assert.That(reader.GetString(3), Is.EqualTo(failures[reader.GetInt32(0)].Length == 0 ? "Passed" : "Failed"));
        }

        foreach (var row in Rows)
        {
            var expected = new List<string>();
            if (row.Sym is null)
            {
                expected.Add("IsComplete \"sym\"");
            }

            if (row.Price is not > 8)
            {
                expected.Add("ColumnValues \"price\" > 8");
            }

            Assert.That(failures[row.Id], Is.EqualTo(expected), $"row {row.Id}");
        }
    }
}
