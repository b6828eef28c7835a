using Dataflow.Quality.Syntax;

namespace Dataflow.Quality.Evaluation;

/// <summary>Glue's outcomes, plus the one Glue does not have: a rule this engine cannot judge faithfully.</summary>
public enum RuleOutcome
{
    Passed,
    Failed,

    /// <summary>Never counted as passed: the reason says why the rule could not be evaluated here.</summary>
    NotEvaluated,
}

/// <summary>One row of Glue's <c>ruleOutcomes</c>: the canonical rule text, outcome, failure reason and metrics.</summary>
public sealed record RuleResult(
    string Rule,
    RuleOutcome Outcome,
    string? FailureReason,
    IReadOnlyDictionary<string, double> EvaluatedMetrics,
    string? EvaluatedRule,
    IReadOnlyList<Label> Labels);

/// <summary>An analyzer's statistics; analyzers never pass or fail.</summary>
public sealed record AnalyzerResult(string Analyzer, IReadOnlyDictionary<string, double> EvaluatedMetrics);

/// <summary>Everything one evaluation produced.</summary>
public sealed record EvaluationResult(IReadOnlyList<RuleResult> Rules, IReadOnlyList<AnalyzerResult> Analyzers, DateTimeOffset EvaluatedAt)
{
    public int Passed => Rules.Count(r => r.Outcome == RuleOutcome.Passed);
    public int Failed => Rules.Count(r => r.Outcome == RuleOutcome.Failed);
    public int NotEvaluated => Rules.Count(r => r.Outcome == RuleOutcome.NotEvaluated);

    /// <summary>Passed over all rules, as Glue's <c>Score</c>.</summary>
    public double Score => Rules.Count == 0 ? 1.0 : (double)Passed / Rules.Count;
}
