using Dataflow.Contracts.Testing;
using Dataflow.Ingestion;

namespace Dataflow.Twin.Tests;

/// <summary>
/// Writes a hand-made raw zone as the ingestion would: response objects under the key layout, then one run manifest per
/// run naming them (only runs with a manifest are read by the ETL).
/// </summary>
internal sealed class RawLake(string lake)
{
    private readonly Dictionary<string, List<(string Symbol, string Key)>> _runs = new(StringComparer.Ordinal);

    public string Object(string symbol, string run, string json, string interval = "1day")
    {
        var key = Checkout.Layout.RawTimeSeriesKey(interval, symbol, Checkout.Layout.RunIds.Parse(run).IngestDate, run);
        var path = Path.Combine(lake, "raw", key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json);
        if (!_runs.TryGetValue(run, out var objects))
        {
            _runs[run] = objects = [];
        }

        objects.Add((symbol, key));
        return key;
    }

    /// <summary>The manifests of every run written so far (rewritten if they exist).</summary>
    public void Manifests(string interval = "1day")
    {
        foreach (var (run, objects) in _runs)
        {
            var started = Checkout.Layout.RunIds.Parse(run).StartedUtc;
            var symbols = objects.GroupBy(o => o.Symbol).Select(g => new SymbolResult(g.Key, SymbolOutcome.Succeeded, g.Count(), 0, 200, 1,
                g.Select(o => o.Key).ToArray(), 0, null, null)).ToArray();
            var manifest = new RunManifest(run, "test", started, started, interval, "test", symbols);
            var path = Path.Combine(lake, "raw", Checkout.Layout.RunManifestKey(DateOnly.FromDateTime(started.UtcDateTime), run));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, manifest.ToJson());
        }
    }
}
