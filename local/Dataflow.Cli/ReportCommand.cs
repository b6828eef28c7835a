using System.CommandLine;
using Dataflow.Contracts;
using Dataflow.QuickSight;
using Dataflow.Twin;
using Dataflow.Twin.Report;
using Spectre.Console;

namespace Dataflow.Cli;

/// <summary><c>dataflow report</c>: re-renders the lake's report, its dashboard preview drawn from the QuickSight JSON.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var lake = CommonOptions.Lake();
        var repo = CommonOptions.Repo();
        var quicksight = new Option<string?>("--quicksight")
        {
            Description = "Folder of the QuickSight JSON to preview (default: the checkout's quicksight/)",
        };
        var command = new Command("report", "Render the lake's report again: the last run's sections and every QuickSight visual on the curated zone") { lake, repo, quicksight };
        command.SetAction(parse =>
        {
            try
            {
                var paths = CommonOptions.Paths(parse, repo, lake);
                if (parse.GetValue(quicksight) is { } folder)
                {
                    paths = paths with { QuickSight = Path.GetFullPath(folder) };
                }

                var report = TwinReport.Rewrite(paths);
                foreach (var note in report.Notes)
                {
                    AnsiConsole.MarkupLineInterpolated($"[yellow]preview note:[/] {note}");
                }

                AnsiConsole.MarkupLineInterpolated($"Report: {report.Path} ({report.Visuals} dashboard visuals)");
                return 0;
            }
            catch (Exception e) when (e is TwinException or ContractException or QuickSightException or IOException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]dataflow report failed:[/] {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
