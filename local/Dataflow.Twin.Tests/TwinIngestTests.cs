using Dataflow.Contracts;
using Dataflow.Ingestion;
using Dataflow.Twin.Ingest;
using Dataflow.Twin.Pipeline;
using Dataflow.TwelveData.Emulator;

namespace Dataflow.Twin.Tests;

public sealed class TwinIngestTests
{
    private string _lake = "";

    [SetUp]
    public void CreateLake() => _lake = Directory.CreateTempSubdirectory("dataflow-ingest-").FullName;

    [TearDown]
    public void RemoveLake() => Directory.Delete(_lake, recursive: true);

    [Test]
    public async Task The_twelvedata_source_fetches_through_the_lambdas_client_into_the_lake()
    {
        await using var emulator = new TwelveDataEmulator("twin-key", new EmulatorPlan(100, null), new EmulatedMarket(), TimeProvider.System);
        var environment = new Dictionary<string, string?> { ["TWELVEDATA_API_KEY"] = "twin-key", ["TWELVEDATA_BASE_URL"] = emulator.BaseUrl.ToString() };

        var manifest = await new TwinIngest(TestRepository.Paths(_lake), environment.GetValueOrDefault).RunAsync(
            new IngestOptions(IngestSource.TwelveData, ["AAPL", "EUR/USD"], BarInterval.Daily, IngestionWindow.Latest(3), 0, null), null, CancellationToken.None);

        Assert.That(manifest.Source, Is.EqualTo("twelvedata"));
        Assert.That(manifest.Symbols.Select(s => (s.Outcome, s.Bars)), Is.All.EqualTo((SymbolOutcome.Succeeded, 3)));
        Assert.That(emulator.Requests.Select(r => r.Path), Is.EqualTo(new[] { "api_usage", "time_series" }), "the plan is read first");
        Assert.That(manifest.Symbols.SelectMany(s => s.Keys).Select(k => File.Exists(Path.Combine(_lake, "raw", k))), Is.All.True);
    }

    [Test]
    public void The_twelvedata_source_without_a_key_says_which_variable_to_set()
    {
        var e = Assert.ThrowsAsync<TwinException>(() => new TwinIngest(TestRepository.Paths(_lake), _ => null).RunAsync(
            new IngestOptions(IngestSource.TwelveData, ["AAPL"], BarInterval.Daily, IngestionWindow.Latest(3), 0, null), null, CancellationToken.None));

        Assert.That(e!.Message, Does.Contain("TWELVEDATA_API_KEY"));
    }

    [Test]
    public void The_sample_source_refuses_a_latest_window()
    {
        var e = Assert.ThrowsAsync<TwinException>(() => new TwinIngest(TestRepository.Paths(_lake), _ => null).RunAsync(
            new IngestOptions(IngestSource.Sample, ["AAPL"], BarInterval.Daily, IngestionWindow.Latest(3), 1, null), null, CancellationToken.None));

        Assert.That(e!.Message, Does.Contain("needs a date window"));
    }
}
