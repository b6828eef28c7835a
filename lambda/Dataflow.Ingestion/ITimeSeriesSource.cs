namespace Dataflow.Ingestion;

/// <summary>Where raw <c>time_series</c> responses come from: the Twelve Data API, or the twin's deterministic sample.</summary>
public interface ITimeSeriesSource
{
    /// <summary>Short lowercase name; it becomes the suffix of the run id.</summary>
    string Name { get; }

    /// <summary>
    /// One response per symbol and page, as they arrive. API errors are outcomes, not exceptions: a source yields a
    /// response for every symbol it was asked for, even one it could not fetch, so the run can say what happened.
    /// </summary>
    IAsyncEnumerable<SourceResponse> FetchAsync(IngestionRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the pages an interrupted attempt stored of <paramref name="symbol"/> leave its paging unfinished, and
    /// where it continues (null: they are the whole answer). Sources that answer in one page never continue.
    /// </summary>
    PageResume? Unfinished(IngestionRequest request, string symbol, IReadOnlyList<SourceResponse> stored) => null;

    /// <summary>
    /// A resumed run keeps the pages of <paramref name="symbol"/> an interrupted attempt stored: what they cost (pages,
    /// and the probe paging needed) counts against this attempt's budget, since that attempt wrote no manifest to count
    /// them in. Returns that cost, which the manifest records.
    /// </summary>
    int Kept(IngestionRequest request, string symbol, IReadOnlyList<SourceResponse> stored) => 0;
}

/// <summary>
/// One symbol's response: the body exactly as the source returned it (empty when there was no JSON body to keep),
/// what it cost, and what it means.
/// </summary>
public sealed record SourceResponse(
    string Symbol,
    int Page,
    int HttpStatus,
    ReadOnlyMemory<byte> Body,
    int Credits,
    ResponseSummary Summary,
    IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>On a page that did not arrive (deadline, budget, failure): where the symbol's paging continues.</summary>
    public PageResume? ResumeAt { get; init; }
}
