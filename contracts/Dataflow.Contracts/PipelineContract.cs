using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataflow.Contracts;

/// <summary>
/// Every fact the engines share, from the YAML contracts and the repository's model and ruleset files: key layouts
/// with the globs and regexes that parse them, curated tables with their prefixes and gates, quality paths, the
/// staging relation, reference seeds, the models in order, intervals. The twin and the Pulumi program read it here;
/// the Glue driver reads <see cref="ToJson"/> (pipeline.json in the Glue bundle).
/// </summary>
public sealed record PipelineContract(LakeLayout Layout, CuratedSchema Schema, EtlContract Etl, IReadOnlyList<ModelFile> Models, IReadOnlyList<string> GatedTables)
{
    public const string FileName = "pipeline.json";

    /// <summary>How a table's data-quality evaluation context is formed from the job's <c>--evaluation_context</c>.</summary>
    public static string EvaluationContext(string jobContext, string table) => $"{jobContext}_{table}";

    public static PipelineContract Load(Repository repository)
    {
        var contracts = repository.Contracts;
        var etl = EtlContract.Load(contracts);
        var gated = Directory.Exists(repository.Rulesets)
            ? Directory.GetFiles(repository.Rulesets, "*.dqdl").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal).ToArray()
            : [];
        return new PipelineContract(LakeLayout.Load(contracts), CuratedSchema.Load(contracts), etl, etl.Models(repository.EtlSql), gated);
    }

    public bool IsGated(string table) => GatedTables.Contains(table, StringComparer.Ordinal);

    public string ToJson() => new JsonObject
    {
        ["_comment"] = "Rendered from sql/contracts (lake.yaml, etl.yaml, curated_tables.yaml), sql/etl and glue/rulesets by Dataflow.Contracts; never edited by hand.",
        ["raw"] = new JsonObject
        {
            ["time_series"] = new JsonObject
            {
                ["template"] = Layout.RawTimeSeries.Template,
                ["folder_prefix"] = Layout.RawTimeSeries.FolderPrefix,
                ["glob"] = Layout.RawTimeSeries.Glob,
                ["fields"] = new JsonObject
                {
                    ["ingest_date"] = Layout.FieldRegex(Layout.RawTimeSeries, "ingest_date"),
                    ["run_id"] = Layout.FieldRegex(Layout.RawTimeSeries, "run_id"),
                },
            },
            ["run_manifest"] = new JsonObject
            {
                ["template"] = Layout.RunManifest.Template,
                ["folder_prefix"] = Layout.RunManifest.FolderPrefix,
                ["glob"] = Layout.RunManifest.Glob,
                ["fields"] = new JsonObject { ["run_id"] = Layout.FieldRegex(Layout.RunManifest, "run_id") },
            },
        },
        ["curated"] = new JsonObject
        {
            ["database"] = Schema.Database,
            ["version"] = Layout.CuratedVersion.Template,
            ["commit"] = Layout.CuratedCommit.Template,
            ["commit_log"] = Layout.CuratedCommitLog.Template,
            ["tables"] = new JsonArray(Schema.Tables.Select(t => (JsonNode)new JsonObject
            {
                ["name"] = t.Name,
                ["prefix"] = Layout.CuratedTablePrefix(t.Name),
                ["ruleset"] = IsGated(t.Name),
                ["grain"] = new JsonArray(t.Grain.Select(g => (JsonNode)g).ToArray()),
                ["owner"] = new JsonArray(t.Owner.Select(g => (JsonNode)g).ToArray()),
                ["owner_since"] = t.OwnerSince,
                ["columns"] = Columns(t.Columns),
                ["partition_keys"] = Columns(t.PartitionKeys),
            }).ToArray()),
        },
        ["quality"] = new JsonObject
        {
            ["results"] = Layout.QualityResults.Template,
            ["quarantine"] = Layout.QualityQuarantine.Template,
            ["evaluation_context"] = EvaluationContext("{evaluation_context}", "{table}"),
        },
        ["staging"] = new JsonObject
        {
            ["relation"] = Etl.StagingRelation,
            ["columns"] = new JsonArray(Etl.StagingColumns.Select(c => (JsonNode)c).ToArray()),
        },
        ["prior"] = new JsonObject(Etl.Prior.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        ["reference_seeds"] = new JsonObject(Etl.ReferenceSeeds.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value))),
        ["refetch_event"] = new JsonObject { ["source"] = Ingestion.RefetchEvent.Source, ["detail_type"] = Ingestion.RefetchEvent.DetailType },
        ["quality_references"] = new JsonObject(Etl.QualityReferences.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value))),
        ["models"] = new JsonArray(Models.Select(m => (JsonNode)new JsonObject { ["name"] = m.Name, ["file"] = m.FileName }).ToArray()),
        ["intervals"] = new JsonArray(BarInterval.All.Select(i => (JsonNode)i.Value).ToArray()),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static JsonArray Columns(IEnumerable<ColumnSchema> columns) =>
        new(columns.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["type"] = c.Type.Glue }).ToArray());
}
