namespace Dataflow.Twin.Tests;

/// <summary>glue/rulesets/monthly_bars.dqdl: every rule fails on its defect; trading days are bounded by the calendars.</summary>
public sealed class MonthlyBarsRulesetTests : RulesetDefectTests<MonthlyBarsRulesetTests>, IRulesetDefects
{
    private static readonly string TradingDaysRule = RuleOf("trading_sessions");

    private static readonly Dictionary<string, string> Breakers = new()
    {
        ["RowCount > 0"] = "DELETE FROM monthly_bars",
        ["IsPrimaryKey \"symbol\" \"bar_interval\" \"month_start\""] = "INSERT INTO monthly_bars SELECT * FROM monthly_bars LIMIT 1",
        ["CustomSql \"select count(*) from primary where day(month_start) <> 1\" = 0"] = "UPDATE monthly_bars SET month_start = month_start + 1 WHERE rowid = 5",
        ["IsComplete \"open\""] = "UPDATE monthly_bars SET open = NULL WHERE rowid = 5",
        ["IsComplete \"high\""] = "UPDATE monthly_bars SET high = NULL WHERE rowid = 5",
        ["IsComplete \"low\""] = "UPDATE monthly_bars SET low = NULL WHERE rowid = 5",
        ["IsComplete \"close\""] = "UPDATE monthly_bars SET close = NULL WHERE rowid = 5",
        ["IsComplete \"trading_days\""] = "UPDATE monthly_bars SET trading_days = NULL WHERE rowid = 5",
        ["ColumnValues \"low\" > 0"] = "UPDATE monthly_bars SET low = 0 WHERE rowid = 5",
        ["ColumnValues \"volume\" >= 0 where \"volume is not null\""] = "UPDATE monthly_bars SET volume = -1 WHERE rowid = 5",
        ["CustomSql \"select symbol, bar_interval, month_start from primary where high >= greatest(open, close) and low <= least(open, close)\""] =
            "UPDATE monthly_bars SET close = high * 1.01 WHERE rowid = 5",
        ["ColumnValues \"trading_days\" > 0"] = "UPDATE monthly_bars SET trading_days = 0 WHERE rowid = 5",
        [TradingDaysRule] = "UPDATE monthly_bars SET trading_days = 23 WHERE symbol = 'AAPL' AND month_start = DATE '2025-02-01'",
        ["ReferentialIntegrity \"symbol\" \"symbol_reference.symbol\" = 1.0"] = "UPDATE monthly_bars SET symbol = 'ZZZZ' WHERE rowid = 5",
        [RuleOf("abs(monthly_return_pct) < 200")] = "UPDATE monthly_bars SET monthly_return_pct = 250 WHERE rowid = 5",
    };

    public static string Table => "monthly_bars";

    public static IReadOnlyDictionary<string, string> Defects => Breakers;

    [Test]
    public void Trading_days_are_bounded_by_the_sessions_of_the_symbols_calendar()
    {
        // February 2025 had 19 NYSE sessions (Presidents' Day closed the 17th), 20 FX sessions and 28 crypto days.
        string Set(string symbol, int days) => $"UPDATE monthly_bars SET trading_days = {days} WHERE symbol = '{symbol}' AND month_start = DATE '2025-02-01'";

        Assert.That(Metric(TradingDaysRule, "Dataset.*.CustomSQL", Set("AAPL", 19)), Is.Zero);
        Assert.That(Metric(TradingDaysRule, "Dataset.*.CustomSQL", Set("AAPL", 20)), Is.EqualTo(1));
        Assert.That(Metric(TradingDaysRule, "Dataset.*.CustomSQL", Set("EUR/USD", 20)), Is.Zero);
        Assert.That(Metric(TradingDaysRule, "Dataset.*.CustomSQL", Set("BTC/USD", 28)), Is.Zero);
        Assert.That(Metric(TradingDaysRule, "Dataset.*.CustomSQL", Set("BTC/USD", 29)), Is.EqualTo(1));
    }
}
