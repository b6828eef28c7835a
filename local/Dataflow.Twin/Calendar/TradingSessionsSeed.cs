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

    /// <summary>The range the committed seed covers; a run dated after <see cref="To"/> fails the freshness rule loudly.</summary>
    public static DateOnly From { get; } = new(2024, 1, 1);

    public static DateOnly To { get; } = new(2030, 12, 31);

    public static string Render(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new ArgumentException($"the range {from:yyyy-MM-dd}..{to:yyyy-MM-dd} is reversed");
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
