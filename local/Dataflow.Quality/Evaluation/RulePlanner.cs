using System.Globalization;
using System.Text.RegularExpressions;
using Dataflow.Quality.Rules;
using Dataflow.Quality.Syntax;

namespace Dataflow.Quality.Evaluation;

/// <summary>
/// Compiles leaf rules to DuckDB SQL with Glue/Deequ semantics (dqdl.md §2.2, §7.3–7.4). Metric keys are Glue's
/// (<c>Dataset.*.RowCount</c>, <c>Column.close.Completeness</c>, ...).
/// </summary>
internal sealed partial class RulePlanner(
    IReadOnlyDictionary<string, string> columns,
    IReadOnlySet<string> aliases,
    Predicates predicates,
    Func<string, int, IReadOnlyList<double>> history)
{
    private int _next;

    public LeafPlan Plan(LeafRule rule, bool analyzer = false)
    {
        var plan = new LeafPlan(rule, RuleRegistry.Find(rule.Type));
        if (plan.Type is null)
        {
            return NotEvaluated(plan, $"unknown rule type {rule.Type}");
        }

        if (plan.Type.Support == EvaluationSupport.NotEvaluated)
        {
            return NotEvaluated(plan, $"{rule.Type} is not evaluated by the local engine: {plan.Type.Note}");
        }

        var missing = ReferencedColumns(rule).FirstOrDefault(c => !columns.ContainsKey(c));
        if (missing is not null)
        {
            plan.Judge = _ => new Verdict(RuleOutcome.Failed, $"Input data does not include column {missing}!", new Dictionary<string, double>(), null);
            return plan;
        }

        try
        {
            Compile(plan, analyzer);
        }
        catch (InvalidOperationException e)
        {
            NotEvaluated(plan, e.Message);
        }

        return plan;
    }

    private static LeafPlan NotEvaluated(LeafPlan plan, string reason)
    {
        plan.Judge = _ => new Verdict(RuleOutcome.NotEvaluated, reason, new Dictionary<string, double>(), null);
        return plan;
    }

    private static IEnumerable<string> ReferencedColumns(LeafRule rule) => rule.Type switch
    {
        "RowCount" or "ColumnCount" or "ColumnExists" or "ColumnNamesMatchPattern" or "CustomSql" or "RowCountMatch" or "AggregateMatch" => [],
        "ReferentialIntegrity" => rule.Parameters[0].Unescaped.Split(',', StringSplitOptions.TrimEntries),
        _ => rule.Parameters.Select(p => p.Unescaped),
    };

    private string Id() => $"m{_next++}";

    private string Where(LeafRule rule) => rule.Where is { } w ? SqlText.FromSpark(Strings.Unescape(w), predicates.NowUtc) : "true";

    private string Filtered(LeafRule rule, string aggregate) => rule.Where is null ? aggregate : $"({aggregate} FILTER (WHERE {Where(rule)}))";

    private static string C(string column) => SqlText.Identifier(column);

    private void Compile(LeafPlan plan, bool analyzer)
    {
        var rule = plan.Rule;
        var p = rule.Parameters.Select(x => x.Unescaped).ToArray();
        switch (rule.Type)
        {
            case "RowCount":
                Number(plan, "Dataset.*.RowCount", Filtered(rule, "count(*)"));
                break;
            case "ColumnCount":
                Constant(plan, "Dataset.*.ColumnCount", columns.Count);
                break;
            case "ColumnExists":
                var exists = columns.ContainsKey(p[0]);
                var nearMiss = exists ? null : columns.Keys.FirstOrDefault(k => k.Equals(p[0], StringComparison.OrdinalIgnoreCase));
                plan.Judge = _ => new Verdict(exists ? RuleOutcome.Passed : RuleOutcome.Failed,
                    exists ? null : $"Input data does not include column {p[0]}!" + (nearMiss is null ? "" : $" (found '{nearMiss}': names are case-sensitive)"),
                    new Dictionary<string, double> { [$"Dataset.{p[0]}.ColumnExists"] = exists ? 1 : 0 }, null);
                break;
            case "ColumnNamesMatchPattern":
                var regex = new Regex(p[0]);
                var unmatched = columns.Keys.Where(k => !regex.IsMatch(k)).ToArray();
                plan.Judge = _ => new Verdict(unmatched.Length == 0 ? RuleOutcome.Passed : RuleOutcome.Failed,
                    unmatched.Length == 0 ? null : $"Columns that do not match the pattern: {string.Join(", ", unmatched)}",
                    new Dictionary<string, double> { ["Dataset.*.ColumnNamesPatternMatchRatio"] = columns.Count == 0 ? 0 : 1.0 - ((double)unmatched.Length / columns.Count) }, null);
                break;
            case "Completeness":
                Number(plan, $"Column.{p[0]}.Completeness", Filtered(rule, $"count({C(p[0])})") + "::DOUBLE / nullif(" + Filtered(rule, "count(*)") + ", 0)");
                plan.RowPredicate = Predicates.Complete(C(p[0]));
                break;
            case "IsComplete":
                Exact(plan, $"Column.{p[0]}.Completeness", Filtered(rule, $"count({C(p[0])})") + "::DOUBLE / nullif(" + Filtered(rule, "count(*)") + ", 0)");
                plan.RowPredicate = Predicates.Complete(C(p[0]));
                break;
            case "Uniqueness" or "IsUnique" or "IsPrimaryKey":
                Uniqueness(plan, p);
                break;
            case "UniqueValueRatio":
                Number(plan, $"Column.{p[0]}.UniqueValueRatio", null,
                    $"WITH g AS (SELECT {C(p[0])}, count(*) AS n FROM \"primary\" WHERE ({Where(rule)}) AND {C(p[0])} IS NOT NULL GROUP BY ALL) SELECT sum(CASE WHEN n = 1 THEN 1 ELSE 0 END)::DOUBLE / nullif(count(*), 0) FROM g");
                break;
            case "DistinctValuesCount":
                Number(plan, $"Column.{p[0]}.DistinctValuesCount",
                    Filtered(rule, $"count(DISTINCT CAST({C(p[0])} AS VARCHAR))") + " + coalesce(" + Filtered(rule, $"max(CASE WHEN {C(p[0])} IS NULL THEN 1 ELSE 0 END)") + ", 0)");
                break;
            case "Entropy":
                Number(plan, $"Column.{p[0]}.Entropy", null,
                    $"WITH g AS (SELECT {C(p[0])}, count(*)::DOUBLE AS n FROM \"primary\" WHERE ({Where(rule)}) AND {C(p[0])} IS NOT NULL GROUP BY ALL), t AS (SELECT sum(n) AS total FROM g) SELECT -sum((n / total) * ln(n / total)) FROM g, t");
                break;
            case "Mean":
                Number(plan, $"Column.{p[0]}.Mean", Filtered(rule, $"avg({C(p[0])})") + "::DOUBLE");
                break;
            case "Sum":
                Number(plan, $"Column.{p[0]}.Sum", Filtered(rule, $"sum({C(p[0])})") + "::DOUBLE");
                break;
            case "StandardDeviation":
                Number(plan, $"Column.{p[0]}.StandardDeviation", Filtered(rule, $"stddev_pop({C(p[0])})") + "::DOUBLE");
                break;
            case "Variance":
                Number(plan, $"Column.{p[0]}.Variance", Filtered(rule, $"var_pop({C(p[0])})") + "::DOUBLE");
                break;
            case "ColumnCorrelation":
                Number(plan, $"Multicolumn.{p[0]},{p[1]}.ColumnCorrelation", Filtered(rule, $"corr({C(p[0])}, {C(p[1])})"));
                break;
            case "ColumnLength":
                if (analyzer)
                {
                    Number(plan, $"Column.{p[0]}.MaximumLength", Filtered(rule, $"max(coalesce(length({C(p[0])}), 0))") + "::DOUBLE");
                    break;
                }

                Compliance(plan, $"Column.{p[0]}.LengthCompliance", Predicates.Length(C(p[0]), rule.Condition!));
                break;
            case "ColumnValues":
                if (analyzer)
                {
                    Number(plan, $"Column.{p[0]}.Maximum", Filtered(rule, $"max({C(p[0])})") + "::DOUBLE");
                    break;
                }

                if (rule.Condition is MatchesCondition m && SqlText.NeedsJavaRegex(m.Pattern.Raw))
                {
                    throw new InvalidOperationException($"the regular expression uses lookaround or backreferences, which DuckDB's RE2 cannot run");
                }

                Compliance(plan, $"Column.{p[0]}.ColumnValues.Compliance", predicates.ColumnValues(C(p[0]), rule.Condition!, rule.Tag("ignoreCase") == "true"));
                break;
            case "ColumnDataType":
                Compliance(plan, $"Column.{p[0]}.ColumnDataType.Compliance", Predicates.DataType(C(p[0]), (ComparisonCondition)rule.Condition!));
                break;
            case "DataFreshness":
                Compliance(plan, $"Column.{p[0]}.DataFreshness.Compliance", predicates.Freshness(C(p[0]), rule.Condition!));
                break;
            case "CustomSql":
                CustomSql(plan, p[0]);
                break;
            case "ReferentialIntegrity":
                Referential(plan, p[0], p[1]);
                break;
            case "RowCountMatch":
                Alias(p[0]);
                Number(plan, $"Dataset.{p[0]}.RowCountMatch", null,
                    $"SELECT (SELECT count(*) FROM \"primary\")::DOUBLE / nullif((SELECT count(*) FROM {C(p[0])}), 0)");
                break;
            case "AggregateMatch":
                var (left, right) = (AggregateSql(p[0]), AggregateSql(p[1]));
                Number(plan, $"Column.{p[0]}.AggregateMatch", null,
                    $"SELECT CASE WHEN a = 0 AND b = 0 THEN 1.0 WHEN b = 0 OR b IS NULL THEN 0.0 ELSE a / b END FROM (SELECT ({left})::DOUBLE AS a, ({right})::DOUBLE AS b)");
                break;
            case "AllStatistics":
                AllStatistics(plan, p[0]);
                break;
            default:
                throw new InvalidOperationException($"{rule.Type} has no local evaluation");
        }
    }

    private void Constant(LeafPlan plan, string key, double value)
    {
        plan.HistoryMetric = key;
        plan.Judge = _ => JudgeNumber(plan, key, value);
    }

    /// <summary>A metric compared with the rule's condition on the host, with Glue's comparison semantics.</summary>
    private void Number(LeafPlan plan, string key, string? aggregate, string? query = null)
    {
        var id = Id();
        if (aggregate is not null)
        {
            plan.Aggregates.Add((id, aggregate));
        }
        else
        {
            plan.Queries.Add((id, query!));
        }

        plan.HistoryMetric = key;
        plan.Judge = metrics => metrics.Error(id) is { } error
            ? new Verdict(RuleOutcome.Failed, error, new Dictionary<string, double>(), null)
            : JudgeNumber(plan, key, metrics[id]);
    }

    private Verdict JudgeNumber(LeafPlan plan, string key, double? value)
    {
        var metrics = value is { } v ? new Dictionary<string, double> { [key] = v } : new Dictionary<string, double>();
        if (plan.Rule.Condition is null)
        {
            return new Verdict(RuleOutcome.Passed, null, metrics, null);
        }

        var evaluator = new NumberEvaluator(k => history(key, k));
        if (value is not { } metric || double.IsNaN(metric))
        {
            return new Verdict(RuleOutcome.Failed, "Value: NULL does not meet the constraint requirement!", metrics, null);
        }

        var evaluated = NumberEvaluator.IsDynamic(plan.Rule.Condition) ? $"{plan.Rule.Type} {evaluator.Resolved(plan.Rule.Condition)}" : null;
        return evaluator.Holds(plan.Rule.Condition, metric)
            ? new Verdict(RuleOutcome.Passed, null, metrics, evaluated)
            : new Verdict(RuleOutcome.Failed, $"Value: {Numbers.Format(metric)} does not meet the constraint requirement!", metrics, evaluated);
    }

    /// <summary>Boolean rules: the metric must be exactly 1.0.</summary>
    private void Exact(LeafPlan plan, string key, string aggregate)
    {
        var id = Id();
        plan.Aggregates.Add((id, aggregate));
        plan.Judge = metrics => metrics.Error(id) is { } error
            ? new Verdict(RuleOutcome.Failed, error, new Dictionary<string, double>(), null)
            : metrics[id] is { } v
            ? new Verdict(v.Equals(1.0) ? RuleOutcome.Passed : RuleOutcome.Failed, v.Equals(1.0) ? null : $"Value: {Numbers.Format(v)} does not meet the constraint requirement!",
                new Dictionary<string, double> { [key] = v }, null)
            : new Verdict(RuleOutcome.Failed, "No rows to evaluate", new Dictionary<string, double>(), null);
    }

    /// <summary>Per-row rules: compliance = passing rows / filtered rows; 1.0 required unless a threshold says otherwise.</summary>
    private void Compliance(LeafPlan plan, string key, string predicate)
    {
        var id = Id();
        plan.Aggregates.Add((id, Filtered(plan.Rule, $"avg(CASE WHEN {predicate} THEN 1.0 ELSE 0.0 END)") + "::DOUBLE"));
        plan.RowPredicate = predicate;
        plan.HistoryMetric = key;
        plan.Judge = metrics =>
        {
            if (metrics.Error(id) is { } error)
            {
                return new Verdict(RuleOutcome.Failed, error, new Dictionary<string, double>(), null);
            }

            if (metrics[id] is not { } compliance)
            {
                return new Verdict(RuleOutcome.Failed, "No rows to evaluate", new Dictionary<string, double>(), null);
            }

            var values = new Dictionary<string, double> { [key] = compliance };
            if (plan.Rule.Threshold is { } threshold)
            {
                return new NumberEvaluator(k => history(key, k)).Holds(threshold, compliance)
                    ? new Verdict(RuleOutcome.Passed, null, values, null)
                    : new Verdict(RuleOutcome.Failed, $"Value: {Numbers.Format(compliance)} does not meet the constraint requirement!", values, null);
            }

            return compliance.Equals(1.0)
                ? new Verdict(RuleOutcome.Passed, null, values, null)
                : new Verdict(RuleOutcome.Failed, string.Create(CultureInfo.InvariantCulture, $"{compliance * 100:F2} % of rows passed the threshold"), values, null);
        };
    }

    /// <summary>
    /// Deequ's uniqueness: tuples occurring exactly once over rows where at least one column is non-null. IsPrimaryKey
    /// also needs every column complete.
    /// </summary>
    private void Uniqueness(LeafPlan plan, string[] cols)
    {
        var rule = plan.Rule;
        var key = cols.Length == 1 ? $"Column.{cols[0]}.Uniqueness" : $"Multicolumn.{string.Join(",", cols)}.Uniqueness";
        var list = string.Join(", ", cols.Select(C));
        var anyNotNull = string.Join(" OR ", cols.Select(c => $"{C(c)} IS NOT NULL"));
        // Fast path in the shared scan: if the tuples' hashes are all distinct, so are the tuples, and uniqueness is
        // exactly 1.0. Only when they are not (a duplicate, or a hash collision) does the exact grouping query run.
        var (distinctId, rowsId) = (Id(), Id());
        var scope = rule.Where is null ? $"({anyNotNull})" : $"({anyNotNull}) AND ({Where(rule)})";
        var (distinctSql, rowsSql) = KeyAggregates(list, scope);
        plan.Aggregates.Add((distinctId, distinctSql));
        plan.Aggregates.Add((rowsId, rowsSql));
        var exact = $"WITH g AS (SELECT {list}, count(*) AS n FROM \"primary\" WHERE {scope} GROUP BY ALL) SELECT sum(CASE WHEN n = 1 THEN 1 ELSE 0 END)::DOUBLE / nullif(sum(n), 0) FROM g";
        double? Uniqueness(Metrics m) => m[rowsId] is not > 0 ? null : m[distinctId] == m[rowsId] ? 1.0 : m.Query(exact);
        var completeness = cols.Select(c => (Column: c, Id: Id())).ToArray();
        if (rule.Type == "IsPrimaryKey")
        {
            foreach (var (column, cid) in completeness)
            {
                plan.Aggregates.Add((cid, Filtered(rule, $"count({C(column)})") + "::DOUBLE / nullif(" + Filtered(rule, "count(*)") + ", 0)"));
            }
        }

        var duplicates = $"count(*) OVER (PARTITION BY {list}) = 1";
        plan.RowPredicate = rule.Type == "IsPrimaryKey"
            ? $"({string.Join(" AND ", cols.Select(c => $"{C(c)} IS NOT NULL"))} AND {duplicates})"
            : $"(NOT ({anyNotNull}) OR {duplicates})";
        plan.HistoryMetric = key;
        plan.Judge = metrics =>
        {
            if (metrics.Error(distinctId) is { } error)
            {
                return new Verdict(RuleOutcome.Failed, error, new Dictionary<string, double>(), null);
            }

            var uniqueness = Uniqueness(metrics);
            var values = new Dictionary<string, double>();
            if (uniqueness is { } u)
            {
                values[key] = u;
            }

            if (rule.Type == "Uniqueness")
            {
                return JudgeNumber(plan, key, uniqueness);
            }

            var incomplete = new List<string>();
            if (rule.Type == "IsPrimaryKey")
            {
                foreach (var (column, cid) in completeness)
                {
                    values[$"Column.{column}.Completeness"] = metrics[cid] ?? 0;
                    if (!(metrics[cid] ?? 0).Equals(1.0))
                    {
                        incomplete.Add(column);
                    }
                }
            }

            var unique = uniqueness is { } value && value.Equals(1.0);
            var reason = !unique ? $"Value: {(uniqueness is { } x ? Numbers.Format(x) : "NULL")} does not meet the constraint requirement!"
                : incomplete.Count > 0 ? $"Columns with nulls: {string.Join(", ", incomplete)}" : null;
            return new Verdict(reason is null ? RuleOutcome.Passed : RuleOutcome.Failed, reason, values, null);
        };
    }

    /// <summary>
    /// CustomSql: with a condition the query returns one number; without, it returns rows of <c>primary</c> (by some of
    /// its columns) and every primary row must be among them.
    /// </summary>
    private void CustomSql(LeafPlan plan, string sql)
    {
        var query = SqlText.FromSpark(sql, predicates.NowUtc);
        if (plan.Rule.Condition is not null)
        {
            Number(plan, "Dataset.*.CustomSQL", null, $"SELECT * FROM ({query})");
            return;
        }

        var id = Id();
        plan.RowFormQuery = query;
        plan.HistoryMetric = "Dataset.*.CustomSQL.Compliance";
        Func<Metrics, double?> compliance;
        if (SimpleSelection().Match(query) is { Success: true } selection && !Clauses().IsMatch(selection.Groups["predicate"].Value))
        {
            // SELECT key columns FROM primary WHERE predicate: when those columns identify each row (their hashes are all
            // distinct), a row is among the query's rows exactly when the predicate holds for it, so the shared scan
            // answers; otherwise the general semi-join runs.
            var (holds, distinct, rows, all) = (Id(), Id(), Id(), Id());
            var names = selection.Groups["columns"].Value.Split(',', StringSplitOptions.TrimEntries);
            var (distinctSql, rowsSql) = KeyAggregates(string.Join(", ", names.Select(C)), "(" + string.Join(" OR ", names.Select(c => $"{C(c)} IS NOT NULL")) + ")");
            plan.Aggregates.Add((holds, $"avg(CASE WHEN coalesce(({selection.Groups["predicate"].Value}), false) THEN 1.0 ELSE 0.0 END)::DOUBLE"));
            plan.Aggregates.Add((distinct, distinctSql));
            plan.Aggregates.Add((rows, rowsSql));
            plan.Aggregates.Add((all, "count(*)"));
            // Unique keys: distinct among rows with a value, and at most one row without any.
            compliance = m => m.Error(holds) is null && m[distinct] == m[rows] && m[all] - m[rows] <= 1 ? m[holds] : m.Query($"ROWFORM:{query}");
        }
        else
        {
            plan.Queries.Add((id, $"ROWFORM:{query}"));
            compliance = m => m[id];
        }

        plan.Judge = metrics =>
        {
            double value;
            try
            {
                if (metrics.Error(id) is { } error)
                {
                    return new Verdict(RuleOutcome.Failed, error, new Dictionary<string, double>(), null);
                }

                value = compliance(metrics) ?? 0;
            }
            catch (Exception e) when (e is InvalidOperationException or DuckDB.NET.Data.DuckDBException)
            {
                return new Verdict(RuleOutcome.Failed, $"the rule's SQL failed: {e.Message.Split('\n')[0]}", new Dictionary<string, double>(), null);
            }

            var values = new Dictionary<string, double> { ["Dataset.*.CustomSQL.Compliance"] = value };
            var pass = plan.Rule.Threshold is { } threshold
                ? new NumberEvaluator(k => history("Dataset.*.CustomSQL.Compliance", k)).Holds(threshold, value)
                : value.Equals(1.0);
            return new Verdict(pass ? RuleOutcome.Passed : RuleOutcome.Failed,
                pass ? null : string.Create(CultureInfo.InvariantCulture, $"{value * 100:F2} % of rows passed the threshold"), values, null);
        };
    }

    /// <summary>
    /// The aggregates that prove a key unique (distinct tuple hashes against rows), in the shared scan and spelled the
    /// same for every rule over the same columns, so they run once (IsPrimaryKey and a row-form CustomSql on the same
    /// key share them). A separate GROUP BY read primary a second time: 1.56× one scan against 1.37× in bench etl.
    /// </summary>
    private static (string Distinct, string Rows) KeyAggregates(string columns, string scope) =>
        ($"count(DISTINCT hash({columns})) FILTER (WHERE {scope})", $"count(*) FILTER (WHERE {scope})");

    [GeneratedRegex(@"^\s*select\s+(?<columns>[A-Za-z_][A-Za-z0-9_]*(\s*,\s*[A-Za-z_][A-Za-z0-9_]*)*)\s+from\s+""primary""\s+where\s+(?<predicate>.+?)\s*;?\s*$",
        RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex SimpleSelection();

    [GeneratedRegex(@"\b(group\s+by|order\s+by|limit|union|having|join|select)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Clauses();

    private void Referential(LeafPlan plan, string primaryColumns, string reference)
    {
        var keys = primaryColumns.Split(',', StringSplitOptions.TrimEntries);
        var dot = reference.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            throw new InvalidOperationException($"'{reference}' is not alias.column or alias.{{c1,c2}}");
        }

        var alias = reference[..dot];
        Alias(alias);
        var refColumns = reference[(dot + 1)..].Trim('{', '}').Split(',', StringSplitOptions.TrimEntries);
        if (refColumns.Length != keys.Length)
        {
            throw new InvalidOperationException($"ReferentialIntegrity compares {keys.Length} column(s) with {refColumns.Length}");
        }

        var match = string.Join(" AND ", keys.Zip(refColumns, (k, r) => $"r.{C(r)} = p.{C(k)}"));
        var key = $"Column.{alias}.ReferentialIntegrity";
        if (keys.Length == 1)
        {
            // One key column: an uncorrelated IN, which DuckDB runs as a mark join under the shared scan, so the rule
            // adds no read of primary. A null key is not found, as in the semi-join below.
            Number(plan, key, $"avg(CASE WHEN {C(keys[0])} IN (SELECT r.{C(refColumns[0])} FROM {C(alias)} r) THEN 1.0 ELSE 0.0 END)::DOUBLE");
        }
        else
        {
            // Counted with a semi-join, which DuckDB runs as one hash join (a per-row EXISTS in a CASE does not).
            Number(plan, key, null,
                $"SELECT (SELECT count(*) FROM \"primary\" p SEMI JOIN {C(alias)} r ON {match})::DOUBLE / nullif((SELECT count(*) FROM \"primary\"), 0)");
        }

        plan.RowPredicate = $"EXISTS (SELECT 1 FROM {C(alias)} r WHERE {match})";
    }

    private void Alias(string alias)
    {
        if (!aliases.Contains(alias))
        {
            throw new InvalidOperationException($"reference data set '{alias}' was not provided to the evaluation");
        }
    }

    private string AggregateSql(string expression)
    {
        var m = Regex.Match(expression.Trim(), @"^(?<fn>sum|avg)\((?<target>[^)]+)\)$", RegexOptions.IgnoreCase);
        if (!m.Success)
        {
            throw new InvalidOperationException($"AggregateMatch takes sum(col) or avg(col), not '{expression}'");
        }

        var target = m.Groups["target"].Value.Trim();
        var dot = target.LastIndexOf('.');
        var (relation, column) = dot < 0 ? ("primary", target) : (target[..dot], target[(dot + 1)..]);
        if (relation != "primary")
        {
            Alias(relation);
        }

        return $"SELECT {m.Groups["fn"].Value.ToLowerInvariant()}({C(column)}) FROM {C(relation)}";
    }

    private void AllStatistics(LeafPlan plan, string column)
    {
        var targets = column == "AllColumns" ? columns.Keys.ToArray() : [column];
        var ids = new List<(string Key, string Id)>();
        void Add(string key, string sql)
        {
            var id = Id();
            plan.Aggregates.Add((id, sql));
            ids.Add((key, id));
        }

        Add("Dataset.*.RowCount", "count(*)::DOUBLE");
        foreach (var c in targets)
        {
            Add($"Column.{c}.Completeness", $"count({C(c)})::DOUBLE / nullif(count(*), 0)");
            if (IsNumeric(columns[c]))
            {
                Add($"Column.{c}.Minimum", $"min({C(c)})::DOUBLE");
                Add($"Column.{c}.Maximum", $"max({C(c)})::DOUBLE");
                Add($"Column.{c}.Mean", $"avg({C(c)})::DOUBLE");
                Add($"Column.{c}.StandardDeviation", $"stddev_pop({C(c)})::DOUBLE");
                Add($"Column.{c}.Sum", $"sum({C(c)})::DOUBLE");
            }
            else if (columns[c] == "VARCHAR")
            {
                Add($"Column.{c}.MinimumLength", $"min(length({C(c)}))::DOUBLE");
                Add($"Column.{c}.MaximumLength", $"max(length({C(c)}))::DOUBLE");
            }
        }

        plan.Judge = metrics => new Verdict(RuleOutcome.Passed, null,
            ids.Where(x => metrics[x.Id] is not null).ToDictionary(x => x.Key, x => metrics[x.Id]!.Value), null);
    }

    private static bool IsNumeric(string type) =>
        type.StartsWith("DECIMAL", StringComparison.Ordinal) || type is "DOUBLE" or "FLOAT" or "INTEGER" or "BIGINT" or "SMALLINT" or "TINYINT" or "HUGEINT" or "UBIGINT" or "UINTEGER";
}
