using System.CommandLine;
using Dataflow.Contracts;
using Dataflow.Twin;
using Dataflow.Twin.Pipeline;
using Spectre.Console;

namespace Dataflow.Cli;

/// <summary><c>dataflow run</c>: the whole pipeline end to end on the deterministic sample source.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var lake = CommonOptions.Lake();
        var repo = CommonOptions.Repo();
        var symbols = CommonOptions.Symbols();
        var from = CommonOptions.Date("--from", TwinRunOptions.DefaultFrom, "First bar date");
        var to = CommonOptions.Date("--to", TwinRunOptions.DefaultTo, "Last bar date");
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the sample generator",
            DefaultValueFactory = _ => TwinRunOptions.Defaults.Seed,
        };

        var source = CommonOptions.Source();
        var credits = CommonOptions.CreditsPerMinute();
        var full = CommonOptions.Full();
        var command = new Command("run", "Ingest, run sql/etl on DuckDB, publish curated Parquet, query it, write the report.")
        {
            lake, repo, source, symbols, from, to, seed, credits, full,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new TwinRunOptions(parse.GetValue(lake)!, parse.GetValue(symbols) ?? [], parse.GetValue(from) ?? TwinRunOptions.DefaultFrom,
                parse.GetValue(to) ?? TwinRunOptions.DefaultTo, parse.GetValue(seed))
            {
                Source = parse.GetValue(source),
                CreditsPerMinute = parse.GetValue(credits),
            };
            try
            {
                var paths = CommonOptions.Paths(parse, repo, lake);
                var summary = await ConsoleProgress.RunAsync(observer => new TwinPipeline(paths, observer, full: parse.GetValue(full)).RunAsync(options, ct));
                return RunSummaryView.Write(summary, paths);
            }
            catch (Exception e) when (e is TwinException or ContractException or IOException or UnauthorizedAccessException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]dataflow run failed:[/] {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
