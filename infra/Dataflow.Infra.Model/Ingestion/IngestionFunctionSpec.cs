using Dataflow.Contracts.Ingestion;
using Dataflow.Infra.Model.Configuration;
using Dataflow.Infra.Model.Naming;

namespace Dataflow.Infra.Model.Ingestion;

/// <summary>
/// The ingestion Lambda as deployed: runtime, handler, size, and the environment of <see cref="IngestionEnvironment"/>
/// that the function's settings parser reads.
/// </summary>
public sealed record IngestionFunctionSpec(string Name, string Handler, IReadOnlyDictionary<string, string> Environment)
{
    public const string Runtime = "dotnet10";
    public const string Architecture = "arm64";
    public const int MemoryMb = 512;

    /// <summary>Long enough for a full universe at a free plan's 8 credits a minute, short of Lambda's 15-minute cap.</summary>
    public const int TimeoutSeconds = 900;

    /// <summary>
    /// The last request starts this long after the invocation does: a request may then still wait up to a minute for
    /// credits and take 30 s × 4 attempts with 2 + 4 + 8 s of backoff, and the manifest must be written before the
    /// timeout.
    /// </summary>
    public const int RunBudgetSeconds = TimeoutSeconds - 210;

    /// <summary>
    /// A failed scheduled run is retried once by Lambda with the same event, so the same scheduled time and run id: the
    /// retry resumes the run (what the failed attempt stored is kept, not fetched again).
    /// </summary>
    public const int AsyncRetries = 1;

    /// <summary>
    /// One run at a time: runs share the plan's per-minute and daily credits, and a scheduled run, a backfill attempt and
    /// a split's re-fetch arriving together would spend them against each other. Lambda queues a throttled asynchronous
    /// invocation and retries it (up to <see cref="MaximumEventAgeSeconds"/>).
    /// </summary>
    public const int ReservedConcurrency = 1;

    /// <summary>X-Ray active tracing: the API calls and S3 writes of a slow run show where its time went.</summary>
    public const string TracingMode = "Active";

    public const int MaximumEventAgeSeconds = 3600;

    /// <summary>The deployment package <c>lambda/publish.sh</c> writes, relative to the repository root.</summary>
    public const string PackagePath = "artifacts/lambda/ingestion.zip";

    public static IngestionFunctionSpec For(StackConfig config, StackResourceNames names, string rawBucket) => new(
        names.IngestionFunction,
        IngestionHandler.Name,
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [IngestionEnvironment.RawBucket] = rawBucket,
            [IngestionEnvironment.ApiKeyParameter] = names.ApiKeyParameter,
            [IngestionEnvironment.Stack] = config.Stack,
            [IngestionEnvironment.Interval] = config.Interval.Value,
            [IngestionEnvironment.Symbols] = string.Join(",", config.Symbols),
            [IngestionEnvironment.RunBudgetSeconds] = RunBudgetSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
}
