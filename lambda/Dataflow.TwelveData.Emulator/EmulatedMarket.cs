using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataflow.TwelveData.Emulator;

/// <summary>
/// The instruments the emulator knows and their daily bars: a simple deterministic series per symbol on weekdays from
/// <see cref="FirstDay"/>. Symbols with a slash are currency pairs (no volume key). Some symbols can be marked unknown,
/// plan-gated, or given a repeated bar with different values.
/// </summary>
public sealed class EmulatedMarket
{
    public DateOnly FirstDay { get; init; } = new(2015, 1, 1);
    public DateOnly LastDay { get; init; } = new(2025, 12, 31);
    public ISet<string> Unknown { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    public ISet<string> PlanGated { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Symbols whose bar on this day is sent twice, the second time with another close.</summary>
    public IDictionary<string, DateOnly> DuplicateBar { get; } = new Dictionary<string, DateOnly>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Symbols that split on a day by a ratio (2 for 2-for-1): bars before that day traded at ratio × the price (and
    /// volume / ratio). Answers asked with <c>adjust=splits</c> (the API's default) after the split divide the older
    /// bars by the ratio, as Twelve Data does; before it, or with <c>adjust=none</c>, the old prices are sent as traded.
    /// </summary>
    public IDictionary<string, (DateOnly Day, decimal Ratio)> Splits { get; } = new Dictionary<string, (DateOnly, decimal)>(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<DateOnly> Days() =>
        Enumerable.Range(0, LastDay.DayNumber - FirstDay.DayNumber + 1)
            .Select(FirstDay.AddDays)
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

    /// <summary>
    /// The answer for one symbol: newest first, at most <paramref name="outputSize"/> bars, from
    /// <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive, as the support article's example).
    /// </summary>
    public JsonObject Series(string symbol, string interval, int outputSize, DateOnly? start, DateOnly? end, bool splitAdjusted = true, DateOnly? asOf = null)
    {
        if (Unknown.Contains(symbol))
        {
            return ErrorObject(404, $"**symbol** not found: {symbol}. Please specify it correctly according to API Documentation.");
        }

        if (PlanGated.Contains(symbol))
        {
            return ErrorObject(404, $"**symbol** {symbol} is not available with your plan. Consider upgrading.");
        }

        var days = Days().Where(d => (start is null || d >= start) && (end is null || d < end)).Reverse().Take(outputSize).ToArray();
        if (days.Length == 0)
        {
            return ErrorObject(400, "No data is available on the specified dates. Try setting different start/end dates.");
        }

        var pair = symbol.Contains('/', StringComparison.Ordinal);
        var values = new JsonArray();
        foreach (var day in days)
        {
            var scale = Splits.TryGetValue(symbol, out var split) && day < split.Day && (!splitAdjusted || asOf is not { } now || now < split.Day) ? split.Ratio : 1m;
            values.Add(Bar(symbol, day, pair, bump: 0m, scale));
            if (DuplicateBar.TryGetValue(symbol, out var duplicate) && duplicate == day)
            {
                values.Add(Bar(symbol, day, pair, bump: 1.25m, scale));
            }
        }

        var meta = pair
            ? new JsonObject { ["symbol"] = symbol, ["interval"] = interval, ["currency_base"] = symbol.Split('/')[0], ["currency_quote"] = symbol.Split('/')[1], ["type"] = "Physical Currency" }
            : new JsonObject { ["symbol"] = symbol, ["interval"] = interval, ["currency"] = "USD", ["exchange_timezone"] = "America/New_York", ["exchange"] = "NYSE", ["mic_code"] = "XNYS", ["type"] = "Common Stock" };
        return new JsonObject { ["meta"] = meta, ["values"] = values, ["status"] = "ok" };
    }

    public DateOnly? Earliest(string symbol) => Unknown.Contains(symbol) ? null : Days().First();

    public static JsonObject ErrorObject(int code, string message) => new() { ["code"] = code, ["message"] = message, ["status"] = "error" };

    private static JsonObject Bar(string symbol, DateOnly day, bool pair, decimal bump, decimal scale)
    {
        var seed = (symbol.Aggregate(17, (h, c) => (h * 31) + c) & 0xFFFF) / 1000m;
        var close = (50m + seed + ((day.DayNumber % 97) / 10m) + bump) * scale;
        var bar = new JsonObject
        {
            ["datetime"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["open"] = (close - (0.5m * scale)).ToString("0.00000", CultureInfo.InvariantCulture),
            ["high"] = (close + scale).ToString("0.0000", CultureInfo.InvariantCulture),
            ["low"] = (close - scale).ToString("0.00", CultureInfo.InvariantCulture),
            ["close"] = close.ToString("0.#####", CultureInfo.InvariantCulture),
        };
        if (!pair)
        {
            bar["volume"] = decimal.Round((1_000_000 + (day.DayNumber % 1000)) / scale).ToString(CultureInfo.InvariantCulture);
        }

        return bar;
    }

    internal static string Serialize(JsonNode node) => node.ToJsonString(Compact);

    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };
}
