using Dataflow.Infra.Model.Monitoring;

namespace Dataflow.Infra.Model.Tests;

public sealed class ScheduleDaysTests
{
    [Test]
    public void A_weekday_evening_in_new_york_runs_tuesday_to_saturday_in_utc()
    {
        // 22:30 in New York is 02:30 or 03:30 UTC the next day, summer time or not.
        Assert.That(ScheduleDays.QuietUtcDays("cron(30 22 ? * MON-FRI *)", "America/New_York"), Is.EquivalentTo(new[] { DayOfWeek.Sunday, DayOfWeek.Monday }));
    }

    [TestCase("cron(0 18 ? * MON-FRI *)", "UTC", new[] { DayOfWeek.Sunday, DayOfWeek.Saturday })]
    [TestCase("cron(0 9 ? * 2-6 *)", "Europe/Berlin", new[] { DayOfWeek.Sunday, DayOfWeek.Saturday })]
    [TestCase("cron(0 1 ? * MON,WED,FRI *)", "Asia/Tokyo", new[] { DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday, DayOfWeek.Saturday })]
    [TestCase("cron(0 18 ? * FRI-MON *)", "UTC", new[] { DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday })]
    [TestCase("cron(0 18 * * ? *)", "UTC", new DayOfWeek[0])]
    [TestCase("rate(1 day)", "UTC", new DayOfWeek[0])]
    [TestCase("cron(0 18 ? * MON#2 *)", "UTC", new DayOfWeek[0])]
    public void Quiet_days_follow_the_cron_day_field_in_its_time_zone(string expression, string timezone, DayOfWeek[] quiet) =>
        Assert.That(ScheduleDays.QuietUtcDays(expression, timezone), Is.EquivalentTo(quiet));

    [Test]
    public void Metric_math_counts_days_from_monday() =>
        Assert.That(Enum.GetValues<DayOfWeek>().Select(ScheduleDays.MetricMathDay), Is.EqualTo(new[] { 7, 1, 2, 3, 4, 5, 6 }));
}
