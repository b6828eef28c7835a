using Dataflow.Contracts;

namespace Dataflow.Twin.Etl;

/// <summary>
/// A view over Parquet files of a curated table with exactly the declared columns, the partition columns typed as the
/// schema contract declares (not as DuckDB would guess from folder names). No files is an empty table with the
/// declared columns: Athena answers over an empty table, so the twin does too.
/// </summary>
public static class ParquetTableView
{
    public static void Register(DuckDbSession db, TableSchema table, IReadOnlyList<string> files, string? name = null)
    {
        var relation = name ?? table.Name;
        if (files.Count == 0)
        {
            var empty = string.Join(", ", table.AllColumns.Select(c => $"cast(null as {c.Type.DuckDb}) as {c.Name}"));
            db.Execute($"create or replace temp view {relation} as select {empty} where false", $"registering empty table {relation}");
            return;
        }

        var list = "[" + string.Join(", ", files.Select(f => $"'{DuckDbSession.Literal(f.Replace('\\', '/'))}'")) + "]";
        var hiveTypes = table.PartitionKeys.Count == 0
            ? ", hive_partitioning = false"
            : $", hive_partitioning = true, hive_types = {{{string.Join(", ", table.PartitionKeys.Select(k => $"'{k.Name}': {k.Type.DuckDb}"))}}}";
        // Only the declared columns: the version folders (run=...) are Hive-shaped too, and are not columns. By name across
        // files: partitions published before a column was added read it as null until a rebuild (additive evolution).
        db.Execute($"""
            create or replace temp view {relation} as
            select {string.Join(", ", table.AllColumns.Select(c => c.Name))} from read_parquet({list}{hiveTypes}, union_by_name = true)
            """, $"registering table {relation}");
    }

    /// <summary>The Parquet files below a folder (a staged table).</summary>
    public static IReadOnlyList<string> FilesBelow(string folder) =>
        Directory.Exists(folder) ? Directory.GetFiles(folder, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray() : [];
}
