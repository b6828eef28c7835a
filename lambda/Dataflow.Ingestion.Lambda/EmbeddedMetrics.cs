using System.Text.Json.Nodes;

namespace Dataflow.Ingestion.Lambda;

/// <summary>
/// One CloudWatch Embedded Metric Format record per invocation: a JSON line on stdout that CloudWatch Logs turns into
/// metrics in <see cref="Namespace"/> with the dimensions Stack and Interval.
/// </summary>
public static class EmbeddedMetrics
{
    public const string Namespace = "Dataflow/Ingestion";

    public static readonly IReadOnlyList<(string Name, string Unit)> Metrics =
    [
        ("ApiLatencyMs", "Milliseconds"),
        ("SymbolsSucceeded", "Count"),
        ("SymbolsFailed", "Count"),
        ("BarsIngested", "Count"),
        ("CreditsUsed", "Count"),
        ("RawBytesWritten", "Bytes"),
    ];

    public static string Render(string stack, string interval, RunManifest manifest, IReadOnlyList<double> apiLatenciesMs, DateTimeOffset at)
    {
        var totals = manifest.Totals;
        var record = new JsonObject
        {
            ["_aws"] = new JsonObject
            {
                ["Timestamp"] = at.ToUnixTimeMilliseconds(),
                ["CloudWatchMetrics"] = new JsonArray(new JsonObject
                {
                    ["Namespace"] = Namespace,
                    ["Dimensions"] = new JsonArray(new JsonArray("Stack", "Interval")),
                    ["Metrics"] = new JsonArray(Metrics.Select(m => (JsonNode)new JsonObject { ["Name"] = m.Name, ["Unit"] = m.Unit }).ToArray()),
                }),
            },
            ["Stack"] = stack,
            ["Interval"] = interval,
            ["RunId"] = manifest.RunId,
            ["ApiLatencyMs"] = new JsonArray(apiLatenciesMs.Select(l => (JsonNode)Math.Round(l, 1)).ToArray()),
            ["SymbolsSucceeded"] = totals.Succeeded + totals.NoData,
            ["SymbolsFailed"] = totals.Failed + totals.Skipped + totals.NotAttempted,
            ["BarsIngested"] = totals.Bars,
            ["CreditsUsed"] = totals.Credits,
            ["RawBytesWritten"] = totals.Bytes,
        };
        return record.ToJsonString();
    }
}
