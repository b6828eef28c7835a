using System.Text.Json;
using Dataflow.Quality;
using Dataflow.Quality.Evaluation;
using Dataflow.Quality.Syntax;
using Dataflow.Twin.Etl;

namespace Dataflow.Twin.Quality;

/// <summary>
/// The data-quality gate between transform and publish: evaluates a table's ruleset (glue/rulesets/TABLE.dqdl) on the
/// table as the run would publish it, writes Glue-shaped results where lake.yaml's quality_results says, and names the
/// (symbol, interval)s to hold: those whose changed rows fail a blocking rule row by row, or every changed one when a
/// blocking rule judged only on the whole table fails. A rule labelled <c>"severity"="warn"</c> is recorded and alarmed
/// but holds nothing. <paramref name="references"/> are the reference data sets already loaded (alias → relation).
/// </summary>
public sealed class QualityGate(DuckDbSession db, TwinPaths paths, IReadOnlyDictionary<string, string> references)
{
    public const string SeverityLabel = "severity";
    public const string WarnSeverity = "warn";

    /// <summary>
    /// Null when the table has no ruleset. <paramref name="candidate"/> is the relation the table would publish;
    /// <paramref name="changed"/> its rows that are new or differ from the published ones.
    /// </summary>
    public GateResult? Check(string table, string candidate, string changed, IReadOnlyList<string> grain, string runId, DateTimeOffset asOf)
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

        var history = new JsonLinesMetricHistory(paths.QualityHistory);
        var input = new EvaluationInput(candidate, asOf)
        {
            References = references,
            Context = table,
            History = history,
        };
        var evaluator = new DqdlEvaluator(db.Connection);
        var result = evaluator.Evaluate(document, input);

        var resultsPath = paths.QualityResults(table, runId);
        Directory.CreateDirectory(Path.GetDirectoryName(resultsPath)!);
        File.WriteAllLines(resultsPath, result.Rules.Select(r => JsonSerializer.Serialize(GlueShaped(r, runId, table, result.EvaluatedAt))));

        var blocking = result.Rules.Where(r => r.Outcome == RuleOutcome.Failed && !IsWarning(r)).ToArray();
        var failedRows = "";
        var holds = new List<OwnerFailure>();
        if (blocking.Length > 0)
        {
            // One row-level query for both uses: each call re-creates the evaluator's "primary" view.
            var rowLevelSql = evaluator.RowLevelQuery(document, input);
            var rules = "[" + string.Join(", ", blocking.Select(r => SqlText.Literal(r.Rule))) + "]::VARCHAR[]";
            var on = string.Join(" and ", grain.Select(c => $"rows.{c} is not distinct from changed.{c}"));
            // Rows of this run that fail a blocking rule row by row; rules without row-level outcomes are listed as skipped.
            // Materialised now: the row-level query reads the evaluator's "primary", which the next table's gate replaces.
            db.Execute($"""
                create or replace temp table failed_rows_{table} as
                select rows.*, list_intersect(rows.DataQualityRulesFail, {rules}) as blocking_rules_failed
                from ({rowLevelSql}) as rows
                semi join ({changed}) as changed on {on}
                where len(list_intersect(rows.DataQualityRulesFail, {rules})) > 0
                """, $"finding the rows of {table} that fail its blocking rules");
            failedRows = $"select * from failed_rows_{table}";
            holds.AddRange(db.Query($"""
                    select symbol, bar_interval, rule
                    from (select symbol, bar_interval, unnest(blocking_rules_failed) as rule from ({failedRows}))
                    group by all order by all
                    """, $"finding the rows of {table} that fail its blocking rules")
                .Rows.Select(r => new OwnerFailure((string)r[0]!, (string)r[1]!, (string)r[2]!)));

            var rowLevel = db.Query($"select DataQualityRulesSkip from ({rowLevelSql}) limit 1", $"row-level rules of {table}")
                .Rows.SelectMany(r => ((System.Collections.IEnumerable)r[0]!).Cast<string>()).ToHashSet(StringComparer.Ordinal);
            var wholeTable = blocking.Where(r => rowLevel.Contains(r.Rule) || IsEmpty(candidate)).Select(r => r.Rule).ToArray();
            if (wholeTable.Length > 0)
            {
                holds.AddRange(db.Query($"select distinct symbol, bar_interval from ({changed}) order by all", $"changed owners of {table}")
                    .Rows.SelectMany(r => wholeTable.Select(rule => new OwnerFailure((string)r[0]!, (string)r[1]!, rule))));
            }
        }

        // A failed rule that counts rows says how many; the first rows it counted say which (the stale symbols, say).
        var counted = result.Rules.Select((rule, i) => (rule, i))
            .Where(x => x.rule.Outcome == RuleOutcome.Failed)
            .Select(x => (x.rule.Rule, Rows: evaluator.CountedRows(document, x.i, input)))
            .Where(x => x.Rows.Count > 0)
            .DistinctBy(x => x.Rule, StringComparer.Ordinal)
            .ToDictionary(x => x.Rule, x => x.Rows, StringComparer.Ordinal);
        return new GateResult(table, path, result, resultsPath, holds.Distinct().ToArray(), failedRows) { CountedRows = counted, HistoryProblems = history.Skipped };
    }

    /// <summary>Writes the failing changed rows of the held owners to the table's quality_quarantine of this run.</summary>
    public string? Quarantine(GateResult gate, string runId, IReadOnlySet<(string Symbol, string Interval)> held)
    {
        if (gate.FailedRowsQuery.Length == 0 || held.Count == 0)
        {
            return null;
        }

        var folder = paths.QualityQuarantine(gate.Table, runId);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "data_0.parquet");
        var owners = string.Join(", ", held.Select(h => $"({SqlText.Literal(h.Symbol)}, {SqlText.Literal(h.Interval)})"));
        db.Execute($"""
            copy (select * from ({gate.FailedRowsQuery}) where (symbol, bar_interval) in ({owners}))
            to '{DuckDbSession.Literal(file)}' (format parquet)
            """, $"writing the quarantine of {gate.Table}");
        return file;
    }

    public static bool IsWarning(RuleResult rule) =>
        rule.Labels.Any(l => l.Key == SeverityLabel && string.Equals(l.Value, WarnSeverity, StringComparison.OrdinalIgnoreCase));

    private bool IsEmpty(string relation) => db.Scalar<long>($"select count(*) from (select 1 from {relation} limit 1)", $"counting {relation}") == 0;

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
        ["labels"] = r.Labels.ToDictionary(l => l.Key, l => l.Value),
    };
}

/// <summary>A (symbol, interval) whose changed rows failed a blocking rule.</summary>
public sealed record OwnerFailure(string Symbol, string Interval, string Rule);

public sealed record GateResult(string Table, string Ruleset, EvaluationResult Evaluation, string ResultsPath, IReadOnlyList<OwnerFailure> Holds, string FailedRowsQuery)
{
    public IEnumerable<RuleResult> FailedRules => Evaluation.Rules.Where(r => r.Outcome == RuleOutcome.Failed);

    public IEnumerable<RuleResult> Warnings => FailedRules.Where(QualityGate.IsWarning);

    /// <summary>Lines of the metric history that could not be read: skipped for dynamic rules, kept aside.</summary>
    public IReadOnlyList<string> HistoryProblems { get; init; } = [];

    /// <summary>For each failed rule that counts rows (<c>CustomSql "select count(*) from …"</c>), the first rows it counted.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, object?>>> CountedRows { get; init; } =
        new Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, object?>>>();

    /// <summary>The counted rows of <paramref name="rule"/> as lines of <c>column=value</c>.</summary>
    public IEnumerable<string> CountedLines(RuleResult rule) =>
        CountedRows.TryGetValue(rule.Rule, out var rows)
            ? rows.Select(row => string.Join(" ", row.Select(c => $"{c.Key}={Format(c.Value)}")))
            : [];

    private static string Format(object? value) => value switch
    {
        null => "null",
        DateTime t when t.TimeOfDay == TimeSpan.Zero => t.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Set once the held rows are written.</summary>
    public string? QuarantinePath { get; init; }
}
