using System.CommandLine;
using Dataflow.Contracts;
using Dataflow.Ingestion;
using Dataflow.Ingestion.TwelveData;
using Dataflow.TwelveData.Emulator;
using Spectre.Console;

namespace Dataflow.Cli;

/// <summary>
/// <c>dataflow bench ingest</c>: the credit-aware client against the Twelve Data emulator on simulated time. Prints,
/// per scenario of N symbols at a plan of L credits a minute: credits used per symbol requested (target 1.00), 429s
/// (target 0) and simulated minutes against the ceil(N/L) bound (target at most ceil(N/L) + 1).
/// </summary>
internal static class BenchCommand
{
    private static readonly (int Symbols, int PerMinute)[] Scenarios = [(20, 8), (100, 8), (500, 55), (1000, 377), (2000, 1597)];

    private static readonly string[] Columns =
        ["N", "L/min", "credits", "credits/N", "429s", "minutes", "ceil(N/L)", "min/ceil", "wall ms"];

    public static Command Create()
    {
        var symbols = new Option<int?>("--symbols") { Description = "Symbols to request (default: a fixed set of scenarios)" };
        var perMinute = new Option<int?>("--credits-per-minute") { Description = "The plan's credits per minute" };
        var repo = CommonOptions.Repo();
        var ingest = new Command("ingest", "Credits used and simulated minutes of the Twelve Data client on the emulator")
        {
            symbols, perMinute, repo,
        };
        ingest.SetAction(async (parse, ct) =>
        {
            var runs = parse.GetValue(symbols) is { } n ? [(n, parse.GetValue(perMinute) ?? 8)] : Scenarios;
            var layout = LakeLayout.Load(CommonOptions.Repository(parse, repo).Contracts);
            var table = new Table().Border(TableBorder.Rounded).Title("ingestion on simulated time (emulator on 127.0.0.1)");
            foreach (var column in Columns)
            {
                table.AddColumn(new TableColumn(column).RightAligned());
            }

            foreach (var (count, limit) in runs)
            {
                var r = await MeasureAsync(layout, count, limit, ct);
                var floor = Math.Ceiling((double)count / limit);
                table.AddRow($"{count}", $"{limit}", $"{r.Credits}", $"{(double)r.Credits / count:F2}", $"{r.TooManyRequests}",
                    $"{r.Minutes:F2}", $"{floor}", $"{r.Minutes / floor:F2}", $"{r.WallMs:F0}");
            }

            ConsoleTables.Write(table);
            return 0;
        });
        var etlSymbols = new Option<int>("--symbols") { Description = "Synthetic symbols", DefaultValueFactory = _ => 500 };
        var years = new Option<int>("--years") { Description = "Years of daily bars per symbol", DefaultValueFactory = _ => 20 };
        var repeats = new Option<int>("--repeats") { Description = "Runs per measurement (the median is reported)", DefaultValueFactory = _ => 3 };
        var etlRepo = CommonOptions.Repo();
        var generateInto = new Option<string?>(EtlBenchmark.GenerateIntoOption) { Hidden = true };
        var etl = new Command("etl", "The twin's ETL vs DuckDB's read-and-write floor, and a DQ ruleset vs one full aggregate scan")
        {
            etlSymbols, years, repeats, etlRepo, generateInto,
        };
        etl.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(generateInto) is { } into)
            {
                await EtlBenchmark.PrepareAsync(CommonOptions.Repository(parse, etlRepo), into, parse.GetValue(etlSymbols), parse.GetValue(years), ct);
                return 0;
            }

            await EtlBenchmark.RunAsync(CommonOptions.Repository(parse, etlRepo), parse.GetValue(etlSymbols), parse.GetValue(years), parse.GetValue(repeats), ct);
            return 0;
        });
        var dailySymbols = new Option<int>("--symbols") { Description = "Synthetic symbols", DefaultValueFactory = _ => 13 };
        var dailyRuns = new Option<int>("--runs") { Description = "Scheduled weekday runs", DefaultValueFactory = _ => 250 };
        var dailyRepo = CommonOptions.Repo();
        var daily = new Command("daily", "N scheduled runs with overlapping windows: transform cost of early and late runs, objects read, rejects, revisions, incremental == full")
        {
            dailySymbols, dailyRuns, dailyRepo,
        };
        daily.SetAction(async (parse, ct) =>
        {
            await DailyBenchmark.RunAsync(CommonOptions.Repository(parse, dailyRepo), parse.GetValue(dailySymbols), parse.GetValue(dailyRuns), ct);
            return 0;
        });
        var backfillSymbols = new Option<int?>("--symbols") { Description = "Symbols to backfill (default: a fixed set of scenarios)" };
        var backfillYears = new Option<int>("--years") { Description = "Years of daily history per symbol", DefaultValueFactory = _ => 25 };
        var backfillPerMinute = new Option<int>("--credits-per-minute") { Description = "The plan's credits per minute", DefaultValueFactory = _ => 8 };
        var backfillRepo = CommonOptions.Repo();
        var backfill = new Command("backfill", "A history backfill on the emulator: pages needed against credits spent, 429s, simulated minutes against the bound")
        {
            backfillSymbols, backfillYears, backfillPerMinute, backfillRepo,
        };
        backfill.SetAction(async (parse, ct) =>
        {
            await BackfillBenchmark.RunAsync(LakeLayout.Load(CommonOptions.Repository(parse, backfillRepo).Contracts), parse.GetValue(backfillSymbols),
                parse.GetValue(backfillYears), parse.GetValue(backfillPerMinute), ct);
            return 0;
        });
        return new Command("bench", "Benchmarks that print measured ratios") { ingest, etl, daily, backfill };
    }

    private static async Task<(int Credits, int TooManyRequests, double Minutes, double WallMs)> MeasureAsync(LakeLayout layout, int count, int perMinute, CancellationToken ct)
    {
        var request = new IngestionRequest(Enumerable.Range(0, count).Select(i => $"B{i:0000}").ToArray(), BarInterval.Daily, IngestionWindow.Latest(1));
        var r = await EmulatedIngestion.RunAsync(layout, perMinute, new EmulatedMarket(), request, ct);
        return (r.Credits, r.MinuteLimitHits, r.Minutes, r.WallMs);
    }
}
