using Amazon.S3;
using Amazon.S3.Model;

namespace Dataflow.Ingestion;

/// <summary>
/// The raw zone as an S3 bucket. One PUT per object (an S3 PUT is atomic: readers see the old object or the new one);
/// metadata goes in <c>x-amz-meta-*</c>. Re-running a run id writes the same keys again with the same bytes.
/// </summary>
public sealed class S3RawStore(IAmazonS3 s3, string bucket) : IRawStore
{
    public string Location => $"s3://{bucket}";

    public async Task PutAsync(string key, ReadOnlyMemory<byte> body, string contentType, IReadOnlyDictionary<string, string> metadata,
        CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(body.ToArray(), writable: false);
        var request = new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = stream,
            ContentType = contentType,
            // Plain payload signing: aws-chunked framing is needless for objects this small, and S3-compatible
            // servers used in tests store the framing bytes as content.
            UseChunkEncoding = false,
        };
        foreach (var (name, value) in metadata)
        {
            request.Metadata.Add(name, value);
        }

        try
        {
            await s3.PutObjectAsync(request, cancellationToken);
        }
        catch (AmazonS3Exception e)
        {
            throw new IOException($"writing s3://{bucket}/{key} failed: {e.ErrorCode} {e.Message}", e);
        }
    }
}
