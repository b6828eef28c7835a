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
public sealed class TwinPipeline(TwinPaths paths, ITwinObserver observer, Func<string, string?>? environment = null, bool full = false)
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
                observer.StepCompleted(TwinStage.Ingest, ResponseLine.Of(r))), cancellationToken));
        if (manifest.Totals.Succeeded == 0)
        {
            throw new TwinException($"ingestion produced no data: {string.Join("; ", manifest.Symbols.Select(s => $"{s.Symbol}: {s.Error ?? s.Outcome.ToString()}"))}");
        }

        var summary = await ProcessAsync(manifest, timings, cancellationToken);
        if (summary.Splits.Count == 0)
        {
            return summary;
        }

        // Only the runs that can resolve a split are read: the detecting ones and later (a lake keeps years of runs).
        var earliest = summary.Splits.Select(s => s.DetectedRunId).Order(StringComparer.Ordinal).First();
        var pending = SplitRefetch.Pending(summary.Splits, RawZone.Manifests(paths, run => string.CompareOrdinal(run, earliest) >= 0).Read);
        if (pending.Count == 0)
        {
            return summary;
        }

        if (options.Source != IngestSource.TwelveData)
        {
            foreach (var split in pending)
            {
                observer.StepCompleted(TwinStage.Publish, $"{SplitRefetch.Describe(split)}: fetch its history again with `dataflow backfill --symbols {split.Symbol}`");
            }

            return summary;
        }

        // The split-adjusted history is the API's: fetch it whole again, so every stored bar has the same scale.
        foreach (var split in pending)
        {
            observer.StepCompleted(TwinStage.Ingest, $"{SplitRefetch.Describe(split)}; fetching its history again");
        }

        var refetch = await Timed(TwinStage.Ingest, pending.Count, timings, () => new TwinIngest(paths, _environment).BackfillAsync(
            new BackfillOptions(pending.Select(p => p.Symbol).Distinct().ToArray(), BarInterval.Daily, null, options.To, options.CreditsPerMinute, null),
            new InlineProgress<SourceResponse>(r => observer.StepCompleted(TwinStage.Ingest, ResponseLine.Of(r))),
            cancellationToken));
        return refetch.Manifest is { } refetched
            ? await ProcessAsync(refetched, timings, cancellationToken) with { Splits = summary.Splits }
            : summary;
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
        var etl = new IncrementalEtl(db, paths, full);
        var plan = etl.Plan();
        foreach (var unreadable in plan.Unreadable)
        {
            observer.StepCompleted(TwinStage.Transform, $"WARNING {unreadable}");
        }

        long staged = 0;
        IReadOnlyList<ModelResult> models = [];
        IReadOnlyList<GateResult> gates = [];
        EtlOutcome? outcome = null;
        IReadOnlyList<DetectedSplit> splits = [];
        if (plan.NothingToDo)
        {
            observer.StepCompleted(TwinStage.Transform, $"nothing new: all {plan.ManifestsListed} runs of the raw zone are published (`--full` rebuilds)");
        }
        else
        {
            models = await Timed(TwinStage.Transform, SqlModel.LoadOrdered(paths.Etl, paths.EtlSql).Count + 1, timings, () =>
            {
                staged = etl.Stage();
                observer.StepCompleted(TwinStage.Transform,
                    $"{paths.Etl.StagingRelation}: {staged:N0} rows from {plan.Objects.Count:N0} objects ({(plan.Full ? "full rebuild" : $"{plan.NewRuns.Count} new of {plan.ManifestsListed} runs")})");
                return Task.FromResult(etl.Transform(new InlineProgress<ModelResult>(m =>
                    observer.StepCompleted(TwinStage.Transform, $"{m.Name}: {m.Rows:N0} rows"))));
            });
            splits = SplitRefetch.Detected(db);

            gates = await Timed(TwinStage.Quality, schema.Tables.Count, timings, () => Task.FromResult(etl.Gate(manifest.StartedUtc,
                new InlineProgress<GateResult>(result =>
                {
                    foreach (var problem in result.HistoryProblems)
                    {
                        observer.StepCompleted(TwinStage.Quality, $"WARNING quality history {problem}");
                    }

                    observer.StepCompleted(TwinStage.Quality,
                        $"{result.Table}: {result.Evaluation.Passed} passed, {result.Evaluation.Failed} failed ({result.Warnings.Count()} warnings), {result.Evaluation.NotEvaluated} not evaluated");
                }))));

            outcome = await Timed(TwinStage.Publish, schema.Tables.Count, timings, () =>
                Task.FromResult(etl.Publish(new InlineProgress<PublishedTable>(t =>
                    observer.StepCompleted(TwinStage.Publish, $"{t.Name}: {t.Rows:N0} rows, {t.PartitionsRewritten} of {t.Partitions} partitions rewritten")))));
            gates = outcome.Gates;
            foreach (var hold in outcome.Holds)
            {
                observer.StepCompleted(TwinStage.Publish, HoldMessage(hold, gates));
            }
        }

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

        var tables = outcome?.Tables ?? schema.Tables.Select(t => new PublishedTable(t.Name,
            catalog.Scalar<long>($"select count(*) from {t.Name}", $"counting {t.Name}"), 0, 0, paths.CuratedTable(t.Name))).ToArray();
        var summary = new RunSummary(manifest, staged, models, gates, tables, rejects, SummaryQuery, result, timings, Path.Combine(paths.Reports, TwinReport.PageFile))
        {
            Plan = plan,
            Holds = outcome?.Holds ?? plan.HoldsBefore,
            Splits = splits,
        };
        var report = await Timed(TwinStage.Report, 1, timings, () =>
        {
            var written = TwinReport.Write(paths, catalog, RunReport.Sections(summary), manifest.StartedUtc.UtcDateTime);
            observer.StepCompleted(TwinStage.Report, $"{written.Visuals} visuals previewed: {written.Path}");
            return Task.FromResult(written);
        });
        return summary with { Report = report };
    }

    /// <summary>What a hold means and how to end it, for the terminal.</summary>
    public static string HoldMessage(SymbolHold hold, IEnumerable<GateResult> gates) =>
        $"HELD {hold.Name}: its new rows failed {string.Join("; ", hold.Rules)}. Its previous data stays published and " +
        $"{hold.PendingObjects.Count} raw object(s) wait: fix or re-fetch the data, or accept it with `dataflow release {hold.Symbol}`" +
        (gates.Select(g => g.QuarantinePath).OfType<string>().FirstOrDefault() is { } q ? $" (failing rows: {Path.GetDirectoryName(q)})" : "");

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
