using System.CommandLine;
using Dataflow.Contracts;
using Dataflow.Infra.Model.Validation;
using Dataflow.Twin.Validation;
using Spectre.Console;

namespace Dataflow.Cli;

/// <summary><c>dataflow validate</c>: every artifact the stacks deploy, checked offline.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var repo = new Option<string?>("--repo") { Description = "Repository root (default: the checkout around the current folder)" };
        var command = new Command("validate", "Check contracts, SQL, DQDL rulesets, QuickSight JSON, stack configuration and the deployment model without AWS") { repo };
        command.SetAction(parse =>
        {
            var root = parse.GetValue(repo) ?? RepositoryRoot.Above(Directory.GetCurrentDirectory());
            if (root is null)
            {
                Console.Error.WriteLine("dataflow validate: no Dataflow.slnx above the current folder; pass --repo DIR");
                return 2;
            }

            var checks = RepositoryValidation.Run(root, DeploymentValidation.Problems);
            foreach (var check in checks)
            {
                AnsiConsole.MarkupLine($"{(check.Passed ? "[green]ok  [/]" : "[red]FAIL[/]")} {Markup.Escape(check.Name)}");
                foreach (var problem in check.Problems)
                {
                    Console.Out.WriteLine($"      {problem}");
                }
            }

            return checks.All(c => c.Passed) ? 0 : 1;
        });
        return command;
    }
}
