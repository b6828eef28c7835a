using Dataflow.Contracts;
using Dataflow.Contracts.Ingestion;
using Dataflow.Ingestion;
using Dataflow.Ingestion.TwelveData;
using Dataflow.Twin.Sample;

namespace Dataflow.Twin.Ingest;

/// <summary>Where the twin's raw data comes from.</summary>
public enum IngestSource
{
    /// <summary>The deterministic generator: no network, same bytes every time.</summary>
    Sample,

    /// <summary>The real API through the same client the Lambda uses; the key comes from <c>TWELVEDATA_API_KEY</c>.</summary>
    TwelveData,
}

/// <summary>What <c>dataflow ingest</c> (and the ingest stage of <c>dataflow run</c>) fetches.</summary>
public sealed record IngestOptions(IngestSource Source, IReadOnlyList<string> Symbols, BarInterval Interval, IngestionWindow Window, int Seed, int? CreditsPerMinute)
{
    /// <summary>
    /// Twelve Data only: the id of an interrupted run to resume (printed when it started): what it stored is kept, the
    /// rest is fetched, and a complete run is returned as it is.
    /// </summary>
    public string? ResumeRunId { get; init; }
}

/// <summary>
/// The ingest stage of the twin: the same <see cref="IngestionRun"/> the Lambda runs, writing to the lake's raw folder
/// with the S3 key layout, from the sample or from Twelve Data.
/// </summary>
public sealed class TwinIngest(TwinPaths paths, Func<string, string?> environment)
{
    public const string ApiKeyVariable = "TWELVEDATA_API_KEY";

    /// <summary>
    /// The sample ingests "after the close" of the window's last day, and its suffix is derived from everything it
    /// fetches: the same command twice is one run (same keys, same bytes); another subset, window or seed is another run,
    /// never a replacement of the first.
    /// </summary>
    public static RunId SampleRunId(LakeLayout layout, IngestionRequest request, int seed)
    {
        var to = request.Window.To ?? throw new TwinException("the sample source needs a date window (--from/--to), not --latest");
        var what = $"{string.Join(",", request.Symbols)}|{request.Interval.Value}|{request.Window}|{seed}";
        return layout.RunIds.Create(new DateTimeOffset(to.ToDateTime(new TimeOnly(21, 0)), TimeSpan.Zero), SampleTimeSeriesSource.SourceName,
            RunIdFormat.DerivedSuffix(what));
    }

    /// <summary>A run id given on the command line: one of a Twelve Data run, or a message naming the option.</summary>
    private static RunId Resumed(LakeLayout layout, string value, string option)
    {
        RunId id;
        try
        {
            id = layout.RunIds.Parse(value);
        }
        catch (FormatException e)
        {
            throw new TwinException($"{option}: {e.Message}", e);
        }

        return id.Source == IngestionHandler.RunSource
            ? id
            : throw new TwinException($"{option} {value} is a run of source '{id.Source}', not {IngestionHandler.RunSource}");
    }

    /// <param name="started">Told the run id before anything is fetched, so an interrupted run can be resumed by it.</param>
    public async Task<RunManifest> RunAsync(IngestOptions options, IProgress<SourceResponse>? progress, CancellationToken cancellationToken,
        Action<RunId>? started = null)
    {
        var layout = paths.Layout;
        var universe = SymbolUniverse.Load(paths.Contracts).Select(options.Symbols);
        var request = new IngestionRequest(universe.Symbols.Select(s => s.Symbol).ToArray(), options.Interval, options.Window);
        var store = new LocalFolderRawStore(paths.Zone(LakeLayout.Raw));

        if (options.Source == IngestSource.Sample)
        {
            if (options.ResumeRunId is not null)
            {
                throw new TwinException("--resume is for --source twelvedata: a sample run is resumed by running the same command again");
            }

            var runId = SampleRunId(layout, request, options.Seed);
            started?.Invoke(runId);
            var sample = new SampleTimeSeriesSource(universe, options.Seed, SampleDefects.Realistic);
            return await new IngestionRun(sample, store, layout, new FrozenClock(runId.StartedUtc)).ExecuteAsync(runId, request, progress, cancellationToken);
        }

        using var http = new HttpClient();
        try
        {
            var source = await TwelveDataAsync(http, options.CreditsPerMinute, null, cancellationToken);
            var run = new IngestionRun(source, store, layout, TimeProvider.System);
            var runId = options.ResumeRunId is { } resumed ? Resumed(layout, resumed, "--resume") : layout.RunIds.Create(TimeProvider.System.GetUtcNow(), IngestionHandler.RunSource);
            started?.Invoke(runId);
            return await run.ExecuteAsync(runId, request, progress, cancellationToken, resume: options.ResumeRunId is not null);
        }
        catch (TwelveDataException e)
        {
            throw new TwinException(e.Message, e);
        }
    }

    /// <summary>
    /// One attempt of a history backfill from Twelve Data (<see cref="Backfill"/>): a new backfill, or the next attempt of
    /// <see cref="BackfillOptions.ContinueId"/>, which fetches only what the earlier attempts left unfinished, from the
    /// page where each symbol stopped, within today's credit budget. A complete backfill fetches nothing.
    /// </summary>
    public async Task<BackfillProgress> BackfillAsync(BackfillOptions options, IProgress<SourceResponse>? progress, CancellationToken cancellationToken,
        Action<BackfillStep>? started = null)
    {
        var layout = paths.Layout;
        var store = new LocalFolderRawStore(paths.Zone(LakeLayout.Raw));
        var now = TimeProvider.System.GetUtcNow();
        IngestionRequest? request = null;
        if (options.Symbols.Count > 0 || options.ContinueId is null)
        {
            var universe = SymbolUniverse.Load(paths.Contracts).Select(options.Symbols);
            request = new IngestionRequest(universe.Symbols.Select(s => s.Symbol).ToArray(), options.Interval, IngestionWindow.Between(options.From, options.To));
        }

        var backfill = options.ContinueId is { } id ? Resumed(layout, id, "--continue") : layout.RunIds.Create(now, IngestionHandler.RunSource);
        using var http = new HttpClient();
        try
        {
            var step = await Backfill.NextAsync(store, layout, backfill, request, now, cancellationToken);
            started?.Invoke(step);
            if (step.IsComplete)
            {
                return new BackfillProgress(step, null);
            }

            if (step.BudgetSpent(options.CreditsPerDay))
            {
                // An attempt now would only write a manifest of symbols not attempted.
                return new BackfillProgress(step, null) { BudgetSpentToday = true };
            }

            var source = await TwelveDataAsync(http, options.CreditsPerMinute, limiter =>
            {
                if (options.CreditsPerDay is { } budget)
                {
                    limiter.Budget(budget, step.CreditsSpentToday);
                }
            }, cancellationToken);
            var manifest = await new IngestionRun(source, store, layout, TimeProvider.System)
                .ExecuteAsync(step.RunId, step.Request, progress, cancellationToken, resume: true);
            return new BackfillProgress(step, manifest);
        }
        catch (Exception e) when (e is TwelveDataException or BackfillException)
        {
            throw new TwinException(e.Message, e);
        }
    }

    /// <summary>The same client, limiter and source the Lambda builds, with the key from the environment.</summary>
    private async Task<TwelveDataSource> TwelveDataAsync(HttpClient http, int? creditsPerMinute,
        Action<CreditLimiter>? budget, CancellationToken cancellationToken)
    {
        var key = environment(ApiKeyVariable) is { Length: > 0 } k
            ? new ApiKey(k)
            : throw new TwinException($"--source twelvedata needs the API key in the environment variable {ApiKeyVariable}");
        var clientOptions = new TwelveDataOptions
        {
            ApiKey = key,
            BaseUrl = TwelveDataOptions.BaseUrlFrom(environment),
            CreditsPerMinute = creditsPerMinute,
        };
        var plan = await PlanLimits.DiscoverAsync(http, clientOptions, TimeProvider.System, cancellationToken);
        var limiter = plan.CreateLimiter(TimeProvider.System);
        budget?.Invoke(limiter);
        return new TwelveDataSource(new TwelveDataClient(http, clientOptions, limiter, TimeProvider.System), clientOptions);
    }
}

/// <summary>What <c>dataflow backfill</c> fetches: a new backfill's symbols and window, or the backfill to continue.</summary>
public sealed record BackfillOptions(IReadOnlyList<string> Symbols, BarInterval Interval, DateOnly? From, DateOnly To, int? CreditsPerMinute, int? CreditsPerDay)
{
    /// <summary>The backfill (its first run id) whose next attempt this is.</summary>
    public string? ContinueId { get; init; }
}

/// <summary>
/// One backfill attempt: what it set out to fetch and its manifest (null: the backfill was already complete, or today's
/// budget was spent before it started).
/// </summary>
public sealed record BackfillProgress(BackfillStep Step, RunManifest? Manifest)
{
    public bool BudgetSpentToday { get; init; }

    /// <summary>Symbols a next attempt continues (budget or deadline reached, or a failure that may pass).</summary>
    public IReadOnlyList<SymbolResult> Unfinished => Manifest?.Symbols.Where(Backfill.IsUnfinished).ToArray() ?? [];
}
