using Dataflow.Contracts;

namespace Dataflow.Twin.Etl;

/// <summary>
/// Writes each curated table's candidate rows once, from the model of the same name, to a staging folder of the curated
/// zone, as <see cref="CuratedParquetWriter"/> lays them out. The model's relation then reads those staged files, so
/// later models and the data-quality gate judge exactly the values that will be published. Nothing reads a staging folder but the run that wrote it
/// (<see cref="CuratedStore"/> publishes).
/// </summary>
public sealed class CuratedPublisher(DuckDbSession db, TwinPaths paths)
{
    /// <summary>Writes the staged copy of <paramref name="table"/> from its model and points the relation at it; returns its rows.</summary>
    public long Stage(TableSchema table, SqlModel model)
    {
        var source = paths.Relative(model.Path);
        CheckModelColumns(table, model.Body, source);
        var staging = StagedFolder(table.Name);
        DeleteIfExists(staging);
        Directory.CreateDirectory(staging);

        CuratedParquetWriter.Write(db, table, model.Body, staging, $"{source}: writing curated table {table.Name}");
        ParquetTableView.Register(db, table, ParquetTableView.FilesBelow(staging));
        return Rows(table);
    }

    /// <summary>Removes every staged table, leaving the curated zone as the last publication left it.</summary>
    public void DiscardStaged() => DeleteIfExists(Path.Combine(paths.Zone(LakeLayout.Curated), ".staging"));

    /// <summary>Where a table's candidate rows are staged.</summary>
    public string StagedFolder(string table) => Path.Combine(paths.Zone(LakeLayout.Curated), ".staging", table);

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

/// <summary>A table after a commit: its rows, the partitions this run rewrote, and where its files are.</summary>
public sealed record PublishedTable(string Name, long Rows, int PartitionsRewritten, int Partitions, string Location);
