using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dataflow.Twin.Etl;

/// <summary>
/// The curated zone's commit point (lake.yaml's curated_commit): which folder holds each current partition of every
/// table, which ingestion runs have been processed, and which (symbol, interval)s are held. One JSON document, replaced
/// atomically after every partition it names is written: readers see the previous complete version or this one.
/// </summary>
public sealed record CuratedCommit(
    string Version,
    DateTimeOffset CommittedUtc,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Tables,
    IReadOnlyList<ProcessedRun> ProcessedRuns,
    IReadOnlyList<SymbolHold> Holds)
{
    /// <summary>Before the first commit: nothing published, nothing processed.</summary>
    public static CuratedCommit Empty { get; } = new("", DateTimeOffset.MinValue,
        new Dictionary<string, IReadOnlyDictionary<string, string>>(), [], []);

    public bool IsEmpty => Version.Length == 0;

    /// <summary>A new version id: sortable, to the tenth of a microsecond (two runs never share one).</summary>
    public static string NewVersion() => DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmssfffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Partition (Hive path, e.g. <c>bar_interval=1day/year=2025</c>) → its folder, a key of the curated zone.</summary>
    public IReadOnlyDictionary<string, string> Partitions(string table) =>
        Tables.TryGetValue(table, out var partitions) ? partitions : new Dictionary<string, string>();

    public IReadOnlySet<string> ProcessedRunIds => ProcessedRuns.Select(r => r.RunId).ToHashSet(StringComparer.Ordinal);

    public SymbolHold? Hold(string symbol, string interval) =>
        Holds.FirstOrDefault(h => h.Symbol == symbol && h.Interval == interval);

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static CuratedCommit FromJson(byte[] json, string path)
    {
        try
        {
            return JsonSerializer.Deserialize<CuratedCommit>(json, Json) ?? throw new JsonException("the document is null");
        }
        catch (JsonException e)
        {
            throw new TwinException(
                $"the curated zone's commit {path} is not readable ({e.Message}); restore it from the commit log beside it " +
                "(the newest file of _commit/log is the same document) or rebuild with `dataflow transform --full`", e);
        }
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}

/// <summary>One ingestion run of the processed-runs ledger: when which commit took it in, and what was held back.</summary>
public sealed record ProcessedRun(string RunId, DateTimeOffset ProcessedUtc, string Version, IReadOnlyList<string> Held)
{
    public string Outcome => Held.Count == 0 ? "published" : $"published except held {string.Join(", ", Held)}";
}

/// <summary>
/// A (symbol, interval) whose new rows failed a blocking rule: its previous curated data stays published, and the raw
/// objects that were not taken in (<see cref="PendingObjects"/>) are staged again by every run until the rows pass
/// (a corrected re-fetch) or an operator releases the hold (<c>dataflow release</c>).
/// </summary>
public sealed record SymbolHold(
    string Symbol,
    string Interval,
    string SinceVersion,
    DateTimeOffset SinceUtc,
    IReadOnlyList<string> Rules,
    IReadOnlyList<string> PendingObjects,
    bool Released)
{
    public string Name => $"{Symbol} ({Interval})";
}
