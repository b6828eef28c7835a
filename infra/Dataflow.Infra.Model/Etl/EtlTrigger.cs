using System.Text.Json.Nodes;
using Dataflow.Contracts;

namespace Dataflow.Infra.Model.Etl;

/// <summary>
/// The ETL starts when an ingestion run completes: the run manifest (written last) lands in the raw bucket, S3 sends
/// "Object Created" to EventBridge, and a rule hands it to the Glue workflow's EVENT trigger.
/// </summary>
public static class EtlTrigger
{
    /// <summary>The fixed prefix of manifest keys in lake.yaml (everything before the first placeholder).</summary>
    public static string ManifestPrefix(LakeLayout layout)
    {
        var template = layout.RunManifest.Template;
        var open = template.IndexOf('{', StringComparison.Ordinal);
        var fixedPart = open < 0 ? template : template[..open];
        return fixedPart[..(fixedPart.LastIndexOf('/') + 1)];
    }

    public static string ManifestCreatedPattern(string rawBucket, LakeLayout layout) => new JsonObject
    {
        ["source"] = new JsonArray("aws.s3"),
        ["detail-type"] = new JsonArray("Object Created"),
        ["detail"] = new JsonObject
        {
            ["bucket"] = new JsonObject { ["name"] = new JsonArray(rawBucket) },
            ["object"] = new JsonObject { ["key"] = new JsonArray(new JsonObject { ["prefix"] = ManifestPrefix(layout) }) },
        },
    }.ToJsonString();
}
