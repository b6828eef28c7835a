using System.Globalization;
using System.Text.Json;
using Dataflow.Contracts;

namespace Dataflow.Ingestion.TwelveData;

/// <summary>
/// Parses a single-symbol <c>time_series</c> object: invariant culture, prices as decimals from strings of any
/// precision, volume nullable with its presence recorded, date-only vs datetime by interval (twelvedata.md §2.2, §6).
/// </summary>
public static class TimeSeriesParser
{
    private static readonly string[] IntradayFormats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss"];

    public static TimeSeriesMeta ParseMeta(JsonElement series)
    {
        if (!series.TryGetProperty("meta", out var meta) || meta.ValueKind != JsonValueKind.Object)
        {
            return new TimeSeriesMeta(null, null, null, null, null, null, null, null, null);
        }

        string? S(string name) => meta.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new TimeSeriesMeta(S("symbol"), S("interval"), S("currency"), S("currency_base"), S("currency_quote"),
            S("exchange_timezone"), S("exchange"), S("mic_code"), S("type"));
    }

    public static IReadOnlyList<TimeSeriesBar> ParseBars(JsonElement series, BarInterval interval)
    {
        if (!series.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var intraday = interval.IsIntraday;
        var bars = new List<TimeSeriesBar>(values.GetArrayLength());
        foreach (var value in values.EnumerateArray())
        {
            bars.Add(ParseBar(value, intraday));
        }

        return bars;
    }

    private static TimeSeriesBar ParseBar(JsonElement value, bool intraday)
    {
        var problems = new List<string>();
        var datetime = Text(value, "datetime") ?? "";
        DateOnly? date = null;
        DateTime? openUtc = null;
        if (intraday)
        {
            if (DateTime.TryParseExact(datetime, IntradayFormats, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            {
                openUtc = t;
                date = DateOnly.FromDateTime(t);
            }
            else
            {
                problems.Add($"datetime '{datetime}' is not yyyy-MM-dd HH:mm:ss");
            }
        }
        else if (DateOnly.TryParseExact(datetime, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            date = d;
        }
        else
        {
            problems.Add($"datetime '{datetime}' is not yyyy-MM-dd");
        }

        var volumePresent = value.TryGetProperty("volume", out _);
        return new TimeSeriesBar(datetime, date, openUtc,
            Number(value, "open", required: true, problems), Number(value, "high", required: true, problems),
            Number(value, "low", required: true, problems), Number(value, "close", required: true, problems),
            Number(value, "volume", required: false, problems), volumePresent, problems);
    }

    private static string? Text(JsonElement value, string name) =>
        value.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static decimal? Number(JsonElement value, string name, bool required, List<string> problems)
    {
        if (!value.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                problems.Add($"{name} is missing");
            }

            return null;
        }

        var text = v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText();
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        problems.Add($"{name} '{text}' is not a number");
        return null;
    }
}
