using Dataflow.Contracts;
using Dataflow.Ingestion.Lambda;

namespace Dataflow.Ingestion.Lambda.Tests;

public sealed class FunctionSettingsTests
{
    private static readonly SymbolUniverse Universe = SymbolUniverse.Load();

    [Test]
    public void Defaults_cover_everything_but_the_bucket_and_the_key_parameter()
    {
        var settings = FunctionSettings.FromEnvironment(new Dictionary<string, string?>
        {
            ["RAW_BUCKET"] = "dataflow-dev-raw-123456789012",
            ["API_KEY_PARAMETER"] = "/dataflow/dev/twelvedata-api-key",
        }.GetValueOrDefault, Universe);

        Assert.That(settings.Interval, Is.EqualTo("1day"));
        Assert.That(settings.LatestBars, Is.EqualTo(5));
        Assert.That(settings.Symbols, Is.EqualTo(Universe.Symbols.Select(s => s.Symbol)));
        Assert.That(settings.TwelveDataBaseUrl, Is.EqualTo(new Uri("https://api.twelvedata.com/")));
        Assert.That(settings.CreditsPerMinute, Is.Null, "asked of /api_usage");
    }

    [Test]
    public void Every_bad_variable_is_named_at_once()
    {
        var e = Assert.Throws<InvalidOperationException>(() => FunctionSettings.FromEnvironment(new Dictionary<string, string?>
        {
            ["SYMBOLS"] = "AAPL,ZZZZ",
            ["LATEST_BARS"] = "0",
            ["CREDITS_PER_MINUTE"] = "eight",
            ["TWELVEDATA_BASE_URL"] = "not a url",
        }.GetValueOrDefault, Universe));

        Assert.That(e!.Message, Does.Contain("RAW_BUCKET is not set").And.Contain("API_KEY_PARAMETER is not set")
            .And.Contain("'ZZZZ' is not in the universe").And.Contain("LATEST_BARS must be a whole number from 1 to 5000 (got '0')")
            .And.Contain("CREDITS_PER_MINUTE must be").And.Contain("TWELVEDATA_BASE_URL is not an absolute URL"));
    }
}
