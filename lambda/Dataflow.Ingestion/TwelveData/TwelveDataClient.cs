using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.RateLimiting;
using Polly;
using Polly.Retry;

namespace Dataflow.Ingestion.TwelveData;

/// <summary>
/// The HTTP side of Twelve Data: sends a request with the key in the Authorization header (never in the URL), spends
/// its credits from the shared <see cref="CreditLimiter"/> before every attempt, and retries by the error's kind with
/// Polly: a per-minute 429 waits for the next minute window (the limiter does the waiting), transient failures back
/// off exponentially with jitter, everything else is returned to the caller to decide.
/// </summary>
public sealed class TwelveDataClient
{
    private readonly HttpClient _http;
    private readonly TwelveDataOptions _options;
    private readonly CreditLimiter _credits;
    private readonly ResiliencePipeline<ApiReply> _pipeline;
    private readonly TimeProvider _time;

    public TwelveDataClient(HttpClient http, TwelveDataOptions options, CreditLimiter credits, TimeProvider time)
    {
        _http = http;
        _options = options;
        _credits = credits;
        _time = time;
        _pipeline = new ResiliencePipelineBuilder<ApiReply> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<ApiReply>
            {
                Name = "minute-quota",
                MaxRetryAttempts = options.MinuteQuotaRetries,
                Delay = TimeSpan.Zero,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result?.Error?.Kind == ApiErrorKind.MinuteQuota),
                OnRetry = _ =>
                {
                    credits.ExhaustMinute();
                    return ValueTask.CompletedTask;
                },
            })
            .AddRetry(new RetryStrategyOptions<ApiReply>
            {
                Name = "transient",
                MaxRetryAttempts = options.TransientRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BackoffBase,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result?.Error?.Kind == ApiErrorKind.Transient),
            })
            .Build();
    }

    public CreditLimiter Credits => _credits;

    /// <summary>
    /// Why a request of <paramref name="credits"/> may not start (the run's last start has passed, or waiting for the
    /// credits would pass it), or null.
    /// </summary>
    public ApiError? PastDeadline(int credits)
    {
        if (_options.StartRequestsUntil is not { } until)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        var starts = credits <= _credits.AvailableThisMinute ? now : _credits.NextMinuteStart;
        return starts <= until ? null : new ApiError(ApiErrorKind.DeadlineReached, 0,
            string.Create(CultureInfo.InvariantCulture, $"the run's last start {until:yyyy-MM-ddTHH:mm:ssZ} passed before this request could start ({starts:HH:mm:ss}): a follow-up run fetches it"));
    }

    /// <summary>Raised after every HTTP attempt, for latency metrics; never carries the key.</summary>
    public event Action<ApiCall>? Called;

    /// <summary>GET <paramref name="path"/>; <paramref name="credits"/> is what the call costs (one per symbol for time_series).</summary>
    public async Task<ApiReply> GetAsync(string path, IReadOnlyDictionary<string, string> query, int credits, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        var attempts = 0;
        var charged = 0;
        try
        {
            var reply = await _pipeline.ExecuteAsync(async ctx =>
            {
                attempts++;
                using var lease = await _credits.AcquireAsync(credits, ctx.CancellationToken);
                if (!lease.IsAcquired)
                {
                    lease.TryGetMetadata(MetadataName.ReasonPhrase, out var reason);
                    var kind = _credits.DailyBudgetExhausted ? ApiErrorKind.DailyQuota : ApiErrorKind.BadRequest;
                    return new ApiReply(0, [], new ApiError(kind, kind == ApiErrorKind.DailyQuota ? 429 : 400, reason ?? "no credits"), attempts, charged);
                }

                charged += credits;
                return await SendOnceAsync(path, query, ctx.CancellationToken) with { Attempts = attempts, CreditsCharged = charged };
            }, context);
            if (reply.Error?.Kind == ApiErrorKind.DailyQuota)
            {
                _credits.ExhaustDay();
            }

            return reply;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public Uri RequestUri(string path, IReadOnlyDictionary<string, string> query)
    {
        var text = new StringBuilder(path);
        var separator = '?';
        foreach (var (name, value) in query)
        {
            text.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return new Uri(_options.BaseUrl, text.ToString());
    }

    private async Task<ApiReply> SendOnceAsync(string path, IReadOnlyDictionary<string, string> query, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, RequestUri(path, query));
        request.Headers.TryAddWithoutValidation("Authorization", _options.ApiKey.HeaderValue);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (await ReadCappedAsync(response, timeout.Token) is not { } read)
            {
                Called?.Invoke(new ApiCall(path, (int)response.StatusCode, System.Diagnostics.Stopwatch.GetElapsedTime(started)));
                return new ApiReply((int)response.StatusCode, [], new ApiError(ApiErrorKind.ResponseTooLarge, (int)response.StatusCode,
                    string.Create(CultureInfo.InvariantCulture, $"the response has more than {_options.MaxResponseBytes:N0} bytes (MaxResponseBytes)")), 1, 0);
            }

            var body = _options.ApiKey.Redact(read);
            if (Header(response, "api-credits-left") is { } left)
            {
                _credits.Reconcile(left);
            }

            var status = (int)response.StatusCode;
            Called?.Invoke(new ApiCall(path, status, System.Diagnostics.Stopwatch.GetElapsedTime(started)));
            return new ApiReply(status, body, ApiReply.ErrorOf(status, body), 1, 0);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ApiReply(0, [], new ApiError(ApiErrorKind.Transient, 0,
                $"no response within {_options.RequestTimeout.TotalSeconds:0} s"), 1, 0);
        }
        catch (HttpRequestException e)
        {
            // The message names the host, never the key: the key is only in a header.
            return new ApiReply(0, [], new ApiError(ApiErrorKind.Transient, 0, $"request failed: {e.Message}"), 1, 0);
        }
    }

    /// <summary>The body, or null when it is larger than the cap (known from Content-Length, or found while reading).</summary>
    private async Task<byte[]?> ReadCappedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var cap = _options.MaxResponseBytes;
        if (response.Content.Headers.ContentLength > cap)
        {
            return null;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > cap)
            {
                return null;
            }

            body.Write(buffer, 0, read);
        }

        return body.ToArray();
    }

    private static int? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values)
        && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;
}
