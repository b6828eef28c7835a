using Dataflow.Quality.Syntax;

namespace Dataflow.Quality.Evaluation;

/// <summary>
/// Evaluates number expressions, static or dynamic (dqdl.md §1.7): <c>last(k)</c> reads the rule's metric history
/// (none → 0.0), and a list must be reduced by avg, median, max, min, sum, std (population), abs or index.
/// </summary>
internal sealed class NumberEvaluator(Func<int, IReadOnlyList<double>> history)
{
    public double Evaluate(NumberExpression expression) => Value(expression) switch
    {
        double d => d,
        _ => throw new InvalidOperationException($"'{expression}' results in a list: reduce it with avg, min, max, sum, median, std or index"),
    };

    private object Value(NumberExpression expression) => expression switch
    {
        NumberLiteral n => n.Value,
        NullNumber => double.NaN,
        GroupedNumber g => Value(g.Inner),
        BinaryNumber b => Apply(b.Operator, Evaluate(b.Left), Evaluate(b.Right)),
        FunctionCall f => Call(f),
        _ => throw new InvalidOperationException($"cannot evaluate '{expression}'"),
    };

    private static double Apply(char op, double a, double b) => op switch
    {
        '+' => a + b,
        '-' => a - b,
        '*' => a * b,
        _ => a / b,
    };

    private object Call(FunctionCall call)
    {
        if (call.Name == "last")
        {
            var k = call.Arguments.Count == 0 ? 1 : (int)Evaluate(call.Arguments[0]);
            var values = history(k);
            return k == 1 ? (values.Count == 0 ? 0.0 : values[0]) : values.Count == 0 ? new List<double> { 0.0 } : values.ToList();
        }

        var list = call.Arguments.Count > 0 ? Value(call.Arguments[0]) switch
        {
            List<double> l => l,
            double d => [d],
            _ => [],
        } : [];
        return call.Name switch
        {
            "avg" => list.Average(),
            "sum" => list.Sum(),
            "min" => list.Min(),
            "max" => list.Max(),
            "median" => Median(list),
            "std" => Math.Sqrt(list.Select(x => Math.Pow(x - list.Average(), 2)).Average()),
            "abs" => Math.Abs(list[0]),
            "index" => Index(list, (int)Evaluate(call.Arguments[1])),
            _ => throw new InvalidOperationException($"unknown function '{call.Name}' (avg, median, max, min, sum, std, abs, index, last)"),
        };
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double Index(List<double> values, int i) =>
        i >= 0 && i < values.Count ? values[i] : throw new InvalidOperationException($"index({i}) is outside the {values.Count} values of the history");

    /// <summary>Glue's comparison semantics: exact equality on doubles, <c>between</c> exclusive, <c>not between</c> its inclusive complement.</summary>
    public bool Holds(Condition condition, double metric) => condition switch
    {
        ComparisonCondition { Value: NumberOperand n } c => Compare(c.Operator, metric, Evaluate(n.Expression)),
        BetweenCondition { Low: NumberOperand low, High: NumberOperand high } b =>
            b.Negated
                ? metric <= Evaluate(low.Expression) || metric >= Evaluate(high.Expression)
                : metric > Evaluate(low.Expression) && metric < Evaluate(high.Expression),
        InCondition i => i.Items.OfType<NumberOperand>().Any(item => metric.Equals(Evaluate(item.Expression))) != i.Negated,
        _ => throw new InvalidOperationException($"'{Printer.Condition(condition)}' is not a number condition"),
    };

    private static bool Compare(string op, double metric, double value) => op switch
    {
        "=" => metric.Equals(value),
        "!=" => !metric.Equals(value),
        ">" => metric > value,
        ">=" => metric >= value,
        "<" => metric < value,
        _ => metric <= value,
    };

    /// <summary>The condition with dynamic parts replaced by their values (Glue's <c>EvaluatedRule</c>).</summary>
    public string Resolved(Condition condition) => condition switch
    {
        ComparisonCondition { Value: NumberOperand n } c => $"{c.Operator} {Numbers.Format(Evaluate(n.Expression))}",
        BetweenCondition { Low: NumberOperand low, High: NumberOperand high } b =>
            $"{(b.Negated ? "not " : "")}between {Numbers.Format(Evaluate(low.Expression))} and {Numbers.Format(Evaluate(high.Expression))}",
        _ => Printer.Condition(condition),
    };

    public static bool IsDynamic(Condition condition) => Expressions(condition).Any(HasFunction);

    private static IEnumerable<NumberExpression> Expressions(Condition condition) =>
        condition.Operands.OfType<NumberOperand>().Select(o => o.Expression);

    private static bool HasFunction(NumberExpression e) => e switch
    {
        FunctionCall => true,
        BinaryNumber b => HasFunction(b.Left) || HasFunction(b.Right),
        GroupedNumber g => HasFunction(g.Inner),
        _ => false,
    };
}
