using Dataflow.Contracts;
using Dataflow.Twin.Etl;

namespace Dataflow.Twin.Query;

/// <summary>
/// The twin's stand-in for the Glue Data Catalog: one view per curated table over its Parquet files, with the partition
/// columns typed as the schema contract declares (not as DuckDB would guess from folder names).
/// </summary>
public static class CuratedCatalog
{
    /// <summary>The curated tables, then the views of sql/athena/views in file-name order (later views read earlier ones).</summary>
    public static void Register(DuckDbSession db, TwinPaths paths, CuratedSchema schema)
    {
        RegisterTables(db, paths, schema);
        foreach (var view in SqlModel.LoadOrdered(paths.AthenaViews))
        {
            db.Execute($"create or replace view {view.Name} as\n{view.Body}", paths.Relative(view.Path));
        }
    }

    private static void RegisterTables(DuckDbSession db, TwinPaths paths, CuratedSchema schema)
    {
        foreach (var table in schema.Tables)
        {
            var folder = Path.Combine(paths.Zone(LakeLayout.Curated), table.Name);
            if (!Directory.Exists(folder))
            {
                throw new TwinException($"curated table {table.Name} has not been published yet ({folder})");
            }

            if (Directory.GetFiles(folder, "*.parquet", SearchOption.AllDirectories).Length == 0)
            {
                // An empty table has no files to infer a schema from; Athena still answers over it, so the twin does too.
                var columns = string.Join(", ", table.AllColumns.Select(c => $"cast(null as {c.Type.DuckDb}) as {c.Name}"));
                db.Execute($"create or replace view {table.Name} as select {columns} where false", $"registering empty curated table {table.Name}");
                continue;
            }

            var glob = table.PartitionKeys.Count == 0
                ? $"{folder}/*.parquet"
                : $"{folder}/{string.Join("/", table.PartitionKeys.Select(_ => "*"))}/*.parquet";
            var hiveTypes = table.PartitionKeys.Count == 0
                ? ""
                : $", hive_partitioning = true, hive_types = {{{string.Join(", ", table.PartitionKeys.Select(k => $"'{k.Name}': {k.Type.DuckDb}"))}}}";
            db.Execute($"""
                create or replace view {table.Name} as
                select * from read_parquet('{DuckDbSession.Literal(glob.Replace('\\', '/'))}'{hiveTypes})
                """, $"registering curated table {table.Name}");
        }
    }
}
