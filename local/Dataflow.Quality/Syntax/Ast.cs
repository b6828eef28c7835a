namespace Dataflow.Quality.Syntax;

/// <summary>A parsed ruleset: the optional sections in their fixed order, then rules and/or analyzers.</summary>
public sealed record Ruleset(
    IReadOnlyList<DictEntry>? Metadata,
    IReadOnlyList<DictEntry>? DataSources,
    IReadOnlyList<Variable> Variables,
    IReadOnlyList<Label>? DefaultLabels,
    IReadOnlyList<RuleNode> Rules,
    IReadOnlyList<LeafRule> Analyzers,
    bool HasRulesSection,
    bool HasAnalyzersSection,
    IReadOnlyList<string> Warnings);

/// <summary>A <c>"key": "value"</c> or <c>"key": ["a", "b"]</c> pair of Metadata or DataSources.</summary>
public sealed record DictEntry(string Key, string? Value, IReadOnlyList<string>? Values, Position At);

/// <summary><c>name = "string"</c> or <c>name = ["a", NULL]</c>; items are kept as written.</summary>
public sealed record Variable(string Name, StringOperand? Value, IReadOnlyList<Operand>? Items, Position At);

public sealed record Label(string Key, string Value);

public readonly record struct Position(int Line, int Column)
{
    public override string ToString() => $"line {Line}:{Column}";
}

public abstract record RuleNode(Position At)
{
    public IReadOnlyList<Label> Labels { get; init; } = [];

    /// <summary>Whether the rule had a <c>labels=[...]</c> clause at all (an empty one is an error, an absent one is not).</summary>
    public bool LabelsDeclared { get; init; }
}

public enum CompositeOperator
{
    And,
    Or,
}

public sealed record CompositeRule(CompositeOperator Operator, RuleNode Left, RuleNode Right, Position At) : RuleNode(At)
{
    /// <summary>Composites on the longest path down to a rule (1 for <c>(A) and (B)</c>): the parser bounds it.</summary>
    public int Depth { get; } = 1 + Math.Max(Left is CompositeRule l ? l.Depth : 0, Right is CompositeRule r ? r.Depth : 0);
}

/// <summary>One rule: type, parameters, condition, where clause, labels and tags, in that fixed order.</summary>
public sealed record LeafRule(
    string Type,
    IReadOnlyList<RuleParameter> Parameters,
    Condition? Condition,
    string? Where,
    IReadOnlyList<Tag> Tags,
    Position At) : RuleNode(At)
{
    public Condition? Threshold => Tags.FirstOrDefault(t => t.IsThreshold)?.Condition;

    public string? Tag(string key) =>
        Tags.FirstOrDefault(t => string.Equals(t.Key, key, StringComparison.Ordinal))?.Condition is ComparisonCondition { Value: var v } ? v.Plain : null;
}

public enum ParameterKind
{
    Quoted,
    Bare,
    Variable,
}

/// <summary>A parameter as written: quoted, bare identifier or <c>$variable</c>, with its decorative connector (of/and).</summary>
public sealed record RuleParameter(string Value, ParameterKind Kind, string? Connector)
{
    /// <summary>The value with <c>\"</c> and <c>\\</c> unescaped (the official parser keeps them; an evaluator must not).</summary>
    public string Unescaped => Strings.Unescape(Value);
}

/// <summary>A <c>with key condition</c> tag; <c>threshold</c> (any case) carries a number condition.</summary>
public sealed record Tag(string Key, Condition Condition)
{
    public bool IsThreshold => Key.Equals("threshold", StringComparison.OrdinalIgnoreCase);
}

public abstract record Condition(Position At)
{
    /// <summary>The values the condition compares with (none for <c>matches</c> and <c>in $variable</c>).</summary>
    public IReadOnlyList<Operand> Operands => this switch
    {
        ComparisonCondition c => [c.Value],
        BetweenCondition b => [b.Low, b.High],
        InCondition i => i.Items,
        _ => [],
    };
}

public sealed record ComparisonCondition(string Operator, Operand Value, Position At) : Condition(At);

public sealed record BetweenCondition(bool Negated, Operand Low, Operand High, Position At) : Condition(At);

public sealed record InCondition(bool Negated, IReadOnlyList<Operand> Items, string? VariableName, Position At) : Condition(At);

public sealed record MatchesCondition(bool Negated, StringOperand Pattern, Position At) : Condition(At);

public abstract record Operand
{
    /// <summary>The operand as text, for tags and messages.</summary>
    public abstract string Plain { get; }
}

/// <summary>A quoted string. <see cref="Raw"/> is as written between the quotes; <see cref="Value"/> unescaped.</summary>
public sealed record StringOperand(string Raw) : Operand
{
    public string Value => Strings.Unescape(Raw);
    public override string Plain => Value;
}

public enum KeywordValue
{
    Null,
    Empty,
    WhitespacesOnly,
}

public sealed record KeywordOperand(KeywordValue Keyword) : Operand
{
    public override string Plain => Keyword switch
    {
        KeywordValue.Null => "NULL",
        KeywordValue.Empty => "EMPTY",
        _ => "WHITESPACES_ONLY",
    };
}

public sealed record NumberOperand(NumberExpression Expression) : Operand
{
    public override string Plain => Expression.ToString();
}

public enum DurationUnit
{
    Minutes,
    Hours,
    Days,
}

public sealed record DurationOperand(long Amount, DurationUnit Unit) : Operand
{
    public TimeSpan Value => Unit switch
    {
        DurationUnit.Minutes => TimeSpan.FromMinutes(Amount),
        DurationUnit.Hours => TimeSpan.FromHours(Amount),
        _ => TimeSpan.FromDays(Amount),
    };

    public override string Plain => $"{Amount} {Unit.ToString().ToLowerInvariant()}";

    /// <summary>The duration, unless it is beyond what a <see cref="TimeSpan"/> holds.</summary>
    public bool TryGetValue(out TimeSpan value)
    {
        try
        {
            value = Value;
            return true;
        }
        catch (OverflowException)
        {
            value = default;
            return false;
        }
    }
}

public sealed record SizeOperand(long Amount, string Unit) : Operand
{
    public override string Plain => $"{Amount} {Unit}";

    /// <summary>The size in bytes (units are powers of 1024), unless it is beyond a 64-bit count.</summary>
    public bool TryGetBytes(out long bytes)
    {
        var power = Array.IndexOf(["B", "KB", "MB", "GB", "TB"], Unit);
        try
        {
            bytes = checked(Amount * (1L << (10 * power)));
            return true;
        }
        catch (OverflowException)
        {
            bytes = 0;
            return false;
        }
    }
}

/// <summary><c>"yyyy-MM-dd"</c>, <c>"9:30 AM"</c>, <c>now()</c> or <c>(now() ± N unit)</c>.</summary>
public sealed record DateOperand(string? Literal, bool IsTime, int Sign, DurationOperand? Offset) : Operand
{
    public bool IsNow => Literal is null;

    public override string Plain => Literal is not null ? $"\"{Literal}\"" : Offset is null ? "now()" : $"(now() {(Sign < 0 ? "-" : "+")} {Offset.Plain})";
}

/// <summary>Number expressions: all four operators share one precedence and associate left (<c>4 + 2 * 3</c> is 18).</summary>
public abstract record NumberExpression;

public sealed record NumberLiteral(string Text) : NumberExpression
{
    public double Value => double.Parse(Text.Replace(" ", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
    public override string ToString() => Text;
}

public sealed record NullNumber : NumberExpression
{
    public override string ToString() => "NULL";
}

public sealed record BinaryNumber(char Operator, NumberExpression Left, NumberExpression Right) : NumberExpression
{
    public override string ToString() => $"{Left} {Operator} {Right}";
}

public sealed record FunctionCall(string Name, IReadOnlyList<NumberExpression> Arguments) : NumberExpression
{
    public override string ToString() => $"{Name}({string.Join(",", Arguments)})";
}

public sealed record GroupedNumber(NumberExpression Inner) : NumberExpression
{
    public override string ToString() => $"({Inner})";
}

internal static class Strings
{
    public static string Unescape(string raw) => raw.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
}
