using System.Text;
using Dataflow.Contracts;
using Dataflow.Ingestion;
using Dataflow.Ingestion.Lambda;

namespace Dataflow.Ingestion.Lambda.Tests;

public sealed class InvocationEventTests
{
    private static readonly FunctionSettings Settings = new("raw", "/key", "dev", BarInterval.Daily, ["AAPL", "MSFT", "SPY", "QQQ"], 5, null, null, new Uri("https://api.twelvedata.com/"));
    private static readonly DateOnly Today = new(2026, 11, 27);

    private static IngestionRequest Request(string json) => InvocationEvent.Parse(Encoding.UTF8.GetBytes(json)).ToRequest(Settings, Today);

    [Test]
    public void The_schedule_payload_fetches_the_latest_bars_of_the_configured_symbols()
    {
        Assert.That(Request("{}"), Is.EqualTo(new IngestionRequest(Settings.Symbols, BarInterval.Daily, IngestionWindow.Latest(5))).Using<IngestionRequest>(Same));
        Assert.That(Request(""), Is.EqualTo(Request("{}")).Using<IngestionRequest>(Same));
    }

    [Test]
    public void A_backfill_event_overrides_symbols_interval_and_window()
    {
        var request = Request("""{"symbols":["SPY"],"interval":"1week","from":"2020-01-01","to":"2020-12-31"}""");

        Assert.That(request.Symbols, Is.EqualTo(new[] { "SPY" }));
        Assert.That(request.Interval.Value, Is.EqualTo("1week"));
        Assert.That(request.Window, Is.EqualTo(IngestionWindow.Between(new(2020, 1, 1), new(2020, 12, 31))));
    }

    [Test]
    public void A_to_without_from_pages_back_to_the_first_bar_and_a_from_alone_ends_today()
    {
        Assert.That(Request("""{"to":"2020-12-31"}""").Window.IsBackfill, Is.True);
        Assert.That(Request("""{"from":"2026-01-01"}""").Window, Is.EqualTo(IngestionWindow.Between(new(2026, 1, 1), Today)));
    }

    [Test]
    public void A_backfill_continuation_names_the_backfill_and_may_carry_a_daily_budget()
    {
        var invocation = InvocationEvent.Parse("""{"continue_backfill":"20261127T223000000Z-twelvedata-abcdefgh","credits_per_day":500}"""u8);

        Assert.That(invocation.ContinueBackfill, Is.EqualTo("20261127T223000000Z-twelvedata-abcdefgh"));
        Assert.That(invocation.CreditsPerDay, Is.EqualTo(500));
        Assert.That(invocation.IsBackfill, Is.True);
        Assert.That(InvocationEvent.Parse("""{"to":"2020-12-31"}"""u8).IsBackfill, Is.True, "a window is a backfill's first attempt");
        Assert.That(InvocationEvent.Parse("{}"u8).IsBackfill, Is.False);
    }

    [Test]
    public void The_etls_refetch_event_is_a_backfill_of_the_symbols_whole_history()
    {
        var envelope = $$"""{"version":"0","source":"{{Contracts.Ingestion.RefetchEvent.Source}}","detail-type":"{{Contracts.Ingestion.RefetchEvent.DetailType}}","detail":{{Contracts.Ingestion.RefetchEvent.Detail(["AAPL"], Today)}}}""";

        var invocation = InvocationEvent.Parse(Encoding.UTF8.GetBytes(envelope));
        var request = invocation.ToRequest(Settings, Today);

        Assert.That(invocation.IsBackfill, Is.True);
        Assert.That(request.Symbols, Is.EqualTo(new[] { "AAPL" }));
        Assert.That(request.Window, Is.EqualTo(IngestionWindow.Between(null, Today)), "no start date: back to the first bar");
    }

    [Test]
    public void An_eventbridge_envelope_is_unwrapped()
    {
        Assert.That(Request("""{"source":"aws.events","detail":{"symbols":["QQQ"]}}""").Symbols, Is.EqualTo(new[] { "QQQ" }));
    }

    [TestCase("""{"from":"01/02/2020"}""", "\"from\" '01/02/2020' is not a yyyy-MM-dd date")]
    [TestCase("""{"symbols":"AAPL"}""", "\"symbols\" must be an array")]
    [TestCase("[1,2]", "must be a JSON object")]
    [TestCase("""{"latest":3}""", "unknown field \"latest\"")]
    [TestCase("""{"latest_bars":3,"symbol":["AAPL"]}""", "unknown field \"symbol\"")]
    [TestCase("""{"latest_bars":"3"}""", "\"latest_bars\" must be a whole number from 1 to 5000")]
    [TestCase("""{"latest_bars":0}""", "\"latest_bars\" must be a whole number from 1 to 5000")]
    [TestCase("""{"latest_bars":2.5}""", "\"latest_bars\" must be a whole number from 1 to 5000")]
    [TestCase("""{"symbols":["AAPL",7]}""", "\"symbols\" must be an array of strings: item 2 is a Number")]
    [TestCase("""{"symbols":["AAPL\r\nX-Injected: 1"]}""", "\"symbols\" item 1 has a control character")]
    [TestCase("""{"interval":"1hour"}""", "\"interval\" '1hour' is not a Twelve Data interval")]
    [TestCase("""{"interval":5}""", "\"interval\" must be a string, not a Number")]
    [TestCase("""{"latest_bars":3,"to":"2020-12-31"}""", "\"latest_bars\" cannot be combined with \"from\"/\"to\"")]
    [TestCase("""{"symbols":["AAPL"],"symbols":["MSFT"]}""", "\"symbols\" appears twice")]
    [TestCase("""{"continue_backfill":"x","latest_bars":3}""", "\"continue_backfill\" cannot be combined with \"latest_bars\"")]
    [TestCase("""{"continue_backfill":"x","scheduled_time":"2026-11-27T22:30:00Z"}""", "\"continue_backfill\" cannot be combined with \"scheduled_time\"")]
    [TestCase("""{"continue_backfill":7}""", "\"continue_backfill\" must be a string")]
    [TestCase("""{"credits_per_day":0,"to":"2020-12-31"}""", "\"credits_per_day\" must be a whole number of at least 1")]
    [TestCase("""{"credits_per_day":100}""", "\"credits_per_day\" is a backfill's budget")]
    public void A_bad_event_is_refused_with_its_reason(string json, string message)
    {
        var e = Assert.Throws<FormatException>(() => InvocationEvent.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.That(e!.Message, Does.Contain(message));
    }

    [Test]
    public void The_schedules_input_is_a_valid_event_once_scheduler_fills_in_its_time()
    {
        var filled = Dataflow.Contracts.Ingestion.ScheduledEvent.Input.Replace("<aws.scheduler.scheduled-time>", "2026-12-02T22:30:00Z", StringComparison.Ordinal);

        Assert.That(InvocationEvent.Parse(Encoding.UTF8.GetBytes(filled)).ScheduledTime, Is.EqualTo(new DateTimeOffset(2026, 12, 2, 22, 30, 0, TimeSpan.Zero)));
    }

    [Test]
    public void A_scheduled_time_is_read_as_an_instant()
    {
        var scheduled = InvocationEvent.Parse(Encoding.UTF8.GetBytes("""{"scheduled_time":"2026-12-02T22:30:00Z"}"""));

        Assert.That(scheduled.ScheduledTime, Is.EqualTo(new DateTimeOffset(2026, 12, 2, 22, 30, 0, TimeSpan.Zero)));
        Assert.That(() => InvocationEvent.Parse(Encoding.UTF8.GetBytes("""{"scheduled_time":"2026-12-02"}""")),
            Throws.TypeOf<FormatException>().With.Message.Contains("is not an ISO 8601 instant"));
    }

    [Test]
    public void Event_symbols_outside_the_configured_universe_are_refused_by_name()
    {
        var e = Assert.Throws<FormatException>(() => Request("""{"symbols":["AAPL","aapl","NOPE"]}"""));

        Assert.That(e!.Message, Does.Contain("\"aapl\" (did you mean AAPL?)").And.Contain("\"NOPE\"").And.Contain("not among the 4 configured symbols"));
    }

    private static bool Same(IngestionRequest a, IngestionRequest b) =>
        a.Symbols.SequenceEqual(b.Symbols) && a.Interval == b.Interval && a.Window == b.Window;
}
