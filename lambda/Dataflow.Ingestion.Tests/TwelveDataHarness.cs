using Dataflow.Contracts.Testing;
using Dataflow.Contracts;
using Dataflow.Ingestion;
using Dataflow.Ingestion.TwelveData;
using Dataflow.TwelveData.Emulator;

namespace Dataflow.Ingestion.Tests;

/// <summary>
/// The client and source wired to a real emulator on 127.0.0.1, both on one simulated clock, plus a local raw zone: a
/// test says what the account and market look like, runs, and reads what the run left behind.
/// </summary>
internal sealed class TwelveDataHarness : IAsyncDisposable
{
    public const string Key = "test-key-5f1d2c";
    public static readonly DateTimeOffset Start = new(2025, 6, 2, 21, 0, 30, TimeSpan.Zero);

    private readonly HttpClient _http = new();

    public TwelveDataHarness(EmulatorPlan plan, EmulatedMarket? market = null, int? clientCreditsPerMinute = null, int? clientCreditsPerDay = null,
        Func<TwelveDataOptions, TwelveDataOptions>? configure = null)
    {
        Clock = new SimulatedClock(Start);
        Emulator = new TwelveDataEmulator(Key, plan, market ?? new EmulatedMarket(), Clock);
        Options = new TwelveDataOptions
        {
            ApiKey = new ApiKey(Key),
            BaseUrl = Emulator.BaseUrl,
            CreditsPerMinute = clientCreditsPerMinute ?? plan.CreditsPerMinute,
            CreditsPerDay = clientCreditsPerDay ?? plan.CreditsPerDay,
            BackoffBase = TimeSpan.FromSeconds(2),
        };
        Options = configure?.Invoke(Options) ?? Options;
        Limiter = new CreditLimiter(Options.CreditsPerMinute!.Value, Options.CreditsPerDay, Clock);
        Client = new TwelveDataClient(_http, Options, Limiter, Clock);
        Source = new TwelveDataSource(Client, Options);
        RawRoot = Directory.CreateTempSubdirectory("twelvedata-raw-").FullName;
    }

    public HttpClient Http => _http;
    public SimulatedClock Clock { get; }
    public TwelveDataEmulator Emulator { get; }
    public TwelveDataOptions Options { get; }
    public CreditLimiter Limiter { get; }
    public TwelveDataClient Client { get; }
    public TwelveDataSource Source { get; }
    public string RawRoot { get; }
    public LakeLayout Layout { get; } = Checkout.Layout;

    public async Task<List<SourceResponse>> FetchAsync(IngestionRequest request) =>
        await Source.FetchAsync(request, CancellationToken.None).ToListAsync();

    public Task<RunManifest> RunAsync(IngestionRequest request) =>
        new IngestionRun(Source, new LocalFolderRawStore(RawRoot), Layout, Clock)
            .ExecuteAsync(Checkout.Layout.RunIds.Create(Start, "twelvedata"), request, null, CancellationToken.None);

    public Task<RunManifest> RunAsync(RunId runId, IngestionRequest request, bool resume, IProgress<SourceResponse>? progress, CancellationToken cancellationToken) =>
        new IngestionRun(Source, new LocalFolderRawStore(RawRoot), Layout, Clock).ExecuteAsync(runId, request, progress, cancellationToken, resume);

    public string Raw(string key) => File.ReadAllText(Path.Combine(RawRoot, key));

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        _http.Dispose();
        Directory.Delete(RawRoot, recursive: true);
    }
}
