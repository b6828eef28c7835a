using Dataflow.Contracts;

namespace Dataflow.Twin;

/// <summary>
/// What the twin reads (the checkout it runs on: SQL, contracts, rulesets, QuickSight JSON) and where its lake is.
/// Every lake path follows sql/contracts/lake.yaml; each zone is a folder of the lake.
/// </summary>
public sealed record TwinPaths(string Lake, Repository Repository)
{
    // Read once per set of contracts: every lake path below renders a layout, many times a run.
    private readonly Lazy<LakeLayout> _layout = new(() => LakeLayout.Load(Repository.Contracts));
    private readonly Lazy<EtlContract> _etl = new(() => EtlContract.Load(Repository.Contracts));

    public static TwinPaths For(Repository repository, string lake) => new(Path.GetFullPath(lake), repository);

    /// <summary>The checkout's contracts, unless replaced (the ETL benchmark's synthetic universe).</summary>
    public ContractFiles Contracts
    {
        get;
        init
        {
            field = value;
            _layout = new(() => LakeLayout.Load(value));
            _etl = new(() => EtlContract.Load(value));
        }
    } = Repository.Contracts;

    public LakeLayout Layout => _layout.Value;

    public EtlContract Etl => _etl.Value;

    public string EtlSql => Repository.EtlSql;
    public string AthenaViews => Repository.AthenaViews;
    public string AthenaQueries => Repository.AthenaQueries;

    /// <summary>The QuickSight JSON of quicksight/ that the report previews.</summary>
    public string QuickSight { get; init; } = Repository.QuickSight;

    /// <summary>The DQDL ruleset of a curated table (glue/rulesets), the one the Glue job evaluates.</summary>
    public string Ruleset(string table) => Repository.Ruleset(table);

    public string Zone(string zone) => Path.Combine(Lake, zone);

    /// <summary>A key of a zone as a path of the lake (keys use '/', whatever the machine).</summary>
    public string Key(string zone, string key) => Path.Combine(Zone(zone), key.Replace('/', Path.DirectorySeparatorChar)).TrimEnd(Path.DirectorySeparatorChar);

    public string CuratedTable(string table) => Key(LakeLayout.Curated, Layout.CuratedTablePrefix(table));

    public string QualityResults(string table, string run) => Path.Combine(Key(LakeLayout.Curated, Layout.QualityResultsPrefix(table)), $"{run}.jsonl");

    public string QualityQuarantine(string table, string run) => Key(LakeLayout.Curated, Layout.QualityQuarantinePrefix(table, run));

    public string QualityHistory => Key(LakeLayout.Curated, Layout.QualityHistory.Template);

    public string Reports => Path.Combine(Lake, "reports");

    /// <summary>Paths in messages read as the repository spells them (sql/etl/040_daily_bars.sql).</summary>
    public string Relative(string path) => Repository.Relative(path);
}
