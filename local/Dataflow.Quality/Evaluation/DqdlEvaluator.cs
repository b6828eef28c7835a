using System.Data.Common;
using Dataflow.Quality.Syntax;
using DuckDB.NET.Data;

namespace Dataflow.Quality.Evaluation;

/// <summary>
/// Evaluates a ruleset on DuckDB. Every aggregate of every rule joins one scan of <c>primary</c> (each rule's where
/// clause becomes a FILTER; key uniqueness by distinct tuple hashes, one-column references by a mark join); only
/// metrics that need their own grouping or SQL (exact uniqueness after a hash collision, entropy, CustomSql,
/// multi-column references) run as separate queries. Composites combine their children's outcomes (Glue's COLUMN mode).
/// </summary>
public sealed partial class DqdlEvaluator(DuckDBConnection connection)
{
    /// <summary>Sees every statement the evaluator sends, with how long it took (for <c>--explain</c> and benchmarks).</summary>
    public Action<string, TimeSpan>? OnSql { get; init; }

    public EvaluationResult Evaluate(DqdlDocument document, EvaluationInput input)
    {
        var now = new DateTimeOffset(Minute(input.Now), TimeSpan.Zero);
        Execute($"CREATE OR REPLACE TEMP VIEW \"primary\" AS SELECT * FROM ({Relation(input.Primary)})");
        foreach (var (alias, relation) in input.References.Where(r => r.Key != r.Value))
        {
            Execute($"CREATE OR REPLACE TEMP VIEW {SqlText.Identifier(alias)} AS SELECT * FROM ({Relation(relation)})");
        }

        var columns = Columns();
        var variables = document.Ruleset.Variables.ToDictionary(v => v.Name, StringComparer.Ordinal);
        var planner = new RulePlanner(columns, input.References.Keys.ToHashSet(StringComparer.Ordinal), new Predicates(now.UtcDateTime, variables),
            (metric, k) => input.History.Last(input.Context, metric, k));

        var resolved = document.Ruleset.Rules.Select(r => Resolve(r, variables)).ToArray();
        var plans = resolved.SelectMany(Leaves).Select(l => planner.Plan(l)).ToList();
        var analyzerPlans = document.Ruleset.Analyzers.Select(a => planner.Plan(a, analyzer: true)).ToList();
        var metrics = Run(plans.Concat(analyzerPlans).ToArray());

        var verdicts = new Queue<Verdict>(plans.Select(p => p.Judge(metrics)));
        var defaults = document.Ruleset.DefaultLabels ?? [];
        var results = resolved.Select((rule, i) =>
        {
            var verdict = Combine(rule, verdicts);
            var labels = defaults.Where(d => rule.Labels.All(l => l.Key != d.Key)).Concat(rule.Labels).ToArray();
            return new RuleResult(Printer.Print(document.Ruleset.Rules[i]), verdict.Outcome, verdict.FailureReason, verdict.Metrics, verdict.EvaluatedRule, labels);
        }).ToArray();
        var analyzers = analyzerPlans.Select(p => new AnalyzerResult(p.Text, p.Judge(metrics).Metrics)).ToArray();

        var recorded = results.SelectMany(r => r.EvaluatedMetrics).Concat(analyzers.SelectMany(a => a.EvaluatedMetrics))
            .GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.First().Value);
        input.History.Record(input.Context, recorded, now);
        return new EvaluationResult(results, analyzers, now);
    }

    /// <summary>The whole minute an evaluation is judged at: the aggregate and the per-row outcomes then agree.</summary>
    private static DateTime Minute(DateTimeOffset at) =>
        new(at.UtcDateTime.Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, DateTimeKind.Utc);

    /// <summary>
    /// Per-row outcomes (Glue's <c>rowLevelOutcomes</c>): every column of <c>primary</c> plus the rules each row passed
    /// and failed. Rules judged only on the whole data set, and composites, are listed as skipped. Rows excluded by a
    /// rule's where clause count as passed, as Glue's default does.
    /// </summary>
    public string RowLevelQuery(DqdlDocument document, EvaluationInput input)
    {
        Execute($"CREATE OR REPLACE TEMP VIEW \"primary\" AS SELECT * FROM ({Relation(input.Primary)})");
        var columns = Columns();
        var variables = document.Ruleset.Variables.ToDictionary(v => v.Name, StringComparer.Ordinal);
        var predicates = new Predicates(Minute(input.Now), variables);
        var planner = new RulePlanner(columns, input.References.Keys.ToHashSet(StringComparer.Ordinal), predicates, (_, _) => []);
        var rowRules = new List<(string Text, string Predicate, string Where)>();
        var skipped = new List<string>();
        foreach (var rule in document.Ruleset.Rules)
        {
            var plan = rule is LeafRule leaf ? planner.Plan(Resolve(leaf, variables) as LeafRule ?? leaf) : null;
            if (plan is { RowPredicate: null, RowFormQuery: { } rowForm })
            {
                try
                {
                    plan.RowPredicate = RowFormPredicate(rowForm);
                }
                catch (Exception e) when (e is DuckDBException or InvalidOperationException)
                {
                    // The rule itself reports this error; here it just has no row-level outcome.
                }
            }

            if (plan?.RowPredicate is { } predicate)
            {
                rowRules.Add((Printer.Print(rule), predicate, plan.Rule.Where is { } w ? SqlText.FromSpark(Strings.Unescape(w), predicates.NowUtc) : "true"));
            }
            else
            {
                skipped.Add(Printer.Print(rule));
            }
        }

        string Array(IEnumerable<string> items) => "[" + string.Join(", ", items) + "]::VARCHAR[]";
        var fail = Array(rowRules.Select(r => $"CASE WHEN ({r.Where}) AND NOT coalesce({r.Predicate}, false) THEN {SqlText.Literal(r.Text)} END"));
        var pass = Array(rowRules.Select(r => $"CASE WHEN NOT ({r.Where}) OR coalesce({r.Predicate}, false) THEN {SqlText.Literal(r.Text)} END"));
        return $"""
            SELECT *, CASE WHEN len(DataQualityRulesFail) = 0 THEN 'Passed' ELSE 'Failed' END AS DataQualityEvaluationResult
            FROM (
                SELECT p.*,
                    list_filter({pass}, x -> x IS NOT NULL) AS DataQualityRulesPass,
                    list_filter({fail}, x -> x IS NOT NULL) AS DataQualityRulesFail,
                    {Array(skipped.Select(SqlText.Literal))} AS DataQualityRulesSkip
                FROM "primary" p
            )
            """;
    }

    /// <summary>
    /// The rows a rule of the form <c>CustomSql "select count(*) from …" = 0</c> (or any condition) counted, at most
    /// <paramref name="limit"/>: what a failure of such a rule is about (the stale symbols of a freshness rule, say),
    /// where its reason only says how many. Empty for any other rule.
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> CountedRows(DqdlDocument document, int ruleIndex, EvaluationInput input, int limit = 10)
    {
        if (document.Ruleset.Rules[ruleIndex] is not LeafRule { Type: "CustomSql", Condition: not null } rule
            || CountedFrom().Match(Strings.Unescape(rule.Parameters[0].Value)) is not { Success: true } counted)
        {
            return [];
        }

        Execute($"CREATE OR REPLACE TEMP VIEW \"primary\" AS SELECT * FROM ({Relation(input.Primary)})");
        var sql = SqlText.FromSpark($"SELECT * FROM {counted.Groups["rest"].Value.TrimEnd().TrimEnd(';')} LIMIT {limit}", Minute(input.Now));
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i), StringComparer.Ordinal));
        }

        return rows;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*select\s+count\s*\(\s*\*\s*\)\s+from\s+(?<rest>.+)$", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex CountedFrom();

    private static string Relation(string relation) =>
        relation.TrimStart().StartsWith("select", StringComparison.OrdinalIgnoreCase) || relation.TrimStart().StartsWith("with", StringComparison.OrdinalIgnoreCase)
            ? relation
            : $"SELECT * FROM {relation}";

    /// <summary>Variables in parameters are replaced by their values; <c>in $list</c> is resolved by the predicates.</summary>
    private static RuleNode Resolve(RuleNode node, Dictionary<string, Variable> variables) => node switch
    {
        LeafRule leaf when leaf.Parameters.Any(p => p.Kind == ParameterKind.Variable) => leaf with
        {
            Parameters = leaf.Parameters.Select(p => p.Kind == ParameterKind.Variable
                ? new RuleParameter(variables[p.Value].Value!.Raw, ParameterKind.Quoted, p.Connector)
                : p).ToArray(),
        },
        CompositeRule c => c with { Left = Resolve(c.Left, variables), Right = Resolve(c.Right, variables) },
        _ => node,
    };

    private static IEnumerable<LeafRule> Leaves(RuleNode node) => node switch
    {
        LeafRule leaf => [leaf],
        CompositeRule c => Leaves(c.Left).Concat(Leaves(c.Right)),
        _ => [],
    };

    /// <summary>COLUMN mode: AND passes when every child passes, OR when any does; reasons join with newlines.</summary>
    private static Verdict Combine(RuleNode node, Queue<Verdict> verdicts)
    {
        if (node is LeafRule)
        {
            return verdicts.Dequeue();
        }

        var composite = (CompositeRule)node;
        var left = Combine(composite.Left, verdicts);
        var right = Combine(composite.Right, verdicts);
        var outcomes = new[] { left.Outcome, right.Outcome };
        var outcome = composite.Operator == CompositeOperator.And
            ? outcomes.Contains(RuleOutcome.Failed) ? RuleOutcome.Failed : outcomes.Contains(RuleOutcome.NotEvaluated) ? RuleOutcome.NotEvaluated : RuleOutcome.Passed
            : outcomes.Contains(RuleOutcome.Passed) ? RuleOutcome.Passed : outcomes.Contains(RuleOutcome.NotEvaluated) ? RuleOutcome.NotEvaluated : RuleOutcome.Failed;
        var reasons = new[] { left.FailureReason, right.FailureReason }.Where(r => r is not null).ToArray();
        var metrics = left.Metrics.Concat(right.Metrics).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.First().Value);
        return new Verdict(outcome, outcome == RuleOutcome.Passed || reasons.Length == 0 ? null : string.Join("\n", reasons), metrics, null);
    }

    private Metrics Run(IReadOnlyList<LeafPlan> plans)
    {
        var metrics = new Metrics { Query = sql => sql.StartsWith("ROWFORM:", StringComparison.Ordinal) ? RowFormCompliance(sql["ROWFORM:".Length..]) : SingleValue(sql) };
        var aggregates = plans.SelectMany(p => p.Aggregates).ToArray();
        if (aggregates.Length > 0)
        {
            try
            {
                ReadAggregates(aggregates, metrics);
            }
            catch (DuckDBException)
            {
                // One rule's fragment (a where clause) broke the shared scan: run rule by rule to pin the error on it.
                foreach (var plan in plans.Where(p => p.Aggregates.Count > 0))
                {
                    try
                    {
                        ReadAggregates(plan.Aggregates, metrics);
                    }
                    catch (DuckDBException e)
                    {
                        foreach (var (id, _) in plan.Aggregates)
                        {
                            metrics.Fail(id, $"the rule's SQL failed: {FirstLine(e.Message)}");
                        }
                    }
                }
            }
        }

        foreach (var (id, sql) in plans.SelectMany(p => p.Queries))
        {
            try
            {
                metrics.Set(id, sql.StartsWith("ROWFORM:", StringComparison.Ordinal) ? RowFormCompliance(sql["ROWFORM:".Length..]) : SingleValue(sql));
            }
            catch (Exception e) when (e is DuckDBException or InvalidOperationException or InvalidCastException or FormatException)
            {
                metrics.Fail(id, $"the rule's SQL failed: {FirstLine(e.Message)}");
            }
        }

        return metrics;
    }

    /// <summary>One SELECT over primary; rules asking for the same aggregate (a key's distinct count) share it.</summary>
    private void ReadAggregates(IReadOnlyList<(string Id, string Sql)> aggregates, Metrics metrics)
    {
        var distinct = aggregates.Select(a => a.Sql).Distinct(StringComparer.Ordinal).ToArray();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT " + string.Join(",\n       ", distinct.Select((sql, i) => $"({sql}) AS a{i}")) + "\nFROM \"primary\"";
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var reader = command.ExecuteReader();
        reader.Read();
        OnSql?.Invoke(command.CommandText, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        foreach (var (id, sql) in aggregates)
        {
            var i = Array.IndexOf(distinct, sql);
            metrics.Set(id, reader.IsDBNull(i) ? null : Number(reader.GetValue(i)));
        }
    }

    private double? SingleValue(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var reader = command.ExecuteReader();
        OnSql?.Invoke(sql, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        if (reader.FieldCount != 1 || !reader.Read())
        {
            throw new InvalidOperationException("CustomSql must return exactly one value (one row, one column)");
        }

        var value = reader.IsDBNull(0) ? (double?)null : Number(reader.GetValue(0));
        return reader.Read() ? throw new InvalidOperationException("CustomSql must return exactly one value (one row, one column)") : value;
    }

    /// <summary>
    /// Row-form CustomSql: the share of primary rows found (null-safe, on every returned column) in the query's rows,
    /// counted with a semi-join (a correlated EXISTS per row took 2.5 times as long in <c>dataflow bench etl</c>).
    /// </summary>
    private double? RowFormCompliance(string sql)
    {
        var match = RowFormMatch(sql);
        return SingleValue($"SELECT (SELECT count(*) FROM \"primary\" p SEMI JOIN ({sql}) s ON {match})::DOUBLE / nullif((SELECT count(*) FROM \"primary\"), 0)");
    }

    private string RowFormPredicate(string sql) => $"EXISTS (SELECT 1 FROM ({sql}) s WHERE {RowFormMatch(sql)})";

    private string RowFormMatch(string sql)
    {
        var returned = Query($"SELECT column_name FROM (DESCRIBE ({sql}))").Select(r => (string)r[0]!).ToArray();
        var primary = Columns();
        var missing = returned.Where(c => !primary.ContainsKey(c)).ToArray();
        if (returned.Length == 0 || missing.Length > 0)
        {
            throw new InvalidOperationException($"the query returns columns that are not in primary: {string.Join(", ", missing)}");
        }

        return string.Join(" AND ", returned.Select(c => $"s.{SqlText.Identifier(c)} IS NOT DISTINCT FROM p.{SqlText.Identifier(c)}"));
    }

    private Dictionary<string, string> Columns() =>
        Query("SELECT column_name, column_type FROM (DESCRIBE \"primary\")").ToDictionary(r => (string)r[0]!, r => (string)r[1]!, StringComparer.Ordinal);

    private List<object?[]> Query(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using DbDataReader reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private void Execute(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>DuckDB hands back HUGEINT sums as BigInteger, which Convert cannot take.</summary>
    private static double Number(object value) => value switch
    {
        System.Numerics.BigInteger big => (double)big,
        _ => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string FirstLine(string message) => message.Split('\n')[0];
}
