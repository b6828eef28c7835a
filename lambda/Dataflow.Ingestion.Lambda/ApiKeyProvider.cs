using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Dataflow.Ingestion.TwelveData;

namespace Dataflow.Ingestion.Lambda;

/// <summary>
/// Reads the Twelve Data key from an SSM Parameter Store SecureString and keeps it for warm invocations, re-reading
/// after <see cref="Lifetime"/> so a rotated key is picked up without a deployment.
/// </summary>
public sealed class ApiKeyProvider(IAmazonSimpleSystemsManagement ssm, string parameterName, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (ApiKey Key, DateTimeOffset ReadAt)? _cached;

    public async Task<ApiKey> GetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } c && time.GetUtcNow() - c.ReadAt < Lifetime)
            {
                return c.Key;
            }

            GetParameterResponse response;
            try
            {
                response = await ssm.GetParameterAsync(new GetParameterRequest { Name = parameterName, WithDecryption = true }, cancellationToken);
            }
            catch (AmazonSimpleSystemsManagementException e)
            {
                throw new InvalidOperationException($"reading the API key from SSM parameter '{parameterName}' failed: {e.ErrorCode}", e);
            }

            var key = new ApiKey(response.Parameter?.Value ?? throw new InvalidOperationException($"SSM parameter '{parameterName}' has no value"));
            _cached = (key, time.GetUtcNow());
            return key;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
