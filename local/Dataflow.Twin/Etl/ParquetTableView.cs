using Dataflow.Contracts;

namespace Dataflow.Twin.Etl;

/// <summary>
/// A view named like a curated table over the Parquet files of one folder, with the partition columns typed as the
/// schema contract declares (not as DuckDB would guess from folder names). A folder without files is an empty table
/// with the declared columns: Athena answers over an empty table, so the twin does too.
/// </summary>
public static class ParquetTableView
{
    public static void Register(DuckDbSession db, TableSchema table, string folder)
    {
        if (!Directory.Exists(folder) || Directory.GetFiles(folder, "*.parquet", SearchOption.AllDirectories).Length == 0)
        {
            var columns = string.Join(", ", table.AllColumns.Select(c => $"cast(null as {c.Type.DuckDb}) as {c.Name}"));
            db.Execute($"create or replace view {table.Name} as select {columns} where false", $"registering empty table {table.Name}");
            return;
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
            """, $"registering table {table.Name} over {folder}");
    }
}
