using System.Text.Json.Nodes;

namespace Dataflow.Contracts.Ingestion;

/// <summary>
/// What the ETL sends when a run revealed a split (corporate_actions, REFETCH_HISTORY): an EventBridge event whose
/// detail is an ingestion event for the symbol's whole history (<c>symbols</c> and <c>to</c>, no <c>from</c>). A rule
/// hands it to the ingestion Lambda, whose event parser reads the detail. The Glue job reads source and detail-type
/// from pipeline.json; the Pulumi program builds the rule's pattern from them.
/// </summary>
public static class RefetchEvent
{
    public const string Source = "dataflow.etl";
    public const string DetailType = "History re-fetch requested";

    public static string Pattern() => new JsonObject
    {
        ["source"] = new JsonArray(Source),
        ["detail-type"] = new JsonArray(DetailType),
    }.ToJsonString();

    /// <summary>The event's detail: the ingestion event of the re-fetch.</summary>
    public static string Detail(IEnumerable<string> symbols, DateOnly to) => new JsonObject
    {
        ["symbols"] = new JsonArray(symbols.Select(s => (JsonNode)s).ToArray()),
        ["to"] = to.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    }.ToJsonString();
}
