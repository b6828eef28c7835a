using Dataflow.Twin.Pipeline;

namespace Dataflow.Twin.Tests;

/// <summary>glue/rulesets/daily_bars.dqdl: every rule fails on its defect; freshness follows the trading calendars.</summary>
public sealed class DailyBarsRulesetTests : RulesetDefectTests<DailyBarsRulesetTests>, IRulesetDefects
{
    private static readonly string FreshnessRule = RuleOf("trading_sessions");

    private static readonly Dictionary<string, string> Breakers = new()
    {
        ["RowCount > 0"] = "DELETE FROM daily_bars",
        ["ColumnExists \"bar_time\""] = "ALTER TABLE daily_bars DROP COLUMN bar_time",
        ["IsPrimaryKey \"symbol\" \"bar_interval\" \"bar_time\""] = "INSERT INTO daily_bars SELECT * FROM daily_bars LIMIT 1",
        ["IsComplete \"bar_date\""] = "UPDATE daily_bars SET bar_date = NULL WHERE rowid = 5",
        ["IsComplete \"open\""] = "UPDATE daily_bars SET open = NULL WHERE rowid = 5",
        ["IsComplete \"high\""] = "UPDATE daily_bars SET high = NULL WHERE rowid = 5",
        ["IsComplete \"low\""] = "UPDATE daily_bars SET low = NULL WHERE rowid = 5",
        ["IsComplete \"close\""] = "UPDATE daily_bars SET close = NULL WHERE rowid = 5",
        ["IsComplete \"volume_reported\""] = "UPDATE daily_bars SET volume_reported = NULL WHERE rowid = 5",
        ["ColumnValues \"open\" > 0"] = "UPDATE daily_bars SET open = 0 WHERE rowid = 5",
        ["ColumnValues \"high\" > 0"] = "UPDATE daily_bars SET high = -1 WHERE rowid = 5",
        ["ColumnValues \"low\" > 0"] = "UPDATE daily_bars SET low = 0 WHERE rowid = 5",
        ["ColumnValues \"close\" > 0"] = "UPDATE daily_bars SET close = 0 WHERE rowid = 5",
        ["ColumnValues \"volume\" >= 0 where \"volume is not null\""] = "UPDATE daily_bars SET volume = -100 WHERE rowid = 5",
        ["ColumnValues \"bar_interval\" in [\"1min\",\"5min\",\"15min\",\"30min\",\"45min\",\"1h\",\"2h\",\"4h\",\"8h\",\"1day\",\"1week\",\"1month\"]"] =
            "UPDATE daily_bars SET bar_interval = '1d' WHERE rowid = 5",
        ["ColumnValues \"symbol\" matches \"[A-Z0-9]{1,10}([/.:][A-Z0-9]{1,10})?\""] = "UPDATE daily_bars SET symbol = 'aapl ' WHERE rowid = 5",
        ["CustomSql \"select symbol, bar_interval, bar_time from primary where high >= greatest(open, close) and low <= least(open, close)\""] =
            "UPDATE daily_bars SET high = low * 0.99 WHERE rowid = 5",
        ["ReferentialIntegrity \"symbol\" \"symbol_reference.symbol\" = 1.0"] = "UPDATE daily_bars SET symbol = 'ZZZZ' WHERE rowid = 5",
        [FreshnessRule] = "DELETE FROM daily_bars WHERE symbol = 'AAPL' AND bar_date > (SELECT max(bar_date) - INTERVAL 3 DAY FROM daily_bars WHERE symbol = 'AAPL')",
        [RuleOf("abs(return_pct) < 50")] = "UPDATE daily_bars SET return_pct = 100.0 WHERE rowid = 5",
        [RuleOf("StandardDeviation")] = "UPDATE daily_bars SET log_return = CASE WHEN rowid % 2 = 0 THEN 2.0 ELSE -2.0 END",
    };

    public static string Table => "daily_bars";

    public static IReadOnlyDictionary<string, string> Defects => Breakers;

    [Test]
    public void Freshness_follows_each_symbols_trading_calendar()
    {
        var lastBar = TwinRunOptions.Defaults.To;
        Assert.That(lastBar, Is.EqualTo(new DateOnly(2025, 12, 31)), "the dates below assume the sample ends on Wednesday 31 December 2025");
        double Stale(DateTimeOffset asOf) => Metric(FreshnessRule, "Dataset.*.CustomSQL", asOf: asOf);

        // Friday 2 January: New Year's Day closed NYSE and FX, so 31 December is their last session; crypto traded on 1 January.
        Assert.That(Stale(new DateTimeOffset(2026, 1, 2, 12, 0, 0, TimeSpan.Zero)), Is.EqualTo(1), "only BTC/USD misses a session");
        Assert.That(Stale(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero)), Is.Zero, "on 1 January every calendar's last session is 31 December");
        // Tuesday 6 January: NYSE and FX traded on Friday 2 and Monday 5 January; every symbol is stale.
        Assert.That(Stale(new DateTimeOffset(2026, 1, 6, 12, 0, 0, TimeSpan.Zero)), Is.EqualTo(13));
        // Past the seed's last day the rule cannot know the last session: bars dated the day before still count as stale.
        var afterSeed = Calendar.TradingSessionsSeed.To.AddDays(3);
        Assert.That(Metric(FreshnessRule, "Dataset.*.CustomSQL", $"UPDATE daily_bars SET bar_date = DATE '{afterSeed.AddDays(-1):yyyy-MM-dd}'",
                new DateTimeOffset(afterSeed.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero)),
            Is.EqualTo(13));
    }

    [Test]
    public void A_jump_on_the_first_bar_at_the_new_scale_of_a_recorded_split_passes_and_no_other_does()
    {
        var rule = RuleOf("abs(return_pct) < 50");
        const string jumps = "UPDATE daily_bars SET return_pct = -50.0 WHERE rowid IN (5, 9)";
        const string recorded = """
            select symbol, bar_interval, 'run-b' as detected_run_id, 'run-a' as previous_run_id, 'SPLIT' as action_type,
                cast(2 as decimal(18, 6)) as factor, 4 as revised_bars, bar_time as first_revised_bar, bar_time as last_revised_bar,
                '{0}' as action, 'key' as source_key, bar_date as ingest_date
            from daily_bars where rowid = 5
            """;
        double Compliance(string? action) => Evaluate(jumps, references: action is null ? null : new Dictionary<string, string>
        {
            ["corporate_actions"] = string.Format(System.Globalization.CultureInfo.InvariantCulture, recorded, action),
        }).Rules.Single(r => r.Rule == rule).EvaluatedMetrics["Dataset.*.CustomSQL.Compliance"];

        var rows = Metric(RuleOf("RowCount"), "Dataset.*.RowCount");
        Assert.That(Compliance(null), Is.EqualTo((rows - 2) / rows).Within(1e-9), "two jumps, no split recorded");
        Assert.That(Compliance("REFETCH_HISTORY"), Is.EqualTo((rows - 1) / rows).Within(1e-9), "the split's first bar passes, the other jump does not");
        Assert.That(Compliance("HISTORY_REFETCHED"), Is.EqualTo((rows - 2) / rows).Within(1e-9), "a re-fetch's row exempts nothing");
    }
}
