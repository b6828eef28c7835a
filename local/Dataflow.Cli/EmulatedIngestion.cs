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
        var options = Options(emulator, perMinute);
        var store = ThrowAwayRawZone();
        var started = Stopwatch.GetTimestamp();
        try
        {
            var manifest = await new IngestionRun(Source(http, options, new CreditLimiter(perMinute, null, clock), clock), store, layout, clock)
                .ExecuteAsync(layout.RunIds.Create(clock.GetUtcNow(), "bench"), request, null, ct);
            return new Measured(manifest, emulator.CreditsCharged, emulator.MinuteLimitHits, emulator.Requests.Count(r => r.Path == "earliest_timestamp"),
                clock.Elapsed.TotalMinutes, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        finally
        {
            Directory.Delete(store.Location, recursive: true);
        }
    }

    public sealed record Interrupted(int CreditsOnPages, int CreditsLostToKills, int Probes, int Attempts, int Kills, int Days, (int Credits, int Kills) BusiestDay,
        IReadOnlyList<RunManifest> Manifests, string RawZone);

    /// <summary>
    /// A backfill the way operations meet it: each process is killed while its <paramref name="killAfter"/>-th request
    /// is in flight (the API charged it, nothing of it was stored) and restarted a minute later, resuming in place; a
    /// daily credit budget ends each day's attempt, continued the next day. The caller reads the raw zone, then deletes it.
    /// </summary>
    public static async Task<Interrupted> RunInterruptedAsync(LakeLayout layout, int perMinute, int perDay, int killAfter, EmulatedMarket market,
        IngestionRequest request, CancellationToken ct)
    {
        var clock = new SimulatedClock(new DateTimeOffset(2026, 1, 5, 0, 1, 0, TimeSpan.Zero));
        await using var emulator = new TwelveDataEmulator("bench", new EmulatorPlan(perMinute, null), market, clock);
        var killer = new KillInFlight(killAfter) { InnerHandler = new HttpClientHandler() };
        using var http = new HttpClient(killer);
        var options = Options(emulator, perMinute);
        var store = ThrowAwayRawZone();
        var backfill = layout.RunIds.Create(clock.GetUtcNow(), "bench");
        var (manifests, kills, days) = (new List<RunManifest>(), 0, 1);
        var byDay = new Dictionary<DateOnly, (int Credits, int Kills)>();
        while (true)
        {
            var step = await Backfill.NextAsync(store, layout, backfill, request, clock.GetUtcNow(), ct);
            if (step.IsComplete)
            {
                break;
            }

            if (step.BudgetSpent(perDay))
            {
                clock.Advance(clock.GetUtcNow().UtcDateTime.Date.AddDays(1).AddMinutes(1) - clock.GetUtcNow().UtcDateTime);
                days++;
                continue;
            }

            var limiter = new CreditLimiter(perMinute, null, clock);
            limiter.Budget(perDay, step.CreditsSpentToday);
            var run = new IngestionRun(Source(http, options, limiter, clock), store, layout, clock);
            killer.Restart();
            var killsBefore = kills;
            try
            {
                manifests.Add(await run.ExecuteAsync(step.RunId, step.Request, null, ct, resume: true));
            }
            catch (ProcessKilledException)
            {
                kills++;
                clock.Advance(TimeSpan.FromMinutes(1));
            }

            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var (credits, killed) = byDay.GetValueOrDefault(today);
            byDay[today] = (credits + (int)limiter.CreditsGranted, killed + (kills - killsBefore));
        }

        var onPages = emulator.Requests.Where(r => r.Path == "time_series").Sum(r => r.Symbols.Count);
        return new Interrupted(onPages, killer.SymbolsLost, emulator.Requests.Count(r => r.Path == "earliest_timestamp"), manifests.Count, kills, days,
            byDay.Values.DefaultIfEmpty().MaxBy(d => d.Credits), manifests, store.Location);
    }

    private static TwelveDataOptions Options(TwelveDataEmulator emulator, int perMinute) =>
        new() { ApiKey = new ApiKey("bench"), BaseUrl = emulator.BaseUrl, CreditsPerMinute = perMinute };

    private static LocalFolderRawStore ThrowAwayRawZone() => new(Directory.CreateTempSubdirectory("dataflow-bench-").FullName);

    /// <summary>The Lambda's client and source on the simulated clock.</summary>
    private static TwelveDataSource Source(HttpClient http, TwelveDataOptions options, CreditLimiter limiter, SimulatedClock clock) =>
        new(new TwelveDataClient(http, options, limiter, clock), options);

    /// <summary>Kills the process (an exception no code catches) once its Nth time_series answer has arrived, before it is stored.</summary>
    private sealed class KillInFlight(int killAfter) : DelegatingHandler
    {
        private int _requests;

        public int SymbolsLost { get; private set; }

        public void Restart() => _requests = 0;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.RequestUri!.AbsolutePath.EndsWith("/time_series", StringComparison.Ordinal) && ++_requests == killAfter)
            {
                var symbols = System.Web.HttpUtility.ParseQueryString(request.RequestUri.Query)["symbol"] ?? "";
                SymbolsLost += symbols.Split(',').Length;
                response.Dispose();
                throw new ProcessKilledException();
            }

            return response;
        }
    }

    /// <summary>Stands for SIGKILL: no code of the run handles it.</summary>
    private sealed class ProcessKilledException : Exception
    {
        public ProcessKilledException() : base("killed with a request in flight") { }
        public ProcessKilledException(string message) : base(message) { }
        public ProcessKilledException(string message, Exception inner) : base(message, inner) { }
    }
}
