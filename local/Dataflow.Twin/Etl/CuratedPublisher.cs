using Dataflow.Contracts;

namespace Dataflow.Twin.Etl;

/// <summary>
/// Writes each curated table from the model of the same name: exactly the declared columns, cast to the declared types,
/// sorted by the grain, Hive-partitioned by the declared keys. A table is written to a staging folder and swapped in
/// whole, so a failed run leaves the previous curated data untouched and a repeated run leaves identical data.
/// </summary>
public sealed class CuratedPublisher(DuckDbSession db, TwinPaths paths, CuratedSchema schema)
{
    public IReadOnlyList<PublishedTable> PublishAll(IProgress<PublishedTable>? progress = null)
    {
        var published = new List<PublishedTable>();
        foreach (var table in schema.Tables)
        {
            var result = Publish(table);
            published.Add(result);
            progress?.Report(result);
        }

        return published;
    }

    public PublishedTable Publish(TableSchema table)
    {
        CheckModelColumns(table);
        var curated = paths.Zone(LakeLayout.Curated);
        Directory.CreateDirectory(curated);
        var target = Path.Combine(curated, table.Name);
        var staging = Path.Combine(curated, $".staging-{table.Name}");
        var retired = Path.Combine(curated, $".retired-{table.Name}");
        DeleteIfExists(staging);
        DeleteIfExists(retired);

        var columns = string.Join(",\n    ", table.AllColumns.Select(c => $"cast({c.Name} as {c.Type.DuckDb}) as {c.Name}"));
        var order = string.Join(", ", table.Grain);
        var partitions = string.Join(", ", table.PartitionKeys.Select(k => k.Name));
        var options = table.PartitionKeys.Count > 0 ? $"format parquet, partition_by ({partitions})" : "format parquet";
        var sql = $"""
            copy (
                select
                    {columns}
                from {table.Name}
                order by {order}
            ) to '{DuckDbSession.Literal(table.PartitionKeys.Count > 0 ? staging : Path.Combine(staging, "data_0.parquet"))}' ({options})
            """;
        if (table.PartitionKeys.Count == 0)
        {
            Directory.CreateDirectory(staging);
        }

        db.Execute(sql, $"publishing curated table {table.Name}");
        var rows = db.Scalar<long>($"select count(*) from {table.Name}", $"counting {table.Name}");

        if (Directory.Exists(target))
        {
            Directory.Move(target, retired);
        }

        Directory.Move(staging, target);
        DeleteIfExists(retired);
        return new PublishedTable(table.Name, rows, target, Directory.GetFiles(target, "*.parquet", SearchOption.AllDirectories).Length);
    }

    private void CheckModelColumns(TableSchema table)
    {
        var actual = db.Query($"select column_name from information_schema.columns where table_name = '{table.Name}'",
            $"reading the columns of model {table.Name}").Rows.Select(r => (string)r[0]!).ToHashSet(StringComparer.Ordinal);
        if (actual.Count == 0)
        {
            throw new TwinException($"curated table {table.Name} has no model: add sql/etl/NNN_{table.Name}.sql");
        }

        var missing = table.AllColumns.Select(c => c.Name).Where(c => !actual.Contains(c)).ToArray();
        if (missing.Length > 0)
        {
            throw new TwinException(
                $"model {table.Name} lacks columns the schema contract declares: {string.Join(", ", missing)} (sql/contracts/curated_tables.yaml)");
        }
    }

    private static void DeleteIfExists(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

public sealed record PublishedTable(string Name, long Rows, string Location, int Files);
