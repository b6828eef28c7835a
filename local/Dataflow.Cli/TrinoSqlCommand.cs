using System.CommandLine;
using Dataflow.Twin.Parity;

namespace Dataflow.Cli;

/// <summary>
/// <c>dataflow trino-sql</c>: the statements that give Trino the lake's curated tables, their committed partitions and
/// the Athena views (the Trino parity job runs them with the Trino CLI's --file).
/// </summary>
internal static class TrinoSqlCommand
{
    public static Command Create()
    {
        var lake = CommonOptions.Lake();
        var repo = CommonOptions.Repo();
        var catalog = new Option<string>("--catalog") { Description = "Trino catalog (a Hive connector)", DefaultValueFactory = _ => "hive" };
        var schema = new Option<string>("--schema") { Description = "Schema to create the tables and views in", DefaultValueFactory = _ => "market" };
        var location = new Option<string>("--location") { Description = "Where Trino sees the lake's curated/ folder (e.g. local:///lake/curated)", Required = true };
        var command = new Command("trino-sql", "Print the Trino statements for the lake's curated tables, partitions and the Athena views") { lake, repo, catalog, schema, location };
        command.SetAction(parse =>
        {
            var statements = TrinoCatalogSql.Statements(CommonOptions.Paths(parse, repo, lake), parse.GetValue(catalog)!, parse.GetValue(schema)!, parse.GetValue(location)!);
            Console.Out.Write(string.Join(";\n\n", statements) + ";\n");
            return ExitCodes.Success;
        });
        return command;
    }
}
