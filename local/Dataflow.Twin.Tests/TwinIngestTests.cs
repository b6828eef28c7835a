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
        await using var emulator = new TwelveDataEmulator(EmulatorEnvironment.Key, new EmulatorPlan(100, null), new EmulatedMarket(), TimeProvider.System);
        var environment = EmulatorEnvironment.For(emulator);

        var manifest = await new TwinIngest(TestRepository.Paths(_lake), environment).RunAsync(
            new IngestOptions(IngestSource.TwelveData, ["AAPL", "EUR/USD"], BarInterval.Daily, IngestionWindow.Latest(3), 0, null), null, CancellationToken.None);

        Assert.That(manifest.Source, Is.EqualTo("twelvedata"));
        Assert.That(manifest.Symbols.Select(s => (s.Outcome, s.Bars)), Is.All.EqualTo((SymbolOutcome.Succeeded, 3)));
        Assert.That(emulator.Requests.Select(r => r.Path), Is.EqualTo(new[] { "api_usage", "time_series" }), "the plan is read first");
        Assert.That(manifest.Symbols.SelectMany(s => s.Keys).Select(k => File.Exists(Path.Combine(_lake, "raw", k))), Is.All.True);
    }

    [Test]
    public async Task A_sample_subset_ending_the_same_day_is_a_run_of_its_own_and_replaces_nothing()
    {
        // Measured before run ids had suffixes: `run --symbols AAPL --from 2025-12-01 --to 2025-12-31` on a lake holding
        // the whole universe up to 2025-12-31 replaced AAPL's object and its published bars fell from 6,767 to 6,287.
        var ingest = new TwinIngest(TestRepository.Paths(_lake), _ => null);
        IngestOptions Options(string[] symbols, DateOnly from) =>
            new(IngestSource.Sample, symbols, BarInterval.Daily, IngestionWindow.Between(from, new DateOnly(2025, 12, 31)), 7, null);
        var whole = await ingest.RunAsync(Options(["AAPL", "MSFT"], new DateOnly(2025, 1, 1)), null, CancellationToken.None);
        var aaplKey = whole.Symbols.Single(s => s.Symbol == "AAPL").Keys.Single();
        var before = File.ReadAllBytes(Path.Combine(_lake, "raw", aaplKey));

        var subset = await ingest.RunAsync(Options(["AAPL"], new DateOnly(2025, 12, 1)), null, CancellationToken.None);
        var again = await ingest.RunAsync(Options(["AAPL", "MSFT"], new DateOnly(2025, 1, 1)), null, CancellationToken.None);

        Assert.That(subset.RunId, Is.Not.EqualTo(whole.RunId));
        Assert.That(again.RunId, Is.EqualTo(whole.RunId), "the same command is the same run: its keys and bytes again");
        Assert.That(File.ReadAllBytes(Path.Combine(_lake, "raw", aaplKey)), Is.EqualTo(before));
        Assert.That(again.Symbols.Select(s => s.Outcome), Is.All.EqualTo(SymbolOutcome.Succeeded));
        var manifests = Directory.GetFiles(Path.Combine(_lake, "raw"), "*.json", SearchOption.AllDirectories).Count(f => f.Contains("manifests", StringComparison.Ordinal));
        Assert.That(manifests, Is.EqualTo(2));
    }

    [Test]
    public async Task An_interrupted_twelvedata_run_is_resumed_by_its_id_and_fetches_only_what_it_lacks()
    {
        await using var emulator = new TwelveDataEmulator(EmulatorEnvironment.Key, new EmulatorPlan(100, null), new EmulatedMarket(), TimeProvider.System);
        var environment = EmulatorEnvironment.For(emulator);
        var paths = TestRepository.Paths(_lake);
        var ingest = new TwinIngest(paths, environment);
        IngestOptions Options(string[] symbols) => new(IngestSource.TwelveData, symbols, BarInterval.Daily, IngestionWindow.Latest(3), 0, null);
        // The interrupted run stored AAPL and died before its manifest.
        RunId? announced = null;
        var first = await ingest.RunAsync(Options(["AAPL"]), null, CancellationToken.None, id => announced = id);
        File.Delete(paths.Key(LakeLayout.Raw, paths.Layout.RunManifestKey(announced!.IngestDate, announced.Value)));
        var requestsBefore = emulator.Requests.Count(r => r.Path == "time_series");

        var resumed = await ingest.RunAsync(Options(["AAPL", "MSFT"]) with { ResumeRunId = first.RunId }, null, CancellationToken.None);

        Assert.That(announced!.Value, Is.EqualTo(first.RunId), "the id is told before anything is fetched");
        Assert.That(resumed.RunId, Is.EqualTo(first.RunId));
        Assert.That(resumed.Symbols.Select(s => (s.Symbol, s.Outcome, s.Bars)), Is.EqualTo(new[] { ("AAPL", SymbolOutcome.Succeeded, 3), ("MSFT", SymbolOutcome.Succeeded, 3) }));
        var asked = emulator.Requests.Where(r => r.Path == "time_series").Skip(requestsBefore).Select(r => r.Query["symbol"]).ToArray();
        Assert.That(asked, Is.EqualTo(new[] { "MSFT" }));
        var e = Assert.ThrowsAsync<TwinException>(() => ingest.RunAsync(Options(["AAPL"]) with { ResumeRunId = "20251231T210000000Z-sample-abc" }, null, CancellationToken.None));
        Assert.That(e!.Message, Does.Contain("is a run of source 'sample', not twelvedata"));
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
