using Dataflow.Quality.Rules;
using Dataflow.Quality.Syntax;

namespace Dataflow.Quality.Evaluation;

/// <summary>
/// How one rule is evaluated: aggregates that join the shared scan of <c>primary</c> (each with the rule's where
/// clause as a FILTER), standalone single-value queries, a per-row predicate for row-level outcomes, and the judge that
/// turns the values into an outcome.
/// </summary>
internal sealed class LeafPlan(LeafRule rule, RuleType? type)
{
    public LeafRule Rule { get; } = rule;
    public RuleType? Type { get; } = type;
    public string Text { get; } = Printer.Rule(rule);
    public List<(string Id, string Sql)> Aggregates { get; } = [];

    public List<(string Id, string Sql)> Queries { get; } = [];
    public string? RowPredicate { get; set; }

    /// <summary>Row-form CustomSql: its query; the row predicate needs the query's columns, known only on the database.</summary>
    public string? RowFormQuery { get; set; }
    public string? Skip { get; set; }
    public Func<Metrics, Verdict> Judge { get; set; } = _ => new Verdict(RuleOutcome.NotEvaluated, "no evaluation planned", new Dictionary<string, double>(), null);

    /// <summary>The metric <c>last(k)</c> of this rule reads.</summary>
    public string? HistoryMetric { get; set; }
}

/// <summary>What a rule came to.</summary>
internal sealed record Verdict(RuleOutcome Outcome, string? FailureReason, IReadOnlyDictionary<string, double> Metrics, string? EvaluatedRule);

/// <summary>Values of the aggregates and queries by id; SQL NULL is null, a failed query holds its error.</summary>
internal sealed class Metrics
{
    private readonly Dictionary<string, double?> _values = [];
    private readonly Dictionary<string, string> _errors = [];

    public void Set(string id, double? value) => _values[id] = value;

    public void Fail(string id, string error) => _errors[id] = error;

    public double? this[string id] => _values.TryGetValue(id, out var v) ? v : null;

    /// <summary>Runs a query a judge decides it needs after all (a slow exact metric behind a fast check).</summary>
    public Func<string, double?> Query { get; set; } = _ => throw new InvalidOperationException("no database to query");

    public string? Error(string id) => _errors.GetValueOrDefault(id);
}
