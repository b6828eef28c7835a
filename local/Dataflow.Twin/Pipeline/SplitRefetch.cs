using System.Globalization;
using Dataflow.Ingestion;
using Dataflow.Twin.Etl;

namespace Dataflow.Twin.Pipeline;

/// <summary>A split the ETL detected (sql/etl/090_corporate_actions.sql), as the run that revealed it found it.</summary>
public sealed record DetectedSplit(string Symbol, string BarInterval, string DetectedRunId, double Factor);

/// <summary>
/// Which detected splits still need their symbol's history fetched again: a split stays pending until the run that
/// revealed it, or a later one, fetched the symbol's whole history (a backfill without a start date). The re-fetch
/// itself re-sends the old bars at the new scale, so it shows as a split of its own: that one is its own resolution.
/// </summary>
public static class SplitRefetch
{
    /// <summary>The splits the run's ETL relation holds (before the gate: a symbol held for its jump is still listed).</summary>
    public static IReadOnlyList<DetectedSplit> Detected(DuckDbSession db) =>
        db.Query("select symbol, bar_interval, detected_run_id, cast(factor as double) from corporate_actions where action = 'REFETCH_HISTORY' order by symbol, detected_run_id", "reading detected splits")
            .Rows.Select(r => new DetectedSplit((string)r[0]!, (string)r[1]!, (string)r[2]!, Convert.ToDouble(r[3], CultureInfo.InvariantCulture))).ToArray();

    public static IReadOnlyList<DetectedSplit> Pending(IEnumerable<DetectedSplit> detected, IReadOnlyList<RunManifest> manifests) =>
        detected.Where(split => !manifests.Any(m => string.CompareOrdinal(m.RunId, split.DetectedRunId) >= 0
                && m.Interval == split.BarInterval
                && IngestionWindow.Parse(m.Window).IsBackfill
                && m.Symbols.Any(s => s.Symbol == split.Symbol && s.Outcome == SymbolOutcome.Succeeded)))
            .ToArray();

    public static string Describe(DetectedSplit split) => string.Create(CultureInfo.InvariantCulture,
        $"{split.Symbol} split: run {split.DetectedRunId} re-sent its bars divided by {split.Factor:0.####} (factor {(split.Factor >= 1 ? $"{split.Factor:0.##}-for-1" : $"1-for-{1 / split.Factor:0.##}")})");
}
