using System.Text.Json;

namespace Dataflow.Ingestion.TwelveData;

/// <summary>
/// The plan's credit allowance: from configuration when known, else from <c>/api_usage</c> (one credit), whose
/// <c>current_usage</c> also tells how much of this minute is already spent.
/// </summary>
public sealed record PlanLimits(int CreditsPerMinute, int? CreditsPerDay, int UsedThisMinute, int? UsedToday)
{
    public static async Task<PlanLimits> DiscoverAsync(HttpClient http, TwelveDataOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (options.CreditsPerMinute is { } perMinute)
        {
            return new PlanLimits(perMinute, options.CreditsPerDay, 0, null);
        }

        // One credit is enough to ask; the generous bound only keeps this bootstrap call from being refused locally.
        var probe = new TwelveDataClient(http, options with { MinuteQuotaRetries = 1 }, new CreditLimiter(1, null, time), time);
        var reply = await probe.GetAsync("api_usage", new Dictionary<string, string>(), 1, cancellationToken);
        if (reply.Error is { } error)
        {
            throw new TwelveDataException(error, "asking /api_usage for the plan's limits");
        }

        using var doc = JsonDocument.Parse(reply.Body);
        var root = doc.RootElement;
        int? Int(string name) => root.TryGetProperty(name, out var v) && v.TryGetInt32(out var i) ? i : null;
        var limit = Int("plan_limit") ?? throw new TwelveDataException(
            new ApiError(ApiErrorKind.BadRequest, reply.HttpStatus, "/api_usage has no plan_limit"), "reading the plan's limits");
        return new PlanLimits(limit, options.CreditsPerDay ?? Int("plan_daily_limit"), Int("current_usage") ?? 0, Int("daily_usage"));
    }

    public CreditLimiter CreateLimiter(TimeProvider time)
    {
        var limiter = new CreditLimiter(CreditsPerMinute, CreditsPerDay, time);
        limiter.Reconcile(CreditsPerMinute - UsedThisMinute);
        limiter.SpendToday(UsedToday ?? 0);
        return limiter;
    }
}

/// <summary>The API refused something the run cannot go on without (the key, the plan's limits).</summary>
public sealed class TwelveDataException : Exception
{
    public TwelveDataException(ApiError error, string doing) : base($"Twelve Data {error.Kind} ({error.Code}) while {doing}: {error.Message}") => Error = error;

    public TwelveDataException() => Error = new ApiError(ApiErrorKind.BadRequest, 0, "");
    public TwelveDataException(string message) : base(message) => Error = new ApiError(ApiErrorKind.BadRequest, 0, message);
    public TwelveDataException(string message, Exception inner) : base(message, inner) => Error = new ApiError(ApiErrorKind.BadRequest, 0, message);

    public ApiError Error { get; }
}
