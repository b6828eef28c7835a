using Amazon.S3;
using Amazon.SimpleSystemsManagement;
using Dataflow.Contracts;

namespace Dataflow.Ingestion.Lambda;

/// <summary>
/// What lives as long as the Lambda execution environment: settings, AWS clients, one HttpClient, the cached key.
/// Built once on a cold start and reused by every warm invocation.
/// </summary>
public sealed class FunctionRuntime(
    FunctionSettings settings,
    IAmazonS3 s3,
    IAmazonSimpleSystemsManagement ssm,
    HttpClient http,
    TimeProvider time,
    TextWriter output)
{
    public FunctionSettings Settings { get; } = settings;
    public IAmazonS3 S3 { get; } = s3;
    public HttpClient Http { get; } = http;
    public TimeProvider Time { get; } = time;
    public JsonLog Log { get; } = new(output, time);
    public LakeLayout Layout { get; } = LakeLayout.Load(ContractFiles.Default);
    public ApiKeyProvider ApiKeys { get; } = new(ssm, settings.ApiKeyParameter, time);

    public static FunctionRuntime FromEnvironment()
    {
        var settings = FunctionSettings.FromEnvironment(Environment.GetEnvironmentVariable, SymbolUniverse.Load(ContractFiles.Default));
        return new FunctionRuntime(settings, new AmazonS3Client(), new AmazonSimpleSystemsManagementClient(),
            new HttpClient(), TimeProvider.System, Console.Out);
    }
}
