namespace Dataflow.Infra.Model.Monitoring;

/// <summary>One CloudWatch metric with its full dimension set (a metric is only found with exactly the dimensions it was emitted with).</summary>
public sealed record MetricRef(string Namespace, string Name, IReadOnlyDictionary<string, string> Dimensions, string Stat = "Sum", string? Label = null);

public enum AlarmComparison
{
    GreaterThanOrEqualToThreshold,
    LessThanThreshold,
}

/// <summary>A CloudWatch metric alarm, all of whose actions go to the stack's SNS topic.</summary>
public sealed record AlarmSpec(
    string Name,
    string Description,
    MetricRef Metric,
    int PeriodSeconds,
    int EvaluationPeriods,
    double Threshold,
    AlarmComparison Comparison,
    string TreatMissingData);

/// <summary>
/// An EventBridge rule for what AWS reports as events, not metrics; failures (<paramref name="Notifies"/>) go to the SNS
/// topic, successes are only counted (the rule's TriggeredRules metric).
/// </summary>
public sealed record EventAlarmSpec(string Name, string Description, string EventPatternJson, string Watches, bool Notifies = true);
