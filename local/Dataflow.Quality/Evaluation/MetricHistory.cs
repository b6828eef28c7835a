using System.Globalization;
using System.Text.Json;

namespace Dataflow.Quality.Evaluation;

/// <summary>Past metric values per (evaluation context, metric key), newest first: what <c>last(k)</c> reads.</summary>
public interface IMetricHistory
{
    IReadOnlyList<double> Last(string context, string metric, int count);

    void Record(string context, IReadOnlyDictionary<string, double> metrics, DateTimeOffset at);
}

/// <summary>No history: every <c>last(k)</c> is empty, which Glue evaluates as 0.0.</summary>
public sealed class NoMetricHistory : IMetricHistory
{
    public static NoMetricHistory Instance { get; } = new();
    public IReadOnlyList<double> Last(string context, string metric, int count) => [];
    public void Record(string context, IReadOnlyDictionary<string, double> metrics, DateTimeOffset at) { }
}

/// <summary>History kept as JSON lines in a file (the twin keeps it in its lake), one line per metric per run.</summary>
public sealed class JsonLinesMetricHistory(string path) : IMetricHistory
{
    private List<Entry>? _entries;

    public IReadOnlyList<double> Last(string context, string metric, int count) =>
        Entries().Where(e => e.Context == context && e.Metric == metric).OrderByDescending(e => e.At).Take(count).Select(e => e.Value).ToArray();

    public void Record(string context, IReadOnlyDictionary<string, double> metrics, DateTimeOffset at)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var entries = Entries();
        // Recording the same run again (same context and instant) replaces it: a re-run is idempotent.
        entries.RemoveAll(e => e.Context == context && e.At == at);
        entries.AddRange(metrics.Where(m => double.IsFinite(m.Value)).Select(m => new Entry(context, m.Key, m.Value, at)));
        File.WriteAllLines(path, entries.OrderBy(e => e.At).ThenBy(e => e.Metric, StringComparer.Ordinal).Select(e => JsonSerializer.Serialize(e, Json)));
    }

    private List<Entry> Entries() => _entries ??= File.Exists(path)
        ? File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<Entry>(l, Json)!).ToList()
        : [];

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record Entry(string Context, string Metric, double Value, DateTimeOffset At);
}

internal static class Numbers
{
    /// <summary>Metric values in messages: integers without a fraction, others with up to 6 digits.</summary>
    public static string Format(double value) =>
        double.IsNaN(value) ? "NaN" : value == Math.Floor(value) && Math.Abs(value) < 1e15 ? value.ToString("0", CultureInfo.InvariantCulture) : value.ToString("0.######", CultureInfo.InvariantCulture);
}
