using System.Text.RegularExpressions;
using Dataflow.Contracts;
using Dataflow.Contracts.Testing;

namespace Dataflow.Glue.Tests;

/// <summary>The SQL and DQDL files cannot read <see cref="BarInterval"/>; these tests hold them to it.</summary>
public sealed partial class BarIntervalUseTests
{
    [Test]
    public void The_daily_bars_gate_accepts_exactly_the_intervals_twelve_data_serves()
    {
        var dqdl = File.ReadAllText(Checkout.Repository.Ruleset("daily_bars"));
        var listed = IntervalRule().Match(dqdl).Groups["list"].Value;

        Assert.That(Quoted().Matches(listed).Select(m => m.Groups[1].Value), Is.EqualTo(BarInterval.All.Select(i => i.Value)));
    }

    [Test]
    public void The_views_select_daily_bars_by_the_daily_interval()
    {
        var literals = Directory.GetFiles(Checkout.Repository.AthenaViews, "*.sql")
            .SelectMany(f => BarIntervalLiteral().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).Distinct().ToArray();

        Assert.That(literals, Is.EqualTo(new[] { BarInterval.Daily.Value }));
    }

    [GeneratedRegex(@"ColumnValues ""bar_interval"" in \[(?<list>[^\]]*)\]")]
    private static partial Regex IntervalRule();

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"bar_interval = '([^']+)'")]
    private static partial Regex BarIntervalLiteral();
}
