using Dataflow.Contracts.Testing;
using System.Runtime.CompilerServices;
using System.Text;
using Dataflow.Contracts;
using Dataflow.Ingestion;
using Dataflow.Ingestion.TwelveData;

namespace Dataflow.Ingestion.Tests;

public sealed class IngestionRunTests
{
    private static readonly LakeLayout Layout = Checkout.Layout;
    private static readonly RunId Run = Checkout.Layout.RunIds.Create(new DateTimeOffset(2025, 3, 7, 21, 0, 0, TimeSpan.Zero), "test");
    private string _root = "";

    [SetUp]
    public void CreateRoot() => _root = Directory.CreateTempSubdirectory("ingestion-run-").FullName;

    [TearDown]
    public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    [Test]
    public async Task Every_symbol_is_accounted_for_and_the_manifest_comes_last()
    {
        var store = new OrderRecordingStore(new LocalFolderRawStore(_root));
        var run = new IngestionRun(new ScriptedSource(), store, Layout, TimeProvider.System);
        var request = new IngestionRequest(["AAPL", "NOPE", "EUR/USD", "BOOM", "LATE"], BarInterval.Daily, IngestionWindow.Latest(5));

        var manifest = await run.ExecuteAsync(Run, request, null, CancellationToken.None);

        var manifestKey = Layout.RunManifestKey(Run.IngestDate, Run.Value);
        Assert.That(store.Keys[^1], Is.EqualTo(manifestKey));
        Assert.That(store.Keys, Has.Count.EqualTo(6), "three AAPL pages (the last saying no data), the error bodies of NOPE and EUR/USD, the manifest; BOOM had no JSON to keep");
        Assert.That(manifest.Symbols.Select(s => (s.Symbol, s.Outcome, s.Pages, s.Bars)), Is.EqualTo(new[]
        {
            ("AAPL", SymbolOutcome.Succeeded, 3, 3),
            ("NOPE", SymbolOutcome.Skipped, 1, 0),
            ("EUR/USD", SymbolOutcome.NoData, 1, 0),
            ("BOOM", SymbolOutcome.Failed, 1, 0),
            ("LATE", SymbolOutcome.NotAttempted, 0, 0),
        }));
        Assert.That(manifest.Symbols.Single(s => s.Symbol == "BOOM").Error, Does.Contain("502"));
        Assert.That(manifest.Symbols.Single(s => s.Symbol == "NOPE").ErrorKind, Is.EqualTo(ApiErrorKind.SymbolNotFound));
        Assert.That(manifest.Totals, Is.EqualTo(new RunTotals(5, 1, 1, 1, 1, 1, 3, 6, manifest.Symbols.Sum(s => s.Bytes))));

        var aapl = manifest.Symbols[0].Keys;
        Assert.That(aapl, Is.EqualTo(new[]
        {
            Layout.RawTimeSeriesKey("1day", "AAPL", Run.IngestDate, Run.Value),
            Layout.RawTimeSeriesKey("1day", "AAPL", Run.IngestDate, Run.Value, page: 2),
            Layout.RawTimeSeriesKey("1day", "AAPL", Run.IngestDate, Run.Value, page: 3),
        }));
        Assert.That(aapl[1], Does.EndWith($"/{Run.Value}.p0002.json"));
        Assert.That(File.ReadAllBytes(Path.Combine(_root, aapl[0])), Is.EqualTo(ScriptedSource.AaplPage1), "byte for byte");
        Assert.That(RunManifest.FromJson(File.ReadAllBytes(Path.Combine(_root, manifestKey))), Is.EqualTo(manifest).Using<RunManifest>(SameJson));
    }

    [Test]
    public async Task A_symbol_whose_object_cannot_be_stored_fails_alone_and_the_object_already_there_stays()
    {
        // The key of AAPL's first page already holds other bytes (a run id used twice); the store refuses to replace them.
        var taken = Path.Combine(_root, Layout.RawTimeSeriesKey("1day", "AAPL", Run.IngestDate, Run.Value));
        Directory.CreateDirectory(Path.GetDirectoryName(taken)!);
        File.WriteAllText(taken, "earlier bytes");
        var run = new IngestionRun(new ScriptedSource(), new LocalFolderRawStore(_root), Layout, TimeProvider.System);
        var request = new IngestionRequest(["AAPL", "NOPE", "EUR/USD", "BOOM", "LATE"], BarInterval.Daily, IngestionWindow.Latest(5));

        var manifest = await run.ExecuteAsync(Run, request, null, CancellationToken.None);

        var aapl = manifest.Symbols.Single(s => s.Symbol == "AAPL");
        Assert.That(aapl.Outcome, Is.EqualTo(SymbolOutcome.Failed));
        Assert.That(aapl.Error, Does.Contain("already holds different bytes"));
        Assert.That(aapl.Keys, Does.Not.Contain(Layout.RawTimeSeriesKey("1day", "AAPL", Run.IngestDate, Run.Value)), "the manifest names only what this run stored");
        Assert.That(File.ReadAllText(taken), Is.EqualTo("earlier bytes"));
        Assert.That(manifest.Symbols.Where(s => s.Symbol != "AAPL").Select(s => s.Outcome),
            Is.EqualTo(new[] { SymbolOutcome.Skipped, SymbolOutcome.NoData, SymbolOutcome.Failed, SymbolOutcome.NotAttempted }));
        Assert.That(File.Exists(Path.Combine(_root, Layout.RunManifestKey(Run.IngestDate, Run.Value))), Is.True);
    }

    [Test]
    public async Task A_resumed_run_keeps_what_an_earlier_attempt_stored_and_fetches_only_the_rest()
    {
        // The first attempt was killed after storing AAPL's three pages: no manifest.
        var store = new LocalFolderRawStore(_root);
        var request = new IngestionRequest(["AAPL", "NOPE", "EUR/USD", "BOOM", "LATE"], BarInterval.Daily, IngestionWindow.Latest(5));
        var killed = new IngestionRun(new ScriptedSource(stopAfter: 3), store, Layout, TimeProvider.System);
        await killed.ExecuteAsync(Run, request with { Symbols = ["AAPL"] }, null, CancellationToken.None);
        File.Delete(Path.Combine(_root, Layout.RunManifestKey(Run.IngestDate, Run.Value)));
        var asked = new List<string>();

        var manifest = await new IngestionRun(new ScriptedSource(asked: asked), store, Layout, TimeProvider.System)
            .ExecuteAsync(Run, request, null, CancellationToken.None, resume: true);

        Assert.That(asked, Does.Not.Contain("AAPL"), "AAPL was stored by the earlier attempt");
        var aapl = manifest.Symbols.Single(s => s.Symbol == "AAPL");
        Assert.That((aapl.Outcome, aapl.Pages, aapl.Bars), Is.EqualTo((SymbolOutcome.Succeeded, 3, 3)));
        Assert.That(aapl.Keys, Has.Count.EqualTo(3));
        Assert.That(manifest.Symbols.Select(s => s.Outcome), Is.EqualTo(new[]
            { SymbolOutcome.Succeeded, SymbolOutcome.Skipped, SymbolOutcome.NoData, SymbolOutcome.Failed, SymbolOutcome.NotAttempted }));
    }

    [Test]
    public async Task A_resumed_run_whose_manifest_exists_is_complete_and_fetches_nothing()
    {
        var store = new LocalFolderRawStore(_root);
        var request = new IngestionRequest(["AAPL", "NOPE"], BarInterval.Daily, IngestionWindow.Latest(5));
        var first = await new IngestionRun(new ScriptedSource(), store, Layout, TimeProvider.System).ExecuteAsync(Run, request, null, CancellationToken.None);
        var asked = new List<string>();

        var again = await new IngestionRun(new ScriptedSource(asked: asked), store, Layout, TimeProvider.System)
            .ExecuteAsync(Run, request, null, CancellationToken.None, resume: true);

        Assert.That(asked, Is.Empty);
        Assert.That(again, Is.EqualTo(first).Using<RunManifest>(SameJson));
    }

    private static bool SameJson(RunManifest a, RunManifest b) => a.ToJson().AsSpan().SequenceEqual(b.ToJson());

    private sealed class ScriptedSource(int stopAfter = int.MaxValue, List<string>? asked = null) : ITimeSeriesSource
    {
        public static readonly byte[] AaplPage1 = Encoding.UTF8.GetBytes(
            """{"meta":{"symbol":"AAPL","interval":"1day"},"values":[{"datetime":"2025-03-07","open":"1","high":"2","low":"0.5","close":"1.5","volume":"10"},{"datetime":"2025-03-06","open":"1","high":"2","low":"0.5","close":"1.5"}],"status":"ok"}""");

        private static readonly byte[] AaplPage2 = Encoding.UTF8.GetBytes(
            """{"meta":{"symbol":"AAPL","interval":"1day"},"values":[{"datetime":"2025-03-05","open":"1","high":"2","low":"0.5","close":"1.5"}],"status":"ok"}""");

        private static readonly byte[] NoData = Encoding.UTF8.GetBytes("""{"code":400,"message":"No data is available on the specified dates.","status":"error"}""");

        public string Name => "test";

        public async IAsyncEnumerable<SourceResponse> FetchAsync(IngestionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            asked?.AddRange(request.Symbols);
            SourceResponse[] script =
            [
                Json("AAPL", 1, AaplPage1),
                Json("AAPL", 2, AaplPage2),
                Json("AAPL", 3, NoData),
                Json("NOPE", 1, Encoding.UTF8.GetBytes("""{"code":404,"message":"**symbol** not found","status":"error"}""")),
                Json("EUR/USD", 1, NoData),
                new SourceResponse("BOOM", 1, 502, ReadOnlyMemory<byte>.Empty, 1,
                    ResponseSummary.Of(new ApiError(ApiErrorKind.Transient, 502, "HTTP 502: <html>Bad Gateway</html>")), new Dictionary<string, string>()),
            ];
            foreach (var response in script.Where(r => request.Symbols.Contains(r.Symbol)).Take(stopAfter))
            {
                yield return response;
            }

            await Task.CompletedTask;
        }

        private static SourceResponse Json(string symbol, int page, byte[] body) =>
            new(symbol, page, 200, body, 1, ResponseSummary.Of(body, 200), new Dictionary<string, string> { ["symbol"] = symbol });
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

        public Task<byte[]?> GetAsync(string key, CancellationToken ct) => inner.GetAsync(key, ct);
    }
}
