using Dataflow.Infra.Model.Configuration;
using Dataflow.Infra.Model.Naming;
using Dataflow.Ingestion.Lambda;

namespace Dataflow.Infra.Model.Ingestion;

/// <summary>
/// The ingestion Lambda as deployed: runtime, handler, size, the environment its <see cref="FunctionSettings"/> reads,
/// and the schedule and retry settings around it.
/// </summary>
public sealed record IngestionFunctionSpec(
    string Name,
    string Handler,
    IReadOnlyDictionary<string, string> Environment,
    string ScheduleExpression,
    string ScheduleTimezone,
    int FlexibleWindowMinutes)
{
    public const string Runtime = "dotnet10";
    public const string Architecture = "arm64";
    public const int MemoryMb = 512;

    /// <summary>Long enough for a full universe at a free plan's 8 credits a minute, short of Lambda's 15-minute cap.</summary>
    public const int TimeoutSeconds = 900;

    /// <summary>A failed scheduled run is retried once by Lambda; a retried run rewrites the same keys (idempotent).</summary>
    public const int AsyncRetries = 1;

    public const int MaximumEventAgeSeconds = 3600;

    public static readonly string HandlerName =
        $"{typeof(IngestionFunction).Assembly.GetName().Name}::{typeof(IngestionFunction).FullName}::{nameof(IngestionFunction.HandleAsync)}";

    /// <summary>The deployment package <c>lambda/publish.sh</c> writes, relative to the repository root.</summary>
    public const string PackagePath = "artifacts/lambda/ingestion.zip";

    public static IngestionFunctionSpec For(StackConfig config, StackResourceNames names, string rawBucket) => new(
        names.IngestionFunction,
        HandlerName,
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [FunctionSettings.RawBucketVariable] = rawBucket,
            [FunctionSettings.ApiKeyParameterVariable] = names.ApiKeyParameter,
            [FunctionSettings.StackVariable] = config.Stack,
            [FunctionSettings.IntervalVariable] = config.Interval,
            [FunctionSettings.SymbolsVariable] = string.Join(",", config.Symbols),
        },
        config.ScheduleExpression,
        config.ScheduleTimezone,
        FlexibleWindowMinutes: 15);
}
