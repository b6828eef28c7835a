using System.Globalization;

namespace Dataflow.Contracts;

/// <summary>The zones of the lake and the key layout of each, as declared in <c>sql/contracts/lake.yaml</c>.</summary>
public sealed class LakeLayout
{
    public const string Raw = "raw";
    public const string Curated = "curated";
    public const string AthenaResults = "athena-results";
    public const string Artifacts = "artifacts";

    private LakeLayout(IReadOnlyList<string> zones, KeyTemplate rawTimeSeries, KeyTemplate runManifest, KeyTemplate curatedTable, KeyTemplate bucketName)
    {
        Zones = zones;
        RawTimeSeries = rawTimeSeries;
        RunManifest = runManifest;
        CuratedTable = curatedTable;
        BucketNameTemplate = bucketName;
    }

    public IReadOnlyList<string> Zones { get; }
    public KeyTemplate RawTimeSeries { get; }
    public KeyTemplate RunManifest { get; }
    public KeyTemplate CuratedTable { get; }
    public KeyTemplate BucketNameTemplate { get; }

    public static LakeLayout Load(ContractFiles? files = null)
    {
        var path = (files ?? ContractFiles.Default).Lake;
        var file = ContractYaml.Read<LakeFile>(path);

        string[] required = [Raw, Curated, AthenaResults, Artifacts];
        var missingZones = required.Except(file.Zones.Keys).ToArray();
        if (missingZones.Length > 0)
        {
            throw new ContractException($"{path}: zones {string.Join(", ", missingZones)} are missing");
        }

        KeyTemplate Key(string name) => file.Keys.TryGetValue(name, out var t)
            ? new KeyTemplate(t)
            : throw new ContractException($"{path}: keys.{name} is missing");

        return new LakeLayout(file.Zones.Keys.ToArray(), Key("raw_time_series"), Key("run_manifest"), Key("curated_table"),
            new KeyTemplate(file.BucketName ?? throw new ContractException($"{path}: bucket_name is missing")));
    }

    /// <summary>The key of one symbol's response in a run; <paramref name="page"/> counts from 1, newest first.</summary>
    public string RawTimeSeriesKey(string interval, string symbol, DateOnly ingestDate, string runId, int page = 1) =>
        RawTimeSeries.Render(new Dictionary<string, string>
        {
            ["interval"] = interval,
            ["symbol"] = EncodeSymbol(symbol),
            ["ingest_date"] = ingestDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["run_id"] = runId,
            ["page"] = page switch
            {
                1 => "",
                > 1 => string.Create(CultureInfo.InvariantCulture, $".p{page:0000}"),
                _ => throw new ArgumentOutOfRangeException(nameof(page), page, "pages count from 1"),
            },
        });

    public string RunManifestKey(DateOnly ingestDate, string runId) =>
        RunManifest.Render(new Dictionary<string, string>
        {
            ["ingest_date"] = ingestDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["run_id"] = runId,
        });

    public string CuratedTablePrefix(string table) =>
        CuratedTable.Render(new Dictionary<string, string> { ["table"] = table });

    /// <summary>
    /// Symbols such as <c>EUR/USD</c> cannot sit in a key segment as they are; they are percent-encoded, which Spark's
    /// Hive partition discovery decodes again. The verbatim symbol stays in the object's JSON.
    /// </summary>
    public static string EncodeSymbol(string symbol) => Uri.EscapeDataString(symbol);

    public static string DecodeSymbol(string segment) => Uri.UnescapeDataString(segment);

    private sealed class LakeFile
    {
        public Dictionary<string, ZoneEntry> Zones { get; set; } = [];
        public Dictionary<string, string> Keys { get; set; } = [];
        public string? BucketName { get; set; }
        public string? RunId { get; set; }
    }

    private sealed class ZoneEntry
    {
        public string Description { get; set; } = "";
    }
}
