using Dataflow.Contracts.Testing;
using Dataflow.Contracts;
using Dataflow.Contracts.Ingestion;
using Dataflow.Ingestion.Lambda;

namespace Dataflow.Ingestion.Lambda.Tests;

public sealed class FunctionSettingsTests
{
    private static readonly SymbolUniverse Universe = Checkout.Universe;

    [Test]
    public void Defaults_cover_everything_but_what_a_deployment_must_set()
    {
        var settings = FunctionSettings.FromEnvironment(new Dictionary<string, string?>
        {
            ["RAW_BUCKET"] = "dataflow-prod-raw-123456789012",
            ["API_KEY_PARAMETER"] = "/dataflow/prod/twelvedata-api-key",
            ["STACK"] = "prod",
            ["INTERVAL"] = "1day",
        }.GetValueOrDefault, Universe);

        Assert.That(settings.Stack, Is.EqualTo("prod"));
        Assert.That(settings.Interval, Is.EqualTo(BarInterval.Daily));
        Assert.That(settings.LatestBars, Is.EqualTo(5));
        Assert.That(settings.Symbols, Is.EqualTo(Universe.Symbols.Select(s => s.Symbol)));
        Assert.That(settings.TwelveDataBaseUrl, Is.EqualTo(new Uri("https://api.twelvedata.com/")));
        Assert.That(settings.CreditsPerMinute, Is.Null, "asked of /api_usage");
        Assert.That(settings.RunBudget, Is.EqualTo(TimeSpan.FromSeconds(690)));
    }

    [Test]
    public void The_run_budget_is_read_and_bounded_by_lambdas_cap()
    {
        var environment = new Dictionary<string, string?>
        {
            ["RAW_BUCKET"] = "b", ["API_KEY_PARAMETER"] = "/k", ["STACK"] = "dev", ["INTERVAL"] = "1day", ["RUN_BUDGET_SECONDS"] = "300",
        };

        Assert.That(FunctionSettings.FromEnvironment(environment.GetValueOrDefault, Universe).RunBudget, Is.EqualTo(TimeSpan.FromMinutes(5)));
        environment["RUN_BUDGET_SECONDS"] = "1000";
        var e = Assert.Throws<InvalidOperationException>(() => FunctionSettings.FromEnvironment(environment.GetValueOrDefault, Universe));
        Assert.That(e!.Message, Does.Contain("RUN_BUDGET_SECONDS must be a whole number from 1 to 900 (got '1000')"));
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
            .And.Contain("STACK is not set").And.Contain("INTERVAL is not set")
            .And.Contain("'ZZZZ' is not in the universe").And.Contain("LATEST_BARS must be a whole number from 1 to 5000 (got '0')")
            .And.Contain("CREDITS_PER_MINUTE must be").And.Contain("TWELVEDATA_BASE_URL is not an absolute URL"));
    }

    [Test]
    public void A_missing_stack_is_an_error_not_dev()
    {
        // A prod function without STACK would otherwise emit its metrics under Stack=dev, where no prod alarm looks.
        var environment = new Dictionary<string, string?>
        {
            [IngestionEnvironment.RawBucket] = "dataflow-prod-raw-123456789012",
            [IngestionEnvironment.ApiKeyParameter] = "/dataflow/prod/twelvedata-api-key",
            [IngestionEnvironment.Interval] = "1day",
        };

        var e = Assert.Throws<InvalidOperationException>(() => FunctionSettings.FromEnvironment(environment.GetValueOrDefault, Universe));

        Assert.That(e!.Message, Does.Contain($"{IngestionEnvironment.Stack} is not set"));
    }

    [Test]
    public void An_interval_twelve_data_does_not_serve_is_named()
    {
        var e = Assert.Throws<InvalidOperationException>(() => FunctionSettings.FromEnvironment(new Dictionary<string, string?>
        {
            [IngestionEnvironment.RawBucket] = "b",
            [IngestionEnvironment.ApiKeyParameter] = "/p",
            [IngestionEnvironment.Stack] = "dev",
            [IngestionEnvironment.Interval] = "daily",
        }.GetValueOrDefault, Universe));

        Assert.That(e!.Message, Does.Contain("INTERVAL 'daily' is not a Twelve Data interval (1min, 5min"));
    }

    [Test]
    public void The_handler_the_stack_deploys_is_the_stream_in_stream_out_method_of_the_package()
    {
        var parts = IngestionHandler.Name.Split("::");
        var type = typeof(IngestionFunction).Assembly.GetType(parts[1]);
        var method = type?.GetMethod(parts[2]);

        Assert.That(parts[0], Is.EqualTo(typeof(IngestionFunction).Assembly.GetName().Name), "the assembly lambda/publish.sh packages");
        Assert.That(method?.GetParameters().Select(p => p.ParameterType), Is.EqualTo(new[] { typeof(Stream) }));
        Assert.That(method?.ReturnType, Is.EqualTo(typeof(Task<Stream>)));
        Assert.That(File.ReadAllText(Path.Combine(RepositoryRoot.AboveBinaries, "lambda", "README.md")), Does.Contain(IngestionHandler.Name), "documented");
    }
}
