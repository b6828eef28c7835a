using System.Globalization;
using System.Text;

namespace Dataflow.Twin.Calendar;

/// <summary>
/// sql/seeds/trading_sessions.csv: one row per (calendar, session_date) of every <see cref="TradingCalendar"/>. Both
/// engines load it as the reference data set <c>trading_sessions</c>, so the freshness rule of daily_bars can ask what
/// each symbol's latest session was without either engine knowing holiday rules.
/// </summary>
public static class TradingSessionsSeed
{
    public const string Header = "calendar,session_date";

    /// <summary>
    /// The range the committed seed covers: from the first year whose special closures <see cref="TradingCalendar"/>
    /// knows (2001) to 2035. The twin refuses a window ending after <see cref="To"/> (nothing could tell a stale symbol);
    /// <c>dataflow validate</c> warns 90 days before it.
    /// </summary>
    public static DateOnly From { get; } = new(2001, 1, 1);

    public static DateOnly To { get; } = new(2035, 12, 31);

    /// <summary>The last day a calendar is computed for: walking the days of year 9999 would step past the last date .NET has.</summary>
    public static readonly DateOnly LastComputable = new(9998, 12, 31);

    public static string Render(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new ArgumentException($"--from {from:yyyy-MM-dd} is after --to {to:yyyy-MM-dd}: the range is reversed");
        }

        if (to > LastComputable)
        {
            throw new ArgumentException($"--to {to:yyyy-MM-dd} is after {LastComputable:yyyy-MM-dd}, the last day the calendars are computed for");
        }

        var csv = new StringBuilder(Header).Append('\n');
        foreach (var calendar in TradingCalendar.All)
        {
            foreach (var day in calendar.TradingDays(from, to))
            {
                csv.Append(calendar.Code).Append(',').Append(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return csv.ToString();
    }
}
