namespace Dataflow.Infra.Model.Iam;

/// <summary>
/// Least privilege as a check: no wildcard action in an Allow, and the resource <c>*</c> only for actions AWS does not
/// let a policy scope (each listed here with the reason).
/// </summary>
public static class PolicyAudit
{
    /// <summary>Actions whose only valid resource is <c>*</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> WildcardResourceActions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["cloudwatch:PutMetricData"] = "has no resource type; scoped by the cloudwatch:namespace condition instead",
        ["xray:PutTraceSegments"] = "has no resource type (X-Ray's service authorization reference)",
        ["xray:PutTelemetryRecords"] = "has no resource type (X-Ray's service authorization reference)",
    };

    public static IReadOnlyList<string> Check(string policy, PolicyDocument document)
    {
        var problems = new List<string>();
        foreach (var statement in document.Statements.Where(s => s.Effect == PolicyEffect.Allow))
        {
            var where = $"{policy}/{statement.Sid}";
            problems.AddRange(statement.Actions.Where(a => a == "*" || a.EndsWith(":*", StringComparison.Ordinal) || a.Contains('*', StringComparison.Ordinal))
                .Select(a => $"{where}: wildcard action '{a}'"));
            if (statement.Resources.Contains("*"))
            {
                problems.AddRange(statement.Actions.Where(a => !WildcardResourceActions.ContainsKey(a))
                    .Select(a => $"{where}: '{a}' on resource '*' (AWS lets it be scoped)"));
            }

            if (statement.Actions.Count == 0)
            {
                problems.Add($"{where}: no actions");
            }
        }

        return problems;
    }
}
