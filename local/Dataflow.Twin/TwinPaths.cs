using Dataflow.Contracts;

namespace Dataflow.Twin;

/// <summary>Where the twin reads its SQL and contracts (beside the binaries by default) and where its lake is.</summary>
public sealed record TwinPaths(string Lake, string SqlRoot, ContractFiles Contracts)
{
    public static TwinPaths ForLake(string lake) =>
        new(Path.GetFullPath(lake), Path.Combine(AppContext.BaseDirectory, "sql"), ContractFiles.Default);

    /// <summary>The DQDL rulesets of glue/rulesets, one per curated table that has a gate.</summary>
    public string Rulesets { get; init; } = Path.Combine(AppContext.BaseDirectory, "rulesets");

    /// <summary>The QuickSight JSON of quicksight/ that the report previews.</summary>
    public string QuickSight { get; init; } = Dataflow.QuickSight.QuickSightAssets.DefaultFolder;

    public string Ruleset(string table) => Path.Combine(Rulesets, $"{table}.dqdl");

    /// <summary>Quality results, quarantined rows and metric history: the twin's stand-in for Glue's DQ results in S3.</summary>
    public string Quality => Path.Combine(Lake, "quality");

    public string EtlSql => Path.Combine(SqlRoot, "etl");
    public string AthenaViews => Path.Combine(SqlRoot, "athena", "views");
    public string AthenaQueries => Path.Combine(SqlRoot, "athena", "queries");
    public string Symbols => Contracts.Symbols;
    public string Zone(string zone) => Path.Combine(Lake, zone);
    public string Reports => Path.Combine(Lake, "reports");

    /// <summary>Paths in messages read as the repository spells them (sql/etl/040_daily_bars.sql).</summary>
    public string Relative(string path) =>
        path.StartsWith(SqlRoot, StringComparison.Ordinal) ? "sql" + path[SqlRoot.Length..].Replace('\\', '/') : path;
}
