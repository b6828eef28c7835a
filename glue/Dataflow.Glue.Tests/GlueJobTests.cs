using System.Text.Json.Nodes;
using Dataflow.Contracts;
using Dataflow.Contracts.Testing;
using Dataflow.Twin.Etl;

namespace Dataflow.Glue.Tests;

public sealed class GlueJobTests
{
    private static readonly string Script = Path.Combine(Checkout.Repository.GlueJobs, "awsdataflowjob.py");

    [Test]
    public void The_job_passes_pyflakes()
    {
        var pyflakes = DebianTool.Require("pyflakes3", "pyflakes3");

        var (exit, output) = DebianTool.Run(pyflakes, Script, allowFailure: true);

        Assert.That(exit, Is.Zero, output);
    }

    [Test]
    public void Pyflakes_catches_an_undefined_name_so_the_lint_can_fail()
    {
        var pyflakes = DebianTool.Require("pyflakes3", "pyflakes3");
        var broken = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.py");
        var original = File.ReadAllText(Script);
        const string Call = "stage(spark, pipeline, args[\"raw_bucket\"], todo[\"objects\"])";
        Assert.That(original, Does.Contain(Call));
        File.WriteAllText(broken, original.Replace(Call, "stage(spark, pipeline, argz[\"raw_bucket\"], todo[\"objects\"])", StringComparison.Ordinal));
        try
        {
            Assert.That(DebianTool.Run(pyflakes, broken, allowFailure: true).ExitCode, Is.Not.Zero);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Test]
    public void The_driver_reads_every_layout_and_list_from_the_pipeline_contract()
    {
        var pipeline = PipelineContract.Load(Checkout.Repository);
        var layout = pipeline.Layout;
        var runId = layout.RunIds.Create(new DateTimeOffset(2025, 3, 7, 21, 0, 0, TimeSpan.Zero), "twelvedata").Value;
        var key = layout.RawTimeSeriesKey("1day", "EUR/USD", new DateOnly(2025, 3, 7), runId, page: 2);

        var driver = GlueDriverHarness.Run(Script, pipeline.ToJson(), key);

        Assert.Multiple(() =>
        {
            Assert.That((string?)driver["raw"]!["folder"], Is.EqualTo($"s3://raw-bucket/{layout.RawTimeSeries.FolderPrefix}"));
            Assert.That((string?)driver["parsed"]!["ingest_date"], Is.EqualTo("2025-03-07"), "the key regexes, run by Python's re as Spark runs them");
            Assert.That((string?)driver["parsed"]!["run_id"], Is.EqualTo(runId));
            Assert.That(driver["models"]!.AsArray().Select(m => ((string)m![0]!, (string)m[1]!)),
                Is.EqualTo(pipeline.Models.Select(m => (m.Name, $"bundle/sql/etl/{m.FileName}"))));
            Assert.That(driver["tables"]!.AsObject().Select(t => (t.Key, (string)t.Value!)),
                Is.EquivalentTo(pipeline.Schema.Tables.Select(t => (t.Name, $"s3://curated-bucket/{layout.CuratedTablePrefix(t.Name)}"))));
            Assert.That(driver["gated"]!.AsArray().Select(g => (string)g!), Is.EqualTo(pipeline.GatedTables));
            Assert.That(driver["staging"]!["columns"]!.AsArray().Select(c => (string)c!), Is.EqualTo(pipeline.Etl.StagingColumns));
            Assert.That(driver["seeds"]!.AsObject().Select(s => (s.Key, (string)s.Value!)), Is.EqualTo(pipeline.Etl.ReferenceSeeds.Select(s => (s.Key, s.Value))));
        });
    }

    [Test]
    public void Quality_results_and_quarantine_go_where_the_twin_puts_them_in_the_curated_zone()
    {
        var pipeline = PipelineContract.Load(Checkout.Repository);
        var quality = GlueDriverHarness.Run(Script, pipeline.ToJson(), "x")["quality"]!["daily_bars"]!;

        Assert.That((string?)quality["context"], Is.EqualTo(PipelineContract.EvaluationContext("ctx", "daily_bars")));
        Assert.That((string?)quality["results"], Is.EqualTo($"s3://curated-bucket/{pipeline.Layout.QualityResultsPrefix("daily_bars")}"));
        Assert.That((string?)quality["quarantine"], Is.EqualTo($"s3://curated-bucket/{pipeline.Layout.QualityQuarantinePrefix("daily_bars", "jr_1")}"));
    }

    [Test]
    public void A_changed_key_layout_reaches_the_driver_through_the_contract_alone()
    {
        using var copy = new RepositoryCopy("sql", "glue");
        var lake = copy["sql/contracts/lake.yaml"];
        File.WriteAllText(lake, File.ReadAllText(lake).Replace("raw_time_series: \"twelvedata/", "raw_time_series: \"v2/twelvedata/", StringComparison.Ordinal));
        var pipeline = PipelineContract.Load(copy.Repository);
        var runId = pipeline.Layout.RunIds.Create(new DateTimeOffset(2025, 3, 7, 21, 0, 0, TimeSpan.Zero), "sample").Value;
        var key = pipeline.Layout.RawTimeSeriesKey("1day", "AAPL", new DateOnly(2025, 3, 7), runId);

        var driver = GlueDriverHarness.Run(Path.Combine(copy.Repository.GlueJobs, "awsdataflowjob.py"), pipeline.ToJson(), key);

        Assert.That(key, Does.StartWith("v2/twelvedata/"));
        Assert.That((string?)driver["raw"]!["folder"], Is.EqualTo("s3://raw-bucket/v2/twelvedata/time_series/"));
        Assert.That((string?)driver["parsed"]!["run_id"], Is.EqualTo(runId));
        Assert.That(JsonNode.Parse(pipeline.ToJson())!["raw"]!["time_series"]!["folder_prefix"]!.GetValue<string>(), Is.EqualTo("v2/twelvedata/time_series/"));
    }

    [Test]
    public void The_job_sets_the_engine_settings_the_shared_sql_relies_on()
    {
        var text = File.ReadAllText(Script);

        Assert.That(text, Does.Contain("write.mode(\"errorifexists\")"), "a run writes new folders, never over published files");
        Assert.That(text, Does.Contain("job.init(").And.Contain("job.commit()"));
        Assert.That(text, Does.Not.Contain("print("), "the driver logs");
        Assert.That(text, Does.Contain("\"spark.sql.session.timeZone\", \"UTC\""), "both engines read naive UTC timestamps (sql/etl/README.md)");
        Assert.That(text, Does.Contain("EvaluateDataQuality().process_rows("));
        Assert.That(SqlModel.LoadOrdered(EtlContract.Load(Checkout.Contracts), Checkout.Repository.EtlSql).Select(m => m.Name),
            Is.EqualTo(new[] { "typed_bars", "validated_bars", "run_bars", "bar_versions", "calendar_sessions", "daily_bars", "monthly_bars", "rejected_bars", "bar_revisions", "corporate_actions" }));
    }
}
