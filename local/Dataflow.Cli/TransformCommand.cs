using System.CommandLine;
using Dataflow.Contracts;
using Dataflow.Twin;
using Dataflow.Twin.Pipeline;
using Spectre.Console;

namespace Dataflow.Cli;

/// <summary><c>dataflow transform</c>: the raw zone's new runs through sql/etl, the quality gate, publish, query, report.</summary>
internal static class TransformCommand
{
    public static Command Create()
    {
        var lake = CommonOptions.Lake();
        var repo = CommonOptions.Repo();
        var full = CommonOptions.Full();
        var command = new Command("transform",
            "Take the raw zone's new runs through sql/etl on DuckDB, gate them with glue/rulesets, publish the changed partitions in one commit")
        {
            lake, repo, full,
        };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var paths = CommonOptions.Paths(parse, repo, lake);
                var summary = await ConsoleProgress.RunAsync(observer => new TwinPipeline(paths, observer, full: parse.GetValue(full)).TransformAsync(ct));
                return RunSummaryView.Write(summary, paths);
            }
            catch (Exception e) when (e is TwinException or ContractException or IOException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]dataflow transform failed:[/] {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
