using System.Text.RegularExpressions;

namespace Dataflow.Infra.Model.Monitoring;

/// <summary>
/// The UTC days of the week on which a schedule never starts a run, for alarms whose period is a UTC day: a Mon–Fri
/// 22:30 New York schedule runs on Tuesday to Saturday in UTC, so a daily "no new data" alarm must not judge Sunday
/// and Monday. Reads EventBridge Scheduler's six-field cron day-of-week field (names, 1–7 from Sunday, ranges and
/// lists); a rate(), or a day-of-week field it cannot read, is quiet on no day (the alarm judges every day).
/// </summary>
public static partial class ScheduleDays
{
    private static readonly string[] Names = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    public static IReadOnlyList<DayOfWeek> QuietUtcDays(string expression, string timezone)
    {
        if (Cron().Match(expression) is not { Success: true } cron
            || !int.TryParse(cron.Groups["minute"].Value, out var minute) || !int.TryParse(cron.Groups["hour"].Value, out var hour)
            || LocalDays(cron.Groups["dow"].Value) is not { } localDays
            || !TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out var zone))
        {
            return [];
        }

        // Every run of a whole year, whatever the offset of the day (summer time moves the hour, sometimes the day).
        var start = new DateOnly(2026, 1, 1);
        var runDays = Enumerable.Range(0, 371).Select(start.AddDays)
            .Where(day => localDays.Contains(day.DayOfWeek))
            .Select(day => TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(hour, minute)), zone).DayOfWeek)
            .ToHashSet();
        return Enum.GetValues<DayOfWeek>().Where(d => !runDays.Contains(d)).ToArray();
    }

    /// <summary>CloudWatch metric math's <c>DAY()</c> number of a day: 1 is Monday, 7 is Sunday.</summary>
    public static int MetricMathDay(DayOfWeek day) => day == DayOfWeek.Sunday ? 7 : (int)day;

    private static HashSet<DayOfWeek>? LocalDays(string field)
    {
        if (field is "*" or "?")
        {
            return [.. Enum.GetValues<DayOfWeek>()];
        }

        var days = new HashSet<DayOfWeek>();
        foreach (var part in field.Split(','))
        {
            var bounds = part.Split('-');
            if (bounds.Length is < 1 or > 2 || bounds.Select(Day).Any(d => d is null))
            {
                return null;
            }

            var (from, to) = ((int)Day(bounds[0])!, (int)Day(bounds[^1])!);
            for (var d = from; ; d = (d + 1) % 7)
            {
                days.Add((DayOfWeek)d);
                if (d == to)
                {
                    break;
                }
            }
        }

        return days;
    }

    private static DayOfWeek? Day(string token) =>
        Array.IndexOf(Names, token.ToUpperInvariant()) is >= 0 and var named ? (DayOfWeek)named
        : int.TryParse(token, out var number) && number is >= 1 and <= 7 ? (DayOfWeek)(number - 1)
        : null;

    [GeneratedRegex(@"^cron\((?<minute>\d+) (?<hour>\d+) \S+ \S+ (?<dow>\S+) \S+\)$")]
    private static partial Regex Cron();
}
