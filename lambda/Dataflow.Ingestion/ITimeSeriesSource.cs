namespace Dataflow.Ingestion;

/// <summary>Where raw <c>time_series</c> responses come from: the Twelve Data API, or the twin's deterministic sample.</summary>
public interface ITimeSeriesSource
{
    /// <summary>Short lowercase name; it becomes the suffix of the run id.</summary>
    string Name { get; }

    Task<SourceResponse> FetchAsync(TimeSeriesRequest request, CancellationToken cancellationToken);
}

/// <summary>A response body exactly as the source returned it, and what it cost.</summary>
public sealed record SourceResponse(TimeSeriesRequest Request, int HttpStatus, ReadOnlyMemory<byte> Body, int CreditsUsed);
