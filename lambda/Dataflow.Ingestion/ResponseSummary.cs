using System.Text.Json;

namespace Dataflow.Ingestion;

/// <summary>What a single-symbol <c>time_series</c> body says about itself: bars, or an error, or not JSON at all.</summary>
public sealed record ResponseSummary(SymbolOutcome Outcome, int Bars, int? ErrorCode, string? ErrorMessage)
{
    private const string NoDataMessage = "No data is available";

    public static ResponseSummary Of(ReadOnlyMemory<byte> body, int httpStatus)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return new ResponseSummary(SymbolOutcome.Failed, 0, httpStatus, $"response is not JSON (HTTP {httpStatus}): {e.Message}");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new ResponseSummary(SymbolOutcome.Failed, 0, httpStatus, $"response is a JSON {root.ValueKind}, not an object");
            }

            if (root.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Array)
            {
                return new ResponseSummary(SymbolOutcome.Succeeded, values.GetArrayLength(), null, null);
            }

            var code = root.TryGetProperty("code", out var c) && c.TryGetInt32(out var ci) ? ci : httpStatus;
            var message = root.TryGetProperty("message", out var m) ? m.GetString() : "response has neither values nor an error message";
            return message is not null && message.StartsWith(NoDataMessage, StringComparison.Ordinal)
                ? new ResponseSummary(SymbolOutcome.NoData, 0, code, message)
                : new ResponseSummary(SymbolOutcome.Failed, 0, code, message);
        }
    }
}

public enum SymbolOutcome
{
    Succeeded,
    NoData,
    Failed,
}
