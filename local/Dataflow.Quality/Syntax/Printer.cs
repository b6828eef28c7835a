using System.Text;

namespace Dataflow.Quality.Syntax;

/// <summary>
/// The canonical text of rules and rulesets, as Glue prints them in the <c>Rule</c> column (dqdl.md §5): parameters
/// with their connector words and quoting, conditions with <c>in [a,b]</c> lists, upper-case NULL, composites as
/// <c>(A) AND (B)</c> with same-operator chains flattened.
/// </summary>
public static class Printer
{
    public static string Print(RuleNode node) => node switch
    {
        LeafRule rule => Rule(rule),
        CompositeRule composite => composite.Labels.Count == 0 ? Composite(composite) : $"({Composite(composite)}){Labels(composite.Labels)}",
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    public static string Print(Ruleset ruleset)
    {
        var blocks = new List<string>();
        if (ruleset.Metadata is { } metadata)
        {
            blocks.Add($"Metadata = {Dictionary(metadata)}");
        }

        if (ruleset.DataSources is { } sources)
        {
            blocks.Add($"DataSources = {Dictionary(sources)}");
        }

        if (ruleset.Variables.Count > 0)
        {
            blocks.Add(string.Join("\n", ruleset.Variables.Select(v =>
                $"{v.Name} = {(v.Value is { } s ? Operand(s) : "[" + string.Join(",", v.Items!.Select(Operand)) + "]")}")));
        }

        if (ruleset.DefaultLabels is { } defaults)
        {
            blocks.Add($"DefaultLabels = [{string.Join(", ", defaults.Select(l => $"\"{l.Key}\"=\"{l.Value}\""))}]");
        }

        if (ruleset.HasRulesSection)
        {
            blocks.Add(List("Rules", ruleset.Rules.Select(Print)));
        }

        if (ruleset.HasAnalyzersSection)
        {
            blocks.Add(List("Analyzers", ruleset.Analyzers.Select(Rule)));
        }

        return string.Join("\n\n", blocks) + "\n";
    }

    private static string List(string section, IEnumerable<string> items)
    {
        var lines = items.ToArray();
        return lines.Length == 0 ? $"{section} = [ ]" : $"{section} = [\n    {string.Join(",\n    ", lines)}\n]";
    }

    private static string Dictionary(IReadOnlyList<DictEntry> entries) =>
        "{ " + string.Join(", ", entries.Select(e => $"\"{e.Key}\": " +
            (e.Values is { } values ? "[ " + string.Join(", ", values.Select(v => $"\"{v}\"")) + " ]" : $"\"{e.Value}\""))) + " }";

    private static string Composite(CompositeRule composite)
    {
        // The composite's own labels are printed by the caller: flatten its children, never the node itself again.
        var op = composite.Operator == CompositeOperator.And ? " AND " : " OR ";
        var children = Flatten(composite.Left, composite.Operator).Concat(Flatten(composite.Right, composite.Operator));
        return string.Join(op, children.Select(child => $"({Print(child)})"));
    }

    /// <summary>A chain of the same operator prints as one list; a child with labels or another operator stays nested.</summary>
    private static IEnumerable<RuleNode> Flatten(RuleNode node, CompositeOperator op) =>
        node is CompositeRule c && c.Operator == op && c.Labels.Count == 0
            ? Flatten(c.Left, op).Concat(Flatten(c.Right, op))
            : [node];

    public static string Rule(LeafRule rule)
    {
        var text = new StringBuilder(rule.Type);
        foreach (var parameter in rule.Parameters)
        {
            text.Append(' ');
            if (parameter.Connector is { } connector)
            {
                text.Append(connector).Append(' ');
            }

            text.Append(parameter.Kind switch
            {
                ParameterKind.Quoted => $"\"{parameter.Value}\"",
                ParameterKind.Variable => $"${parameter.Value}",
                _ => parameter.Value,
            });
        }

        if (rule.Condition is { } condition)
        {
            text.Append(' ').Append(Condition(condition));
        }

        if (rule.Where is { } where)
        {
            text.Append(" where \"").Append(where).Append('"');
        }

        foreach (var tag in rule.Tags.OrderBy(t => t.IsThreshold ? 0 : 1))
        {
            text.Append(" with ").Append(tag.Key).Append(' ').Append(Condition(tag.Condition));
        }

        return text.Append(Labels(rule.Labels)).ToString();
    }

    private static string Labels(IReadOnlyList<Label> labels) =>
        labels.Count == 0 ? "" : " labels=[" + string.Join(", ", labels.Select(l => $"\"{l.Key}\"=\"{l.Value}\"")) + "]";

    public static string Condition(Condition condition) => condition switch
    {
        ComparisonCondition c => $"{c.Operator} {Operand(c.Value)}",
        BetweenCondition b => $"{(b.Negated ? "not " : "")}between {Operand(b.Low)} and {Operand(b.High)}",
        InCondition { VariableName: { } name } i => $"{(i.Negated ? "not " : "")}in ${name}",
        InCondition i => $"{(i.Negated ? "not " : "")}in [{string.Join(",", i.Items.Select(Operand))}]",
        MatchesCondition m => $"{(m.Negated ? "not " : "")}matches \"{m.Pattern.Raw}\"",
        _ => throw new ArgumentOutOfRangeException(nameof(condition)),
    };

    public static string Operand(Operand operand) => operand switch
    {
        StringOperand s => $"\"{s.Raw}\"",
        _ => operand.Plain,
    };
}
