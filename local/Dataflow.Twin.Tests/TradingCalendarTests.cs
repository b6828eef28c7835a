using Dataflow.Twin.Calendar;

namespace Dataflow.Twin.Tests;

public sealed class TradingCalendarTests
{
    [Test]
    public void Nyse_2025_closures_match_the_exchange_published_list()
    {
        // NYSE holidays and closures 2025 as published by the exchange, including the national day of mourning (9 Jan).
        DateOnly[] published =
        [
            new(2025, 1, 1), new(2025, 1, 9), new(2025, 1, 20), new(2025, 2, 17), new(2025, 4, 18), new(2025, 5, 26),
            new(2025, 6, 19), new(2025, 7, 4), new(2025, 9, 1), new(2025, 11, 27), new(2025, 12, 25),
        ];
        var weekdays = Enumerable.Range(0, 365).Select(i => new DateOnly(2025, 1, 1).AddDays(i))
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

        var closed = weekdays.Where(d => !TradingCalendar.Xnys.IsTradingDay(d)).ToArray();

        Assert.That(closed, Is.EqualTo(published));
    }

    [TestCase(2024, 252)]
    [TestCase(2025, 250)]
    [TestCase(2023, 250)]
    public void Nyse_trading_day_counts_match_the_exchange(int year, int expected) =>
        Assert.That(TradingCalendar.Xnys.TradingDays(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31)).Count(), Is.EqualTo(expected));

    [Test]
    public void Saturday_new_year_is_not_observed_on_the_friday_before()
    {
        // 1 January 2022 was a Saturday; NYSE stayed open on Friday 31 December 2021.
        Assert.That(TradingCalendar.Xnys.IsTradingDay(new DateOnly(2021, 12, 31)), Is.True);
        Assert.That(TradingCalendar.Xnys.IsTradingDay(new DateOnly(2022, 1, 3)), Is.True);
    }

    [Test]
    public void Fx_trades_weekdays_except_christmas_and_new_year_and_crypto_every_day()
    {
        Assert.That(TradingCalendar.Fx.IsTradingDay(new DateOnly(2025, 7, 4)), Is.True);
        Assert.That(TradingCalendar.Fx.IsTradingDay(new DateOnly(2025, 12, 25)), Is.False);
        Assert.That(TradingCalendar.Fx.IsTradingDay(new DateOnly(2025, 12, 27)), Is.False);
        Assert.That(TradingCalendar.Crypto.TradingDays(new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)).Count(), Is.EqualTo(366));
    }
}
