using System.Collections.Specialized;

namespace Dataflow.TwelveData.Emulator;

/// <summary>A request the emulator received, as a test would want to inspect it.</summary>
public sealed record EmulatorRequest(string Path, string RawQuery, NameValueCollection Query, string? Authorization, DateTimeOffset At)
{
    public IReadOnlyList<string> Symbols =>
        (Query["symbol"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// An answer the emulator sends: status, body, content type, extra headers, and optionally a real-time stall before it
/// (to make a client time out).
/// </summary>
public sealed record EmulatorReply(int Status, string Body, string ContentType = "application/json", IReadOnlyDictionary<string, string>? Headers = null)
{
    public TimeSpan Stall { get; init; }

    public static EmulatorReply Html(int status) =>
        new(status, $"<html><head><title>{status}</title></head><body><h1>{status} Bad Gateway</h1>cloudflare</body></html>", "text/html");

    public static EmulatorReply Error(int code, string message, bool http200) =>
        new(http200 ? 200 : code, System.Text.Json.JsonSerializer.Serialize(new { code, message, status = "error" }));
}
