namespace Dataflow.Ingestion;

/// <summary>The raw zone: an S3 bucket in the cloud, a folder in the twin. Writes replace whole objects.</summary>
public interface IRawStore
{
    /// <summary>Where the store points, for messages (<c>s3://bucket</c> or a folder path).</summary>
    string Location { get; }

    Task PutAsync(string key, ReadOnlyMemory<byte> body, string contentType, IReadOnlyDictionary<string, string> metadata,
        CancellationToken cancellationToken);
}
