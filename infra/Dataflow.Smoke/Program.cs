using Amazon.Athena;
using Amazon.Athena.Model;
using Amazon.Lambda;
using Amazon.Lambda.Model;
using Amazon.S3;
using Dataflow.Contracts;
using Dataflow.Ingestion;
using Dataflow.Ingestion.Lambda.Smoke;

if (args.Length != 6)
{
    Console.Error.WriteLine("usage: Dataflow.Smoke FUNCTION_NAME RAW_BUCKET CURATED_BUCKET SYMBOL ATHENA_WORKGROUP GLUE_DATABASE");
    return 2;
}

using var lambda = new AmazonLambdaClient();
using var s3 = new AmazonS3Client();
using var athenaClient = new AmazonAthenaClient();
// The Lambda package's copy of lake.yaml names the commit key; the ETL takes a few minutes after the manifest lands.
var commitKey = LakeLayout.Load(ContractFiles.Default).CuratedCommit.Template;
var etl = new EtlCheck(new S3RawStore(s3, args[2]), commitKey, TimeSpan.FromMinutes(20), TimeSpan.FromSeconds(30), TimeProvider.System);
var athena = new AthenaCheck(new AthenaQueries(athenaClient, args[4], args[5]), TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(2), TimeProvider.System);
var result = await new DeploymentSmoke(new LambdaInvoker(lambda), new S3RawStore(s3, args[1])).RunAsync(args[0], args[3], CancellationToken.None, etl, athena);
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

/// <summary>Queries in the stack's workgroup (which enforces its result location and encryption) and database.</summary>
internal sealed class AthenaQueries(IAmazonAthena athena, string workgroup, string database) : IQueryRunner
{
    public async Task<string> StartAsync(string sql, CancellationToken cancellationToken) =>
        (await athena.StartQueryExecutionAsync(new StartQueryExecutionRequest
        {
            QueryString = sql,
            WorkGroup = workgroup,
            QueryExecutionContext = new QueryExecutionContext { Database = database },
        }, cancellationToken)).QueryExecutionId;

    public async Task<QueryStatus> StatusAsync(string queryId, CancellationToken cancellationToken)
    {
        var status = (await athena.GetQueryExecutionAsync(new GetQueryExecutionRequest { QueryExecutionId = queryId }, cancellationToken)).QueryExecution.Status;
        return new QueryStatus(status.State.Value, status.StateChangeReason);
    }

    public async Task<IReadOnlyList<IReadOnlyList<string?>>> RowsAsync(string queryId, CancellationToken cancellationToken)
    {
        var rows = (await athena.GetQueryResultsAsync(new GetQueryResultsRequest { QueryExecutionId = queryId }, cancellationToken)).ResultSet.Rows;
        // The first row of a SELECT's results is its header.
        return [.. rows.Skip(1).Select(r => (IReadOnlyList<string?>)[.. r.Data.Select(d => d.VarCharValue)])];
    }
}
