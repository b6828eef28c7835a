using Dataflow.Twin.Report;

namespace Dataflow.Twin.Tests.Report;

public sealed class RollingDateTests
{
    private static readonly DateTime Now = new(2025, 3, 31, 21, 15, 0);

    [TestCase("now()", "2025-03-31 21:15")]
    [TestCase("truncDate('DD', now())", "2025-03-31 00:00")]
    [TestCase("truncDate('MM', now())", "2025-03-01 00:00")]
    [TestCase("truncDate('YYYY', now())", "2025-01-01 00:00")]
    [TestCase("addDateTime(-1, 'YYYY', truncDate('DD', now()))", "2024-03-31 00:00")]
    [TestCase("addDateTime(-1, 'MM', truncDate('DD', now()))", "2025-02-28 00:00")]
    [TestCase("addDateTime(2, 'WK', truncDate('DD', now()))", "2025-04-14 00:00")]
    public void Rolling_date_expressions_are_evaluated_as_of_the_run(string expression, string expected) =>
        Assert.That(PreviewFilters.Evaluate(expression, Now), Is.EqualTo(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));

    [TestCase("dateDiff(now(), now())")]
    [TestCase("addDateTime(1, 'HH', now())")]
    public void Unknown_expressions_are_reported_not_guessed(string expression) =>
        Assert.That(PreviewFilters.Evaluate(expression, Now), Is.Null);
}
