namespace Dataflow.Infra.Model.Monitoring;

/// <summary>One CloudWatch metric with its full dimension set (a metric is only found with exactly the dimensions it was emitted with).</summary>
public sealed record MetricRef(string Namespace, string Name, IReadOnlyDictionary<string, string> Dimensions, string Stat = "Sum", string? Label = null);

public enum AlarmComparison
{
    GreaterThanOrEqualToThreshold,
    LessThanThreshold,
}

/// <summary>
/// A CloudWatch metric alarm, all of whose actions go to the stack's SNS topic. With <paramref name="QuietUtcDays"/>
/// (a daily alarm on a schedule that does not run every day) the alarm judges <see cref="Expression"/> instead of the
/// metric: a quiet day counts as meeting the threshold, every other day as the metric (missing is 0).
/// </summary>
public sealed record AlarmSpec(
    string Name,
    string Description,
    MetricRef Metric,
    int PeriodSeconds,
    int EvaluationPeriods,
    double Threshold,
    AlarmComparison Comparison,
    string TreatMissingData,
    IReadOnlyList<DayOfWeek>? QuietUtcDays = null)
{
    /// <summary>The id of the metric inside <see cref="Expression"/>.</summary>
    public const string MetricId = "m1";

    /// <summary>The metric math the alarm judges, or null when it judges the metric itself.</summary>
    public string? Expression => QuietUtcDays is { Count: > 0 } quiet
        ? $"IF({string.Join(" OR ", quiet.Select(ScheduleDays.MetricMathDay).Order().Select(d => $"DAY(FILL({MetricId}, 0)) == {d}"))}, {Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}, FILL({MetricId}, 0))"
        : null;
}

/// <summary>
/// An EventBridge rule for what AWS reports as events, not metrics; failures (<paramref name="Notifies"/>) go to the SNS
/// topic, successes are only counted (the rule's TriggeredRules metric).
/// </summary>
public sealed record EventAlarmSpec(string Name, string Description, string EventPatternJson, string Watches, bool Notifies = true);
