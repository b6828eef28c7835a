using System.CommandLine;
using Dataflow.Contracts;
using Dataflow.Twin;
using Dataflow.Twin.Pipeline;
using Spectre.Console;

namespace Dataflow.Cli;

/// <summary><c>dataflow transform</c>: sql/etl on the lake's raw zone, the quality gate, publish, query, report.</summary>
internal static class TransformCommand
{
    public static Command Create()
    {
        var lake = CommonOptions.Lake();
        var repo = CommonOptions.Repo();
        var command = new Command("transform", "Run sql/etl on DuckDB over the raw zone, gate it with glue/rulesets, publish curated Parquet") { lake, repo };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var paths = CommonOptions.Paths(parse, repo, lake);
                var summary = await ConsoleProgress.RunAsync(observer => new TwinPipeline(paths, observer).TransformAsync(ct));
                RunSummaryView.Write(summary, paths);
                return 0;
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
