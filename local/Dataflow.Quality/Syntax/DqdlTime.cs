using System.Globalization;
using System.Text.RegularExpressions;

namespace Dataflow.Quality.Syntax;

/// <summary>
/// DQDL's time-of-day literals (dqdl.md §1.2): <c>"h:mm AM"</c>/<c>"hh:mm PM"</c> (upper-case, hours 1–12) and
/// <c>"HH:mm"</c> from 00:00 to 24:00 (Java's resolver accepts 24:00, the end of the day). The lexer only checks the
/// shape, so <c>"99:99"</c> is a TIME token that names no time: the validator rejects it with this.
/// </summary>
public static partial class DqdlTime
{
    public static bool TryParse(string literal, out TimeSpan timeOfDay)
    {
        timeOfDay = default;
        var m = Shape().Match(literal);
        if (!m.Success)
        {
            return false;
        }

        var hour = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
        if (minute > 59)
        {
            return false;
        }

        if (m.Groups["ampm"].Success)
        {
            if (hour is < 1 or > 12)
            {
                return false;
            }

            hour = hour % 12 + (m.Groups["ampm"].Value == "PM" ? 12 : 0);
        }
        else if (hour > 24 || hour == 24 && minute > 0)
        {
            return false;
        }

        timeOfDay = new TimeSpan(hour, minute, 0);
        return true;
    }

    [GeneratedRegex("^(?<h>[0-9]{1,2}):(?<m>[0-9]{2})( (?<ampm>AM|PM))?$")]
    private static partial Regex Shape();
}
