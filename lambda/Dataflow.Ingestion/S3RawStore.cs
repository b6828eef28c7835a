using Amazon.S3;
using Amazon.S3.Model;

namespace Dataflow.Ingestion;

/// <summary>
/// The raw zone as an S3 bucket. One conditional PUT per object (<c>If-None-Match: *</c>: S3 refuses it with 412 when
/// the key exists, so nothing is ever replaced); metadata goes in <c>x-amz-meta-*</c>. On a refusal the object there
/// is read: the same bytes are a retried run, different ones a <see cref="RawObjectConflictException"/>.
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
            IfNoneMatch = "*",
        };
        foreach (var (name, value) in metadata)
        {
            request.Metadata.Add(name, value);
        }

        try
        {
            await s3.PutObjectAsync(request, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode is System.Net.HttpStatusCode.PreconditionFailed or System.Net.HttpStatusCode.Conflict)
        {
            // 412: the key exists; 409: a concurrent conditional write to it is in flight. Either way, compare.
            // Nothing to read yet (a concurrent writer still in flight) is a conflict too: two writers of one key.
            var existing = await GetAsync(key, cancellationToken);
            if (existing is null || !body.Span.SequenceEqual(existing))
            {
                throw new RawObjectConflictException(Location, key);
            }
        }
        catch (AmazonS3Exception e)
        {
            throw new IOException($"writing s3://{bucket}/{key} failed: {e.ErrorCode} {e.Message}", e);
        }
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            using var existing = await s3.GetObjectAsync(bucket, key, cancellationToken);
            using var bytes = new MemoryStream();
            await existing.ResponseStream.CopyToAsync(bytes, cancellationToken);
            return bytes.ToArray();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (AmazonS3Exception e)
        {
            throw new IOException($"reading s3://{bucket}/{key} failed: {e.ErrorCode} {e.Message}", e);
        }
    }
}
