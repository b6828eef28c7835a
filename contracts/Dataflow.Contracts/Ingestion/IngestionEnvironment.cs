namespace Dataflow.Contracts.Ingestion;

/// <summary>
/// The environment variables of the ingestion Lambda: the Pulumi program sets them, the function's settings parser
/// reads them. Both take the names from here.
/// </summary>
public static class IngestionEnvironment
{
    public const string RawBucket = "RAW_BUCKET";
    public const string ApiKeyParameter = "API_KEY_PARAMETER";
    public const string Stack = "STACK";
    public const string Interval = "INTERVAL";
    public const string Symbols = "SYMBOLS";
    public const string LatestBars = "LATEST_BARS";
    public const string CreditsPerMinute = "CREDITS_PER_MINUTE";
    public const string CreditsPerDay = "CREDITS_PER_DAY";
    public const string TwelveDataBaseUrl = "TWELVEDATA_BASE_URL";

    /// <summary>Seconds from the invocation's start after which no request starts (the timeout less a request's worst case).</summary>
    public const string RunBudgetSeconds = "RUN_BUDGET_SECONDS";

    /// <summary>What every deployment must set; the others have documented defaults in the function.</summary>
    public static IReadOnlyList<string> Required { get; } = [RawBucket, ApiKeyParameter, Stack, Interval];
}
