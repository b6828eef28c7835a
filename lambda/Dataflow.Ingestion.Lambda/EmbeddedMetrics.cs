using System.Text.Json.Nodes;
using Dataflow.Contracts.Ingestion;
using static Dataflow.Contracts.Ingestion.IngestionMetrics;

namespace Dataflow.Ingestion.Lambda;

/// <summary>
/// One CloudWatch Embedded Metric Format record per invocation: a JSON line on stdout that CloudWatch Logs turns into
/// the metrics of <see cref="IngestionMetrics"/> (its namespace, dimensions, names and units).
/// </summary>
public static class EmbeddedMetrics
{
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
                    ["Namespace"] = IngestionMetrics.Namespace,
                    ["Dimensions"] = new JsonArray(new JsonArray(Dimensions.Select(d => (JsonNode)d).ToArray())),
                    ["Metrics"] = new JsonArray(All.Select(m => (JsonNode)new JsonObject { ["Name"] = m.Name, ["Unit"] = m.Unit }).ToArray()),
                }),
            },
            [StackDimension] = stack,
            [IntervalDimension] = interval,
            ["RunId"] = manifest.RunId,
            [ApiLatencyMs.Name] = new JsonArray(apiLatenciesMs.Select(l => (JsonNode)Math.Round(l, 1)).ToArray()),
            [SymbolsSucceeded.Name] = totals.Succeeded + totals.NoData,
            [SymbolsFailed.Name] = totals.Failed + totals.Skipped + totals.NotAttempted,
            [BarsIngested.Name] = totals.Bars,
            [CreditsUsed.Name] = totals.Credits,
            [RawBytesWritten.Name] = totals.Bytes,
        };
        return record.ToJsonString();
    }
}
