using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dataflow.Contracts;
using Dataflow.Contracts.Testing;
using Dataflow.Ingestion.TwelveData;
using Dataflow.TwelveData.Emulator;

namespace Dataflow.Cli.Tests;

/// <summary><c>dataflow backfill</c> as an operator meets it: against the emulator on 127.0.0.1, over several attempts.</summary>
public sealed partial class BackfillCommandTests
{
    private const string Key = "cli-backfill-key-7d1e";

    [Test]
    public async Task A_budgeted_backfill_stops_with_exit_4_waits_for_tomorrow_and_its_continuation_completes_the_history()
    {
        var market = new EmulatedMarket { FirstDay = new DateOnly(1985, 1, 1), LastDay = new DateOnly(2025, 12, 31) };
        await using var emulator = new TwelveDataEmulator(Key, new EmulatorPlan(100, null), market, TimeProvider.System);
        var lake = Directory.CreateTempSubdirectory("dataflow-backfill-").FullName;
        var environment = new Dictionary<string, string> { ["TWELVEDATA_API_KEY"] = Key, ["TWELVEDATA_BASE_URL"] = emulator.BaseUrl.ToString() };
        string[] common = ["--lake", lake, "--repo", Checkout.Repository.Root, "--credits-per-minute", "100"];
        try
        {
            var first = Dataflow.Run(environment, ["backfill", "--symbols", "AAPL,MSFT", "--to", "2025-12-31", "--credits-per-day", "3", .. common]);
            Assert.That(first.ExitCode, Is.EqualTo(4), first.Output + first.Error);
            var id = BackfillId().Match(first.Output).Groups[1].Value;
            Assert.That(first.Output.Flat(), Does.Contain("2 of 2 symbols unfinished").And.Contain("budget of 3 credits is spent")
                .And.Contain($"dataflow backfill --continue {id}"));

            var sameDay = Dataflow.Run(environment, ["backfill", "--continue", id, "--credits-per-day", "3", .. common]);
            Assert.That(sameDay.ExitCode, Is.EqualTo(4), sameDay.Output + sameDay.Error);
            Assert.That(sameDay.Output.Flat(), Does.Contain("today's budget is spent").And.Contain("after 00:00 UTC"));

            var rest = Dataflow.Run(environment, ["backfill", "--continue", id, .. common]);
            Assert.That(rest.ExitCode, Is.Zero, rest.Output + rest.Error);
            Assert.That(rest.Output, Does.Contain("attempt 2").And.Contain("is complete"));
            var done = Dataflow.Run(environment, ["backfill", "--continue", id, .. common]);
            Assert.That(done.Output, Does.Contain("is complete after 2 attempts"));

            var expected = market.Days().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToHashSet();
            foreach (var symbol in new[] { "AAPL", "MSFT" })
            {
                var stored = Directory.GetFiles(Path.Combine(lake, "raw"), "*.json", SearchOption.AllDirectories)
                    .Where(f => f.Contains($"symbol={symbol}", StringComparison.Ordinal))
                    .SelectMany(f =>
                    {
                        using var doc = JsonDocument.Parse(File.ReadAllBytes(f));
                        return TimeSeriesParser.ParseBars(doc.RootElement, BarInterval.Daily).Select(b => b.Datetime).ToArray();
                    }).ToHashSet();
                Assert.That(stored, Is.EquivalentTo(expected), $"{symbol}: its whole history in the raw zone");
            }

            var pages = emulator.Requests.Where(r => r.Path == "time_series").Select(r => $"{r.Query["symbol"]}|{r.Query["end_date"]}").ToArray();
            Assert.That(pages, Is.Unique, "no page asked twice over the attempts");
        }
        finally
        {
            Directory.Delete(lake, recursive: true);
        }
    }

    [Test]
    public void Continuing_a_backfill_that_never_wrote_a_manifest_without_its_symbols_says_what_to_give()
    {
        var lake = Directory.CreateTempSubdirectory("dataflow-backfill-").FullName;
        try
        {
            var result = Dataflow.Run(new Dictionary<string, string> { ["TWELVEDATA_API_KEY"] = Key, ["TWELVEDATA_BASE_URL"] = "http://127.0.0.1:9/" },
                ["backfill", "--continue", "20261202T220000123Z-twelvedata-abcdefgh", "--lake", lake, "--repo", Checkout.Repository.Root]);

            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Output.Flat(), Does.Contain("has no manifest").And.Contain("symbols and window again"));
            Assert.That(result.Output + result.Error, Does.Not.Contain("   at "), "a message, not a stack trace");
        }
        finally
        {
            Directory.Delete(lake, recursive: true);
        }
    }

    [GeneratedRegex(@"backfill (\S+), attempt 1")]
    private static partial Regex BackfillId();
}

internal static partial class ConsoleText
{
    /// <summary>The console's text with its line wrapping undone: every run of white space one space.</summary>
    public static string Flat(this string output) => Spaces().Replace(output, " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
