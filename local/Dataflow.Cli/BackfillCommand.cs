using System.CommandLine;
using Dataflow.Contracts;
using Dataflow.Ingestion;
using Dataflow.Twin;
using Dataflow.Twin.Ingest;
using Dataflow.Twin.Pipeline;
using Spectre.Console;

namespace Dataflow.Cli;

/// <summary>
/// <c>dataflow backfill</c>: an instrument's history from Twelve Data into the raw zone, over as many attempts as the
/// credit budget and interruptions need, each continuing where the last stopped.
/// </summary>
internal static class BackfillCommand
{
    public static Command Create()
    {
        var lake = CommonOptions.Lake();
        var repo = CommonOptions.Repo();
        var symbols = CommonOptions.Symbols();
        symbols.Description = "Symbols to backfill, comma-separated (default: the whole universe); with --continue, only needed when its first attempt never finished";
        var interval = CommonOptions.Interval();
        var from = CommonOptions.OptionalDate("--from", "First bar date, yyyy-MM-dd [default: each instrument's first bar, asked of /earliest_timestamp]");
        var to = CommonOptions.Date("--to", DateOnly.FromDateTime(DateTime.UtcNow), "Last bar date");
        var credits = CommonOptions.CreditsPerMinute();
        var perDay = new Option<int?>("--credits-per-day")
        {
            Description = "Spend at most this many credits a UTC day on this backfill, counting its earlier attempts of the day (leave the rest of the plan to the schedule)",
        };
        var continueId = new Option<string?>("--continue")
        {
            Description = "Continue the backfill of this id (printed when it started): fetch only what its attempts left, from the page where each symbol stopped",
        };

        var command = new Command("backfill", "Fetch instruments' history from Twelve Data (TWELVEDATA_API_KEY), resumable and within a daily credit budget.")
        {
            lake, repo, symbols, interval, from, to, credits, perDay, continueId,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(perDay) is < 1)
            {
                r.AddError("--credits-per-day must be at least 1");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var paths = CommonOptions.Paths(parse, repo, lake);
                var options = new BackfillOptions(parse.GetValue(symbols) ?? [], parse.GetValue(interval)!, parse.GetValue(from),
                    parse.GetValue(to) ?? DateOnly.FromDateTime(DateTime.UtcNow), parse.GetValue(credits), parse.GetValue(perDay))
                {
                    ContinueId = parse.GetValue(continueId),
                };
                var progress = await new TwinIngest(paths, Environment.GetEnvironmentVariable).BackfillAsync(options,
                    new InlineProgress<SourceResponse>(r => AnsiConsole.MarkupLineInterpolated(
                        $"  {ResponseLine.Of(r)}")), ct,
                    Started);
                return Report(progress);
            }
            catch (Exception e) when (e is TwinException or ContractException or IOException or ArgumentException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]dataflow backfill failed:[/] {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static void Started(BackfillStep step)
    {
        if (step.IsComplete)
        {
            return;
        }

        var continuing = step.Request.ContinueFrom.Count;
        AnsiConsole.MarkupLineInterpolated(
            $"backfill {step.Backfill.Value}, attempt {step.Attempt} (run {step.RunId.Value}): {step.Request.Symbols.Count} symbols, {continuing} of them continuing part-way; {step.CreditsSpentToday} credits spent today by earlier attempts");
        AnsiConsole.MarkupLineInterpolated($"(if it is interrupted: dataflow backfill --continue {step.Backfill.Value})");
    }

    private static int Report(BackfillProgress progress)
    {
        var step = progress.Step;
        if (progress.BudgetSpentToday)
        {
            AnsiConsole.MarkupLineInterpolated(
                $"[yellow]today's budget is spent[/] ({step.CreditsSpentToday} credits by earlier attempts): {step.Request.Symbols.Count} symbols wait. Continue after 00:00 UTC with: dataflow backfill --continue {step.Backfill.Value}");
            return ExitCodes.Unfinished;
        }

        if (progress.Manifest is not { } manifest)
        {
            var skipped = step.Earlier.SelectMany(m => m.Symbols).Where(s => s.Outcome is SymbolOutcome.Skipped or SymbolOutcome.Failed).Select(s => s.Symbol).Distinct().ToArray();
            AnsiConsole.MarkupLineInterpolated($"backfill {step.Backfill.Value} is complete after {step.Earlier.Count} attempts: nothing left to fetch.");
            if (skipped.Length > 0)
            {
                AnsiConsole.MarkupLineInterpolated($"[yellow]not backfilled (see the attempts' manifests):[/] {string.Join(", ", skipped)}");
            }

            return 0;
        }

        var table = new Table().Title($"backfill {step.Backfill.Value}, attempt {step.Attempt}").Border(TableBorder.Rounded);
        foreach (var column in new[] { "symbol", "outcome", "pages", "bars", "credits", "continues below", "error" })
        {
            table.AddColumn(column);
        }

        foreach (var s in manifest.Symbols)
        {
            table.AddRow(Markup.Escape(s.Symbol), s.Outcome.ToString(), $"{s.Pages}", $"{s.Bars:N0}", $"{s.Credits}",
                Markup.Escape(s.Resume?.Oldest ?? ""), Markup.Escape(s.Error ?? ""));
        }

        ConsoleTables.Write(table);
        var unfinished = progress.Unfinished;
        if (unfinished.Count == 0)
        {
            AnsiConsole.MarkupLineInterpolated($"backfill {step.Backfill.Value} is complete: {manifest.Totals.Credits} credits this attempt.");
            return manifest.Totals.Succeeded + manifest.Totals.NoData > 0 ? 0 : 1;
        }

        var why = unfinished.Select(s => s.Error).FirstOrDefault(e => e is not null) ?? "stopped early";
        AnsiConsole.MarkupLineInterpolated(
            $"[yellow]{unfinished.Count} of {manifest.Symbols.Count} symbols unfinished[/] ({why}). Continue with: dataflow backfill --continue {step.Backfill.Value}");
        return ExitCodes.Unfinished;
    }
}
