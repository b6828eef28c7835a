using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Dataflow.TwelveData.Emulator;

/// <summary>
/// A real HTTP server on 127.0.0.1 that answers <c>/time_series</c>, <c>/earliest_timestamp</c> and <c>/api_usage</c>
/// the way Twelve Data does: single and batch shapes, per-symbol error entries, the no-data 400, plan gating, 401 for a
/// wrong key, 414 for too many symbols, and per-minute and daily 429s counted on the shared clock (refused calls are
/// charged too, as a 2026 audit saw). Scripted replies stand in for what only a broken network produces (gateway pages,
/// cut-off bodies).
/// </summary>
public sealed class TwelveDataEmulator : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly TimeProvider _clock;
    private readonly string _apiKey;
    private readonly ConcurrentQueue<Func<EmulatorRequest, EmulatorReply?>> _scripted = new();
    private readonly ConcurrentQueue<EmulatorRequest> _requests = new();
    private readonly Lock _gate = new();
    private readonly Task _loop;
    private readonly ConcurrentBag<Task> _inFlight = [];
    private long _minute = -1;
    private int _usedThisMinute;
    private DateOnly _day;
    private int _usedToday;

    public TwelveDataEmulator(string apiKey, EmulatorPlan plan, EmulatedMarket market, TimeProvider clock)
    {
        (_apiKey, Plan, Market, _clock) = (apiKey, plan, market, clock);
        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUrl.ToString());
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseUrl { get; }
    public EmulatorPlan Plan { get; set; }
    public EmulatedMarket Market { get; }
    public IReadOnlyCollection<EmulatorRequest> Requests => _requests;
    public int CreditsCharged { get; private set; }
    public int MinuteLimitHits { get; private set; }
    public int DailyLimitHits { get; private set; }

    /// <summary>The next request is answered by <paramref name="reply"/> if it returns one; otherwise as usual.</summary>
    public void ScriptNext(Func<EmulatorRequest, EmulatorReply?> reply) => _scripted.Enqueue(reply);

    public void ScriptNext(EmulatorReply reply) => ScriptNext(_ => reply);

    private async Task AcceptLoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            // Answered concurrently, so one stalled answer (a timeout test) does not hold up the next request.
            _inFlight.Add(RespondAsync(context));
        }
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        var url = context.Request.Url!;
        var request = new EmulatorRequest(url.AbsolutePath.Trim('/'), url.Query, context.Request.QueryString,
            context.Request.Headers["Authorization"], _clock.GetUtcNow());
        _requests.Enqueue(request);
        EmulatorReply reply;
        try
        {
            reply = Answer(request);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            reply = EmulatorReply.Error(400, $"bad parameter: {e.Message}", Plan.ErrorsWithHttp200);
        }

        if (reply.Stall > TimeSpan.Zero)
        {
            await Task.Delay(reply.Stall);
        }

        try
        {
            var response = context.Response;
            response.StatusCode = reply.Status;
            response.ContentType = reply.ContentType;
            foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
            {
                response.Headers[name] = value;
            }

            var bytes = Encoding.UTF8.GetBytes(reply.Body);
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes);
            response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // The client gave up (a timeout test) or the emulator is shutting down: nobody is listening for this answer.
        }
    }

    private EmulatorReply Answer(EmulatorRequest request)
    {
        var credits = request.Path == "time_series" ? Math.Max(1, request.Symbols.Count) : 1;
        if (_scripted.TryDequeue(out var script) && script(request) is { } scripted)
        {
            return scripted;
        }

        if (request.Authorization != $"apikey {_apiKey}")
        {
            return EmulatorReply.Error(401, "**apikey** parameter is incorrect or not specified. You can get your free API key instantly following this link: https://twelvedata.com/pricing", Plan.ErrorsWithHttp200);
        }

        if (request.Path == "time_series" && request.Symbols.Count > Plan.MaxSymbolsPerRequest)
        {
            return EmulatorReply.Error(414, "Input parameter array exceeds the allowed length", http200: false);
        }

        var (allowed, limitReply, headers) = Charge(credits);
        if (!allowed)
        {
            return limitReply! with { Headers = headers };
        }

        var body = request.Path switch
        {
            "time_series" => TimeSeries(request),
            "earliest_timestamp" => Market.Earliest(request.Query["symbol"] ?? "") is { } earliest
                ? new JsonObject { ["datetime"] = earliest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["unix_time"] = earliest.ToDateTime(TimeOnly.MinValue).Subtract(DateTime.UnixEpoch).TotalSeconds }
                : EmulatedMarket.ErrorObject(404, "Data not found"),
            "api_usage" => Usage(),
            _ => EmulatedMarket.ErrorObject(404, $"/{request.Path} is not emulated"),
        };
        var isError = body["status"]?.GetValue<string>() == "error";
        var status = isError && !Plan.ErrorsWithHttp200 ? body["code"]!.GetValue<int>() : 200;
        var allHeaders = new Dictionary<string, string>(headers);
        if (request.Symbols.Count > 1)
        {
            allHeaders["Is_batch"] = "true";
        }

        return new EmulatorReply(status, EmulatedMarket.Serialize(body), Headers: allHeaders);
    }

    private JsonObject TimeSeries(EmulatorRequest request)
    {
        var interval = request.Query["interval"] ?? throw new ArgumentException("**interval** is required");
        var start = Date(request.Query["start_date"]);
        var end = Date(request.Query["end_date"]);
        var outputSize = request.Query["outputsize"] is { } size ? int.Parse(size, CultureInfo.InvariantCulture) : start is null && end is null ? 30 : 5000;
        var adjusted = request.Query["adjust"] is not "none";
        var asOf = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        if (request.Symbols.Count == 1)
        {
            return Market.Series(request.Symbols[0], interval, outputSize, start, end, adjusted, asOf);
        }

        var batch = new JsonObject();
        foreach (var symbol in request.Symbols)
        {
            var series = Market.Series(symbol, interval, outputSize, start, end, adjusted, asOf);
            if (series["status"]?.GetValue<string>() == "error")
            {
                series["meta"] = new JsonObject { ["symbol"] = string.Join(',', request.Symbols), ["interval"] = "", ["exchange"] = "" };
            }

            batch[symbol] = series;
        }

        return batch;
    }

    private JsonObject Usage()
    {
        lock (_gate)
        {
            var usage = new JsonObject
            {
                ["timestamp"] = _clock.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                ["current_usage"] = _usedThisMinute,
                ["plan_limit"] = Plan.CreditsPerMinute,
                ["plan_category"] = Plan.CreditsPerDay is null ? "grow" : "basic",
            };
            if (Plan.CreditsPerDay is { } daily)
            {
                usage["daily_usage"] = _usedToday;
                usage["plan_daily_limit"] = daily;
            }

            return usage;
        }
    }

    private (bool Allowed, EmulatorReply? Refusal, Dictionary<string, string> Headers) Charge(int credits)
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            var minute = now.UtcTicks / TimeSpan.TicksPerMinute;
            if (minute != _minute)
            {
                (_minute, _usedThisMinute) = (minute, 0);
            }

            var day = DateOnly.FromDateTime(now.UtcDateTime);
            if (day != _day)
            {
                (_day, _usedToday) = (day, 0);
            }

            _usedThisMinute += credits;
            _usedToday += credits;
            CreditsCharged += credits;
            var headers = Plan.SendsCreditHeaders
                ? new Dictionary<string, string>
                {
                    ["api-credits-used"] = _usedThisMinute.ToString(CultureInfo.InvariantCulture),
                    ["api-credits-left"] = Math.Max(0, Plan.CreditsPerMinute - _usedThisMinute).ToString(CultureInfo.InvariantCulture),
                }
                : [];
            if (Plan.CreditsPerDay is { } daily && _usedToday > daily)
            {
                DailyLimitHits++;
                return (false, EmulatorReply.Error(429, $"You have run out of API credits for the day. {_usedToday} API credits were used, with the current limit being {daily}. Wait for the next day or consider upgrading your plan at https://twelvedata.com/pricing", Plan.ErrorsWithHttp200), headers);
            }

            if (_usedThisMinute > Plan.CreditsPerMinute)
            {
                MinuteLimitHits++;
                return (false, EmulatorReply.Error(429, $"You have run out of API credits for the current minute. {_usedThisMinute} API credits were used, with the current limit being {Plan.CreditsPerMinute}. Wait for the next minute or consider upgrading your plan at https://twelvedata.com/pricing", Plan.ErrorsWithHttp200), headers);
            }

            return (true, null, headers);
        }
    }

    private static DateOnly? Date(string? text) =>
        string.IsNullOrEmpty(text) ? null : DateOnly.ParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
        await Task.WhenAll(_inFlight);
    }
}
