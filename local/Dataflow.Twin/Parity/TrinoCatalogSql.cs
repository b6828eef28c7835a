using Dataflow.Contracts;
using Dataflow.Twin.Etl;
using Dataflow.Twin.Query;

namespace Dataflow.Twin.Parity;

/// <summary>
/// The Trino statements that make a lake's curated zone what Athena sees (the Trino parity job of ci.yml): an external
/// Hive table per curated table in Trino types, each partition the current commit names registered at its folder (the
/// Glue job points the catalog's partitions the same way), then the views of sql/athena/views as both engines run them
/// (the declared casts of sql/contracts/views.yaml). The command writes them separated by semicolons, as the Trino CLI's
/// --file reads them.
/// </summary>
public static class TrinoCatalogSql
{
    /// <param name="locationRoot">Where Trino sees the lake's curated zone (e.g. <c>local:///lake/curated</c> in the container).</param>
    public static IReadOnlyList<string> Statements(TwinPaths paths, string catalog, string schema, string locationRoot)
    {
        var contract = CuratedSchema.Load(paths.Contracts);
        var store = new CuratedStore(paths);
        var commit = store.Current();
        if (commit.IsEmpty)
        {
            throw new TwinException($"the curated zone has no commit yet ({store.CommitPath}): run `dataflow transform` first");
        }

        var root = locationRoot.TrimEnd('/');
        var statements = new List<string> { $"CREATE SCHEMA IF NOT EXISTS {catalog}.{schema}" };
        foreach (var table in contract.Tables)
        {
            var columns = string.Join(", ", table.AllColumns.Select(c => $"{c.Name} {c.Type.Trino}"));
            var partitions = string.Join(", ", table.PartitionKeys.Select(k => $"'{k.Name}'"));
            statements.Add($"CREATE TABLE {catalog}.{schema}.{table.Name} ({columns}) WITH (format = 'PARQUET', "
                + $"external_location = '{root}/{paths.Layout.CuratedTablePrefix(table.Name).TrimEnd('/')}'"
                + (table.PartitionKeys.Count > 0 ? $", partitioned_by = ARRAY[{partitions}])" : ")"));
            foreach (var (partition, folder) in commit.Partitions(table.Name).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var values = partition.Split('/').Select(part => part.Split('=', 2)[1]).ToArray();
                statements.Add($"CALL {catalog}.system.register_partition('{schema}', '{table.Name}', ARRAY[{partitions}], "
                    + $"ARRAY[{string.Join(", ", values.Select(v => $"'{Sql(Uri.UnescapeDataString(v))}'"))}], '{root}/{folder.TrimEnd('/')}')");
            }
        }

        foreach (var (file, view) in AthenaViewSet.Load(paths.Contracts, paths.Etl, paths.AthenaViews).Views)
        {
            statements.Add($"CREATE OR REPLACE VIEW {catalog}.{schema}.{view.Name} AS\n{view.TypedSelect(file.Body)}");
        }

        return statements;
    }

    private static string Sql(string value) => value.Replace("'", "''", StringComparison.Ordinal);
}
