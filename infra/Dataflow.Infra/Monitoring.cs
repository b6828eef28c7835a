using Dataflow.Infra.Model.Iam;
using Dataflow.Infra.Model.Monitoring;
using Pulumi;
using Aws = Pulumi.Aws;

namespace Dataflow.Infra;

public sealed record MonitoringArgs(PipelineMonitoring Model, string AlarmEmail, IReadOnlyDictionary<string, string> Tags);

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

        // A key of our own: CloudWatch and EventBridge cannot use the AWS-managed SNS key (AlarmKeyPolicy says why).
        var key = new Aws.Kms.Key("alarm-key", new Aws.Kms.KeyArgs
        {
            Description = $"Encrypts the alarm topic {model.Names.AlarmTopic}; its publishers (CloudWatch alarms, EventBridge rules) may use it",
            EnableKeyRotation = true,
            DeletionWindowInDays = 30,
            Policy = AlarmKeyPolicy.For(model.Names).ToJson(),
            Tags = args.Tags.ToDictionary(),
        }, parent);
        new Aws.Kms.Alias("alarm-key-alias", new Aws.Kms.AliasArgs { Name = $"alias/{model.Names.AlarmTopic}", TargetKeyId = key.KeyId }, parent);

        var topic = new Aws.Sns.Topic("alarms", new Aws.Sns.TopicArgs
        {
            Name = model.Names.AlarmTopic,
            KmsMasterKeyId = key.Arn,
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
            Policy = topic.Arn.Apply(arn => PipelinePolicies.AlarmTopic(arn, model.Names).ToJson()),
        }, parent);

        foreach (var (alarm, index) in model.Alarms.Select((a, i) => (a, i)))
        {
            var alarmArgs = new Aws.CloudWatch.MetricAlarmArgs
            {
                Name = alarm.Name,
                AlarmDescription = alarm.Description,
                EvaluationPeriods = alarm.EvaluationPeriods,
                Threshold = alarm.Threshold,
                ComparisonOperator = alarm.Comparison.ToString(),
                TreatMissingData = alarm.TreatMissingData,
                AlarmActions = { topic.Arn },
                OkActions = { topic.Arn },
                Tags = args.Tags.ToDictionary(),
            };
            if (alarm.Expression is { } expression)
            {
                alarmArgs.MetricQueries = JudgedExpression(alarm, expression);
            }
            else
            {
                alarmArgs.Namespace = alarm.Metric.Namespace;
                alarmArgs.MetricName = alarm.Metric.Name;
                alarmArgs.Dimensions = alarm.Metric.Dimensions.ToDictionary();
                alarmArgs.Statistic = alarm.Metric.Stat;
                alarmArgs.Period = alarm.PeriodSeconds;
            }

            new Aws.CloudWatch.MetricAlarm($"alarm-{index:D2}", alarmArgs, parent);
        }

        foreach (var (spec, index) in model.EventRules.Select((a, i) => (a, i)))
        {
            var rule = new Aws.CloudWatch.EventRule($"event-{index:D2}", new Aws.CloudWatch.EventRuleArgs
            {
                Name = spec.Name,
                Description = spec.Description,
                EventPattern = spec.EventPatternJson,
                Tags = args.Tags.ToDictionary(),
            }, parent);
            if (spec.Notifies)
            {
                new Aws.CloudWatch.EventTarget($"event-{index:D2}-to-topic", new Aws.CloudWatch.EventTargetArgs { Rule = rule.Name, Arn = topic.Arn }, parent);
            }
        }

        var dashboard = new Aws.CloudWatch.Dashboard("dashboard", new Aws.CloudWatch.DashboardArgs
        {
            DashboardName = model.Names.Dashboard,
            DashboardBody = model.DashboardBody(),
        }, parent);

        AlarmTopicArn = topic.Arn;
        DashboardName = dashboard.DashboardName;
        RegisterOutputs();
    }

    [Output("alarmTopicArn")]
    public Output<string> AlarmTopicArn { get; private set; }

    [Output("dashboardName")]
    public Output<string> DashboardName { get; private set; }

    /// <summary>The metric (not returned) and the expression the alarm judges (<see cref="AlarmSpec.Expression"/>).</summary>
    private static InputList<Aws.CloudWatch.Inputs.MetricAlarmMetricQueryArgs> JudgedExpression(AlarmSpec alarm, string expression) =>
    [
        new Aws.CloudWatch.Inputs.MetricAlarmMetricQueryArgs
        {
            Id = AlarmSpec.MetricId,
            ReturnData = false,
            Metric = new Aws.CloudWatch.Inputs.MetricAlarmMetricQueryMetricArgs
            {
                Namespace = alarm.Metric.Namespace,
                MetricName = alarm.Metric.Name,
                Dimensions = alarm.Metric.Dimensions.ToDictionary(),
                Stat = alarm.Metric.Stat,
                Period = alarm.PeriodSeconds,
            },
        },
        new Aws.CloudWatch.Inputs.MetricAlarmMetricQueryArgs
        {
            Id = "judged",
            Expression = expression,
            Label = $"{alarm.Metric.Label ?? alarm.Metric.Name} on the days the schedule runs",
            ReturnData = true,
        },
    ];
}
