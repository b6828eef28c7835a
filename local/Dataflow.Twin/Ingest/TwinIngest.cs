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

    /// <param name="started">Told the run id before anything is fetched, so an interrupted run can be resumed by it.</param>
    private static RunId Resumed(LakeLayout layout, string value)
    {
        RunId id;
        try
        {
            id = layout.RunIds.Parse(value);
        }
        catch (FormatException e)
        {
            throw new TwinException($"--resume: {e.Message}", e);
        }

        return id.Source == IngestionHandler.RunSource
            ? id
            : throw new TwinException($"--resume {value} is a run of source '{id.Source}', not {IngestionHandler.RunSource}");
    }

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

        var key = environment(ApiKeyVariable) is { Length: > 0 } k
            ? new ApiKey(k)
            : throw new TwinException($"--source twelvedata needs the API key in the environment variable {ApiKeyVariable}");
        var clientOptions = new TwelveDataOptions
        {
            ApiKey = key,
            BaseUrl = TwelveDataOptions.BaseUrlFrom(environment),
            CreditsPerMinute = options.CreditsPerMinute,
        };
        using var http = new HttpClient();
        try
        {
            var plan = await PlanLimits.DiscoverAsync(http, clientOptions, TimeProvider.System, cancellationToken);
            var client = new TwelveDataClient(http, clientOptions, plan.CreateLimiter(TimeProvider.System), TimeProvider.System);
            var run = new IngestionRun(new TwelveDataSource(client, clientOptions), store, layout, TimeProvider.System);
            var runId = options.ResumeRunId is { } resumed ? Resumed(layout, resumed) : layout.RunIds.Create(TimeProvider.System.GetUtcNow(), IngestionHandler.RunSource);
            started?.Invoke(runId);
            return await run.ExecuteAsync(runId, request, progress, cancellationToken, resume: options.ResumeRunId is not null);
        }
        catch (TwelveDataException e)
        {
            throw new TwinException(e.Message, e);
        }
    }
}
