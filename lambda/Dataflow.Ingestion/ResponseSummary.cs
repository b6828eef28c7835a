using System.Text.Json;
using Dataflow.Ingestion.TwelveData;

namespace Dataflow.Ingestion;

/// <summary>What one symbol's response amounts to: bars, no data, or an error of a known kind.</summary>
public sealed record ResponseSummary(SymbolOutcome Outcome, int Bars, ApiError? Error)
{
    public static ResponseSummary WithBars(int count) => new(SymbolOutcome.Succeeded, count, null);

    /// <summary>The outcome an error leads to: no data is zero rows, plan gating and unknown symbols are skipped.</summary>
    public static ResponseSummary Of(ApiError error) => new(error.Kind switch
    {
        ApiErrorKind.NoData => SymbolOutcome.NoData,
        ApiErrorKind.PlanRestricted or ApiErrorKind.SymbolNotFound => SymbolOutcome.Skipped,
        ApiErrorKind.DailyQuota or ApiErrorKind.DeadlineReached => SymbolOutcome.NotAttempted,
        _ => SymbolOutcome.Failed,
    }, 0, error);

    /// <summary>Reads a single-symbol object (a whole response, or one entry of a batch).</summary>
    public static ResponseSummary Of(JsonElement series, int httpStatus)
    {
        if (series.ValueKind != JsonValueKind.Object)
        {
            return Of(new ApiError(ApiErrorKind.Transient, httpStatus, $"response is a JSON {series.ValueKind}, not an object"));
        }

        if (series.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Array)
        {
            return WithBars(values.GetArrayLength());
        }

        var code = series.TryGetProperty("code", out var c) && c.TryGetInt32(out var ci) ? ci : httpStatus;
        var message = series.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "response has neither values nor an error message";
        return Of(ApiError.Classify(code, message));
    }

    public static ResponseSummary Of(ReadOnlyMemory<byte> body, int httpStatus)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return Of(doc.RootElement, httpStatus);
        }
        catch (JsonException e)
        {
            return Of(new ApiError(ApiErrorKind.Transient, httpStatus, $"response is not JSON (HTTP {httpStatus}): {e.Message}"));
        }
    }
}

/// <summary>What happened to a symbol in a run.</summary>
public enum SymbolOutcome
{
    /// <summary>Bars were received and stored.</summary>
    Succeeded,

    /// <summary>The API had no bars for the window: zero rows, not an error.</summary>
    NoData,

    /// <summary>Unknown symbol or not in the plan: skipped and reported, the run goes on.</summary>
    Skipped,

    /// <summary>Never requested: the daily credit limit or a fatal error stopped the run first.</summary>
    NotAttempted,

    /// <summary>Requested and failed (after retries where retrying made sense).</summary>
    Failed,
}
