using System.Text.Json.Nodes;
using Dataflow.Contracts;

namespace Dataflow.Infra.Model.Etl;

/// <summary>
/// The curated schema contract as the JSON the Glue job reads (glue/jobs/awsdataflowjob.py, <c>--contracts_key</c>):
/// per table its columns and partition keys with Glue types, and whether glue/rulesets holds a gate for it. Derived from
/// sql/contracts/curated_tables.yaml at deploy time, never written by hand.
/// </summary>
public static class CuratedContractJson
{
    public static string Render(CuratedSchema schema, Func<string, bool> hasRuleset) => new JsonObject
    {
        ["database"] = schema.Database,
        ["tables"] = new JsonArray(schema.Tables.Select(t => (JsonNode)new JsonObject
        {
            ["name"] = t.Name,
            ["ruleset"] = hasRuleset(t.Name),
            ["columns"] = Columns(t.Columns),
            ["partition_keys"] = Columns(t.PartitionKeys),
        }).ToArray()),
    }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

    private static JsonArray Columns(IEnumerable<ColumnSchema> columns) =>
        new(columns.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["type"] = c.Type.Glue }).ToArray());
}
