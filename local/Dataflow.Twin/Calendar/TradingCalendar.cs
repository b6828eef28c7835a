namespace Dataflow.Twin.Calendar;

/// <summary>
/// The days a market produces a daily bar. XNYS follows the NYSE holiday rules (including the unscheduled closures
/// since 2001); FX trades Monday to Friday except 1 January and 25 December; CRYPTO trades every day.
/// </summary>
public sealed class TradingCalendar
{
    private static readonly DateOnly[] NyseUnscheduledClosures =
    [
        new(2001, 9, 11), new(2001, 9, 12), new(2001, 9, 13), new(2001, 9, 14),
        new(2004, 6, 11), new(2007, 1, 2), new(2012, 10, 29), new(2012, 10, 30),
        new(2018, 12, 5), new(2025, 1, 9),
    ];

    private readonly Func<DateOnly, bool> _isOpen;

    private TradingCalendar(string code, Func<DateOnly, bool> isOpen)
    {
        Code = code;
        _isOpen = isOpen;
    }

    public string Code { get; }

    public static TradingCalendar Xnys { get; } = new("XNYS", IsNyseTradingDay);
    public static TradingCalendar Fx { get; } = new("FX", d => IsWeekday(d) && !(d.Month == 1 && d.Day == 1) && !(d.Month == 12 && d.Day == 25));
    public static TradingCalendar Crypto { get; } = new("CRYPTO", _ => true);

    public static IReadOnlyList<TradingCalendar> All { get; } = [Xnys, Fx, Crypto];

    public static TradingCalendar For(string code) => code switch
    {
        "XNYS" => Xnys,
        "FX" => Fx,
        "CRYPTO" => Crypto,
        _ => throw new ArgumentException($"unknown trading calendar '{code}' (XNYS, FX, CRYPTO)", nameof(code)),
    };

    public bool IsTradingDay(DateOnly day) => _isOpen(day);

    public IEnumerable<DateOnly> TradingDays(DateOnly from, DateOnly to)
    {
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            if (_isOpen(d))
            {
                yield return d;
            }
        }
    }

    private static bool IsWeekday(DateOnly d) => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    private static bool IsNyseTradingDay(DateOnly d) =>
        IsWeekday(d) && !NyseHolidays(d.Year).Contains(d) && Array.IndexOf(NyseUnscheduledClosures, d) < 0;

    public static IReadOnlySet<DateOnly> NyseHolidays(int year)
    {
        var days = new HashSet<DateOnly>
        {
            ObservedNewYear(year),
            NthWeekday(year, 1, DayOfWeek.Monday, 3),   // Martin Luther King Jr. Day
            NthWeekday(year, 2, DayOfWeek.Monday, 3),   // Washington's Birthday
            EasterSunday(year).AddDays(-2),             // Good Friday
            LastWeekday(year, 5, DayOfWeek.Monday),     // Memorial Day
            Observed(new DateOnly(year, 7, 4)),
            NthWeekday(year, 9, DayOfWeek.Monday, 1),   // Labor Day
            NthWeekday(year, 11, DayOfWeek.Thursday, 4), // Thanksgiving
            Observed(new DateOnly(year, 12, 25)),
        };
        if (year >= 2022)
        {
            days.Add(Observed(new DateOnly(year, 6, 19))); // Juneteenth
        }

        return days;
    }

    /// <summary>NYSE does not close on Friday 31 December when 1 January falls on a Saturday.</summary>
    private static DateOnly ObservedNewYear(int year)
    {
        var d = new DateOnly(year, 1, 1);
        return d.DayOfWeek == DayOfWeek.Sunday ? d.AddDays(1) : d;
    }

    private static DateOnly Observed(DateOnly d) => d.DayOfWeek switch
    {
        DayOfWeek.Saturday => d.AddDays(-1),
        DayOfWeek.Sunday => d.AddDays(1),
        _ => d,
    };

    private static DateOnly NthWeekday(int year, int month, DayOfWeek day, int n)
    {
        var first = new DateOnly(year, month, 1);
        var offset = ((int)day - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + (7 * (n - 1)));
    }

    private static DateOnly LastWeekday(int year, int month, DayOfWeek day)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        return last.AddDays(-(((int)last.DayOfWeek - (int)day + 7) % 7));
    }

    /// <summary>Anonymous Gregorian algorithm (Meeus/Jones/Butcher).</summary>
    private static DateOnly EasterSunday(int year)
    {
        int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
        int h = ((19 * a) + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        int m = (a + (11 * h) + (22 * l)) / 451, month = (h + l - (7 * m) + 114) / 31, day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }
}
