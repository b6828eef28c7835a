namespace Dataflow.Quality.Evaluation;

/// <summary>
/// What a ruleset is evaluated on: the primary data set and any reference data sets (by alias), as DuckDB relations
/// (<c>SELECT ...</c> or a table name); the evaluation context names the metric history; <see cref="Now"/> is what
/// <c>now()</c> means (truncated to the minute, as Glue does).
/// </summary>
public sealed record EvaluationInput(string Primary, DateTimeOffset Now)
{
    public IReadOnlyDictionary<string, string> References { get; init; } = new Dictionary<string, string>();
    public string Context { get; init; } = "default_context";
    public IMetricHistory History { get; init; } = NoMetricHistory.Instance;
}
