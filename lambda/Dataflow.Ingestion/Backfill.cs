using Dataflow.Contracts;
using Dataflow.Ingestion.TwelveData;

namespace Dataflow.Ingestion;

/// <summary>
/// A history backfill as an operation over several invocations. Its id is its first run's; each later attempt is a run
/// of its own (the id with <c>a002</c>, <c>a003</c>, … after the suffix, so it sorts after the backfill and keys never
/// collide) that continues the symbols the previous attempt's manifest left unfinished, from the page where each
/// stopped. An attempt killed before its manifest is resumed in place: the same run id, its stored pages kept.
/// </summary>
public static class Backfill
{
    private const int MostAttempts = 999;

    public static RunId AttemptId(LakeLayout layout, RunId backfill, int attempt) => attempt switch
    {
        1 => backfill,
        > 1 and <= MostAttempts when backfill.Suffix is { } suffix =>
            layout.RunIds.Create(backfill.StartedUtc, backfill.Source, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{suffix}a{attempt:000}")),
        > 1 and <= MostAttempts => throw new ArgumentException($"run {backfill.Value} has no suffix: it was written before backfills could be continued", nameof(backfill)),
        _ => throw new ArgumentOutOfRangeException(nameof(attempt), attempt, $"1 to {MostAttempts}"),
    };

    /// <summary>
    /// What the next attempt of <paramref name="backfill"/> fetches: read from the manifests of the attempts so far
    /// (<paramref name="firstRequest"/> only when the first attempt never wrote one). Credits spent today by earlier
    /// attempts count against today's budget.
    /// </summary>
    public static async Task<BackfillStep> NextAsync(IRawStore store, LakeLayout layout, RunId backfill, IngestionRequest? firstRequest,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var earlier = new List<RunManifest>();
        for (var attempt = 1; attempt <= MostAttempts; attempt++)
        {
            var id = AttemptId(layout, backfill, attempt);
            if (await store.GetAsync(layout.RunManifestKey(id.IngestDate, id.Value), cancellationToken) is not { } json)
            {
                break;
            }

            earlier.Add(RunManifest.FromJson(json));
        }

        var next = AttemptId(layout, backfill, earlier.Count + 1);
        if (earlier.Count == 0)
        {
            return new BackfillStep(backfill, next, 1, firstRequest ?? throw new BackfillException(
                $"backfill {backfill.Value} has no manifest: its first attempt never finished. Give its symbols and window again to resume it"), 0, earlier);
        }

        var last = earlier[^1];
        var unfinished = last.Symbols.Where(IsUnfinished).ToArray();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var request = new IngestionRequest(unfinished.Select(s => s.Symbol).ToArray(), BarInterval.Parse(last.Interval, "the manifest's interval"),
            IngestionWindow.Parse(last.Window))
        {
            ContinueFrom = unfinished.Where(s => s.Resume is not null).ToDictionary(s => s.Symbol, s => s.Resume!, StringComparer.Ordinal),
        };
        var spentToday = earlier.Where(m => DateOnly.FromDateTime(m.FinishedUtc.UtcDateTime) == today).Sum(m => m.Totals.Credits);
        return new BackfillStep(backfill, next, earlier.Count + 1, request, spentToday, earlier);
    }

    /// <summary>
    /// Left for the next attempt: a symbol stopped part-way or never asked (deadline, budget), or one that failed for a
    /// reason that may pass. Symbols the API does not know or the plan does not cover are not asked again.
    /// </summary>
    public static bool IsUnfinished(SymbolResult symbol) =>
        symbol.Resume is not null
        || symbol.Outcome == SymbolOutcome.NotAttempted
        || (symbol.Outcome == SymbolOutcome.Failed && symbol.ErrorKind is ApiErrorKind.Transient or ApiErrorKind.MinuteQuota);
}

/// <summary>The next attempt of a backfill: its run id, what it fetches (nothing: the backfill is complete) and today's spend so far.</summary>
public sealed record BackfillStep(RunId Backfill, RunId RunId, int Attempt, IngestionRequest Request, int CreditsSpentToday, IReadOnlyList<RunManifest> Earlier)
{
    public bool IsComplete => Request.Symbols.Count == 0;

    /// <summary>Today's share of <paramref name="creditsPerDay"/> is spent: an attempt now would fetch nothing, so none starts.</summary>
    public bool BudgetSpent(int? creditsPerDay) => creditsPerDay is { } budget && CreditsSpentToday >= budget;
}

/// <summary>A backfill cannot be continued as asked (its first attempt left nothing to continue from).</summary>
public sealed class BackfillException : Exception
{
    public BackfillException(string message) : base(message) { }
    public BackfillException() { }
    public BackfillException(string message, Exception inner) : base(message, inner) { }
}
