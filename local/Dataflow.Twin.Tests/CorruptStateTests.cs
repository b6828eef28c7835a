using Dataflow.Contracts;
using Dataflow.Ingestion;
using Dataflow.Quality.Evaluation;
using Dataflow.Twin.Etl;
using Dataflow.Twin.Ingest;
using Dataflow.Twin.Pipeline;

namespace Dataflow.Twin.Tests;

/// <summary>A corrupt run manifest or metric-history line is reported and skipped, never the end of every later transform.</summary>
public sealed class CorruptStateTests
{
    private sealed class Recording : ITwinObserver
    {
        public List<string> Steps { get; } = [];
        public void StageStarted(TwinStage stage, int steps) { }
        public void StepCompleted(TwinStage stage, string detail) => Steps.Add(detail);
        public void StageFinished(TwinStage stage, TimeSpan elapsed) { }
    }

    [Test]
    public async Task A_corrupt_newest_manifest_is_reported_its_run_waits_and_is_published_once_restored()
    {
        var lake = Directory.CreateTempSubdirectory("dataflow-corrupt-").FullName;
        try
        {
            var paths = TestRepository.Paths(lake);
            var ingest = new TwinIngest(paths, _ => null);
            IngestOptions Window(string symbol) => new(IngestSource.Sample, [symbol], BarInterval.Daily, IngestionWindow.Between(new(2025, 11, 1), new(2025, 12, 31)), 7, null);
            var first = await ingest.RunAsync(Window("AAPL"), null, CancellationToken.None);
            var second = await ingest.RunAsync(Window("MSFT"), null, CancellationToken.None);
            var manifest = paths.Key(LakeLayout.Raw, paths.Layout.RunManifestKey(paths.Layout.RunIds.Parse(second.RunId).IngestDate, second.RunId));
            var original = await File.ReadAllBytesAsync(manifest);
            await File.WriteAllTextAsync(manifest, "{\"run_id\": \"torn wri");

            var observer = new Recording();
            var run = await new TwinPipeline(paths, observer).TransformAsync(CancellationToken.None);

            var processed = new CuratedStore(paths).Current().ProcessedRunIds;
            Assert.That(observer.Steps, Has.Some.StartsWith("WARNING run manifest ").And.Contain($"run {second.RunId} is skipped until the manifest is restored"));
            Assert.That(processed, Does.Contain(first.RunId));
            Assert.That(processed, Does.Not.Contain(second.RunId), "not recorded as processed: it would never be read again");

            await File.WriteAllBytesAsync(manifest, original);
            await new TwinPipeline(paths, new Recording()).TransformAsync(CancellationToken.None);

            Assert.That(new CuratedStore(paths).Current().ProcessedRunIds, Does.Contain(second.RunId));
            Assert.That(run.Quality, Is.Not.Empty);
        }
        finally
        {
            Directory.Delete(lake, recursive: true);
        }
    }

    [Test]
    public void A_corrupt_history_line_is_skipped_reported_and_kept_aside_and_the_rewrite_is_atomic()
    {
        var folder = Directory.CreateTempSubdirectory("dataflow-history-").FullName;
        try
        {
            var path = Path.Combine(folder, "history.jsonl");
            var at = new DateTimeOffset(2026, 11, 27, 22, 0, 0, TimeSpan.Zero);
            var writer = new JsonLinesMetricHistory(path);
            writer.Record("daily_bars", new Dictionary<string, double> { ["Dataset.*.RowCount"] = 10 }, at);
            writer.Record("daily_bars", new Dictionary<string, double> { ["Dataset.*.RowCount"] = 12 }, at.AddDays(1));
            File.AppendAllText(path, "{\"context\":\"daily_bars\",\"metr\n");

            var history = new JsonLinesMetricHistory(path);

            Assert.That(history.Last("daily_bars", "Dataset.*.RowCount", 5), Is.EqualTo(new[] { 12.0, 10.0 }));
            Assert.That(history.Skipped.Single(), Does.StartWith($"{path}:3: not a metric entry"));

            history.Record("daily_bars", new Dictionary<string, double> { ["Dataset.*.RowCount"] = 13 }, at.AddDays(2));

            Assert.That(new JsonLinesMetricHistory(path).Last("daily_bars", "Dataset.*.RowCount", 5), Is.EqualTo(new[] { 13.0, 12.0, 10.0 }));
            Assert.That(new JsonLinesMetricHistory(path).Skipped, Is.Empty);
            Assert.That(File.ReadAllText(path + ".rejected"), Does.Contain("\"metr"), "the corrupt line is kept, not dropped");
            Assert.That(Directory.GetFiles(folder, "*.tmp"), Is.Empty);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
