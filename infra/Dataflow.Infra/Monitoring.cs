using Dataflow.Infra.Model.Iam;
using Dataflow.Infra.Model.Monitoring;
using Pulumi;
using Aws = Pulumi.Aws;

namespace Dataflow.Infra;

public sealed record MonitoringArgs(Output<PipelineMonitoring> Model, IReadOnlyList<AlarmSpec> AlarmShapes, IReadOnlyList<EventAlarmSpec> EventShapes,
    string AlarmEmail, IReadOnlyDictionary<string, string> Tags);

/// <summary>
/// The stack's alarm topic with its e-mail subscription, the metric alarms and event alarms of
/// <see cref="PipelineMonitoring"/>, and the CloudWatch dashboard.
/// </summary>
public sealed class Monitoring : ComponentResource
{
    public Monitoring(string name, MonitoringArgs args, ComponentResourceOptions? options = null)
        : base("dataflow:monitoring:Monitoring", name, options)
    {
        var parent = new CustomResourceOptions { Parent = this };
        var model = args.Model;

        var topic = new Aws.Sns.Topic("alarms", new Aws.Sns.TopicArgs
        {
            Name = model.Apply(m => m.Names.AlarmTopic),
            KmsMasterKeyId = "alias/aws/sns",
            Tags = args.Tags.ToDictionary(),
        }, parent);
        new Aws.Sns.TopicSubscription("alarm-email", new Aws.Sns.TopicSubscriptionArgs
        {
            Topic = topic.Arn,
            Protocol = "email",
            Endpoint = args.AlarmEmail,
        }, parent);
        new Aws.Sns.TopicPolicy("alarm-publishers", new Aws.Sns.TopicPolicyArgs
        {
            Arn = topic.Arn,
            Policy = topic.Arn.Apply(arn => new PolicyDocument(
                new PolicyStatement("CloudWatchAlarms", PolicyEffect.Allow, ["sns:Publish"], [arn], PolicyPrincipal.Service("cloudwatch.amazonaws.com")),
                new PolicyStatement("EventBridgeRules", PolicyEffect.Allow, ["sns:Publish"], [arn], PolicyPrincipal.Service("events.amazonaws.com"))).ToJson()),
        }, parent);

        // The alarm list's shape is fixed by the stack's configuration; only names inside carry the account id.
        foreach (var (shape, index) in args.AlarmShapes.Select((a, i) => (a, i)))
        {
            var alarm = model.Apply(m => m.Alarms[index]);
            new Aws.CloudWatch.MetricAlarm($"alarm-{index:D2}", new Aws.CloudWatch.MetricAlarmArgs
            {
                Name = alarm.Apply(a => a.Name),
                AlarmDescription = shape.Description,
                Namespace = shape.Metric.Namespace,
                MetricName = shape.Metric.Name,
                Dimensions = alarm.Apply(a => (IDictionary<string, string>)a.Metric.Dimensions.ToDictionary()),
                Statistic = shape.Metric.Stat,
                Period = shape.PeriodSeconds,
                EvaluationPeriods = shape.EvaluationPeriods,
                Threshold = shape.Threshold,
                ComparisonOperator = shape.Comparison.ToString(),
                TreatMissingData = shape.TreatMissingData,
                AlarmActions = { topic.Arn },
                OkActions = { topic.Arn },
                Tags = args.Tags.ToDictionary(),
            }, parent);
        }

        foreach (var (shape, index) in args.EventShapes.Select((a, i) => (a, i)))
        {
            var spec = model.Apply(m => m.EventRules[index]);
            var rule = new Aws.CloudWatch.EventRule($"event-{index:D2}", new Aws.CloudWatch.EventRuleArgs
            {
                Name = spec.Apply(s => s.Name),
                Description = shape.Description,
                EventPattern = spec.Apply(s => s.EventPatternJson),
                Tags = args.Tags.ToDictionary(),
            }, parent);
            if (shape.Notifies)
            {
                new Aws.CloudWatch.EventTarget($"event-{index:D2}-to-topic", new Aws.CloudWatch.EventTargetArgs { Rule = rule.Name, Arn = topic.Arn }, parent);
            }
        }

        var dashboard = new Aws.CloudWatch.Dashboard("dashboard", new Aws.CloudWatch.DashboardArgs
        {
            DashboardName = model.Apply(m => m.Names.Dashboard),
            DashboardBody = model.Apply(m => m.DashboardBody()),
        }, parent);

        AlarmTopicArn = topic.Arn;
        DashboardName = dashboard.DashboardName;
        RegisterOutputs();
    }

    [Output("alarmTopicArn")]
    public Output<string> AlarmTopicArn { get; private set; }

    [Output("dashboardName")]
    public Output<string> DashboardName { get; private set; }
}
