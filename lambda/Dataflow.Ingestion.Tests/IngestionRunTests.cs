using System.Text;
using Dataflow.Contracts;
using Dataflow.Ingestion;

namespace Dataflow.Ingestion.Tests;

public sealed class IngestionRunTests
{
    private static readonly LakeLayout Layout = LakeLayout.Load();
    private static readonly RunId Run = RunId.Create(new DateTimeOffset(2025, 3, 7, 21, 0, 0, TimeSpan.Zero), "test");
    private string _root = "";

    [SetUp]
    public void CreateRoot() => _root = Directory.CreateTempSubdirectory("ingestion-run-").FullName;

    [TearDown]
    public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    [Test]
    public async Task Every_symbol_is_stored_and_the_manifest_comes_last_saying_what_happened_to_each()
    {
        var store = new OrderRecordingStore(new LocalFolderRawStore(_root));
        var run = new IngestionRun(new ScriptedSource(), store, Layout, TimeProvider.System);

        var manifest = await run.ExecuteAsync(Run, [Request("AAPL"), Request("NOPE"), Request("EUR/USD"), Request("BOOM")], null, CancellationToken.None);

        var manifestKey = Layout.RunManifestKey(Run.IngestDate, Run.Value);
        Assert.That(store.Keys[^1], Is.EqualTo(manifestKey));
        Assert.That(store.Keys, Has.Count.EqualTo(4), "three responses stored verbatim, then the manifest; the thrown one has no body");
        Assert.That(manifest.Symbols.Select(s => (s.Symbol, s.Outcome, s.Bars)), Is.EqualTo(new[]
        {
            ("AAPL", SymbolOutcome.Succeeded, 2),
            ("NOPE", SymbolOutcome.Failed, 0),
            ("EUR/USD", SymbolOutcome.NoData, 0),
            ("BOOM", SymbolOutcome.Failed, 0),
        }));
        Assert.That(manifest.Symbols.Single(s => s.Symbol == "BOOM").Error, Is.EqualTo("connection reset"));
        Assert.That(manifest.Totals, Is.EqualTo(new RunTotals(4, 1, 1, 2, 2, 3, manifest.Symbols.Sum(s => s.Bytes))));

        var stored = File.ReadAllBytes(Path.Combine(_root, Layout.RawTimeSeriesKey("1day", "AAPL", Run.IngestDate, Run.Value)));
        Assert.That(stored, Is.EqualTo(ScriptedSource.Aapl), "byte for byte");
        var roundTrip = RunManifest.FromJson(File.ReadAllBytes(Path.Combine(_root, manifestKey)));
        Assert.That(roundTrip.Symbols, Is.EqualTo(manifest.Symbols));
    }

    private static TimeSeriesRequest Request(string symbol) => new(symbol, "1day", new(2025, 3, 1), new(2025, 3, 7));

    private sealed class ScriptedSource : ITimeSeriesSource
    {
        public static readonly byte[] Aapl = Encoding.UTF8.GetBytes(
            """{"meta":{"symbol":"AAPL","interval":"1day"},"values":[{"datetime":"2025-03-07","open":"1","high":"2","low":"0.5","close":"1.5","volume":"10"},{"datetime":"2025-03-06","open":"1","high":"2","low":"0.5","close":"1.5"}],"status":"ok"}""");

        public string Name => "test";

        public Task<SourceResponse> FetchAsync(TimeSeriesRequest request, CancellationToken cancellationToken) => request.Symbol switch
        {
            "AAPL" => Task.FromResult(new SourceResponse(request, 200, Aapl, 1)),
            "NOPE" => Task.FromResult(new SourceResponse(request, 200, Encoding.UTF8.GetBytes("""{"code":404,"message":"**symbol** not found","status":"error"}"""), 1)),
            "EUR/USD" => Task.FromResult(new SourceResponse(request, 200, Encoding.UTF8.GetBytes("""{"code":400,"message":"No data is available on the specified dates.","status":"error"}"""), 1)),
            _ => throw new HttpRequestException("connection reset"),
        };
    }

    /// <summary>The real local store, with the order of its writes noted (metadata files aside).</summary>
    private sealed class OrderRecordingStore(IRawStore inner) : IRawStore
    {
        public List<string> Keys { get; } = [];
        public string Location => inner.Location;

        public async Task PutAsync(string key, ReadOnlyMemory<byte> body, string contentType, IReadOnlyDictionary<string, string> metadata, CancellationToken ct)
        {
            await inner.PutAsync(key, body, contentType, metadata, ct);
            Keys.Add(key);
        }
    }
}
