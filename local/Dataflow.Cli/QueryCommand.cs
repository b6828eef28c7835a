using System.CommandLine;
using Dataflow.Contracts;
using Dataflow.Twin;
using Dataflow.Twin.Etl;
using Dataflow.Twin.Query;
using Dataflow.Twin.Report;
using Spectre.Console;

namespace Dataflow.Cli;

/// <summary><c>dataflow query NAME</c>: a named query of sql/athena/queries on the lake's curated tables and views.</summary>
internal static class QueryCommand
{
    private static readonly System.Text.Json.JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    public static Command Create()
    {
        var name = new Argument<string?>("NAME") { Description = "Query name (a file of sql/athena/queries); omit to list them", Arity = ArgumentArity.ZeroOrOne };
        var lake = CommonOptions.Lake();
        var repo = CommonOptions.Repo();
        var csv = new Option<bool>("--csv") { Description = "Print CSV instead of a table" };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of row objects instead of a table" };
        var command = new Command("query", "Run a named Athena query on DuckDB over the curated Parquet and the views of sql/athena/views")
        {
            name, lake, repo, csv, json,
        };
        command.SetAction(parse =>
        {
            try
            {
                var paths = CommonOptions.Paths(parse, repo, lake);
                if (parse.GetValue(name) is not { } query)
                {
                    foreach (var available in AthenaQuery.Available(paths))
                    {
                        Console.Out.WriteLine(available);
                    }

                    return 0;
                }

                using var db = new DuckDbSession();
                CuratedCatalog.Register(db, paths, CuratedSchema.Load(paths.Contracts));
                var result = AthenaQuery.Run(db, paths, query);
                if (parse.GetValue(csv))
                {
                    QueryResultCsv.Write(result, Console.Out);
                }
                else if (parse.GetValue(json))
                {
                    Console.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(
                        result.Rows.Select(row => result.Columns.Zip(row).ToDictionary(c => c.First, c => c.Second)),
                        IndentedJson));
                }
                else
                {
                    var table = new Table().Border(TableBorder.Rounded).Title($"sql/athena/queries/{query}.sql: {result.Rows.Count} rows");
                    foreach (var column in result.Columns)
                    {
                        table.AddColumn(new TableColumn(Markup.Escape(column)));
                    }

                    foreach (var row in result.Rows)
                    {
                        table.AddRow(row.Select(v => Markup.Escape(RunReport.Format(v))).ToArray());
                    }

                    ConsoleTables.Write(table);
                }

                return 0;
            }
            catch (Exception e) when (e is TwinException or ContractException or IOException)
            {
                Console.Error.WriteLine($"dataflow query failed: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
