using System.CommandLine;
using Dataflow.Infra.Model.Analytics;

namespace Dataflow.Cli;

/// <summary>
/// <c>dataflow athena-views --out DIR</c>: the views of sql/athena as the DDL Athena runs (<c>NNN_name.sql</c>, in
/// dependency order), for the deploy workflow's step that creates them after <c>pulumi up</c>.
/// </summary>
internal static class AthenaViewsCommand
{
    public static Command Create()
    {
        var repo = new Option<string>("--repo") { Description = "Repository root", DefaultValueFactory = _ => "." };
        var output = new Option<string>("--out") { Description = "Folder to write the DDL files to", Required = true };
        var command = new Command("athena-views", "Write the CREATE OR REPLACE VIEW statements of sql/athena/views for Athena") { repo, output };
        command.SetAction(parse =>
        {
            var folder = Directory.CreateDirectory(parse.GetValue(output)!).FullName;
            var views = AthenaStatements.FromRepository(Path.GetFullPath(parse.GetValue(repo)!)).Where(s => s.IsView).ToArray();
            for (var i = 0; i < views.Length; i++)
            {
                File.WriteAllText(Path.Combine(folder, $"{i + 1:D3}_{views[i].Name}.sql"), views[i].Sql);
            }

            Console.Out.WriteLine($"{views.Length} view statements in {folder}");
            return 0;
        });
        return command;
    }
}
