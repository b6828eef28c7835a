namespace Dataflow.Contracts;

/// <summary>
/// The folders of a checkout that tools read: contracts, seeds, SQL, rulesets, QuickSight JSON, the Glue script. The
/// CLI, the Pulumi program and the tests read the repository they run in, never copies beside a binary.
/// </summary>
public sealed record Repository(string Root)
{
    public ContractFiles Contracts => ContractFiles.FromRepository(Root);
    public string EtlSql => Path.Combine(Root, "sql", "etl");
    public string AthenaViews => Path.Combine(Root, "sql", "athena", "views");
    public string AthenaQueries => Path.Combine(Root, "sql", "athena", "queries");
    public string Seeds => Path.Combine(Root, "sql", "seeds");
    public string Rulesets => Path.Combine(Root, "glue", "rulesets");
    public string GlueJobs => Path.Combine(Root, "glue", "jobs");
    public string QuickSight => Path.Combine(Root, "quicksight");

    public string Ruleset(string table) => Path.Combine(Rulesets, $"{table}.dqdl");

    /// <summary>A path as the repository spells it in messages (sql/etl/040_daily_bars.sql).</summary>
    public string Relative(string path) =>
        path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? Path.GetRelativePath(Root, path).Replace('\\', '/') : path;

    /// <summary>
    /// The checkout a command works on: <paramref name="explicitRoot"/> when given (it must be one), else the checkout
    /// above the current folder.
    /// </summary>
    public static Repository Locate(string? explicitRoot, string currentDirectory)
    {
        if (explicitRoot is not null)
        {
            var full = Path.GetFullPath(explicitRoot);
            return File.Exists(Path.Combine(full, RepositoryRoot.Marker))
                ? new Repository(full)
                : throw new ContractException($"--repo {explicitRoot}: not an AWS Dataflow checkout (no {RepositoryRoot.Marker} in {full})");
        }

        return RepositoryRoot.Above(currentDirectory) is { } root
            ? new Repository(root)
            : throw new ContractException($"not inside an AWS Dataflow checkout ({RepositoryRoot.Marker} not found above {currentDirectory}): run from the repository or pass --repo DIR");
    }
}
