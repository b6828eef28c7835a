namespace Dataflow.Ingestion.TwelveData;

/// <summary>How the client talks to Twelve Data. Defaults follow twelvedata.md §4 (backoff 2, 4, 8 s; 120 symbols a batch).</summary>
public sealed record TwelveDataOptions
{
    public const string BaseUrlVariable = Dataflow.Contracts.Ingestion.IngestionEnvironment.TwelveDataBaseUrl;
    public static readonly Uri DefaultBaseUrl = new("https://api.twelvedata.com/");

    public required ApiKey ApiKey { get; init; }

    /// <summary>Point it at a local server with <c>TWELVEDATA_BASE_URL</c>.</summary>
    public Uri BaseUrl { get; init; } = DefaultBaseUrl;

    /// <summary>The plan's credits per minute; null asks <c>/api_usage</c> (one credit) at the start of a run.</summary>
    public int? CreditsPerMinute { get; init; }

    /// <summary>The plan's credits per day (Basic: 800); null when the plan has no daily cap or <c>/api_usage</c> says.</summary>
    public int? CreditsPerDay { get; init; }

    /// <summary>
    /// The price adjustment asked of every time_series request (<c>splits</c>, the API's default: split-adjusted, not
    /// dividend-adjusted); recorded with each raw object as <c>request-adjust</c>.
    /// </summary>
    public string Adjust { get; init; } = "splits";

    /// <summary>Symbols per batch request; the python client documents 120 as the most.</summary>
    public int MaxBatchSize { get; init; } = 120;

    public int TransientRetries { get; init; } = 3;
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many times a per-minute 429 may push a request into the next minute before it counts as failed.</summary>
    public int MinuteQuotaRetries { get; init; } = 2;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The last instant a request may start (the invocation's deadline less the longest a request with its retries can
    /// take); symbols not fetched by then are reported <see cref="SymbolOutcome.NotAttempted"/> for a follow-up run.
    /// Null: no deadline (the twin).
    /// </summary>
    public DateTimeOffset? StartRequestsUntil { get; init; }

    /// <summary>
    /// The largest body kept (default 32 MiB; 5,000 daily bars are about 0.75 MB): a larger one fails its symbol with
    /// <see cref="ApiErrorKind.ResponseTooLarge"/> instead of exhausting the Lambda's memory.
    /// </summary>
    public int MaxResponseBytes { get; init; } = 32 * 1024 * 1024;

    public static Uri BaseUrlFrom(Func<string, string?> environment) =>
        environment(BaseUrlVariable) is { Length: > 0 } url
            ? new Uri(url.EndsWith('/') ? url : url + "/", UriKind.Absolute)
            : DefaultBaseUrl;
}
