using System.Text.Json;
using Dataflow.Contracts;
using Dataflow.Contracts.Ingestion;
using Dataflow.Ingestion.TwelveData;

namespace Dataflow.Ingestion.Lambda;

/// <summary>
/// The scheduled ingestion: reads the key from SSM, fetches the requested bars from Twelve Data within the plan's
/// credits, writes each symbol's response verbatim to the raw bucket and the run manifest last, emits EMF metrics and
/// JSON logs, and fails the invocation only by <see cref="FailureRule"/>.
/// </summary>
public sealed class IngestionFunction
{
    private static readonly Lazy<FunctionRuntime> Shared = new(FunctionRuntime.FromEnvironment);
    private readonly FunctionRuntime _runtime;

    /// <summary>The managed runtime's entry: one instance per execution environment.</summary>
    public IngestionFunction() : this(Shared.Value)
    {
    }

    public IngestionFunction(FunctionRuntime runtime) => _runtime = runtime;

    /// <summary>The handler <see cref="IngestionHandler.Name"/>.</summary>
    public async Task<Stream> HandleAsync(Stream input)
    {
        var (settings, log, time) = (_runtime.Settings, _runtime.Log, _runtime.Time);
        var lastStart = time.GetUtcNow() + settings.RunBudget;
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer);
        var invocation = InvocationEvent.Parse(buffer.ToArray());
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var store = new S3RawStore(_runtime.S3, settings.RawBucket);
        BackfillStep? backfill = null;
        IngestionRequest request;
        RunId runId;
        if (invocation.IsBackfill)
        {
            var id = invocation.ContinueBackfill is { } continuing ? BackfillId(continuing) : _runtime.Layout.RunIds.Create(time.GetUtcNow(), IngestionHandler.RunSource);
            var first = invocation.ContinueBackfill is null || invocation.Symbols is not null || invocation.To is not null ? invocation.ToRequest(settings, today) : null;
            backfill = await Backfill.NextAsync(store, _runtime.Layout, id, first, time.GetUtcNow(), CancellationToken.None);
            if (backfill.IsComplete || backfill.BudgetSpent(invocation.CreditsPerDay))
            {
                log.Info(backfill.IsComplete ? "backfill complete" : "backfill waits: today's budget is spent",
                    ("backfill_id", backfill.Backfill), ("attempts", backfill.Earlier.Count), ("credits_spent_today", backfill.CreditsSpentToday));
                return Result(new { backfill_id = backfill.Backfill.Value, complete = backfill.IsComplete, waiting = backfill.Request.Symbols.Count, continue_with = ContinueWith(backfill.Backfill, invocation, backfill.IsComplete) });
            }

            (request, runId) = (backfill.Request, backfill.RunId);
        }
        else
        {
            request = invocation.ToRequest(settings, today);
            // A scheduled run's id is its schedule's: a retry is the same run, resumed. Anything else is a fresh run.
            runId = invocation.ScheduledTime is { } scheduled
                ? _runtime.Layout.RunIds.Create(scheduled, IngestionHandler.RunSource, InvocationEvent.ScheduledSuffix)
                : _runtime.Layout.RunIds.Create(time.GetUtcNow(), IngestionHandler.RunSource);
        }

        log.Info("ingestion started", ("run_id", runId), ("backfill_id", backfill?.Backfill), ("attempt", backfill?.Attempt), ("symbols", request.Symbols.Count),
            ("interval", request.Interval.Value), ("window", request.Window));

        var options = new TwelveDataOptions
        {
            ApiKey = await _runtime.ApiKeys.GetAsync(CancellationToken.None),
            BaseUrl = settings.TwelveDataBaseUrl,
            CreditsPerMinute = settings.CreditsPerMinute,
            CreditsPerDay = settings.CreditsPerDay,
            StartRequestsUntil = lastStart,
        };
        var plan = await PlanLimits.DiscoverAsync(_runtime.Http, options, time, CancellationToken.None);
        var limiter = plan.CreateLimiter(time);
        if (invocation.CreditsPerDay is { } budget)
        {
            limiter.Budget(budget, backfill?.CreditsSpentToday ?? 0);
        }

        var client = new TwelveDataClient(_runtime.Http, options, limiter, time);
        var latencies = new List<double>();
        client.Called += call =>
        {
            lock (latencies)
            {
                latencies.Add(call.Latency.TotalMilliseconds);
            }
        };

        var run = new IngestionRun(new TwelveDataSource(client, options), store, _runtime.Layout, time);
        var manifest = await run.ExecuteAsync(runId, request, new Logged(log), CancellationToken.None, resume: invocation.ScheduledTime is not null || backfill is not null);
        var manifestKey = _runtime.Layout.RunManifestKey(runId.IngestDate, runId.Value);

        log.Raw(EmbeddedMetrics.Render(settings.Stack, request.Interval.Value, manifest, latencies, time.GetUtcNow()));
        var totals = manifest.Totals;
        log.Info("ingestion finished", ("run_id", runId), ("manifest", $"s3://{settings.RawBucket}/{manifestKey}"),
            ("succeeded", totals.Succeeded), ("no_data", totals.NoData), ("skipped", totals.Skipped),
            ("not_attempted", totals.NotAttempted), ("failed", totals.Failed), ("bars", totals.Bars), ("credits", totals.Credits));

        if (FailureRule.Reason(manifest) is { } reason)
        {
            log.Error("ingestion failed", ("run_id", runId), ("reason", reason));
            throw new IngestionFailedException($"run {runId}: {reason}; see s3://{settings.RawBucket}/{manifestKey}");
        }

        if (backfill is not null)
        {
            var unfinished = manifest.Symbols.Count(Backfill.IsUnfinished);
            return Result(new
            {
                run_id = runId.Value, manifest_key = manifestKey, totals, backfill_id = backfill.Backfill.Value, attempt = backfill.Attempt,
                complete = unfinished == 0, unfinished, continue_with = ContinueWith(backfill.Backfill, invocation, unfinished == 0),
            });
        }

        return Result(new { run_id = runId.Value, manifest_key = manifestKey, totals });
    }

    private static MemoryStream Result<T>(T value) => new(JsonSerializer.SerializeToUtf8Bytes(value, ResultJson));

    /// <summary>The event that runs a backfill's next attempt (null when it is complete).</summary>
    private static Dictionary<string, object>? ContinueWith(RunId backfill, InvocationEvent invocation, bool complete)
    {
        if (complete)
        {
            return null;
        }

        var next = new Dictionary<string, object> { ["continue_backfill"] = backfill.Value };
        if (invocation.CreditsPerDay is { } budget)
        {
            next["credits_per_day"] = budget;
        }

        return next;
    }

    private RunId BackfillId(string value)
    {
        var id = _runtime.Layout.RunIds.Parse(value);
        return id.Source == IngestionHandler.RunSource ? id : throw new FormatException($"\"continue_backfill\" {value} is a run of source '{id.Source}', not a backfill of {IngestionHandler.RunSource}");
    }

    private static readonly JsonSerializerOptions ResultJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>One log line per symbol answer, so a long run shows its progress in CloudWatch Logs.</summary>
    private sealed class Logged(JsonLog log) : IProgress<SourceResponse>
    {
        public void Report(SourceResponse value)
        {
            var fields = new (string, object?)[]
            {
                ("symbol", value.Symbol), ("page", value.Page), ("outcome", value.Summary.Outcome), ("bars", value.Summary.Bars),
                ("http_status", value.HttpStatus), ("error", value.Summary.Error?.Message),
            };
            if (value.Summary.Outcome is SymbolOutcome.Failed)
            {
                log.Warn("symbol failed", fields);
            }
            else
            {
                log.Info("symbol fetched", fields);
            }
        }
    }
}

/// <summary>The invocation failed by <see cref="FailureRule"/>; Lambda retries it, then sends it to the dead-letter queue.</summary>
public sealed class IngestionFailedException : Exception
{
    public IngestionFailedException(string message) : base(message) { }
    public IngestionFailedException() { }
    public IngestionFailedException(string message, Exception inner) : base(message, inner) { }
}
