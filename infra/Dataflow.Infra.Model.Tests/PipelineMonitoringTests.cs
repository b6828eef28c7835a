using System.Text.Json.Nodes;
using Dataflow.Contracts;
using Dataflow.Infra.Model.Iam;
using Dataflow.Infra.Model.Monitoring;
using Dataflow.Infra.Model.Naming;
using Dataflow.Ingestion;
using Dataflow.Ingestion.Lambda;

namespace Dataflow.Infra.Model.Tests;

public sealed class PipelineMonitoringTests
{
    private static readonly string[] GatedTables = Directory.GetFiles(Path.Combine(RepositoryRoot.AboveBinaries, "glue", "rulesets"), "*.dqdl")
        .Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal).ToArray();

    private static readonly PipelineMonitoring Monitoring =
        new(new StackResourceNames("dataflow", "prod", "eu-central-1", "444455556666"), BarInterval.Daily, new LakeBucketNames("raw-b", "curated-b", "results-b", "artifacts-b"), GatedTables);

    [Test]
    public void Ingestion_metrics_are_those_the_lambda_emits_with_its_dimensions()
    {
        var manifest = new RunManifest("r1", "twelvedata", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "1day", "latest 1", []);
        var emf = JsonNode.Parse(EmbeddedMetrics.Render("prod", "1day", manifest, [12.5], DateTimeOffset.UnixEpoch))!;
        var directive = emf["_aws"]!["CloudWatchMetrics"]![0]!;
        var emitted = directive["Metrics"]!.AsArray().Select(m => (string)m!["Name"]!).ToHashSet();
        var dimensions = directive["Dimensions"]![0]!.AsArray().Select(d => (string)d!).ToHashSet();

        var referenced = Monitoring.ReferencedMetrics().Where(m => m.Namespace == (string)directive["Namespace"]!).ToArray();

        Assert.That(referenced, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var metric in referenced)
            {
                Assert.That(emitted, Does.Contain(metric.Name));
                Assert.That(metric.Dimensions.Keys, Is.EquivalentTo(dimensions), metric.Name);
                Assert.That(metric.Dimensions.Values, Is.EquivalentTo(dimensions.Select(d => (string)emf[d]!)), metric.Name);
            }
        });
    }

    [Test]
    public void Every_watched_resource_has_an_alarm_and_every_alarm_is_unique()
    {
        var metricAlarms = Monitoring.Alarms;
        var names = metricAlarms.Select(a => a.Name).Concat(Monitoring.EventAlarms.Select(a => a.Name)).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(names, Is.Unique);
            Assert.That(metricAlarms.Any(a => a.Metric.Namespace == "AWS/Lambda" && a.Metric.Name == "Errors"), "Lambda errors");
            Assert.That(metricAlarms.Any(a => a.Metric.Namespace == "AWS/SQS"), "dead-letter depth");
            Assert.That(metricAlarms.Single(a => a.Metric.Name == "BarsIngested").TreatMissingData, Is.EqualTo("breaching"), "silence is no data");
            Assert.That(Monitoring.EventAlarms.Select(a => a.Watches), Is.EquivalentTo(new[] { "dataflow-prod-etl" }), "the job (it also switches the catalog: there is no crawler)");
            foreach (var table in GatedTables)
            {
                Assert.That(metricAlarms.Any(a => a.Metric.Namespace == "Glue Data Quality" && a.Metric.Dimensions["EvaluationContext"] == $"dataflow_prod_etl_{table}"), $"ruleset {table}");
            }
        });
    }

    [Test]
    public void Event_alarms_match_the_events_glue_sends()
    {
        var pattern = JsonNode.Parse(Monitoring.EventAlarms.Single(a => a.Watches == "dataflow-prod-etl").EventPatternJson)!;

        Assert.That((string)pattern["source"]![0]!, Is.EqualTo("aws.glue"));
        Assert.That((string)pattern["detail-type"]![0]!, Is.EqualTo("Glue Job State Change"));
        Assert.That(pattern["detail"]!["state"]!.AsArray().Select(s => (string)s!), Does.Contain("FAILED").And.Contain("TIMEOUT").And.Not.Contain("SUCCEEDED"));
    }

    [Test]
    public void Dashboard_widgets_fit_the_24_column_grid_without_overlapping()
    {
        var widgets = JsonNode.Parse(Monitoring.DashboardBody())!["widgets"]!.AsArray().Select(w => w!).ToArray();
        var cells = new HashSet<(int, int)>();

        Assert.Multiple(() =>
        {
            foreach (var w in widgets)
            {
                var (x, y, width, height) = ((int)w["x"]!, (int)w["y"]!, (int)w["width"]!, (int)w["height"]!);
                Assert.That(x + width, Is.LessThanOrEqualTo(24), (string)w["properties"]!["title"]!);
                for (var i = x; i < x + width; i++)
                {
                    for (var j = y; j < y + height; j++)
                    {
                        Assert.That(cells.Add((i, j)), $"overlap at {i},{j}");
                    }
                }

                Assert.That((string)w["properties"]!["region"]!, Is.EqualTo("eu-central-1"));
            }
        });
    }

    [Test]
    public void The_dashboard_covers_every_stage()
    {
        var metrics = Monitoring.ReferencedMetrics().Select(m => $"{m.Namespace}/{m.Name}").ToHashSet();

        Assert.That(metrics, Is.SupersetOf(new[]
        {
            "Dataflow/Ingestion/BarsIngested", "Dataflow/Ingestion/SymbolsFailed", "Dataflow/Ingestion/ApiLatencyMs", "Dataflow/Ingestion/CreditsUsed",
            "Glue/glue.driver.aggregate.elapsedTime", "AWS/Events/TriggeredRules",
            "Glue Data Quality/glue.data.quality.rules.passed", "Glue Data Quality/glue.data.quality.rules.failed", "AWS/S3/BucketSizeBytes",
        }));
    }

    [Test]
    public void The_no_new_data_alarm_does_not_judge_the_days_the_schedule_never_runs()
    {
        var scheduled = Monitoring with { ScheduleQuietUtcDays = ScheduleDays.QuietUtcDays("cron(30 22 ? * MON-FRI *)", "America/New_York") };

        var alarm = scheduled.Alarms.Single(a => a.Metric.Name == "BarsIngested");
        var everyDay = Monitoring.Alarms.Single(a => a.Metric.Name == "BarsIngested");

        Assert.That(alarm.Expression, Is.EqualTo("IF(DAY(FILL(m1, 0)) == 1 OR DAY(FILL(m1, 0)) == 7, 1, FILL(m1, 0))"));
        Assert.That(alarm.Comparison, Is.EqualTo(AlarmComparison.LessThanThreshold));
        Assert.That(alarm.Threshold, Is.EqualTo(1));
        Assert.That(everyDay.Expression, Is.Null, "a schedule that runs every day is judged every day");
        Assert.That(scheduled.Alarms.Where(a => a.Metric.Name != "BarsIngested").Select(a => a.Expression), Is.All.Null);
    }

    [Test]
    public void An_unknown_ingestion_metric_is_refused() =>
        Assert.That(() => Monitoring.Ingestion("BarsIngestedTypo"), Throws.ArgumentException.With.Message.Contains("does not emit"));
}
