using System.Globalization;

namespace Dataflow.Contracts;

/// <summary>The zones of the lake and the key layout of each, as declared in <c>sql/contracts/lake.yaml</c>.</summary>
public sealed class LakeLayout
{
    public const string Raw = "raw";
    public const string Curated = "curated";
    public const string AthenaResults = "athena-results";
    public const string Artifacts = "artifacts";

    private LakeLayout(string path, IReadOnlyList<string> zones, IReadOnlyDictionary<string, KeyTemplate> keys, KeyTemplate bucketName,
        IReadOnlyDictionary<string, string> placeholderPatterns, RunIdFormat runIds)
    {
        Path = path;
        Zones = zones;
        RawTimeSeries = keys["raw_time_series"];
        RunManifest = keys["run_manifest"];
        CuratedTable = keys["curated_table"];
        CuratedVersion = keys["curated_version"];
        CuratedCommit = keys["curated_commit"];
        CuratedCommitLog = keys["curated_commit_log"];
        QualityResults = keys["quality_results"];
        QualityQuarantine = keys["quality_quarantine"];
        QualityHistory = keys["quality_history"];
        BucketNameTemplate = bucketName;
        PlaceholderPatterns = placeholderPatterns;
        RunIds = runIds;
    }

    /// <summary>The file it was read from, for messages.</summary>
    public string Path { get; }

    public IReadOnlyList<string> Zones { get; }
    public KeyTemplate RawTimeSeries { get; }
    public KeyTemplate RunManifest { get; }
    public KeyTemplate CuratedTable { get; }
    public KeyTemplate CuratedVersion { get; }
    public KeyTemplate CuratedCommit { get; }
    public KeyTemplate CuratedCommitLog { get; }
    public KeyTemplate QualityResults { get; }
    public KeyTemplate QualityQuarantine { get; }
    public KeyTemplate QualityHistory { get; }
    public KeyTemplate BucketNameTemplate { get; }

    /// <summary>The regex each placeholder's value matches, {run_id} included (from the run_id template).</summary>
    public IReadOnlyDictionary<string, string> PlaceholderPatterns { get; }

    public RunIdFormat RunIds { get; }

    /// <summary>
    /// The folders of the raw zone the ingestion writes (responses, manifests): what its role and the Glue job's are
    /// scoped to. A layout that starts with a placeholder has no such folder, and is an error.
    /// </summary>
    public IReadOnlyList<string> RawFolders =>
        new[] { RawTimeSeries, RunManifest }.Select(t => t.FolderPrefix.Length > 0
                ? t.FolderPrefix
                : throw new ContractException($"{Path}: '{t.Template}' must start with a fixed folder the pipeline's roles can be scoped to"))
            .Distinct(StringComparer.Ordinal).ToArray();

    public static LakeLayout Load(ContractFiles files)
    {
        var path = files.Lake;
        var file = ContractYaml.Read<LakeFile>(path);

        string[] required = [Raw, Curated, AthenaResults, Artifacts];
        var missingZones = required.Except(file.Zones.Keys).ToArray();
        if (missingZones.Length > 0)
        {
            throw new ContractException($"{path}: zones {string.Join(", ", missingZones)} are missing");
        }

        string[] keys = ["raw_time_series", "run_manifest", "curated_table", "curated_version", "curated_commit", "curated_commit_log", "quality_results", "quality_quarantine", "quality_history"];
        if (keys.FirstOrDefault(k => !file.Keys.ContainsKey(k)) is { } missingKey)
        {
            throw new ContractException($"{path}: keys.{missingKey} is missing");
        }

        string Placeholder(string name) =>
            file.Placeholders.TryGetValue(name, out var pattern) ? pattern : throw new ContractException($"{path}: placeholders.{name} is missing");
        var runIds = new RunIdFormat(new KeyTemplate(file.RunId ?? throw new ContractException($"{path}: run_id is missing")),
            (file.RunIdLegacy ?? []).Select(t => new KeyTemplate(t)).ToArray(), Placeholder("source"), Placeholder("suffix"));
        var patterns = new Dictionary<string, string>(file.Placeholders, StringComparer.Ordinal) { ["run_id"] = runIds.Pattern };
        return new LakeLayout(path, file.Zones.Keys.ToArray(), keys.ToDictionary(k => k, k => new KeyTemplate(file.Keys[k])),
            new KeyTemplate(file.BucketName ?? throw new ContractException($"{path}: bucket_name is missing")), patterns, runIds);
    }

    /// <summary>The key of one symbol's response in a run; <paramref name="page"/> counts from 1, newest first.</summary>
    public string RawTimeSeriesKey(string interval, string symbol, DateOnly ingestDate, string runId, int page = 1) =>
        RawTimeSeries.Render(new Dictionary<string, string>
        {
            ["interval"] = interval,
            ["symbol"] = EncodeSymbol(symbol),
            ["ingest_date"] = Date(ingestDate),
            ["run_id"] = runId,
            ["page"] = page switch
            {
                1 => "",
                > 1 => string.Create(CultureInfo.InvariantCulture, $".p{page:0000}"),
                _ => throw new ArgumentOutOfRangeException(nameof(page), page, "pages count from 1"),
            },
        });

    public string RunManifestKey(DateOnly ingestDate, string runId) =>
        RunManifest.Render(new Dictionary<string, string> { ["ingest_date"] = Date(ingestDate), ["run_id"] = runId });

    public string CuratedTablePrefix(string table) => CuratedTable.Render(new Dictionary<string, string> { ["table"] = table });

    public string CuratedVersionPrefix(string table, string run) =>
        CuratedVersion.Render(new Dictionary<string, string> { ["table"] = table, ["run"] = run });

    public string CuratedCommitLogKey(string run) => CuratedCommitLog.Render(new Dictionary<string, string> { ["run"] = run });

    public string QualityResultsPrefix(string table) => QualityResults.Render(new Dictionary<string, string> { ["table"] = table });

    public string QualityQuarantinePrefix(string table, string run) =>
        QualityQuarantine.Render(new Dictionary<string, string> { ["table"] = table, ["run"] = run });

    /// <summary>A rendered field regex of a layout (one capture group: the field), with this contract's patterns.</summary>
    public string FieldRegex(KeyTemplate layout, string field) => layout.FieldRegex(field, PlaceholderPatterns);

    /// <summary>
    /// Symbols such as <c>EUR/USD</c> cannot sit in a key segment as they are; they are percent-encoded, which Spark's
    /// Hive partition discovery decodes again. The verbatim symbol stays in the object's JSON.
    /// </summary>
    public static string EncodeSymbol(string symbol) => Uri.EscapeDataString(symbol);

    public static string DecodeSymbol(string segment) => Uri.UnescapeDataString(segment);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed class LakeFile
    {
        public Dictionary<string, ZoneEntry> Zones { get; set; } = [];
        public Dictionary<string, string> Keys { get; set; } = [];
        public Dictionary<string, string> Placeholders { get; set; } = [];
        public string? BucketName { get; set; }
        public string? RunId { get; set; }

        public List<string>? RunIdLegacy { get; set; }
    }

    private sealed class ZoneEntry
    {
        public string Description { get; set; } = "";
    }
}
