using System.Globalization;
using Dataflow.Contracts;

namespace Dataflow.Ingestion;

/// <summary>
/// One ingestion run: takes each response a source yields, stores its body verbatim under the raw key layout, and
/// writes the run manifest last. A symbol that fails is recorded in the manifest; it never stops the others. The clock
/// stamps the manifest: the twin's sample runs pass a frozen one so that re-running a run id rewrites identical bytes.
/// A resumed run (the same run id again: a retried schedule) returns the manifest if the run completed, and otherwise
/// keeps every symbol an earlier attempt stored and fetches only the others.
/// </summary>
public sealed class IngestionRun(ITimeSeriesSource source, IRawStore store, LakeLayout layout, TimeProvider clock)
{
    public async Task<RunManifest> ExecuteAsync(
        RunId runId,
        IngestionRequest request,
        IProgress<SourceResponse>? progress,
        CancellationToken cancellationToken,
        bool resume = false)
    {
        var manifestKey = layout.RunManifestKey(runId.IngestDate, runId.Value);
        if (resume && await store.GetAsync(manifestKey, cancellationToken) is { } complete)
        {
            return RunManifest.FromJson(complete);
        }

        // A symbol named twice is one symbol: fetched, stored and reported once.
        request = request with { Symbols = request.Symbols.Distinct(StringComparer.Ordinal).ToArray() };
        var bySymbol = request.Symbols.ToDictionary(s => s, _ => new List<StoredPage>(), StringComparer.Ordinal);
        var continueFrom = new Dictionary<string, PageResume>(request.ContinueFrom, StringComparer.Ordinal);
        if (resume)
        {
            // Every scheduled run asks this for its whole universe (mostly "not there"): in parallel, not one by one.
            var stored = new System.Collections.Concurrent.ConcurrentDictionary<string, List<StoredPage>>(StringComparer.Ordinal);
            await Parallel.ForEachAsync(request.Symbols, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
                async (symbol, ct) => stored[symbol] = await StoredEarlierAsync(runId, request, symbol, ct));
            foreach (var (symbol, pages) in stored.Where(p => p.Value.Count > 0))
            {
                var cost = source.Kept(request, symbol, pages.Select(p => p.Response).ToArray());
                pages[0] = pages[0] with { Response = pages[0].Response with { Credits = cost } };
                bySymbol[symbol].AddRange(pages);
                // Pages a killed attempt stored are kept; a backfill whose paging they leave unfinished goes on below them.
                if (source.Unfinished(request, symbol, pages.Select(p => p.Response).ToArray()) is { } next)
                {
                    continueFrom[symbol] = next;
                }
                else
                {
                    continueFrom.Remove(symbol);
                }
            }
        }

        var toFetch = request with
        {
            Symbols = request.Symbols.Where(s => bySymbol[s].Count == 0 || continueFrom.ContainsKey(s)).ToArray(),
            ContinueFrom = continueFrom,
        };
        await foreach (var response in source.FetchAsync(toFetch, cancellationToken))
        {
            if (!bySymbol.TryGetValue(response.Symbol, out var responses))
            {
                throw new InvalidOperationException($"source '{source.Name}' answered for '{response.Symbol}', which was not requested");
            }

            responses.Add(response.Body.IsEmpty ? new StoredPage(response, null, null) : await StoreAsync(runId, request.Interval, response, cancellationToken));
            progress?.Report(response);
        }

        var results = request.Symbols.Select(s => Summarise(s, bySymbol[s])).ToArray();
        var manifest = new RunManifest(runId.Value, source.Name, runId.StartedUtc, clock.GetUtcNow(), request.Interval.Value,
            request.Window.ToString(), results);
        await store.PutAsync(manifestKey, manifest.ToJson(), "application/json",
            new Dictionary<string, string> { ["run-id"] = runId.Value }, cancellationToken);
        return manifest;
    }

    /// <summary>
    /// The pages of <paramref name="symbol"/> an earlier attempt of this run stored, read back (none: fetch it). A symbol
    /// that continues an earlier run's backfill numbers its pages from where that one stopped.
    /// </summary>
    private async Task<List<StoredPage>> StoredEarlierAsync(RunId runId, IngestionRequest request, string symbol, CancellationToken cancellationToken)
    {
        var pages = new List<StoredPage>();
        for (var page = request.ContinueFrom.GetValueOrDefault(symbol)?.NextPage ?? 1; ; page++)
        {
            var key = layout.RawTimeSeriesKey(request.Interval.Value, symbol, runId.IngestDate, runId.Value, page);
            if (await store.GetAsync(key, cancellationToken) is not { } body)
            {
                return pages;
            }

            var response = new SourceResponse(symbol, page, 200, body, 0, ResponseSummary.Of(body, 200), new Dictionary<string, string>());
            pages.Add(new StoredPage(response, key, null));
        }
    }

    /// <summary>A response and where it was stored, or why it could not be (that symbol's failure, not the run's).</summary>
    private sealed record StoredPage(SourceResponse Response, string? Key, string? StoreError);

    private async Task<StoredPage> StoreAsync(RunId runId, BarInterval interval, SourceResponse response, CancellationToken cancellationToken)
    {
        var key = layout.RawTimeSeriesKey(interval.Value, response.Symbol, runId.IngestDate, runId.Value, response.Page);
        var metadata = response.Parameters.ToDictionary(p => $"request-{p.Key.Replace('_', '-')}", p => p.Value);
        metadata["run-id"] = runId.Value;
        metadata["page"] = response.Page.ToString(CultureInfo.InvariantCulture);
        metadata["http-status"] = response.HttpStatus.ToString(CultureInfo.InvariantCulture);
        metadata["credits-used"] = response.Credits.ToString(CultureInfo.InvariantCulture);
        metadata["outcome"] = response.Summary.Outcome.ToString().ToLowerInvariant();
        try
        {
            await store.PutAsync(key, response.Body, "application/json", metadata, cancellationToken);
            return new StoredPage(response, key, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return new StoredPage(response, null, $"storing page {response.Page} under {key} failed: {e.Message}");
        }
    }

    /// <summary>
    /// A symbol's outcome over its pages: bars on any page make it a success (a backfill ends on an empty page); a
    /// symbol the source never answered for was not attempted; a page that could not be stored fails the symbol.
    /// </summary>
    private static SymbolResult Summarise(string symbol, List<StoredPage> pages)
    {
        if (pages.Count == 0)
        {
            return new SymbolResult(symbol, SymbolOutcome.NotAttempted, 0, 0, 0, 0, [], 0, null, "the source returned nothing for this symbol");
        }

        var last = pages[^1].Response;
        var anyBars = pages.Any(p => p.Response.Summary.Outcome == SymbolOutcome.Succeeded);
        var storeError = pages.Select(p => p.StoreError).FirstOrDefault(e => e is not null);
        var outcome = storeError is not null ? SymbolOutcome.Failed
            : anyBars && last.Summary.Outcome is SymbolOutcome.NoData or SymbolOutcome.Succeeded ? SymbolOutcome.Succeeded
            : last.Summary.Outcome;
        var error = storeError is null ? last.Summary.Error : null;
        return new SymbolResult(
            symbol,
            outcome,
            pages.Count,
            pages.Sum(p => p.Response.Summary.Bars),
            last.HttpStatus,
            pages.Sum(p => p.Response.Credits),
            pages.Where(p => p.Key is not null).Select(p => p.Key!).ToArray(),
            pages.Sum(p => (long)p.Response.Body.Length),
            outcome == SymbolOutcome.Succeeded ? null : error?.Kind,
            outcome == SymbolOutcome.Succeeded ? null : storeError ?? error?.Message,
            outcome == SymbolOutcome.Succeeded ? null : last.ResumeAt);
    }
}
