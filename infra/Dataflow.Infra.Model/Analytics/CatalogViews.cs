using System.Text;
using System.Text.Json;
using Dataflow.Contracts;

namespace Dataflow.Infra.Model.Analytics;

/// <summary>
/// An Athena view as the Glue catalog stores it: a <c>VIRTUAL_VIEW</c> table whose schema is the view's declared columns
/// (Hive types) and whose original text is Athena's encoding of the view, <c>/* Presto View: base64(json) */</c>,
/// the JSON carrying the SQL, its catalog and schema, and the columns in Trino types. This is the form
/// <c>CREATE VIEW</c> in Athena writes, so the view is a resource in Pulumi's graph instead of DDL run after it.
/// </summary>
public sealed record CatalogView(string Name, string Description, IReadOnlyList<ViewColumn> Columns, string Sql, string Database)
{
    public const string TableType = "VIRTUAL_VIEW";
    public const string ExpandedText = "/* Presto View */";

    public static IReadOnlyDictionary<string, string> Parameters { get; } =
        new Dictionary<string, string> { ["presto_view"] = "true", ["comment"] = "Presto View" };

    public string OriginalText => $"/* Presto View: {Convert.ToBase64String(Encoding.UTF8.GetBytes(DefinitionJson))} */";

    public string DefinitionJson => JsonSerializer.Serialize(new PrestoView(Sql, "awsdatacatalog", Database,
        Columns.Select(c => new PrestoColumn(c.Name, c.Type.Trino)).ToArray()), PrestoViewJson.Options);

    private sealed record PrestoView(string OriginalSql, string Catalog, string Schema, IReadOnlyList<PrestoColumn> Columns);

    private sealed record PrestoColumn(string Name, string Type);

    private static class PrestoViewJson
    {
        public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    }
}

/// <summary>
/// The views of sql/athena/views for a stack's database, in file order (later views read earlier ones), each with its
/// declaration of sql/contracts/views.yaml: the file's query under the declared casts, as the twin runs it.
/// </summary>
public static class CatalogViews
{
    public static IReadOnlyList<CatalogView> FromRepository(Repository repository, string database)
    {
        var etl = EtlContract.Load(repository.Contracts);
        var files = etl.Models(repository.AthenaViews);
        return ViewCatalog.Load(repository.Contracts).Match(files, repository.Relative(repository.AthenaViews))
            .Select(m => new CatalogView(m.Schema.Name, SqlHeader.FirstLine(m.File.Path), m.Schema.Columns,
                m.Schema.TypedSelect(File.ReadAllText(m.File.Path)), database))
            .ToArray();
    }
}
