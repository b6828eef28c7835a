using System.Globalization;
using Dataflow.Contracts;

namespace Dataflow.Ingestion;

/// <summary>
/// One ingestion run: fetch each symbol from a source, store the body verbatim under the raw key layout, then write the
/// run manifest last. A symbol that fails is recorded in the manifest; it never stops the others. The clock stamps the
/// manifest: the twin's sample runs pass a frozen one so that re-running a run id rewrites identical bytes.
/// </summary>
public sealed class IngestionRun(ITimeSeriesSource source, IRawStore store, LakeLayout layout, TimeProvider clock)
{
    public async Task<RunManifest> ExecuteAsync(
        RunId runId,
        IReadOnlyList<TimeSeriesRequest> requests,
        IProgress<SymbolResult>? progress,
        CancellationToken cancellationToken)
    {
        var results = new List<SymbolResult>(requests.Count);
        foreach (var request in requests)
        {
            var result = await IngestOneAsync(runId, request, cancellationToken);
            results.Add(result);
            progress?.Report(result);
        }

        var first = requests.Count > 0 ? requests[0] : null;
        var manifest = new RunManifest(runId.Value, source.Name, runId.StartedUtc, clock.GetUtcNow(),
            first?.Interval ?? "", first?.From ?? default, first?.To ?? default, results);
        await store.PutAsync(layout.RunManifestKey(runId.IngestDate, runId.Value), manifest.ToJson(), "application/json",
            new Dictionary<string, string> { ["run-id"] = runId.Value }, cancellationToken);
        return manifest;
    }

    private async Task<SymbolResult> IngestOneAsync(RunId runId, TimeSeriesRequest request, CancellationToken cancellationToken)
    {
        SourceResponse response;
        try
        {
            response = await source.FetchAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException or InvalidOperationException)
        {
            return new SymbolResult(request.Symbol, SymbolOutcome.Failed, 0, 0, 0, null, 0, e.Message);
        }

        var summary = ResponseSummary.Of(response.Body, response.HttpStatus);
        var key = layout.RawTimeSeriesKey(request.Interval, request.Symbol, runId.IngestDate, runId.Value);
        var metadata = new Dictionary<string, string>(request.Parameters.ToDictionary(p => $"request-{p.Key.Replace('_', '-')}", p => p.Value))
        {
            ["run-id"] = runId.Value,
            ["http-status"] = response.HttpStatus.ToString(CultureInfo.InvariantCulture),
            ["credits-used"] = response.CreditsUsed.ToString(CultureInfo.InvariantCulture),
            ["outcome"] = summary.Outcome.ToString().ToLowerInvariant(),
        };
        await store.PutAsync(key, response.Body, "application/json", metadata, cancellationToken);
        return new SymbolResult(request.Symbol, summary.Outcome, summary.Bars, response.HttpStatus, response.CreditsUsed, key,
            response.Body.Length, summary.ErrorMessage);
    }
}
