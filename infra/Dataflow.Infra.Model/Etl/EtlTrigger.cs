using System.Text.Json.Nodes;
using Dataflow.Contracts;

namespace Dataflow.Infra.Model.Etl;

/// <summary>
/// The ETL starts when an ingestion run completes: the run manifest (written last) lands in the raw bucket, S3 sends
/// "Object Created" to EventBridge, and a rule hands it to the Glue workflow's EVENT trigger.
/// </summary>
public static class EtlTrigger
{
    public static string ManifestCreatedPattern(string rawBucket, LakeLayout layout) => new JsonObject
    {
        ["source"] = new JsonArray("aws.s3"),
        ["detail-type"] = new JsonArray("Object Created"),
        ["detail"] = new JsonObject
        {
            ["bucket"] = new JsonObject { ["name"] = new JsonArray(rawBucket) },
            ["object"] = new JsonObject { ["key"] = new JsonArray(new JsonObject { ["prefix"] = layout.RunManifest.FolderPrefix }) },
        },
    }.ToJsonString();
}
