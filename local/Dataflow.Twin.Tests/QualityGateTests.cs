using Dataflow.Contracts.Testing;
using System.Security.Cryptography;
using Dataflow.Contracts;
using Dataflow.Twin.Pipeline;
using DuckDB.NET.Data;

namespace Dataflow.Twin.Tests;

public sealed class QualityGateTests
{
    [Test]
    public async Task A_blocking_failure_keeps_the_published_data_writes_quarantine_and_results_and_names_the_rule()
    {
        var lake = Directory.CreateTempSubdirectory("dataflow-gate-").FullName;
        try
        {
            var paths = TestRepository.Paths(lake);
            await new TwinPipeline(paths, SilentObserver.Instance).RunAsync(TwinRunOptions.Defaults with { Lake = lake, Symbols = ["AAPL", "MSFT"] }, CancellationToken.None);
            var before = TestRepository.CuratedTables(paths);

            // A later ingestion of AAPL whose bar has a high below its low: it wins the de-duplication.
            var layout = Checkout.Layout;
            var runId = Checkout.Layout.RunIds.Create(new DateTimeOffset(2026, 1, 2, 21, 0, 0, TimeSpan.Zero), "test");
            var key = layout.RawTimeSeriesKey("1day", "AAPL", runId.IngestDate, runId.Value);
            var file = paths.Key(LakeLayout.Raw, key);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file,
                """{"meta":{"symbol":"AAPL","interval":"1day"},"values":[{"datetime":"2025-12-31","open":"100","high":"90","low":"95","close":"99","volume":"1000"}],"status":"ok"}""");

            var e = Assert.ThrowsAsync<TwinException>(() => new TwinPipeline(paths, SilentObserver.Instance).TransformAsync(CancellationToken.None));

            Assert.That(e!.Message, Does.Contain("data quality gate failed for daily_bars").And.Contain("curated data was not published")
                .And.Contain("CustomSql \"select symbol, bar_interval, bar_time from primary where high >= greatest(open, close)"));
            Assert.That(TestRepository.CuratedTables(paths), Is.EqualTo(before), "the curated tables are untouched");
            // The gate judges the transform of the newest manifest: its run names the results and the quarantine.
            var evaluated = Dataflow.Twin.Ingest.RawZone.NewestManifest(paths).RunId;
            var quarantine = Directory.GetFiles(paths.QualityQuarantine("daily_bars", evaluated), "*.parquet").Single();
            using var db = new DuckDBConnection("DataSource=:memory:");
            db.Open();
            using var c = db.CreateCommand();
            c.CommandText = $"SELECT symbol, CAST(bar_date AS VARCHAR), len(DataQualityRulesFail) FROM read_parquet('{quarantine}')";
            using var reader = c.ExecuteReader();
            Assert.That(reader.Read(), Is.True);
            Assert.That((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)), Is.EqualTo(("AAPL", "2025-12-31", 1L)));
            Assert.That(reader.Read(), Is.False, "only the bad bar is quarantined");
            Assert.That(File.Exists(paths.QualityResults("daily_bars", evaluated)), "the gate's results of the failed run");
        }
        finally
        {
            Directory.Delete(lake, recursive: true);
        }
    }
}
