using System.Diagnostics;
using Dataflow.Contracts;
using Dataflow.Ingestion;
using Dataflow.Twin.Etl;
using Dataflow.Twin.Ingest;
using Dataflow.Twin.Quality;
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
        var universe = SymbolUniverse.Load(paths.Contracts).Select(options.Symbols);
        var timings = new Dictionary<TwinStage, TimeSpan>();

        var ingest = new IngestOptions(options.Source, options.Symbols, BarInterval.Daily,
            IngestionWindow.Between(options.From, options.To), options.Seed, options.CreditsPerMinute);
        var manifest = await Timed(TwinStage.Ingest, universe.Symbols.Count, timings, () =>
            new TwinIngest(paths, _environment).RunAsync(ingest, new InlineProgress<SourceResponse>(r =>
                observer.StepCompleted(TwinStage.Ingest, $"{r.Symbol}: {r.Summary.Outcome.ToString().ToLowerInvariant()}, {r.Summary.Bars:N0} bars")), cancellationToken));
        if (manifest.Totals.Succeeded == 0)
        {
            throw new TwinException($"ingestion produced no data: {string.Join("; ", manifest.Symbols.Select(s => $"{s.Symbol}: {s.Error ?? s.Outcome.ToString()}"))}");
        }

        return await ProcessAsync(manifest, timings, cancellationToken);
    }

    /// <summary>
    /// <c>dataflow transform</c>: everything after ingestion, on the raw zone as it is, judged as of the newest run
    /// manifest (so the sample's history is fresh as of the day it was "ingested").
    /// </summary>
    public Task<RunSummary> TransformAsync(CancellationToken cancellationToken)
    {
        return ProcessAsync(RawZone.NewestManifest(paths), [], cancellationToken);
    }

    private async Task<RunSummary> ProcessAsync(RunManifest manifest, Dictionary<TwinStage, TimeSpan> timings, CancellationToken cancellationToken)
    {
        var schema = CuratedSchema.Load(paths.Contracts);
        using var db = new DuckDbSession();
        var transform = new TwinTransform(db, paths);
        var etl = paths.Etl;
        long staged = 0;
        var models = await Timed(TwinStage.Transform, SqlModel.LoadOrdered(etl, paths.EtlSql).Count + 1, timings, () =>
        {
            staged = transform.StageRaw();
            observer.StepCompleted(TwinStage.Transform, $"{etl.StagingRelation}: {staged:N0} rows");
            return Task.FromResult(transform.RunModels(new InlineProgress<ModelResult>(m =>
                observer.StepCompleted(TwinStage.Transform, $"{m.Name}: {m.Rows:N0} rows"))));
        });

        var gates = await Timed(TwinStage.Quality, schema.Tables.Count, timings, () =>
        {
            var gate = new QualityGate(db, paths, transform.References);
            var results = new List<GateResult>();
            foreach (var table in schema.Tables)
            {
                if (gate.Check(table.Name, manifest.RunId, manifest.StartedUtc) is { } result)
                {
                    results.Add(result);
                    observer.StepCompleted(TwinStage.Quality,
                        $"{table.Name}: {result.Evaluation.Passed} passed, {result.Evaluation.Failed} failed, {result.Evaluation.NotEvaluated} not evaluated");
                }
            }

            return Task.FromResult<IReadOnlyList<GateResult>>(results);
        });
        if (gates.Where(g => g.Blocks).ToArray() is { Length: > 0 } blocking)
        {
            new CuratedPublisher(db, paths, schema).DiscardStaged();
            throw new TwinException(BlockedMessage(blocking));
        }

        var tables = await Timed(TwinStage.Publish, schema.Tables.Count, timings, () =>
            Task.FromResult(new CuratedPublisher(db, paths, schema).PublishAll(new InlineProgress<PublishedTable>(t =>
                observer.StepCompleted(TwinStage.Publish, $"{t.Name}: {t.Rows:N0} rows in {t.Files} files")))));

        // A fresh database, as Athena reads only what was published to the curated zone, not the ETL's tables. The
        // report's dashboard preview reads it too, as QuickSight reads through Athena.
        using var catalog = new DuckDbSession();
        var (rejects, result) = await Timed(TwinStage.Query, 2, timings, () =>
        {
            CuratedCatalog.Register(catalog, paths, schema);
            var byReason = RejectsByReason(catalog);
            observer.StepCompleted(TwinStage.Query, $"rejected_bars: {byReason.Values.Sum():N0} rows by reason");
            var rows = AthenaQuery.Run(catalog, paths, SummaryQuery);
            QueryResultCsv.Write(rows, Path.Combine(paths.Zone(LakeLayout.AthenaResults), $"{SummaryQuery}.csv"));
            observer.StepCompleted(TwinStage.Query, $"{SummaryQuery}: {rows.Rows.Count} rows");
            return Task.FromResult((byReason, rows));
        });

        var summary = new RunSummary(manifest, staged, models, gates, tables, rejects, SummaryQuery, result, timings, Path.Combine(paths.Reports, TwinReport.PageFile));
        var report = await Timed(TwinStage.Report, 1, timings, () =>
        {
            var written = TwinReport.Write(paths, catalog, RunReport.Sections(summary), manifest.StartedUtc.UtcDateTime);
            observer.StepCompleted(TwinStage.Report, $"{written.Visuals} visuals previewed: {written.Path}");
            return Task.FromResult(written);
        });
        return summary with { Report = report };
    }

    private static string BlockedMessage(IEnumerable<GateResult> blocking) =>
        string.Join(Environment.NewLine, blocking.Select(g =>
            $"data quality gate failed for {g.Table}: {g.Evaluation.Failed} of {g.Evaluation.Rules.Count} rules failed ({g.Ruleset}); curated data was not published" + Environment.NewLine +
            string.Join(Environment.NewLine, g.FailedRules.Select(r => $"  - {r.Rule} -> {r.FailureReason?.Replace("\n", "; ", StringComparison.Ordinal)}")) + Environment.NewLine +
            $"  results: {g.ResultsPath}" + (g.QuarantinePath is { } q ? $"{Environment.NewLine}  quarantined rows: {q}" : "")));

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
}
