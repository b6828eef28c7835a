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

/// <summary>
/// History kept as JSON lines in a file (the twin keeps it in its lake), one line per metric per run. A line that is not
/// a metric entry (a torn write, a hand edit) is skipped and reported in <see cref="Skipped"/>, and kept: the next write
/// moves it to <c>{file}.rejected</c> instead of dropping it. Writes replace the file atomically (a temporary file renamed
/// over it), so a process killed mid-write leaves the previous history whole.
/// </summary>
public sealed class JsonLinesMetricHistory(string path) : IMetricHistory
{
    private List<Entry>? _entries;
    private readonly List<string> _rejected = [];
    private readonly List<string> _skipped = [];

    /// <summary>The lines skipped when the file was read: <c>{file}:{line}: {problem}</c>.</summary>
    public IReadOnlyList<string> Skipped
    {
        get
        {
            Entries();
            return _skipped;
        }
    }

    public IReadOnlyList<double> Last(string context, string metric, int count) =>
        Entries().Where(e => e.Context == context && e.Metric == metric).OrderByDescending(e => e.At).Take(count).Select(e => e.Value).ToArray();

    public void Record(string context, IReadOnlyDictionary<string, double> metrics, DateTimeOffset at)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var entries = Entries();
        // Recording the same run again (same context and instant) replaces it: a re-run is idempotent.
        entries.RemoveAll(e => e.Context == context && e.At == at);
        entries.AddRange(metrics.Where(m => double.IsFinite(m.Value)).Select(m => new Entry(context, m.Key, m.Value, at)));
        if (_rejected.Count > 0)
        {
            File.AppendAllLines(path + ".rejected", _rejected);
            _rejected.Clear();
        }

        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllLines(temporary, entries.OrderBy(e => e.At).ThenBy(e => e.Metric, StringComparer.Ordinal).Select(e => JsonSerializer.Serialize(e, Json)));
        File.Move(temporary, path, overwrite: true);
    }

    private List<Entry> Entries()
    {
        if (_entries is not null)
        {
            return _entries;
        }

        _entries = [];
        if (!File.Exists(path))
        {
            return _entries;
        }

        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            if (Parse(line) is { } entry)
            {
                _entries.Add(entry);
            }
            else
            {
                _skipped.Add($"{path}:{number}: not a metric entry, skipped (kept in {Path.GetFileName(path)}.rejected): {(line.Length <= 120 ? line : line[..120] + "…")}");
                _rejected.Add(line);
            }
        }

        return _entries;
    }

    private static Entry? Parse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<Entry>(line, Json) is { Context: not null, Metric: not null } entry && double.IsFinite(entry.Value) ? entry : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record Entry(string Context, string Metric, double Value, DateTimeOffset At);
}

internal static class Numbers
{
    /// <summary>Metric values in messages: integers without a fraction, others with up to 6 digits.</summary>
    public static string Format(double value) =>
        double.IsNaN(value) ? "NaN" : value == Math.Floor(value) && Math.Abs(value) < 1e15 ? value.ToString("0", CultureInfo.InvariantCulture) : value.ToString("0.######", CultureInfo.InvariantCulture);
}
