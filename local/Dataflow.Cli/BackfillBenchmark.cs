using Dataflow.Contracts;
using Dataflow.Ingestion;
using Dataflow.Ingestion.TwelveData;
using Dataflow.TwelveData.Emulator;
using Spectre.Console;

namespace Dataflow.Cli;

/// <summary>
/// <c>dataflow bench backfill</c>: a history backfill (no start date: back to each instrument's first bar) through the
/// Lambda's client and source against the emulator on simulated time. Prints, per scenario, the pages the history needs
/// (5,000 bars each), the credits the run spent on them and on <c>/earliest_timestamp</c> probes, 429s, and the
/// simulated minutes against ceil(credits needed / L) + 1.
/// </summary>
internal static class BackfillBenchmark
{
    private static readonly (int Symbols, int Years, int PerMinute)[] Scenarios = [(8, 25, 8), (40, 25, 8), (200, 40, 55), (500, 25, 377)];

    public static async Task RunAsync(LakeLayout layout, int? symbols, int years, int perMinute, CancellationToken ct)
    {
        if (Console.IsOutputRedirected)
        {
            // A redirected benchmark is read in a file: the side-by-side table must not wrap at 80 columns.
            AnsiConsole.Profile.Width = 160;
        }

        var table = new Table().Border(TableBorder.Rounded).Title("history backfill on simulated time (emulator on 127.0.0.1)");
        foreach (var column in new[] { "N", "years", "L/min", "pages needed", "credits on pages", "credits/pages", "probes", "429s", "minutes", "ceil(needed/L)+1", "wall ms" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var (count, span, limit) in symbols is { } n ? [(n, years, perMinute)] : Scenarios)
        {
            var r = await MeasureAsync(layout, count, span, limit, ct);
            var bound = Math.Ceiling((double)(r.PagesNeeded + r.Probes) / limit) + 1;
            table.AddRow($"{count}", $"{span}", $"{limit}", $"{r.PagesNeeded:N0}", $"{r.Credits - r.Probes:N0}", $"{(double)(r.Credits - r.Probes) / r.PagesNeeded:F2}",
                $"{r.Probes}", $"{r.TooManyRequests}", $"{r.Minutes:F1}", $"{bound:N0}", $"{r.WallMs:F0}");
        }

        ConsoleTables.Write(table);
        AnsiConsole.MarkupLine("Targets: credits on pages = pages needed (1.00), 0 429s, minutes ≤ ceil(needed/L) + 1, where needed counts the probes too.");

        var interrupted = new Table().Border(TableBorder.Rounded).Title("the same backfill killed with its Kth request in flight (restarted a minute later) and budgeted D credits a day, continued until complete");
        foreach (var column in new[] { "N", "years", "K", "D/day", "pages needed", "credits on pages", "lost to kills", "(credits − lost)/pages", "probes", "kills", "attempts", "days", "most credits in a day (kills that day)", "complete" })
        {
            interrupted.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var (count, span, killAfter, perDay) in new[] { (8, 25, 3, 20), (40, 25, 7, 50), (40, 40, 25, 800) })
        {
            var r = await MeasureInterruptedAsync(layout, count, span, killAfter, perDay, ct);
            interrupted.AddRow($"{count}", $"{span}", $"{killAfter}", $"{perDay}", $"{r.PagesNeeded:N0}", $"{r.Run.CreditsOnPages:N0}", $"{r.Run.CreditsLostToKills}",
                $"{(double)(r.Run.CreditsOnPages - r.Run.CreditsLostToKills) / r.PagesNeeded:F2}", $"{r.Run.Probes}", $"{r.Run.Kills}", $"{r.Run.Attempts}", $"{r.Run.Days}",
                $"{r.Run.BusiestDay.Credits} ({r.Run.BusiestDay.Kills})", r.Complete ? "yes" : "NO");
        }

        ConsoleTables.Write(interrupted);
        AnsiConsole.MarkupLine("Targets: complete; credits on pages less those of the requests in flight at a kill = pages needed (1.00); no day over D + 2 per kill that day (a killed process's request in flight and probe are recorded nowhere).");
    }

    private static async Task<(int PagesNeeded, EmulatedIngestion.Interrupted Run, bool Complete)> MeasureInterruptedAsync(
        LakeLayout layout, int count, int years, int killAfter, int perDay, CancellationToken ct)
    {
        var market = new EmulatedMarket { FirstDay = new DateOnly(2025 - years + 1, 1, 1), LastDay = new DateOnly(2025, 12, 31) };
        var request = new IngestionRequest(Enumerable.Range(0, count).Select(i => $"B{i:0000}").ToArray(), BarInterval.Daily, IngestionWindow.Between(null, market.LastDay));
        var r = await EmulatedIngestion.RunInterruptedAsync(layout, 55, perDay, killAfter, market, request, ct);
        try
        {
            var expected = market.Days().Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
            var complete = request.Symbols.All(symbol => r.Manifests.SelectMany(m => m.Symbols.Where(s => s.Symbol == symbol).SelectMany(s => s.Keys))
                .SelectMany(key =>
                {
                    using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(r.RawZone, key)));
                    return TimeSeriesParser.ParseBars(doc.RootElement, BarInterval.Daily).Select(b => b.Datetime).ToArray();
                }).ToHashSet().SetEquals(expected));
            return (count * PagesPerSymbol(expected.Count), r, complete);
        }
        finally
        {
            Directory.Delete(r.RawZone, recursive: true);
        }
    }

    /// <summary>A page holds 5,000 bars; each next page repeats its boundary bar, so it brings 4,999 new ones.</summary>
    private static int PagesPerSymbol(int bars) => 1 + (int)Math.Ceiling(Math.Max(0, bars - TwelveDataSource.PageSize) / (double)(TwelveDataSource.PageSize - 1));

    private static async Task<(int PagesNeeded, int Credits, int Probes, int TooManyRequests, double Minutes, double WallMs)> MeasureAsync(
        LakeLayout layout, int count, int years, int perMinute, CancellationToken ct)
    {
        var market = new EmulatedMarket { FirstDay = new DateOnly(2025 - years + 1, 1, 1), LastDay = new DateOnly(2025, 12, 31) };
        var to = new DateOnly(2025, 12, 31);
        var request = new IngestionRequest(Enumerable.Range(0, count).Select(i => $"B{i:0000}").ToArray(), BarInterval.Daily, IngestionWindow.Between(null, to));
        var r = await EmulatedIngestion.RunAsync(layout, perMinute, market, request, ct);
        var bars = market.Days().Count(d => d <= to);
        if (r.Manifest.Symbols.Any(s => s.Outcome != SymbolOutcome.Succeeded || s.Bars != bars))
        {
            throw new InvalidOperationException($"the backfill should have fetched all {bars:N0} bars of every symbol: " +
                string.Join("; ", r.Manifest.Symbols.Where(s => s.Bars != bars).Take(3).Select(s => $"{s.Symbol} {s.Outcome} {s.Bars} {s.Error}")));
        }

        var pagesNeeded = count * PagesPerSymbol(bars);
        return (pagesNeeded, r.Credits, r.Probes, r.MinuteLimitHits, r.Minutes, r.WallMs);
    }
}
