namespace Dataflow.Ingestion.TwelveData;

/// <summary>How the client must react to an error (twelvedata.md §3, §4), whatever HTTP status carried it.</summary>
public enum ApiErrorKind
{
    /// <summary>429 "for the current minute": wait for the next minute window, never retry at once.</summary>
    MinuteQuota,

    /// <summary>429 "for the day": stop the run cleanly; nothing more can be fetched before 00:00 UTC.</summary>
    DailyQuota,

    /// <summary>401: the key is wrong; fatal for the run.</summary>
    Unauthorized,

    /// <summary>403, or 404 "with your plan"/"exclusively": skip the symbol and report it.</summary>
    PlanRestricted,

    /// <summary>"symbol not found" (400 or 404): skip the symbol and report it.</summary>
    SymbolNotFound,

    /// <summary>400 "No data is available on the specified dates": zero rows, not an error.</summary>
    NoData,

    /// <summary>414: the symbol list is too long; split the batch.</summary>
    ParameterTooLong,

    /// <summary>5xx, gateway pages, timeouts, cut-off bodies: bounded exponential backoff with jitter.</summary>
    Transient,

    /// <summary>Any other 4xx: the request is wrong; not retried.</summary>
    BadRequest,

    /// <summary>A body over <see cref="TwelveDataOptions.MaxResponseBytes"/>: the symbol fails, nothing is stored, not retried.</summary>
    ResponseTooLarge,

    /// <summary>The run's last start (<see cref="TwelveDataOptions.StartRequestsUntil"/>) passed: not attempted, a follow-up run fetches it.</summary>
    DeadlineReached,
}

/// <summary>An error the API reported (or the transport produced), with the code that was classified.</summary>
public sealed record ApiError(ApiErrorKind Kind, int Code, string Message)
{
    /// <summary>
    /// Classifies by the body's <c>code</c> (falling back to the HTTP status) and message, as the API sends the same
    /// errors with HTTP 200 or with a real 4xx/5xx.
    /// </summary>
    public static ApiError Classify(int code, string message)
    {
        var kind = code switch
        {
            429 when Has(message, "for the day") => ApiErrorKind.DailyQuota,
            429 => ApiErrorKind.MinuteQuota,
            401 => ApiErrorKind.Unauthorized,
            400 when Has(message, "No data is available") => ApiErrorKind.NoData,
            403 => ApiErrorKind.PlanRestricted,
            404 or 400 when Has(message, "with your plan") || Has(message, "exclusively") || Has(message, "upgrad") => ApiErrorKind.PlanRestricted,
            404 => ApiErrorKind.SymbolNotFound,
            400 when Has(message, "not found") => ApiErrorKind.SymbolNotFound,
            414 => ApiErrorKind.ParameterTooLong,
            >= 500 => ApiErrorKind.Transient,
            _ => ApiErrorKind.BadRequest,
        };
        return new ApiError(kind, code, Plain(message));
    }

    /// <summary>
    /// The API's message without its Markdown (<c>**interval**</c>, <c>`symbol`</c>): it is printed on consoles and in
    /// logs and manifests, where the markup is noise. The raw response keeps the original.
    /// </summary>
    public static string Plain(string message) =>
        message.Replace("**", "", StringComparison.Ordinal).Replace("__", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal);

    private static bool Has(string message, string fragment) => message.Contains(fragment, StringComparison.OrdinalIgnoreCase);
}
