using System.Text.RegularExpressions;
using Dataflow.Contracts.Testing;

namespace Dataflow.Contracts.Tests;

public sealed class RunIdTests
{
    private static readonly RunIdFormat RunIds = Checkout.Layout.RunIds;
    private static readonly DateTimeOffset Close = new(2025, 3, 7, 21, 0, 0, TimeSpan.Zero);

    [Test]
    public void Two_runs_started_in_the_same_millisecond_get_different_ids()
    {
        var ids = Enumerable.Range(0, 50).Select(_ => RunIds.Create(Close.AddTicks(1234), "twelvedata").Value).ToArray();

        Assert.That(ids.Distinct().Count(), Is.EqualTo(ids.Length));
        Assert.That(ids.Select(id => RunIds.Parse(id).StartedUtc), Is.All.EqualTo(Close));
    }

    [Test]
    public void Ids_sort_by_start_time_to_the_millisecond_whatever_their_suffix()
    {
        var earlier = RunIds.Create(Close.AddMilliseconds(5), "twelvedata", "zzzzzzzz");
        var later = RunIds.Create(Close.AddMilliseconds(6), "twelvedata", "aaaaaaaa");

        Assert.That(string.CompareOrdinal(earlier.Value, later.Value), Is.LessThan(0));
        Assert.That(RunIds.Parse(later.Value).StartedUtc, Is.EqualTo(Close.AddMilliseconds(6)));
    }

    [Test]
    public void A_chosen_suffix_gives_the_same_id_every_time_so_a_retried_schedule_writes_the_same_keys()
    {
        var (first, retry) = (RunIds.Create(Close, "scheduled", "s0"), RunIds.Create(Close, "scheduled", "s0"));
        var (aapl, aaplAgain, msft) = (RunIdFormat.DerivedSuffix("AAPL|1day"), RunIdFormat.DerivedSuffix("AAPL|1day"), RunIdFormat.DerivedSuffix("MSFT|1day"));

        Assert.That(retry.Value, Is.EqualTo(first.Value));
        Assert.That(aaplAgain, Is.EqualTo(aapl));
        Assert.That(msft, Is.Not.EqualTo(aapl));
        Assert.That(aapl, Does.Match("^[a-z2-7]{8}$"));
    }

    [Test]
    public void Ids_written_before_milliseconds_are_still_read_and_matched_in_keys()
    {
        const string legacy = "20250307T210000Z-sample";

        var parsed = RunIds.Parse(legacy);

        Assert.That((parsed.StartedUtc, parsed.Source, parsed.IngestDate), Is.EqualTo((Close, "sample", new DateOnly(2025, 3, 7))));
        var key = Checkout.Layout.RawTimeSeriesKey("1day", "AAPL", parsed.IngestDate, legacy, page: 2);
        var current = RunIds.Create(Close, "sample", "abc");
        var field = new Regex(Checkout.Layout.FieldRegex(Checkout.Layout.RawTimeSeries, "run_id"));
        Assert.That(field.Match(key).Groups[1].Value, Is.EqualTo(legacy));
        Assert.That(field.Match(Checkout.Layout.RawTimeSeriesKey("1day", "AAPL", current.IngestDate, current.Value)).Groups[1].Value, Is.EqualTo(current.Value));
        Assert.That(string.CompareOrdinal(legacy, RunIds.Create(Close.AddSeconds(1), "sample").Value), Is.LessThan(0), "across seconds the digits decide");
    }

    [TestCase("Upper")]
    [TestCase("with-dash")]
    [TestCase("")]
    public void A_suffix_outside_the_contract_is_refused(string suffix) =>
        Assert.Throws<ArgumentException>(() => RunIds.Create(Close, "sample", suffix));
}
