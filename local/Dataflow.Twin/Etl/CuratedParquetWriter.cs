using Dataflow.Contracts;

namespace Dataflow.Twin.Etl;

/// <summary>
/// Writes rows of a curated table as the curated zone stores them: exactly the declared columns cast to the declared
/// types, Hive-partitioned by the declared keys, each file sorted by the grain. The staged copy and the published
/// partitions are both written here, so the same rows give the same bytes whichever path wrote them.
/// </summary>
public static class CuratedParquetWriter
{
    /// <summary>Writes <paramref name="rows"/> (a query with the table's columns) below <paramref name="folder"/>.</summary>
    public static void Write(DuckDbSession db, TableSchema table, string rows, string folder, string what)
    {
        var columns = string.Join(", ", table.AllColumns.Select(c => $"cast(rows.{c.Name} as {c.Type.DuckDb}) as {c.Name}"));
        var partitionKeys = table.PartitionKeys.Select(k => k.Name).ToArray();
        var (target, options) = partitionKeys.Length > 0
            ? (folder, $"format parquet, partition_by ({string.Join(", ", partitionKeys)}), overwrite_or_ignore")
            : (Path.Combine(folder, "data_0.parquet"), "format parquet");
        // Partition by partition, so the writer finishes one file before it opens the next and holds one row group at a
        // time, not one per partition; within a file the order is the grain's (the partition keys are constant there).
        var order = string.Join(", ", partitionKeys.Concat(table.Grain.Where(g => !partitionKeys.Contains(g))));
        db.Execute($"""
            copy (
                select {columns}
                from ({rows}) as rows
                order by {order}
            ) to '{DuckDbSession.Literal(target)}' ({options})
            """, what);
    }
}
