using System.Text.Json.Nodes;
using Dataflow.Contracts;
using Dataflow.Infra.Model.Iam;
using Dataflow.Infra.Model.Naming;
using Dataflow.Contracts.Ingestion;

namespace Dataflow.Infra.Model.Monitoring;

/// <summary>
/// What the stack watches: the alarms (metric and event), and the CloudWatch dashboard's body. Metric names come from
/// the contracts the emitting code shares (the Lambda's <see cref="IngestionMetrics"/>, the Glue job's evaluation
/// contexts) or from AWS's namespaces.
/// </summary>
public sealed record PipelineMonitoring(StackResourceNames Names, BarInterval Interval, LakeBucketNames Buckets, IReadOnlyList<string> GatedTables)
{
    public const string GlueDataQualityNamespace = "Glue Data Quality";

    /// <summary>A stack's monitoring: its names, interval and buckets, and the days its schedule is quiet.</summary>
    public static PipelineMonitoring For(Configuration.StackConfig config, StackResourceNames names, LakeBucketNames buckets, IReadOnlyList<string> gatedTables) =>
        new(names, config.Interval, buckets, gatedTables) { ScheduleQuietUtcDays = ScheduleDays.QuietUtcDays(config.ScheduleExpression, config.ScheduleTimezone) };

    /// <summary>The UTC days the ingestion schedule never runs (<see cref="ScheduleDays"/>): the "no new data" alarm does not judge them.</summary>
    public IReadOnlyList<DayOfWeek> ScheduleQuietUtcDays { get; init; } = [];

    public MetricRef Ingestion(string metric, string stat = "Sum") =>
        IngestionMetrics.All.Any(m => m.Name == metric)
            ? new(IngestionMetrics.Namespace, metric, new Dictionary<string, string>
            {
                [IngestionMetrics.StackDimension] = Names.Stack,
                [IngestionMetrics.IntervalDimension] = Interval.Value,
            }, stat, metric)
            : throw new ArgumentException($"the ingestion Lambda does not emit {metric}", nameof(metric));

    public MetricRef Lambda(string metric, string stat = "Sum") =>
        new("AWS/Lambda", metric, new Dictionary<string, string> { ["FunctionName"] = Names.IngestionFunction }, stat, $"Lambda {metric}");

    public MetricRef DataQuality(string table, string metric) =>
        new(GlueDataQualityNamespace, metric, new Dictionary<string, string> { ["EvaluationContext"] = PipelineContract.EvaluationContext(Names.GlueEvaluationContext, table), ["JobName"] = Names.GlueJob }, "Sum", $"{table} {metric}");

    /// <summary>A Glue job metric (published with <c>--enable-metrics</c>), aggregated over all runs.</summary>
    public MetricRef GlueJob(string metric, string stat = "Maximum") =>
        new("Glue", metric, new Dictionary<string, string> { ["JobName"] = Names.GlueJob, ["JobRunId"] = "ALL", ["Type"] = "count" }, stat, $"ETL {metric}");

    public MetricRef DeadLetters => new("AWS/SQS", "ApproximateNumberOfMessagesVisible", new Dictionary<string, string> { ["QueueName"] = Names.IngestionDeadLetterQueue }, "Maximum", "dead letters");

    public static MetricRef BucketSize(string bucket) =>
        new("AWS/S3", "BucketSizeBytes", new Dictionary<string, string> { ["BucketName"] = bucket, ["StorageType"] = "StandardStorage" }, "Average", bucket);

    public static MetricRef RuleMatches(string rule) => new("AWS/Events", "TriggeredRules", new Dictionary<string, string> { ["RuleName"] = rule }, "Sum", rule);

    public string JobSucceededRule => $"{Names.GlueJob}-succeeded";

    public IReadOnlyList<AlarmSpec> Alarms =>
    [
        new($"{Names.IngestionFunction}-errors", "The ingestion Lambda failed an invocation", Lambda("Errors"), 300, 1, 1, AlarmComparison.GreaterThanOrEqualToThreshold, "notBreaching"),
        new($"{Names.IngestionFunction}-symbols-failed", "Symbols the ingestion could not fetch (API errors, credits exhausted)", Ingestion("SymbolsFailed"), 3600, 1, 1, AlarmComparison.GreaterThanOrEqualToThreshold, "notBreaching"),
        new($"{Names.IngestionFunction}-no-new-data", "No bars ingested on a day the schedule runs: the schedule, the API key or the API is broken",
            Ingestion("BarsIngested"), 86400, 1, 1, AlarmComparison.LessThanThreshold, "breaching", ScheduleQuietUtcDays),
        new($"{Names.IngestionDeadLetterQueue}-depth", "Scheduled invocations that could not be delivered", DeadLetters, 300, 1, 1, AlarmComparison.GreaterThanOrEqualToThreshold, "notBreaching"),
        .. GatedTables.Select(t => new AlarmSpec($"{Names.GlueJob}-{t.Replace('_', '-')}-dq-failed", $"Data quality rules failed on {t}; the run did not publish it",
            DataQuality(t, "glue.data.quality.rules.failed"), 300, 1, 1, AlarmComparison.GreaterThanOrEqualToThreshold, "notBreaching")),
    ];

    public IReadOnlyList<EventAlarmSpec> EventAlarms =>
    [
        new($"{Names.GlueJob}-failed", "The Glue ETL job failed, timed out or stopped", Pattern("aws.glue", "Glue Job State Change", "jobName", Names.GlueJob, ["FAILED", "TIMEOUT", "ERROR", "STOPPED"]), Names.GlueJob),
    ];

    /// <summary>Counted, not alarmed: successful runs, for the success/failure widget.</summary>
    public EventAlarmSpec JobSucceeded =>
        new(JobSucceededRule, "The Glue ETL job succeeded", Pattern("aws.glue", "Glue Job State Change", "jobName", Names.GlueJob, ["SUCCEEDED"]), Names.GlueJob, Notifies: false);

    /// <summary>Every EventBridge rule of the monitoring, alarms first.</summary>
    public IReadOnlyList<EventAlarmSpec> EventRules => [.. EventAlarms, JobSucceeded];

    /// <summary>The dashboard's rows of time-series widgets, top to bottom, each row split evenly across the 24 columns.</summary>
    public IReadOnlyList<IReadOnlyList<(string Title, IReadOnlyList<MetricRef> Metrics)>> DashboardRows =>
    [
        [
            ("Ingestion: bars and symbols", [Ingestion("BarsIngested"), Ingestion("SymbolsSucceeded"), Ingestion("SymbolsFailed")]),
            ("Ingestion: credits used", [Ingestion("CreditsUsed")]),
            ("Twelve Data API latency (p50, p90)", [Ingestion("ApiLatencyMs", "p50"), Ingestion("ApiLatencyMs", "p90")]),
        ],
        [
            ("Lambda: invocations, errors", [Lambda("Invocations"), Lambda("Errors"), DeadLetters]),
            ("Lambda: duration (p90)", [Lambda("Duration", "p90")]),
        ],
        [
            ("ETL job runs: succeeded / failed", [RuleMatches(JobSucceededRule), RuleMatches($"{Names.GlueJob}-failed")]),
            ("ETL job duration (ms)", [GlueJob("glue.driver.aggregate.elapsedTime")]),
            ("Data quality: rules passed / failed",
                [.. GatedTables.SelectMany(t => new[] { DataQuality(t, "glue.data.quality.rules.passed"), DataQuality(t, "glue.data.quality.rules.failed") })]),
        ],
        [
            ("Raw and curated bucket size", [BucketSize(Buckets.Raw), BucketSize(Buckets.Curated)]),
        ],
    ];

    public string DashboardBody()
    {
        const int height = 6;
        var widgets = new JsonArray();
        foreach (var (row, index) in DashboardRows.Select((r, i) => (r, i)))
        {
            var width = 24 / row.Count;
            for (var i = 0; i < row.Count; i++)
            {
                widgets.Add(Widget(row[i].Title, row[i].Metrics, i * width, index * height, width, height));
            }
        }

        return new JsonObject { ["widgets"] = widgets }.ToJsonString();
    }

    /// <summary>Every metric the dashboard and alarms reference, for checks.</summary>
    public IEnumerable<MetricRef> ReferencedMetrics() =>
        DashboardRows.SelectMany(row => row.SelectMany(widget => widget.Metrics)).Concat(Alarms.Select(a => a.Metric));

    private JsonObject Widget(string title, IReadOnlyList<MetricRef> metrics, int x, int y, int width, int height) => new()
    {
        ["type"] = "metric",
        ["x"] = x,
        ["y"] = y,
        ["width"] = width,
        ["height"] = height,
        ["properties"] = new JsonObject
        {
            ["title"] = title,
            ["region"] = Names.Region,
            ["view"] = "timeSeries",
            ["stacked"] = false,
            ["period"] = metrics.Any(m => m.Namespace == "AWS/S3") ? 86400 : 300,
            ["metrics"] = new JsonArray(metrics.Select(m => (JsonNode)MetricArray(m)).ToArray()),
        },
    };

    /// <summary>CloudWatch's array form: namespace, name, dimension pairs, then the rendering options.</summary>
    private static JsonArray MetricArray(MetricRef m)
    {
        var array = new JsonArray(m.Namespace, m.Name);
        foreach (var (key, value) in m.Dimensions)
        {
            array.Add(key);
            array.Add(value);
        }

        array.Add(new JsonObject { ["stat"] = m.Stat, ["label"] = m.Label ?? m.Name });
        return array;
    }

    private static string Pattern(string source, string detailType, string nameField, string name, IReadOnlyList<string> states) => new JsonObject
    {
        ["source"] = new JsonArray(source),
        ["detail-type"] = new JsonArray(detailType),
        ["detail"] = new JsonObject
        {
            [nameField] = new JsonArray(name),
            ["state"] = new JsonArray(states.Select(s => (JsonNode)s).ToArray()),
        },
    }.ToJsonString();
}
