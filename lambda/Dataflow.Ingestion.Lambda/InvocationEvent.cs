using System.Globalization;
using System.Text.Json;
using Dataflow.Contracts;

namespace Dataflow.Ingestion.Lambda;

/// <summary>
/// What one invocation was asked to do. The schedule sends <c>{}</c> (the latest bars of the configured symbols); a
/// backfill sends overrides: <c>{"symbols":["AAPL"],"interval":"1day","from":"2020-01-01","to":"2024-12-31"}</c>, and
/// omitting <c>from</c> with a <c>to</c> pages back to the instrument's first bar.
/// </summary>
public sealed record InvocationEvent(IReadOnlyList<string>? Symbols, string? Interval, DateOnly? From, DateOnly? To, int? LatestBars)
{
    public static InvocationEvent Parse(ReadOnlySpan<byte> json)
    {
        if (json.Trim((byte)' ').IsEmpty)
        {
            return new InvocationEvent(null, null, null, null, null);
        }

        using var doc = JsonDocument.Parse(json.ToArray());
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"the invocation event must be a JSON object, not {root.ValueKind}");
        }

        // EventBridge wraps scheduled rule payloads in "detail"; Scheduler sends the input as is.
        if (root.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.Object)
        {
            root = detail;
        }

        string[]? symbols = root.TryGetProperty("symbols", out var s)
            ? s.ValueKind == JsonValueKind.Array ? s.EnumerateArray().Select(e => e.GetString() ?? "").ToArray()
                : throw new FormatException("\"symbols\" must be an array of strings")
            : null;
        return new InvocationEvent(symbols, Text(root, "interval"), Date(root, "from"), Date(root, "to"),
            root.TryGetProperty("latest_bars", out var n) ? n.GetInt32() : null);
    }

    public IngestionRequest ToRequest(FunctionSettings settings, DateOnly today)
    {
        var window = From is null && To is null
            ? IngestionWindow.Latest(LatestBars ?? settings.LatestBars)
            : IngestionWindow.Between(From, To ?? today);
        return new IngestionRequest(Symbols is { Count: > 0 } ? Symbols : settings.Symbols, Interval is null ? settings.Interval : BarInterval.Parse(Interval, "\"interval\""), window);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) ? v.GetString() : null;

    private static DateOnly? Date(JsonElement root, string name) =>
        Text(root, name) is { } text
            ? DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d
                : throw new FormatException($"\"{name}\" '{text}' is not a yyyy-MM-dd date")
            : null;
}
