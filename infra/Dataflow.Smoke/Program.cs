using Amazon.Lambda;
using Amazon.Lambda.Model;
using Amazon.S3;
using Dataflow.Contracts;
using Dataflow.Ingestion;
using Dataflow.Ingestion.Lambda.Smoke;

if (args.Length != 4)
{
    Console.Error.WriteLine("usage: Dataflow.Smoke FUNCTION_NAME RAW_BUCKET CURATED_BUCKET SYMBOL");
    return 2;
}

using var lambda = new AmazonLambdaClient();
using var s3 = new AmazonS3Client();
// The Lambda package's copy of lake.yaml names the commit key; the ETL takes a few minutes after the manifest lands.
var commitKey = LakeLayout.Load(ContractFiles.Default).CuratedCommit.Template;
var etl = new EtlCheck(new S3RawStore(s3, args[2]), commitKey, TimeSpan.FromMinutes(20), TimeSpan.FromSeconds(30), TimeProvider.System);
var result = await new DeploymentSmoke(new LambdaInvoker(lambda), new S3RawStore(s3, args[1])).RunAsync(args[0], args[3], CancellationToken.None, etl);
foreach (var line in result.Lines)
{
    Console.WriteLine(line);
}

return result.Passed ? 0 : 1;

/// <summary>A synchronous invocation; Lambda's FunctionError says the handler threw.</summary>
internal sealed class LambdaInvoker(IAmazonLambda lambda) : IFunctionInvoker
{
    public async Task<FunctionReply> InvokeAsync(string functionName, string payload, CancellationToken cancellationToken)
    {
        var response = await lambda.InvokeAsync(new InvokeRequest
        {
            FunctionName = functionName,
            InvocationType = InvocationType.RequestResponse,
            Payload = payload,
        }, cancellationToken);
        using var reader = new StreamReader(response.Payload);
        return new FunctionReply(await reader.ReadToEndAsync(cancellationToken), string.IsNullOrEmpty(response.FunctionError) ? null : response.FunctionError);
    }
}
