namespace Dataflow.Contracts.Ingestion;

/// <summary>
/// What the schedule sends the ingestion Lambda: the scheduled time (EventBridge Scheduler's context attribute), from
/// which the function derives the run id, so a retry of one schedule resumes the same run. The Pulumi program writes
/// it into the schedule's target; the function's event parser reads the field.
/// </summary>
public static class ScheduledEvent
{
    public const string ScheduledTimeField = "scheduled_time";

    /// <summary>The schedule target's input; Scheduler replaces the attribute with the schedule's time, not the (flexible) invocation's.</summary>
    public const string Input = "{\"" + ScheduledTimeField + "\":\"<aws.scheduler.scheduled-time>\"}";
}
