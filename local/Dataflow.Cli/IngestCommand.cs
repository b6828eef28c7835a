using System.CommandLine;
using Dataflow.Contracts;
using Dataflow.Ingestion;
using Dataflow.Twin;
using Dataflow.Twin.Ingest;
using Dataflow.Twin.Pipeline;
using Spectre.Console;

namespace Dataflow.Cli;

/// <summary><c>dataflow ingest</c>: only the ingest stage, into the lake's raw zone, from the sample or Twelve Data.</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var lake = CommonOptions.Lake();
        var repo = CommonOptions.Repo();
        var source = CommonOptions.Source();
        var symbols = CommonOptions.Symbols();
        var interval = CommonOptions.Interval();
        var from = CommonOptions.Date("--from", TwinRunOptions.DefaultFrom, "First bar date");
        var to = CommonOptions.Date("--to", TwinRunOptions.DefaultTo, "Last bar date");
        var latest = new Option<int?>("--latest") { Description = "Fetch the newest N bars instead of a date window (Twelve Data only)" };
        var seed = new Option<int>("--seed") { Description = "Seed of the sample generator", DefaultValueFactory = _ => TwinRunOptions.Defaults.Seed };
        var credits = CommonOptions.CreditsPerMinute();
        var resume = new Option<string?>("--resume") { Description = "Twelve Data: resume the interrupted run of this id (printed when it started): keep what it stored, fetch the rest" };

        var command = new Command("ingest", "Fetch raw time_series responses into the lake's raw zone and write the run manifest.")
        {
            lake, repo, source, symbols, interval, from, to, latest, seed, credits, resume,
        };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var window = parse.GetValue(latest) is { } n
                    ? IngestionWindow.Latest(n)
                    : IngestionWindow.Between(parse.GetValue(from) ?? TwinRunOptions.DefaultFrom, parse.GetValue(to) ?? TwinRunOptions.DefaultTo);
                var options = new IngestOptions(parse.GetValue(source), parse.GetValue(symbols) ?? [], parse.GetValue(interval)!, window,
                    parse.GetValue(seed), parse.GetValue(credits)) { ResumeRunId = parse.GetValue(resume) };
                var paths = CommonOptions.Paths(parse, repo, lake);
                var manifest = await new TwinIngest(paths, Environment.GetEnvironmentVariable).RunAsync(options,
                    new InlineProgress<SourceResponse>(r => AnsiConsole.MarkupLineInterpolated(
                        $"  {ResponseLine.Of(r)}")), ct,
                    id => AnsiConsole.MarkupLineInterpolated($"run {id.Value} (if it is interrupted: the same command with --resume {id.Value})"));
                Write(manifest, paths);
                return manifest.Totals.Succeeded + manifest.Totals.NoData > 0 ? 0 : 1;
            }
            catch (Exception e) when (e is TwinException or ContractException or IOException or ArgumentException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]dataflow ingest failed:[/] {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static readonly string[] ManifestColumns = ["symbol", "outcome", "pages", "bars", "credits", "error"];

    private static void Write(RunManifest manifest, TwinPaths paths)
    {
        var table = new Table().Title($"run {manifest.RunId} ({manifest.Source}, {manifest.Window})").Border(TableBorder.Rounded);
        foreach (var column in ManifestColumns)
        {
            table.AddColumn(column);
        }

        foreach (var s in manifest.Symbols)
        {
            table.AddRow(Markup.Escape(s.Symbol), s.Outcome.ToString(), $"{s.Pages}", $"{s.Bars:N0}", $"{s.Credits}", Markup.Escape(s.Error ?? ""));
        }

        ConsoleTables.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Raw zone: {paths.Zone(LakeLayout.Raw)}");
    }
}
