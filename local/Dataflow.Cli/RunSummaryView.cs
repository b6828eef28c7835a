using Dataflow.Twin;
using Dataflow.Twin.Pipeline;
using Dataflow.Twin.Report;
using Spectre.Console;

namespace Dataflow.Cli;

/// <summary>The terminal summary after a run: the query's table, what was rejected, where the output went.</summary>
internal static class RunSummaryView
{
    /// <summary>What fits a terminal; the report has every column.</summary>
    private static readonly string[] TerminalColumns =
        ["symbol", "sector", "bars", "last_close", "total_return_pct", "annualised_volatility_pct", "refetches"];

    /// <summary>Writes the summary; returns the exit code: 0, or <see cref="ExitCodes.Held"/> when symbols are held.</summary>
    public static int Write(RunSummary run, TwinPaths paths)
    {
        var result = run.QueryResult;
        var shown = TerminalColumns.Where(result.Columns.Contains).Select(result.Ordinal).ToArray();
        var table = new Table().Title($"sql/athena/{run.QueryName}.sql (all columns in the report)").Border(TableBorder.Rounded);
        foreach (var i in shown)
        {
            table.AddColumn(new TableColumn(Markup.Escape(result.Columns[i])));
        }

        foreach (var row in result.Rows)
        {
            table.AddRow(shown.Select(i => Markup.Escape(RunReport.Format(row[i]))).ToArray());
        }

        ConsoleTables.Write(table);
        var totals = run.Ingestion.Totals;
        var rejects = string.Join(", ", run.RejectsByReason.Select(r => $"{r.Key} {r.Value:N0}"));
        AnsiConsole.MarkupLineInterpolated($"Ingested [bold]{totals.Bars:N0}[/] bars for {totals.Succeeded}/{totals.Requested} symbols (run {run.Ingestion.RunId}).");
        AnsiConsole.MarkupLineInterpolated($"Curated [bold]{run.CuratedRows("daily_bars"):N0}[/] daily bars, {run.CuratedRows("monthly_bars"):N0} monthly bars; quarantined {run.CuratedRows("rejected_bars"):N0} ({rejects}).");
        if (run.Plan is { } plan)
        {
            var revisions = run.Tables.FirstOrDefault(t => t.Name == "bar_revisions")?.Rows ?? 0;
            AnsiConsole.WriteLine(plan.NothingToDo
                ? $"Nothing new to transform: every run of the raw zone is published ({plan.ManifestsListed} runs)."
                : $"Took in {plan.NewRuns.Count} new of {plan.ManifestsListed} runs ({plan.Objects.Count:N0} raw objects{(plan.Full ? ", full rebuild" : "")}); {revisions:N0} revisions recorded in all.");
        }

        foreach (var (gate, warning) in run.Quality.SelectMany(g => g.Warnings.Select(w => (g, w))))
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]warning ({gate.Table}):[/] {warning.Rule.ReplaceLineEndings(" ")} -> {warning.FailureReason}");
            foreach (var line in gate.CountedLines(warning))
            {
                AnsiConsole.MarkupLineInterpolated($"  counted: {line}");
            }
        }

        foreach (var hold in run.Holds)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]{TwinPipeline.HoldMessage(hold, run.Quality)}[/]");
        }

        AnsiConsole.MarkupLineInterpolated($"Lake:   {paths.Lake}");
        var visuals = run.Report is { } r ? $" ({r.Visuals} dashboard visuals)" : "";
        AnsiConsole.MarkupLineInterpolated($"Report: {run.ReportPath}{visuals}");
        foreach (var note in run.Report?.Notes ?? [])
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]preview note:[/] {note}");
        }

        return run.Holds.Count > 0 ? ExitCodes.Held : ExitCodes.Success;
    }
}
