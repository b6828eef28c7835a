namespace Dataflow.Quality.Syntax;

/// <summary>
/// A hand-written recursive-descent parser for DQDL (DataQualityDefinitionLanguage.g4 as described in dqdl.md §1):
/// sections in fixed order, composites with AND binding tighter than OR, the <c>and</c> parameter connector (and its
/// trap), conditions, where clauses, labels, tags, variables, and number expressions without operator precedence.
/// Syntax errors stop the parse and name <c>line L:C</c>; rule-level checks are the <see cref="Validation.Validator"/>'s.
/// </summary>
public sealed class Parser
{
    /// <summary>
    /// How deep composites and parentheses may nest. Glue states no limit; this one is far beyond any real ruleset and
    /// keeps the printer, validator and evaluator (all recursive over the tree) well inside the stack.
    /// </summary>
    public const int MaxNesting = 256;

    private readonly IReadOnlyList<Token> _tokens;
    private int _open;
    private readonly ParseOptions _options;
    private int _p;

    private Parser(IReadOnlyList<Token> tokens, ParseOptions options) => (_tokens, _options) = (tokens, options);

    public static Ruleset Parse(string text, ParseOptions? options = null)
    {
        options ??= ParseOptions.Strict;
        if (options.NormalizeLineEndings)
        {
            text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        }

        return new Parser(Lexer.Tokenize(text), options).Document();
    }

    private Token Current => _tokens[_p];
    private Token Peek(int ahead = 1) => _tokens[Math.Min(_p + ahead, _tokens.Count - 1)];
    private Position Here => new(Current.Line, Current.Column);

    private Token Advance() => _tokens[_p++];

    private Token Expect(string symbol)
    {
        if (!Current.Is(symbol))
        {
            throw Error($"mismatched input '{Current.Text}' expecting '{symbol}'");
        }

        return Advance();
    }

    private DqdlException Error(string message) => new([$"{Current.Where} {message}"]);

    private Ruleset Document()
    {
        IReadOnlyList<DictEntry>? metadata = null, dataSources = null;
        IReadOnlyList<Label>? defaultLabels = null;
        var variables = new List<Variable>();
        var warnings = new List<string>();

        if (Current.Is("Metadata"))
        {
            Advance();
            Expect("=");
            metadata = Dictionary();
        }

        if (Current.Is("DataSources"))
        {
            Advance();
            Expect("=");
            dataSources = Dictionary();
        }

        while (Current.Kind == TokenKind.Identifier && Peek().Is("="))
        {
            variables.Add(VariableDeclaration());
        }

        if (Current.Is("DefaultLabels"))
        {
            Advance();
            Expect("=");
            defaultLabels = LabelList();
        }

        IReadOnlyList<RuleNode> rules = [];
        IReadOnlyList<LeafRule> analyzers = [];
        bool hasRules = false, hasAnalyzers = false;
        if (Current.Is("Rules"))
        {
            rules = RulesSection();
            hasRules = true;
            if (Current.Is("Analyzers"))
            {
                analyzers = AnalyzersSection();
                hasAnalyzers = true;
            }
        }
        else if (Current.Is("Analyzers"))
        {
            analyzers = AnalyzersSection();
            hasAnalyzers = true;
        }
        else
        {
            throw Error($"mismatched input '{Current.Text}' expecting {{'Rules', 'Analyzers'}}");
        }

        if (Current.Kind != TokenKind.End)
        {
            var what = Current.Is("Rules") && hasAnalyzers
                ? $"{Current.Where} a Rules section after Analyzers is ignored by Glue"
                : $"{Current.Where} extraneous input '{Current.Text}' expecting <EOF> (Glue ignores everything from here on)";
            if (_options.RejectTrailingContent)
            {
                throw new DqdlException([what]);
            }

            warnings.Add(what);
        }

        return new Ruleset(metadata, dataSources, variables, defaultLabels, rules, analyzers, hasRules, hasAnalyzers, warnings);
    }

    private List<DictEntry> Dictionary()
    {
        Expect("{");
        var entries = new List<DictEntry>();
        while (!Current.Is("}"))
        {
            if (entries.Count > 0)
            {
                Expect(",");
            }

            var at = Here;
            var key = QuotedString("a quoted key");
            Expect(":");
            if (Current.Is("["))
            {
                Advance();
                var values = new List<string> { QuotedString("a quoted value") };
                while (Current.Is(","))
                {
                    Advance();
                    values.Add(QuotedString("a quoted value"));
                }

                Expect("]");
                entries.Add(new DictEntry(key, null, values, at));
            }
            else
            {
                entries.Add(new DictEntry(key, QuotedString("a quoted value"), null, at));
            }
        }

        Expect("}");
        return entries;
    }

    private string QuotedString(string what)
    {
        if (!Current.IsStringLike)
        {
            throw Error($"mismatched input '{Current.Text}' expecting {what}");
        }

        return Advance().Unquoted;
    }

    private Variable VariableDeclaration()
    {
        var at = Here;
        var name = Advance().Text;
        Expect("=");
        if (Current.IsStringLike)
        {
            return new Variable(name, new StringOperand(Advance().Unquoted), null, at);
        }

        if (Current.Is("["))
        {
            Advance();
            var items = new List<Operand> { VariableItem() };
            while (Current.Is(","))
            {
                Advance();
                items.Add(VariableItem());
            }

            Expect("]");
            return new Variable(name, null, items, at);
        }

        throw Error($"mismatched input '{Current.Text}' expecting a quoted string or a list of quoted strings (variables hold strings only)");
    }

    private Operand VariableItem() =>
        Current.IsStringLike ? new StringOperand(Advance().Unquoted)
        : Keyword() is { } keyword ? keyword
        : throw Error($"mismatched input '{Current.Text}' expecting a quoted string, NULL, EMPTY or WHITESPACES_ONLY");

    private KeywordOperand? Keyword()
    {
        KeywordValue? value = Current.Text switch
        {
            "NULL" or "null" => KeywordValue.Null,
            "EMPTY" or "empty" => KeywordValue.Empty,
            "WHITESPACES_ONLY" or "whitespaces_only" => KeywordValue.WhitespacesOnly,
            _ => null,
        };
        if (value is null || Current.Kind != TokenKind.Keyword)
        {
            return null;
        }

        Advance();
        return new KeywordOperand(value.Value);
    }

    private List<Label> LabelList()
    {
        Expect("[");
        var labels = new List<Label>();
        while (!Current.Is("]"))
        {
            if (labels.Count > 0)
            {
                Expect(",");
            }

            var key = QuotedString("a quoted label key");
            Expect("=");
            labels.Add(new Label(key, QuotedString("a quoted label value")));
        }

        Expect("]");
        return labels;
    }

    private List<RuleNode> RulesSection()
    {
        Advance();
        Expect("=");
        Expect("[");
        var rules = new List<RuleNode>();
        if (!Current.Is("]"))
        {
            rules.Add(Or());
            while (Current.Is(","))
            {
                Advance();
                rules.Add(Or());
            }
        }

        if (!Current.Is("]"))
        {
            throw Error($"extraneous input '{Current.Text}' expecting {{',', ']'}}");
        }

        Advance();
        return rules;
    }

    private List<LeafRule> AnalyzersSection()
    {
        Advance();
        Expect("=");
        Expect("[");
        var analyzers = new List<LeafRule>();
        if (!Current.Is("]"))
        {
            analyzers.Add(Analyzer());
            while (Current.Is(","))
            {
                Advance();
                analyzers.Add(Analyzer());
            }
        }

        if (!Current.Is("]"))
        {
            throw Error($"extraneous input '{Current.Text}' expecting {{',', ']'}}");
        }

        Advance();
        return analyzers;
    }

    private LeafRule Analyzer()
    {
        var at = Here;
        if (Current.Kind != TokenKind.Identifier)
        {
            throw Error($"mismatched input '{Current.Text}' expecting an analyzer type");
        }

        var type = Advance().Text;
        return new LeafRule(type, Parameters(), null, null, [], at);
    }

    private RuleNode Or()
    {
        var left = And();
        while (Current.IsAny("or", "OR"))
        {
            var at = Here;
            Advance();
            left = Bounded(new CompositeRule(CompositeOperator.Or, left, And(), at));
        }

        return left;
    }

    private RuleNode And()
    {
        var left = Primary();
        while (Current.IsAny("and", "AND"))
        {
            var at = Here;
            Advance();
            left = Bounded(new CompositeRule(CompositeOperator.And, left, Primary(), at));
        }

        return left;
    }

    private static CompositeRule Bounded(CompositeRule composite) =>
        composite.Depth <= MaxNesting
            ? composite
            : throw new DqdlException([$"{composite.At} composite rule nested {composite.Depth} deep: at most {MaxNesting} levels (split the chain into several rules)"]);

    private RuleNode Primary()
    {
        if (Current.Is("("))
        {
            if (++_open > MaxNesting)
            {
                throw Error($"parentheses nested more than {MaxNesting} deep");
            }

            Advance();
            var inner = Or();
            Expect(")");
            _open--;
            return Current.Is("labels") ? inner with { Labels = Labels(), LabelsDeclared = true } : inner;
        }

        return Rule();
    }

    private List<Label> Labels()
    {
        Advance();
        Expect("=");
        return LabelList();
    }

    private LeafRule Rule()
    {
        var at = Here;
        if (Current.Kind != TokenKind.Identifier)
        {
            throw Error($"mismatched input '{Current.Text}' expecting a rule type");
        }

        var type = Advance().Text;
        var parameters = Parameters();
        var condition = StartsCondition() ? Condition() : null;
        string? where = null;
        if (Current.Is("where"))
        {
            Advance();
            where = QuotedString("a quoted where clause");
        }

        var declared = Current.Is("labels");
        var labels = declared ? Labels() : [];
        var tags = new List<Tag>();
        while (Current.Is("with"))
        {
            Advance();
            if (Current.Kind != TokenKind.Identifier)
            {
                throw Error($"mismatched input '{Current.Text}' expecting a tag name");
            }

            var key = Advance().Text;
            if (!StartsCondition())
            {
                throw Error($"mismatched input '{Current.Text}' expecting a condition for tag '{key}'");
            }

            tags.Add(new Tag(key, Condition()));
        }

        return new LeafRule(type, parameters, condition, where, tags, at) { Labels = labels, LabelsDeclared = declared };
    }

    /// <summary>
    /// Parameters with their optional connector word. A bare <c>and</c> followed by something that can be a parameter
    /// is a connector, not a composite: this is the trap of dqdl.md §1.4, reproduced on purpose.
    /// </summary>
    private List<RuleParameter> Parameters()
    {
        var parameters = new List<RuleParameter>();
        while (true)
        {
            string? connector = null;
            if (Current.IsAny("of", "OF") || Current.IsAny("and", "AND") && StartsParameter(Peek()))
            {
                connector = Advance().Text;
            }

            if (Current.IsStringLike)
            {
                parameters.Add(new RuleParameter(Advance().Unquoted, ParameterKind.Quoted, connector));
            }
            else if (Current.Kind == TokenKind.Identifier)
            {
                parameters.Add(new RuleParameter(Advance().Text, ParameterKind.Bare, connector));
            }
            else if (Current.Is("$") && Peek().Kind == TokenKind.Identifier)
            {
                Advance();
                parameters.Add(new RuleParameter(Advance().Text, ParameterKind.Variable, connector));
            }
            else if (connector is not null)
            {
                throw Error($"mismatched input '{Current.Text}' expecting a parameter after '{connector}'");
            }
            else
            {
                return parameters;
            }
        }
    }

    private static bool StartsParameter(Token t) => t.IsStringLike || t.Kind == TokenKind.Identifier || t.Is("$");

    private bool StartsCondition() =>
        Current.IsAny("=", "!=", ">", ">=", "<", "<=", "between", "not", "in", "matches") || Current.Is("!") && Peek().Is("=");

    private Condition Condition()
    {
        var at = Here;
        if (Current.Is("between"))
        {
            Advance();
            return Between(false, at);
        }

        if (Current.Is("not"))
        {
            Advance();
            if (Current.Is("between"))
            {
                Advance();
                return Between(true, at);
            }

            if (Current.Is("in"))
            {
                Advance();
                return In(true, at);
            }

            if (Current.Is("matches"))
            {
                Advance();
                return new MatchesCondition(true, new StringOperand(QuotedString("a quoted regular expression")), at);
            }

            throw Error($"mismatched input '{Current.Text}' expecting {{'between', 'in', 'matches'}}");
        }

        if (Current.Is("in"))
        {
            Advance();
            return In(false, at);
        }

        if (Current.Is("matches"))
        {
            Advance();
            if (Current.Is("$"))
            {
                throw Error("mismatched input '$' expecting a quoted regular expression (variables are not allowed with matches)");
            }

            return new MatchesCondition(false, new StringOperand(QuotedString("a quoted regular expression")), at);
        }

        var op = Advance().Text;
        if (op == "!")
        {
            Advance();
            op = "!=";
        }

        if (Current.Is("$"))
        {
            throw Error($"mismatched input '$' expecting a value ('{op} $variable' is not supported: variables work as parameters and with in)");
        }

        return new ComparisonCondition(op, Operand(), at);
    }

    private BetweenCondition Between(bool negated, Position at)
    {
        var low = Operand();
        if (!Current.IsAny("and", "AND"))
        {
            throw Error($"mismatched input '{Current.Text}' expecting 'and'");
        }

        Advance();
        return new BetweenCondition(negated, low, Operand(), at);
    }

    private InCondition In(bool negated, Position at)
    {
        if (Current.Is("$"))
        {
            Advance();
            if (Current.Kind != TokenKind.Identifier)
            {
                throw Error($"mismatched input '{Current.Text}' expecting a variable name");
            }

            return new InCondition(negated, [], Advance().Text, at);
        }

        Expect("[");
        var items = new List<Operand> { Operand() };
        while (Current.Is(","))
        {
            Advance();
            if (Current.Is("$"))
            {
                throw Error("mismatched input '$' expecting a value (variables cannot be list items)");
            }

            items.Add(Operand());
        }

        Expect("]");
        CheckHomogeneous(items);
        return new InCondition(negated, items, null, at);
    }

    private void CheckHomogeneous(List<Operand> items)
    {
        static string Kind(Operand o) => o switch
        {
            StringOperand => "string",
            KeywordOperand { Keyword: KeywordValue.Null } => "null",
            KeywordOperand => "string",
            NumberOperand => "number",
            DateOperand => "date",
            _ => "other",
        };

        var kinds = items.Select(Kind).Where(k => k != "null").Distinct().ToArray();
        if (kinds.Length > 1)
        {
            throw Error($"no viable alternative: a list may not mix {string.Join(" and ", kinds)} values");
        }
    }

    private Operand Operand()
    {
        if (Current.Kind == TokenKind.QuotedString)
        {
            return new StringOperand(Advance().Unquoted);
        }

        if (Current.Kind is TokenKind.Date or TokenKind.Time)
        {
            var token = Advance();
            return new DateOperand(token.Unquoted, token.Kind == TokenKind.Time, 0, null);
        }

        if (Current.IsAny("EMPTY", "empty", "WHITESPACES_ONLY", "whitespaces_only"))
        {
            return Keyword()!;
        }

        if (Current.IsAny("NULL", "null") && !Peek().IsAny("+", "-", "*", "/"))
        {
            return Keyword()!;
        }

        if (Current.Is("now()"))
        {
            Advance();
            return new DateOperand(null, false, 0, null);
        }

        if (Current.Is("(") && Peek().Is("now()"))
        {
            Advance();
            Advance();
            if (!Current.IsAny("+", "-"))
            {
                throw Error($"mismatched input '{Current.Text}' expecting {{'+', '-'}}");
            }

            var sign = Advance().Text == "-" ? -1 : 1;
            var offset = Duration() ?? throw Error($"mismatched input '{Current.Text}' expecting a duration (N days|hours|minutes)");
            Expect(")");
            return new DateOperand(null, false, sign, offset);
        }

        if (Current.Kind == TokenKind.IntegerLiteral && Peek().IsAny("days", "hours", "minutes"))
        {
            return Duration()!;
        }

        if (Current.Kind == TokenKind.IntegerLiteral && Peek().IsAny("B", "KB", "MB", "GB", "TB"))
        {
            var amount = Integer("a size");
            return new SizeOperand(amount, Advance().Text);
        }

        return new NumberOperand(NumberExpression());
    }

    private DurationOperand? Duration()
    {
        if (Current.Kind != TokenKind.IntegerLiteral || !Peek().IsAny("days", "hours", "minutes"))
        {
            return null;
        }

        var amount = Integer("a duration");
        var unit = Advance().Text switch
        {
            "minutes" => DurationUnit.Minutes,
            "hours" => DurationUnit.Hours,
            _ => DurationUnit.Days,
        };
        return new DurationOperand(amount, unit);
    }

    private long Integer(string what)
    {
        var token = Current;
        return long.TryParse(Advance().Text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new DqdlException([$"{token.Where} {what} of {token.Text} is out of range"]);
    }

    /// <summary>Left to right, one precedence level: <c>a - b * c</c> is <c>(a - b) * c</c>, as Glue evaluates it.</summary>
    private NumberExpression NumberExpression()
    {
        var left = NumberAtom();
        while (Current.IsAny("+", "-", "*", "/"))
        {
            var op = Advance().Text[0];
            left = new BinaryNumber(op, left, NumberAtom());
        }

        return left;
    }

    private NumberExpression NumberAtom()
    {
        if (Current.Is("-") && Peek().IsNumber)
        {
            Advance();
            return new NumberLiteral("-" + Advance().Text);
        }

        if (Current.IsNumber)
        {
            return new NumberLiteral(Advance().Text);
        }

        if (Current.IsAny("NULL", "null"))
        {
            Advance();
            return new NullNumber();
        }

        if (Current.Kind == TokenKind.Identifier && Peek().Is("("))
        {
            var name = Advance().Text;
            Advance();
            var args = new List<NumberExpression>();
            if (!Current.Is(")"))
            {
                args.Add(NumberExpression());
                while (Current.Is(","))
                {
                    Advance();
                    args.Add(NumberExpression());
                }
            }

            Expect(")");
            return new FunctionCall(name, args);
        }

        if (Current.Is("("))
        {
            Advance();
            var inner = NumberExpression();
            Expect(")");
            return new GroupedNumber(inner);
        }

        throw Error($"no viable alternative at input '{Current.Text}'");
    }
}
