using Dataflow.Contracts;
using System.Globalization;
using System.Text.Json;
using Dataflow.Ingestion.TwelveData;

namespace Dataflow.Ingestion.Tests;

public sealed class TimeSeriesParserTests
{
    private static IReadOnlyList<TimeSeriesBar> Parse(string values, string interval = "1day")
    {
        using var doc = JsonDocument.Parse($$"""{"meta":{"symbol":"X"},"values":{{values}},"status":"ok"}""");
        return TimeSeriesParser.ParseBars(doc.RootElement, BarInterval.Parse(interval, "test"));
    }

    [Test]
    public void Prices_of_any_precision_parse_with_the_invariant_culture_under_any_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var bar = Parse("""[{"datetime":"2024-05-06","open":"237","high":"241.22000","low":"235.029999","close":"0.0000081115665","volume":"55209200"}]""").Single();

            Assert.That((bar.Open, bar.High, bar.Low, bar.Close, bar.Volume), Is.EqualTo((237m, 241.22m, 235.029999m, 0.0000081115665m, (decimal?)55209200m)));
            Assert.That(bar.Date, Is.EqualTo(new DateOnly(2024, 5, 6)));
            Assert.That(bar.OpenTimeUtc, Is.Null, "a daily bar is a trading date, never an instant");
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Test]
    public void A_missing_volume_is_null_and_recorded_as_absent_a_zero_volume_is_present()
    {
        var bars = Parse("""[{"datetime":"2024-05-06","open":"1","high":"1","low":"1","close":"1"},{"datetime":"2024-05-03","open":"1","high":"1","low":"1","close":"1","volume":"0"}]""");

        Assert.That((bars[0].Volume, bars[0].VolumePresent, bars[0].IsValid), Is.EqualTo(((decimal?)null, false, true)));
        Assert.That((bars[1].Volume, bars[1].VolumePresent), Is.EqualTo(((decimal?)0m, true)));
    }

    [Test]
    public void Intraday_datetimes_are_utc_instants_in_either_spelling()
    {
        var bars = Parse("""[{"datetime":"2021-09-16 15:59:00","open":"1","high":"1","low":"1","close":"1"},{"datetime":"2021-09-16T15:58:00","open":"1","high":"1","low":"1","close":"1"}]""", "1min");

        Assert.That(bars[0].OpenTimeUtc, Is.EqualTo(new DateTime(2021, 9, 16, 15, 59, 0, DateTimeKind.Utc)));
        Assert.That(bars[0].OpenTimeUtc!.Value.Kind, Is.EqualTo(DateTimeKind.Utc));
        Assert.That(bars[1].OpenTimeUtc, Is.EqualTo(new DateTime(2021, 9, 16, 15, 58, 0, DateTimeKind.Utc)));
    }

    [Test]
    public void A_value_that_is_not_a_number_is_a_problem_of_that_bar_only()
    {
        var bars = Parse("""[{"datetime":"2024-05-06","open":"1","high":"N/A","low":"1","close":"1"},{"datetime":"2024-05-03","open":"1","high":"2","low":"1","close":"1"}]""");

        Assert.That(bars[0].Problems, Is.EqualTo(new[] { "high 'N/A' is not a number" }));
        Assert.That(bars[1].IsValid, Is.True);
    }

    [Test]
    public void Meta_fields_are_optional_by_asset_class()
    {
        using var doc = JsonDocument.Parse("""{"meta":{"symbol":"EUR/USD","interval":"1day","currency_base":"Euro","currency_quote":"US Dollar","type":"Physical Currency"},"values":[],"status":"ok"}""");

        var meta = TimeSeriesParser.ParseMeta(doc.RootElement);

        Assert.That((meta.Symbol, meta.CurrencyBase, meta.Exchange, meta.MicCode, meta.ExchangeTimezone), Is.EqualTo(("EUR/USD", "Euro", (string?)null, (string?)null, (string?)null)));
    }

    [TestCase(429, "You have run out of API credits for the current minute. 9 API credits were used, with the current limit being 8.", ApiErrorKind.MinuteQuota)]
    [TestCase(429, "You have run out of API credits for the day. 1629 API credits were used, with the current limit being 800.", ApiErrorKind.DailyQuota)]
    [TestCase(401, "**apikey** parameter is incorrect or not specified.", ApiErrorKind.Unauthorized)]
    [TestCase(403, "This endpoint is available exclusively with Pro plan.", ApiErrorKind.PlanRestricted)]
    [TestCase(404, "**symbol** not available with your plan. Consider upgrading.", ApiErrorKind.PlanRestricted)]
    [TestCase(400, "**symbol** not found: XYZ. Please specify it correctly according to API Documentation.", ApiErrorKind.SymbolNotFound)]
    [TestCase(404, "**symbol** with specified criteria not found: XYZ", ApiErrorKind.SymbolNotFound)]
    [TestCase(400, "No data is available on the specified dates. Try setting different start/end dates.", ApiErrorKind.NoData)]
    [TestCase(414, "Input parameter array exceeds the allowed length", ApiErrorKind.ParameterTooLong)]
    [TestCase(500, "Internal Server Error", ApiErrorKind.Transient)]
    [TestCase(520, "", ApiErrorKind.Transient)]
    [TestCase(400, "Invalid **interval** provided: 0.99min.", ApiErrorKind.BadRequest)]
    public void Errors_are_classified_as_the_reference_describes(int code, string message, ApiErrorKind kind) =>
        Assert.That(ApiError.Classify(code, message).Kind, Is.EqualTo(kind));

    [Test]
    public void Error_messages_lose_the_apis_markdown()
    {
        var error = ApiError.Classify(400, "Invalid **interval** provided: 0.99min. Supported intervals: `1min`, `5min`");

        Assert.That(error.Message, Is.EqualTo("Invalid interval provided: 0.99min. Supported intervals: 1min, 5min"));
    }
}
