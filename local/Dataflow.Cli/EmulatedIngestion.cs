using System.Diagnostics;
using Dataflow.Contracts;
using Dataflow.Ingestion;
using Dataflow.Ingestion.TwelveData;
using Dataflow.TwelveData.Emulator;

namespace Dataflow.Cli;

/// <summary>
/// One ingestion run through the Lambda's client and source against the Twelve Data emulator on simulated time, into a
/// throw-away raw zone: what the ingestion benchmarks measure.
/// </summary>
internal static class EmulatedIngestion
{
    public sealed record Measured(RunManifest Manifest, int Credits, int MinuteLimitHits, int Probes, double Minutes, double WallMs);

    public static async Task<Measured> RunAsync(LakeLayout layout, int perMinute, EmulatedMarket market, IngestionRequest request, CancellationToken ct)
    {
        var clock = new SimulatedClock(new DateTimeOffset(2026, 1, 5, 22, 0, 0, TimeSpan.Zero));
        await using var emulator = new TwelveDataEmulator("bench", new EmulatorPlan(perMinute, null), market, clock);
        using var http = new HttpClient();
        var options = new TwelveDataOptions { ApiKey = new ApiKey("bench"), BaseUrl = emulator.BaseUrl, CreditsPerMinute = perMinute };
        var client = new TwelveDataClient(http, options, new CreditLimiter(perMinute, null, clock), clock);
        var store = new LocalFolderRawStore(Directory.CreateTempSubdirectory("dataflow-bench-").FullName);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var manifest = await new IngestionRun(new TwelveDataSource(client, options), store, layout, clock)
                .ExecuteAsync(layout.RunIds.Create(clock.GetUtcNow(), "bench"), request, null, ct);
            return new Measured(manifest, emulator.CreditsCharged, emulator.MinuteLimitHits, emulator.Requests.Count(r => r.Path == "earliest_timestamp"),
                clock.Elapsed.TotalMinutes, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        finally
        {
            Directory.Delete(store.Location, recursive: true);
        }
    }
}
