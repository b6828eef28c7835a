using Dataflow.Quality.Syntax;

namespace Dataflow.Quality.Rules;

/// <summary>
/// Checks a parsed ruleset against the rule registry and the constraints of dqdl.md §1.4–1.6, with the official
/// error messages (§7.6). All problems are collected.
/// </summary>
public static class Validator
{
    public const int MaxLabels = 10;

    public static IReadOnlyList<string> Validate(Ruleset ruleset)
    {
        var errors = new List<string>();
        if (ruleset.Rules.Count == 0 && ruleset.Analyzers.Count == 0)
        {
            errors.Add("No rules or analyzers provided.");
        }

        CheckDictionary(ruleset.Metadata, ["Version"], "Unsupported key provided in Metadata section", errors);
        CheckDictionary(ruleset.DataSources, ["Primary", "AdditionalDataSources"], "Unsupported key provided in Sources section", errors);
        if (ruleset.DataSources?.FirstOrDefault(e => e.Key == "AdditionalDataSources") is { Values: null })
        {
            errors.Add("Additional sources must be an array of values.");
        }

        var variables = CheckVariables(ruleset.Variables, errors);
        if (ruleset.DefaultLabels is { } defaults)
        {
            CheckLabels(defaults, errors);
        }

        foreach (var rule in ruleset.Rules)
        {
            CheckNode(rule, ruleset.DefaultLabels ?? [], variables, errors);
        }

        foreach (var analyzer in ruleset.Analyzers)
        {
            var type = RuleRegistry.Find(analyzer.Type);
            if (type is null || !type.Accepts(analyzer.Parameters.Count))
            {
                errors.Add($"Analyzer Type: {analyzer.Type} is not valid");
            }
            else if (!type.AsAnalyzer)
            {
                errors.Add($"Analyzer Type: {analyzer.Type} is not supported");
            }
        }

        return errors;
    }

    private static void CheckDictionary(IReadOnlyList<DictEntry>? entries, string[] keys, string unsupported, List<string> errors)
    {
        if (entries is null)
        {
            return;
        }

        if (entries.Count == 0)
        {
            errors.Add("Empty dictionary provided");
        }

        if (entries.Any(e => !keys.Contains(e.Key)))
        {
            errors.Add(unsupported);
        }
    }

    private static Dictionary<string, Variable> CheckVariables(IReadOnlyList<Variable> declared, List<string> errors)
    {
        var variables = new Dictionary<string, Variable>(StringComparer.Ordinal);
        foreach (var variable in declared)
        {
            if (variable.Name.StartsWith('.') || variable.Name.StartsWith('_'))
            {
                errors.Add($"Variable name '{variable.Name}' cannot start with '.' or '_'");
            }

            if (!variables.TryAdd(variable.Name, variable))
            {
                errors.Add($"Variable '{variable.Name}' is already defined");
            }

            var texts = variable.Value is { } v ? [v.Raw] : variable.Items!.OfType<StringOperand>().Select(i => i.Raw);
            if (texts.Any(t => System.Text.RegularExpressions.Regex.IsMatch(t, @"\$[A-Za-z0-9_.]")))
            {
                errors.Add($"Nested variables are not supported in variable '{variable.Name}'");
            }
        }

        return variables;
    }

    private static void CheckNode(RuleNode node, IReadOnlyList<Label> defaults, Dictionary<string, Variable> variables, List<string> errors)
    {
        if (node.LabelsDeclared || node is LeafRule)
        {
            CheckLabels(node.Labels, errors, defaults, explicitList: node.LabelsDeclared);
        }

        switch (node)
        {
            case CompositeRule composite:
                CheckNode(composite.Left, [], variables, errors);
                CheckNode(composite.Right, [], variables, errors);
                break;
            case LeafRule rule:
                CheckRule(rule, variables, errors);
                break;
        }
    }

    private static void CheckRule(LeafRule rule, Dictionary<string, Variable> variables, List<string> errors)
    {
        var type = RuleRegistry.Find(rule.Type);
        if (type is null || !type.Accepts(rule.Parameters.Count))
        {
            errors.Add(type is { AsRule: false } ? $"Analyzer Type: {rule.Type} is not supported in rules section" : $"Rule Type: {rule.Type} is not valid");
            return;
        }

        if (!type.AsRule)
        {
            errors.Add($"Analyzer Type: {rule.Type} is not supported in rules section");
            return;
        }

        foreach (var parameter in rule.Parameters.Where(p => p.Kind == ParameterKind.Variable))
        {
            if (!variables.TryGetValue(parameter.Value, out var variable))
            {
                errors.Add($"Error resolving parameters: Variable not found: {parameter.Value}");
            }
            else if (variable.Value is null)
            {
                errors.Add($"Error resolving parameters: Invalid variable type for '{parameter.Value}': expected STRING, but got STRING_ARRAY");
            }
        }

        CheckCondition(rule, type, variables, errors);

        if (rule.Where is { } where)
        {
            if (!type.Where)
            {
                errors.Add($"Where clause is not supported for rule type: {rule.Type}");
            }
            else if (where.Trim().Length == 0)
            {
                errors.Add($"Empty where condition provided for rule type: {rule.Type}");
            }
        }

        var thresholds = rule.Tags.Where(t => t.IsThreshold).ToArray();
        if (thresholds.Length > 0 && !type.Threshold)
        {
            errors.Add($"Threshold condition not supported for rule type: {rule.Type}");
        }
        else if (thresholds.Length > 1)
        {
            errors.Add("Only one threshold condition at a time is supported.");
        }
        else if (thresholds.Length == 1 && Kind(thresholds[0].Condition) != ReturnKinds.Number)
        {
            errors.Add($"Unable to parse threshold condition provided for rule type: {rule.Type}");
        }

        if (rule.Tags.FirstOrDefault(t => t.Key == "timeZone")?.Condition is ComparisonCondition { Value: StringOperand zone }
            && !TimeZoneInfo.TryFindSystemTimeZoneById(zone.Raw, out _))
        {
            errors.Add($"Error Parsing Time Zone: {zone.Raw}. Unknown time-zone ID: {zone.Raw}.");
        }

        foreach (var tag in rule.Tags.Where(t => !t.IsThreshold))
        {
            if (tag.Condition is not ComparisonCondition { Operator: "=", Value: StringOperand or NumberOperand })
            {
                errors.Add(tag.Condition is ComparisonCondition { Value: NumberOperand } or BetweenCondition { Low: NumberOperand }
                    ? "Number tags only support the equality operator."
                    : "String tags only support the equality operator.");
            }
        }
    }

    private static void CheckCondition(LeafRule rule, RuleType type, Dictionary<string, Variable> variables, List<string> errors)
    {
        if (rule.Condition is null)
        {
            if (!type.Returns.HasFlag(ReturnKinds.Boolean) && type.Returns != ReturnKinds.None)
            {
                errors.Add($"No condition provided for rule with non-boolean rule type: {rule.Type}");
            }

            return;
        }

        if (type.Returns == ReturnKinds.Boolean)
        {
            errors.Add($"Unexpected condition for rule of type {rule.Type} with boolean return type");
            return;
        }

        if (rule.Condition is InCondition { VariableName: { } name })
        {
            if (!variables.ContainsKey(name))
            {
                errors.Add($"Error resolving parameters: Variable not found: {name}");
            }

            return;
        }

        var kind = Kind(rule.Condition);
        if (kind == ReturnKinds.Number && type.Returns.HasFlag(ReturnKinds.Size))
        {
            kind = ReturnKinds.Size; // a bare integer is a size in bytes (tests of the official parser)
        }

        errors.AddRange(Operands(rule).SelectMany(OperandProblems));
        if ((type.Returns & kind) == 0)
        {
            var expected = (type.Returns & ~ReturnKinds.Boolean).ToString().ToLowerInvariant().Replace(", ", "|", StringComparison.Ordinal);
            errors.Add($"Unexpected condition for rule of type {rule.Type} with {expected} return type");
        }
        else if (kind == ReturnKinds.String && rule.Condition is ComparisonCondition { Operator: not ("=" or "!=") })
        {
            errors.Add($"{rule.Condition.At} strings support only =, !=, in, not in and matches");
        }
    }

    /// <summary>Every value a rule compares with: its condition's and its tags'.</summary>
    private static IEnumerable<Operand> Operands(LeafRule rule) =>
        new[] { rule.Condition }.Concat(rule.Tags.Select(t => t.Condition)).SelectMany(c => c?.Operands ?? []);

    /// <summary>The longest duration a date can move by and stay a date (0001-01-01 to 9999-12-31).</summary>
    private static readonly TimeSpan LongestDuration = DateTime.MaxValue - DateTime.MinValue;

    /// <summary>Values the lexer accepts by shape that no engine can read: a date or time out of range, an endless duration or size.</summary>
    private static IEnumerable<string> OperandProblems(Operand operand)
    {
        switch (operand)
        {
            case DateOperand { Literal: { } literal, IsTime: false } when !DateOnly.TryParseExact(literal, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _):
                yield return $"Error Parsing Date: {literal}. Not a calendar date (yyyy-MM-dd).";
                break;
            case DateOperand { Literal: { } literal, IsTime: true } when !DqdlTime.TryParse(literal, out _):
                yield return $"Error Parsing Date: {literal}. Not a time of day (h:mm AM|PM, or HH:mm from 00:00 to 24:00).";
                break;
            case DateOperand { Offset: { } offset }:
                foreach (var problem in OperandProblems(offset))
                {
                    yield return problem;
                }

                break;
            case DurationOperand duration when !duration.TryGetValue(out var value) || value > LongestDuration:
                yield return $"Error Parsing Date: {duration.Plain}. A duration may be at most {LongestDuration.TotalDays:0} days.";
                break;
            case SizeOperand size when !size.TryGetBytes(out _):
                yield return $"{size.Plain}: a size may be at most {long.MaxValue} bytes.";
                break;
        }
    }

    /// <summary>What a condition compares with: strings, numbers, dates, durations or sizes.</summary>
    public static ReturnKinds Kind(Condition condition)
    {
        var operands = condition.Operands;
        if (condition is MatchesCondition)
        {
            return ReturnKinds.String;
        }

        var kinds = operands.Select(o => o switch
        {
            StringOperand or KeywordOperand { Keyword: not KeywordValue.Null } => ReturnKinds.String,
            NumberOperand or KeywordOperand { Keyword: KeywordValue.Null } => ReturnKinds.Number,
            DateOperand => ReturnKinds.Date,
            DurationOperand => ReturnKinds.Duration,
            SizeOperand => ReturnKinds.Size,
            _ => ReturnKinds.None,
        }).ToArray();
        if (kinds.Contains(ReturnKinds.String))
        {
            return ReturnKinds.String;
        }

        if (kinds.Contains(ReturnKinds.Date))
        {
            return ReturnKinds.Date;
        }

        // A bare integer is a size in bytes for FileSize (tests of the official parser).
        return kinds.FirstOrDefault(k => k != ReturnKinds.Number, ReturnKinds.Number);
    }

    private static void CheckLabels(IReadOnlyList<Label> labels, List<string> errors, IReadOnlyList<Label>? defaults = null, bool explicitList = true)
    {
        if (explicitList && labels.Count == 0)
        {
            errors.Add("Labels must have at least one label");
            return;
        }

        var merged = (defaults ?? []).Where(d => labels.All(l => l.Key != d.Key)).Concat(labels).ToArray();
        if (merged.Length > MaxLabels)
        {
            errors.Add($"Number of labels exceed maximum allowed (MAX: {MaxLabels})");
        }

        if (labels.GroupBy(l => l.Key, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            errors.Add("Duplicate label key. Key must be unique.");
        }

        foreach (var label in labels)
        {
            if (label.Key.Length == 0 || label.Value.Length == 0)
            {
                errors.Add("Label key or value cannot be empty");
            }
            else if (label.Key.Length > 128)
            {
                errors.Add($"Label key has length {label.Key.Length} exceeding the maximum length of 128 characters");
            }
            else if (label.Value.Length > 256)
            {
                errors.Add($"Label value has length {label.Value.Length} exceeding the maximum length of 256 characters");
            }
        }
    }
}
