using System.Globalization;
using Dataflow.Quality.Syntax;

namespace Dataflow.Quality.Evaluation;

/// <summary>
/// Per-row predicates P(row) in DuckDB SQL with DQDL's NULL semantics (dqdl.md §7.4): NULL fails every
/// <c>ColumnValues</c> operator except <c>!=</c> and <c>not in</c>, under which it passes; <c>ColumnLength</c> reads
/// NULL as length 0.
/// </summary>
internal sealed class Predicates(DateTime nowUtc, IReadOnlyDictionary<string, Variable> variables)
{
    /// <summary>The instant <c>now()</c> means, and what Spark's clock functions in where clauses and CustomSql read.</summary>
    public DateTime NowUtc => nowUtc;

    public static string Complete(string column) => $"{column} IS NOT NULL";

    public string ColumnValues(string c, Condition condition, bool ignoreCase) => Validation(condition) switch
    {
        Kind.String => StringValues(c, condition, ignoreCase),
        Kind.Date => Ordered($"CAST({c} AS TIMESTAMP)", condition, DateSql),
        _ => Ordered(c, condition, NumberSql),
    };

    public static string Length(string c, Condition condition) => Ordered($"coalesce(length({c}), 0)", condition, NumberSql, nullable: false);

    public static string DataType(string c, ComparisonCondition condition)
    {
        var type = DuckDbType(((StringOperand)condition.Value).Value);
        return condition.Operator == "!=" ? $"TRY_CAST({c} AS {type}) IS NULL" : $"TRY_CAST({c} AS {type}) IS NOT NULL";
    }

    /// <summary>Age in hours rounded to 2 decimals against the duration in hours rounded to 4, as Deequ computes it.</summary>
    public string Freshness(string c, Condition condition)
    {
        var age = $"round((epoch(TIMESTAMP '{Stamp(nowUtc)}') - epoch(CAST({c} AS TIMESTAMP))) / 3600.0, 2)";
        return $"{c} IS NOT NULL AND " + Ordered(age, condition, o => o is DurationOperand d ? SqlText.Number(Math.Round(d.Value.TotalHours, 4)) : NumberSql(o), nullable: false);
    }

    public static string DuckDbType(string dqdlType)
    {
        var t = dqdlType.Trim().ToLowerInvariant();
        return t switch
        {
            "boolean" => "BOOLEAN",
            "date" => "DATE",
            "timestamp" => "TIMESTAMP",
            "integer" => "INTEGER",
            "double" => "DOUBLE",
            "float" => "FLOAT",
            "long" => "BIGINT",
            _ when t.StartsWith("decimal(", StringComparison.Ordinal) => t.ToUpperInvariant(),
            _ => throw new InvalidOperationException($"ColumnDataType '{dqdlType}' is not Boolean, Date, Timestamp, Integer, Double, Float, Long or DECIMAL(p,s)"),
        };
    }

    private enum Kind
    {
        Number,
        String,
        Date,
    }

    private static Kind Validation(Condition condition) => Rules.Validator.Kind(condition) switch
    {
        Rules.ReturnKinds.String => Kind.String,
        Rules.ReturnKinds.Date => Kind.Date,
        _ => condition is InCondition { VariableName: not null } ? Kind.String : Kind.Number,
    };

    /// <summary>Numbers and dates: comparisons, between (exclusive), in lists; NULL rows fail except for != and not in.</summary>
    private static string Ordered(string c, Condition condition, Func<Operand, string> value, bool nullable = true)
    {
        string NotNull(string p) => nullable ? $"({c} IS NOT NULL AND {p})" : $"({p})";
        switch (condition)
        {
            case ComparisonCondition { Value: KeywordOperand { Keyword: KeywordValue.Null } } n:
                return n.Operator == "=" ? $"({c} IS NULL)" : $"({c} IS NOT NULL)";
            case ComparisonCondition { Operator: "!=" } ne:
                return nullable ? $"({c} IS NULL OR {c} <> {value(ne.Value)})" : $"({c} <> {value(ne.Value)})";
            case ComparisonCondition cmp:
                return NotNull($"{c} {cmp.Operator} {value(cmp.Value)}");
            case BetweenCondition { Negated: false } b:
                return NotNull($"{c} > {value(b.Low)} AND {c} < {value(b.High)}");
            case BetweenCondition b:
                return NotNull($"({c} <= {value(b.Low)} OR {c} >= {value(b.High)})");
            case InCondition i:
                var hasNull = i.Items.Any(o => o is KeywordOperand { Keyword: KeywordValue.Null } or NumberOperand { Expression: NullNumber });
                var values = i.Items.Where(o => o is not (KeywordOperand { Keyword: KeywordValue.Null } or NumberOperand { Expression: NullNumber })).Select(value).ToArray();
                var member = values.Length == 0 ? "false" : $"{c} IN ({string.Join(", ", values)})";
                return (i.Negated, hasNull) switch
                {
                    (false, false) => NotNull(member),
                    (false, true) => $"({member} OR {c} IS NULL)",
                    (true, false) => nullable ? $"({c} IS NULL OR NOT ({member}))" : $"(NOT ({member}))",
                    (true, true) => $"({c} IS NOT NULL AND NOT ({member}))",
                };
            default:
                throw new InvalidOperationException($"'{Printer.Condition(condition)}' cannot be applied to numbers or dates");
        }
    }

    private string StringValues(string c, Condition condition, bool ignoreCase)
    {
        string Col() => ignoreCase ? $"lower({c})" : c;
        string Lit(string v) => ignoreCase ? $"lower({SqlText.Literal(v)})" : SqlText.Literal(v);
        string Item(Operand o) => o switch
        {
            StringOperand s => $"{Col()} = {Lit(s.Value)}",
            KeywordOperand { Keyword: KeywordValue.Empty } => $"{c} = ''",
            KeywordOperand { Keyword: KeywordValue.WhitespacesOnly } => $"(length(trim({c})) = 0 AND length({c}) > 0)",
            KeywordOperand { Keyword: KeywordValue.Null } => $"{c} IS NULL",
            _ => throw new InvalidOperationException($"'{o.Plain}' is not a string value"),
        };

        switch (condition)
        {
            case MatchesCondition m:
                var regex = SqlText.Literal(m.Pattern.Raw);
                return m.Negated ? $"coalesce(NOT regexp_full_match({c}, {regex}), false)" : $"coalesce(regexp_full_match({c}, {regex}), false)";
            case ComparisonCondition { Operator: "=" } eq:
                return $"coalesce({Item(eq.Value)}, false)";
            case ComparisonCondition ne:
                return ne.Value is KeywordOperand { Keyword: KeywordValue.Null } ? $"{c} IS NOT NULL" : $"({c} IS NULL OR NOT ({Item(ne.Value)}))";
            case InCondition i:
                var items = i.VariableName is { } name ? VariableItems(name) : i.Items;
                var hasNull = items.Any(o => o is KeywordOperand { Keyword: KeywordValue.Null });
                var nonNull = items.Where(o => o is not KeywordOperand { Keyword: KeywordValue.Null }).Select(Item).ToArray();
                var member = nonNull.Length == 0 ? "false" : $"({string.Join(" OR ", nonNull)})";
                return (i.Negated, hasNull) switch
                {
                    (false, false) => $"({c} IS NOT NULL AND {member})",
                    (false, true) => $"({c} IS NULL OR {member})",
                    (true, false) => $"({c} IS NULL OR NOT {member})",
                    (true, true) => $"({c} IS NOT NULL AND NOT {member})",
                };
            default:
                throw new InvalidOperationException($"'{Printer.Condition(condition)}' cannot be applied to strings");
        }
    }

    private IReadOnlyList<Operand> VariableItems(string name) =>
        variables.TryGetValue(name, out var v) ? v.Items ?? [v.Value!] : throw new InvalidOperationException($"Variable not found: {name}");

    private static string NumberSql(Operand operand) => operand switch
    {
        NumberOperand n => SqlText.Number(new NumberEvaluator(_ => []).Evaluate(n.Expression)),
        _ => throw new InvalidOperationException($"'{operand.Plain}' is not a number"),
    };

    private string DateSql(Operand operand) => operand switch
    {
        DateOperand { IsNow: true } d => $"TIMESTAMP '{Stamp(d.Offset is null ? nowUtc : Shifted(d))}'",
        DateOperand { IsTime: false } d => $"TIMESTAMP '{d.Literal} 00:00:00'",
        DateOperand d => $"TIMESTAMP '{Stamp(TodayAt(d.Literal!))}'",
        KeywordOperand { Keyword: KeywordValue.Null } => "NULL",
        _ => throw new InvalidOperationException($"'{operand.Plain}' is not a date"),
    };

    private DateTime TodayAt(string time) =>
        DqdlTime.TryParse(time, out var t)
            ? nowUtc.Date + (t == TimeSpan.FromHours(24) ? TimeSpan.Zero : t)
            : throw new DqdlException([$"Error Parsing Date: {time}. Not a time of day."]);

    /// <summary><c>(now() ± N unit)</c>; a shift past year 1 or 9999 is an error, not an overflow.</summary>
    private DateTime Shifted(DateOperand d)
    {
        var offset = d.Offset!.TryGetValue(out var value) ? value : TimeSpan.MaxValue;
        var room = d.Sign < 0 ? nowUtc - DateTime.MinValue : DateTime.MaxValue - nowUtc;
        return offset <= room
            ? nowUtc + (d.Sign < 0 ? -offset : offset)
            : throw new DqdlException([$"Error Parsing Date: {d.Plain}. The date is out of range (years 1 to 9999)."]);
    }

    private static string Stamp(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
