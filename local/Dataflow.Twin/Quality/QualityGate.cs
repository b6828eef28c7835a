using System.Text.Json;
using Dataflow.Quality;
using Dataflow.Quality.Evaluation;
using Dataflow.Quality.Syntax;
using Dataflow.Twin.Etl;

namespace Dataflow.Twin.Quality;

/// <summary>
/// The data-quality gate between transform and publish: evaluates a table's ruleset (glue/rulesets/TABLE.dqdl) on the
/// model about to be published, writes Glue-shaped results where lake.yaml's quality_results says, and on failure
/// writes the rows that failed the failed rules (row by row) to its quality_quarantine. A failed rule blocks
/// publication. <paramref name="references"/> are the reference data sets already loaded (alias → relation).
/// </summary>
public sealed class QualityGate(DuckDbSession db, TwinPaths paths, IReadOnlyDictionary<string, string> references)
{
    /// <summary>Null when the table has no ruleset.</summary>
    public GateResult? Check(string table, string runId, DateTimeOffset asOf)
    {
        var path = paths.Ruleset(table);
        if (!File.Exists(path))
        {
            return null;
        }

        DqdlDocument document;
        try
        {
            document = DqdlDocument.Load(path);
        }
        catch (DqdlException e)
        {
            throw new TwinException($"ruleset of {table} is invalid: {e.Message}", e);
        }

        var input = new EvaluationInput(table, asOf)
        {
            References = references,
            Context = table,
            History = new JsonLinesMetricHistory(paths.QualityHistory),
        };
        var evaluator = new DqdlEvaluator(db.Connection);
        var result = evaluator.Evaluate(document, input);

        var resultsPath = paths.QualityResults(table, runId);
        Directory.CreateDirectory(Path.GetDirectoryName(resultsPath)!);
        File.WriteAllLines(resultsPath, result.Rules.Select(r => JsonSerializer.Serialize(GlueShaped(r, runId, table, result.EvaluatedAt))));

        string? quarantine = null;
        if (result.Failed > 0)
        {
            var folder = paths.QualityQuarantine(table, runId);
            Directory.CreateDirectory(folder);
            quarantine = Path.Combine(folder, "data_0.parquet");
            // Rows are quarantined for the rules that failed, not for a rule that passed within its threshold.
            var rows = evaluator.RowLevelQuery(document, input);
            var failed = string.Join(", ", result.Rules.Where(r => r.Outcome == RuleOutcome.Failed).Select(r => Dataflow.Quality.Evaluation.SqlText.Literal(r.Rule)));
            db.Execute($"COPY (SELECT * FROM ({rows}) WHERE list_has_any(DataQualityRulesFail, [{failed}]::VARCHAR[])) TO '{DuckDbSession.Literal(quarantine)}' (FORMAT parquet)",
                $"writing the quarantine of {table}");
        }

        return new GateResult(table, path, result, resultsPath, quarantine);
    }

    /// <summary>The fields of Glue's S3 results (dqdl.md §6.2), so the same Athena table can read both.</summary>
    private static Dictionary<string, object?> GlueShaped(RuleResult r, string runId, string table, DateTimeOffset at) => new()
    {
        ["tableName"] = table,
        ["dqRunId"] = runId,
        ["evaluationCompletedOn"] = at.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["rule"] = r.Rule,
        ["outcome"] = r.Outcome.ToString(),
        ["failureReason"] = r.FailureReason,
        ["evaluatedMetrics"] = r.EvaluatedMetrics,
        ["evaluatedRule"] = r.EvaluatedRule,
    };
}

public sealed record GateResult(string Table, string Ruleset, EvaluationResult Evaluation, string ResultsPath, string? QuarantinePath)
{
    public bool Blocks => Evaluation.Failed > 0;

    public IEnumerable<RuleResult> FailedRules => Evaluation.Rules.Where(r => r.Outcome == RuleOutcome.Failed);
}
