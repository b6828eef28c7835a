using System.Diagnostics;
using Dataflow.Contracts;
using Dataflow.Ingestion;
using Dataflow.Twin.Etl;
using Dataflow.Twin.Ingest;
using Dataflow.Twin.Query;
using Dataflow.Twin.Report;
using Dataflow.Twin.Sample;

namespace Dataflow.Twin.Pipeline;

/// <summary>
/// The whole pipeline on the local machine, stage by stage as in the cloud: ingest (sample source) → raw zone →
/// sql/etl on DuckDB → curated Parquet → an sql/athena query → report.
/// </summary>
public sealed class TwinPipeline(TwinPaths paths, ITwinObserver observer, Func<string, string?>? environment = null)
{
    public const string SummaryQuery = "symbol_performance";

    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;

    public async Task<RunSummary> RunAsync(TwinRunOptions options, CancellationToken cancellationToken)
    {
        options.Validate();
                var schema = CuratedSchema.Load(paths.Contracts);
        var universe = SymbolUniverse.Load(paths.Contracts).Select(options.Symbols);
        var timings = new Dictionary<TwinStage, TimeSpan>();

        var ingest = new IngestOptions(options.Source, options.Symbols, SampleTimeSeriesSource.DailyInterval,
            IngestionWindow.Between(options.From, options.To), options.Seed, options.CreditsPerMinute);
        var manifest = await Timed(TwinStage.Ingest, universe.Symbols.Count, timings, () =>
            new TwinIngest(paths, _environment).RunAsync(ingest, new Inline<SourceResponse>(r =>
                observer.StepCompleted(TwinStage.Ingest, $"{r.Symbol}: {r.Summary.Outcome.ToString().ToLowerInvariant()}, {r.Summary.Bars:N0} bars")), cancellationToken));
        if (manifest.Totals.Succeeded == 0)
        {
            throw new TwinException($"ingestion produced no data: {string.Join("; ", manifest.Symbols.Select(s => $"{s.Symbol}: {s.Error ?? s.Outcome.ToString()}"))}");
        }

        using var db = new DuckDbSession();
        var transform = new TwinTransform(db, paths);
        long staged = 0;
        var models = await Timed(TwinStage.Transform, SqlModel.LoadOrdered(paths.EtlSql).Count + 1, timings, () =>
        {
            staged = transform.StageRaw();
            observer.StepCompleted(TwinStage.Transform, $"{TwinTransform.StagingRelation}: {staged:N0} rows");
            return Task.FromResult(transform.RunModels(new Inline<ModelResult>(m =>
                observer.StepCompleted(TwinStage.Transform, $"{m.Name}: {m.Rows:N0} rows"))));
        });

        var tables = await Timed(TwinStage.Publish, schema.Tables.Count, timings, () =>
            Task.FromResult(new CuratedPublisher(db, paths, schema).PublishAll(new Inline<PublishedTable>(t =>
                observer.StepCompleted(TwinStage.Publish, $"{t.Name}: {t.Rows:N0} rows in {t.Files} files")))));

        var (rejects, result) = await Timed(TwinStage.Query, 2, timings, () =>
        {
            // A fresh database, as Athena reads only what was published to the curated zone, not the ETL's tables.
            using var catalog = new DuckDbSession();
            CuratedCatalog.Register(catalog, paths, schema);
            var byReason = RejectsByReason(catalog);
            observer.StepCompleted(TwinStage.Query, $"rejected_bars: {byReason.Values.Sum():N0} rows by reason");
            var rows = AthenaQuery.Run(catalog, paths, SummaryQuery);
            QueryResultCsv.Write(rows, Path.Combine(paths.Zone(LakeLayout.AthenaResults), $"{SummaryQuery}.csv"));
            observer.StepCompleted(TwinStage.Query, $"{SummaryQuery}: {rows.Rows.Count} rows");
            return Task.FromResult((byReason, rows));
        });

        var reportPath = Path.Combine(paths.Reports, "run-report.html");
        var summary = new RunSummary(manifest, staged, models, tables, rejects, SummaryQuery, result, timings, reportPath);
        await Timed(TwinStage.Report, 1, timings, async () =>
        {
            Directory.CreateDirectory(paths.Reports);
            await File.WriteAllTextAsync(reportPath, RunReport.Render(summary), cancellationToken);
            observer.StepCompleted(TwinStage.Report, reportPath);
            return reportPath;
        });
        return summary;
    }

    private static Dictionary<string, long> RejectsByReason(DuckDbSession db) =>
        db.Query("select reason_code, count(*) from rejected_bars group by reason_code order by reason_code", "counting rejects")
            .Rows.ToDictionary(r => (string)r[0]!, r => Convert.ToInt64(r[1], System.Globalization.CultureInfo.InvariantCulture));

    private async Task<T> Timed<T>(TwinStage stage, int steps, Dictionary<TwinStage, TimeSpan> timings, Func<Task<T>> work)
    {
        observer.StageStarted(stage, steps);
        var started = Stopwatch.GetTimestamp();
        var result = await work();
        timings[stage] = Stopwatch.GetElapsedTime(started);
        observer.StageFinished(stage, timings[stage]);
        return result;
    }

    /// <summary>Progress reported on the calling thread (Progress&lt;T&gt; would post to the thread pool and reorder steps).</summary>
    private sealed class Inline<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
