namespace Dataflow.Ingestion;

/// <summary>
/// The raw zone: an S3 bucket in the cloud, a folder in the twin. Create-only: writing a key that already holds the
/// same bytes changes nothing (a retried run); a key that holds different bytes is refused with
/// <see cref="RawObjectConflictException"/> and keeps what it holds.
/// </summary>
public interface IRawStore
{
    /// <summary>Where the store points, for messages (<c>s3://bucket</c> or a folder path).</summary>
    string Location { get; }

    Task PutAsync(string key, ReadOnlyMemory<byte> body, string contentType, IReadOnlyDictionary<string, string> metadata,
        CancellationToken cancellationToken);

    /// <summary>The object at <paramref name="key"/>, or null when there is none (a resumed run asks what it already stored).</summary>
    Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken);
}
