using System.Text.Json;

namespace Dataflow.Ingestion.TwelveData;

/// <summary>
/// One HTTP exchange with the API after retries: the status and body as received, and the request-level error if the
/// whole request failed (a batch's per-symbol errors are inside <see cref="Body"/>).
/// </summary>
public sealed record ApiReply(int HttpStatus, byte[] Body, ApiError? Error, int Attempts, int CreditsCharged)
{
    /// <summary>Whether a body is JSON: only JSON is kept in the raw zone, whose readers parse every object.</summary>
    public static bool IsJson(byte[] body)
    {
        using var doc = TryParse(body);
        return doc is not null;
    }

    /// <summary>The body as JSON, or null when it is not (gateway pages, cut-off bodies).</summary>
    public static JsonDocument? TryParse(byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads a received body by twelvedata.md §3.3: a JSON error object is an API error classified by its own code
    /// (falling back to the HTTP status); a body that is not JSON is a transport failure.
    /// </summary>
    public static ApiError? ErrorOf(int httpStatus, byte[] body)
    {
        using var doc = TryParse(body);
        if (doc is null)
        {
            var text = System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)));
            return httpStatus is >= 400 and < 500 and not 408
                ? ApiError.Classify(httpStatus, $"HTTP {httpStatus}: {text}")
                : new ApiError(ApiErrorKind.Transient, httpStatus, $"response is not JSON (HTTP {httpStatus}): {text}");
        }

        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new ApiError(ApiErrorKind.Transient, httpStatus, $"response is a JSON {root.ValueKind}, not an object");
        }

        var isError = root.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String && status.GetString() == "error"
            || root.TryGetProperty("code", out _) && root.TryGetProperty("message", out _) && !root.TryGetProperty("values", out _);
        if (isError)
        {
            var code = root.TryGetProperty("code", out var c) && c.TryGetInt32(out var ci) ? ci : httpStatus;
            var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
            return ApiError.Classify(code, message);
        }

        return httpStatus >= 400 ? ApiError.Classify(httpStatus, $"HTTP {httpStatus} with a JSON body that is not an error object") : null;
    }
}
