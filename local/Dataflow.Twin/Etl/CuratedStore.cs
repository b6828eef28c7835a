using Dataflow.Contracts;

namespace Dataflow.Twin.Etl;

/// <summary>
/// The curated zone as versioned partitions and one commit point (lake.yaml's curated_version and curated_commit).
/// Partitions are written into folders of their own that nothing reads until the commit names them; the commit is
/// replaced with one rename; folders no commit names any more are removed after it. A process killed at any moment
/// leaves the previous commit, and everything it names, intact.
/// </summary>
public sealed class CuratedStore(TwinPaths paths)
{
    private const string PublishedPrefix = "published_";

    public string CommitPath => paths.Key(LakeLayout.Curated, paths.Layout.CuratedCommit.Template);

    public CuratedCommit Current() =>
        File.Exists(CommitPath) ? CuratedCommit.FromJson(File.ReadAllBytes(CommitPath), CommitPath) : CuratedCommit.Empty;

    /// <summary>The relation <c>published_TABLE</c>: a table's rows as the current commit publishes them.</summary>
    public static string Published(string table) => PublishedPrefix + table;

    /// <summary>The Parquet files of a table's current partitions.</summary>
    public IReadOnlyList<string> Files(CuratedCommit commit, string table) =>
        commit.Partitions(table).Values
            .Select(folder => paths.Key(LakeLayout.Curated, folder))
            .SelectMany(folder => Directory.Exists(folder) ? Directory.GetFiles(folder, "*.parquet", SearchOption.AllDirectories) : [])
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>
    /// What the current commit publishes, by table, partition and file name → SHA-256 of the file: equal for two lakes
    /// that publish the same bytes, whatever version folders hold them (incremental against full rebuild).
    /// </summary>
    public SortedDictionary<string, string> Fingerprint()
    {
        var commit = Current();
        return new(commit.Tables.SelectMany(t => t.Value.SelectMany(p =>
                Directory.GetFiles(paths.Key(LakeLayout.Curated, p.Value), "*.parquet").Select(f =>
                    (Key: $"{t.Key}/{p.Key}/{Path.GetFileName(f)}", Hash: Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))))))
            .ToDictionary(x => x.Key, x => x.Hash), StringComparer.Ordinal);
    }

    /// <summary>Registers each table of <paramref name="schema"/> under <paramref name="name"/>(table) over the commit's files.</summary>
    public void Register(DuckDbSession db, CuratedSchema schema, CuratedCommit commit, Func<string, string> name)
    {
        foreach (var table in schema.Tables)
        {
            ParquetTableView.Register(db, table, Files(commit, table.Name), name(table.Name));
        }
    }

    /// <summary>
    /// Writes the rows of <paramref name="rows"/> (a query with the table's columns) into a new folder of
    /// <paramref name="version"/>, laid out by <see cref="CuratedParquetWriter"/>. Returns partition → folder key.
    /// </summary>
    public IReadOnlyDictionary<string, string> WritePartitions(DuckDbSession db, TableSchema table, string rows, string version)
    {
        var (prefix, folder) = VersionFolder(table, version);
        Directory.CreateDirectory(folder);
        CuratedParquetWriter.Write(db, table, rows, folder, $"writing partitions of curated table {table.Name}");
        return PartitionsBelow(folder, prefix);
    }

    /// <summary>
    /// Makes a staged table (<see cref="CuratedPublisher.StagedFolder"/>, written by the same writer) the folder of
    /// <paramref name="version"/> with one rename, when every one of its rows is to be published: a full rebuild does not
    /// write its tables twice. Returns partition → folder key.
    /// </summary>
    public IReadOnlyDictionary<string, string> AdoptPartitions(TableSchema table, string staged, string version)
    {
        var (prefix, folder) = VersionFolder(table, version);
        Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
        if (Directory.Exists(staged))
        {
            Directory.Move(staged, folder);
        }
        else
        {
            Directory.CreateDirectory(folder);
        }

        return PartitionsBelow(folder, prefix);
    }

    /// <summary>A table's folder of a version, emptied: nothing names it before this run commits, so anything in it is a leftover of this run.</summary>
    private (string Prefix, string Folder) VersionFolder(TableSchema table, string version)
    {
        var prefix = paths.Layout.CuratedVersionPrefix(table.Name, version);
        var folder = paths.Key(LakeLayout.Curated, prefix).TrimEnd('/', Path.DirectorySeparatorChar);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        return (prefix, folder);
    }

    private static Dictionary<string, string> PartitionsBelow(string folder, string prefix) =>
        Directory.GetFiles(folder, "*.parquet", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, Path.GetDirectoryName(f)!).Replace('\\', '/'))
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(p => p == "." ? "" : p, p => p == "." ? prefix : $"{prefix}{p}/", StringComparer.Ordinal);

    /// <summary>The commit point: the log copy first, then one atomic replace of the current commit; then the sweep.</summary>
    public void Commit(CuratedCommit commit)
    {
        var json = commit.ToJson();
        var log = paths.Key(LakeLayout.Curated, paths.Layout.CuratedCommitLogKey(commit.Version));
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        File.WriteAllBytes(log, json);

        Directory.CreateDirectory(Path.GetDirectoryName(CommitPath)!);
        var pending = CommitPath + ".next";
        using (var stream = new FileStream(pending, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(pending, CommitPath, overwrite: true);
        Sweep(commit);
    }

    /// <summary>Removes version folders the commit does not name (superseded, or left by a run that died before its commit).</summary>
    public void Sweep(CuratedCommit commit)
    {
        var named = commit.Tables.Values.SelectMany(p => p.Values)
            .Select(folder => paths.Key(LakeLayout.Curated, folder))
            .ToArray();
        foreach (var table in commit.Tables.Keys.Concat(CuratedSchema.Load(paths.Contracts).Tables.Select(t => t.Name)).Distinct(StringComparer.Ordinal))
        {
            var tableFolder = paths.CuratedTable(table);
            if (!Directory.Exists(tableFolder))
            {
                continue;
            }

            foreach (var version in Directory.GetDirectories(tableFolder))
            {
                var keep = named.Any(n => n.StartsWith(version + Path.DirectorySeparatorChar, StringComparison.Ordinal) || n == version);
                if (!keep)
                {
                    Directory.Delete(version, recursive: true);
                    continue;
                }

                foreach (var partition in Directory.GetDirectories(version, "*", SearchOption.AllDirectories)
                             .Where(d => Directory.GetFiles(d, "*.parquet").Length > 0 && !named.Contains(d)))
                {
                    Directory.Delete(partition, recursive: true);
                }
            }
        }
    }
}
