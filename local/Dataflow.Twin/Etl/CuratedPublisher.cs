using Dataflow.Contracts;

namespace Dataflow.Twin.Etl;

/// <summary>
/// Writes each curated table once, from the model of the same name, to a staging folder beside the curated table:
/// exactly the declared columns, cast to the declared types, sorted by the grain, Hive-partitioned by the declared keys.
/// The model's relation then reads those staged files, so later models and the data-quality gate judge exactly the
/// bytes that will be published. Publishing swaps the staged folder in whole: a run stopped by the gate (or by a
/// failure) leaves the previous curated data untouched, and a repeated run leaves identical data.
/// </summary>
public sealed class CuratedPublisher(DuckDbSession db, TwinPaths paths, CuratedSchema schema)
{
    /// <summary>Writes the staged copy of <paramref name="table"/> from its model and points the relation at it; returns its rows.</summary>
    public long Stage(TableSchema table, SqlModel model)
    {
        var source = paths.Relative(model.Path);
        CheckModelColumns(table, model.Body, source);
        var staging = StagingFolder(table);
        DeleteIfExists(staging);
        Directory.CreateDirectory(staging);

        var columns = string.Join(",\n    ", table.AllColumns.Select(c => $"cast(model.{c.Name} as {c.Type.DuckDb}) as {c.Name}"));
        var order = string.Join(", ", table.Grain);
        var partitions = string.Join(", ", table.PartitionKeys.Select(k => k.Name));
        var (target, options) = table.PartitionKeys.Count > 0
            ? (staging, $"format parquet, partition_by ({partitions}), overwrite_or_ignore")
            : (Path.Combine(staging, "data_0.parquet"), "format parquet");
        db.Execute($"""
            copy (
                select
                    {columns}
                from (
            {model.Body}
                ) as model
                order by {order}
            ) to '{DuckDbSession.Literal(target)}' ({options})
            """, $"{source}: writing curated table {table.Name}");
        ParquetTableView.Register(db, table, staging);
        return Rows(table);
    }

    /// <summary>Swaps every staged table in; the relations then read the published files.</summary>
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

    /// <summary>Removes every staged table, leaving the curated zone as the last publication left it.</summary>
    public void DiscardStaged()
    {
        foreach (var table in schema.Tables)
        {
            DeleteIfExists(StagingFolder(table));
        }
    }

    private PublishedTable Publish(TableSchema table)
    {
        var staging = StagingFolder(table);
        if (!Directory.Exists(staging))
        {
            throw new TwinException($"curated table {table.Name} has no staged data to publish: run the models (sql/etl) first");
        }

        var target = paths.CuratedTable(table.Name);
        var retired = Path.Combine(paths.Zone(LakeLayout.Curated), $".retired-{table.Name}");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        DeleteIfExists(retired);
        if (Directory.Exists(target))
        {
            Directory.Move(target, retired);
        }

        Directory.Move(staging, target);
        DeleteIfExists(retired);
        ParquetTableView.Register(db, table, target);
        return new PublishedTable(table.Name, Rows(table), target, Directory.GetFiles(target, "*.parquet", SearchOption.AllDirectories).Length);
    }

    private string StagingFolder(TableSchema table) => Path.Combine(paths.Zone(LakeLayout.Curated), $".staging-{table.Name}");

    private long Rows(TableSchema table) => db.Scalar<long>($"select count(*) from {table.Name}", $"counting {table.Name}");

    private void CheckModelColumns(TableSchema table, string modelSql, string source)
    {
        var actual = db.Query($"describe {modelSql}", source)
            .Rows.Select(r => (string)r[0]!).ToHashSet(StringComparer.Ordinal);
        var missing = table.AllColumns.Select(c => c.Name).Where(c => !actual.Contains(c)).ToArray();
        if (missing.Length > 0)
        {
            throw new TwinException(
                $"{source}: model {table.Name} lacks columns the schema contract declares: {string.Join(", ", missing)} (sql/contracts/curated_tables.yaml)");
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
